//===- RobustnessTest.cpp - Any bytes in, a diagnostic out ----------------===//
//
// Seeded random and mutated inputs through parse, check and print. The
// properties: no crash or hang; a failed parse reports exactly one error; a
// failed check reports at least one; every diagnostic names the file.
//
//===----------------------------------------------------------------------===//
#include "FrontendFixture.h"

#include <gtest/gtest.h>

#include <random>

using namespace netc::dsl::test;

namespace {

const char *kValid = R"(# A valid file to mutate.
model line(x: f32[N, 3], y: f32[N, 2]) -> f32[N, 1] {
  hidden = 16
  cols = [0, 1]
  linear(out: hidden, bias: false)
  relu
  linear(hidden)
  sigmoid
  linear(1)
  tanh
}
train line {
  data: csv("points.csv", inputs: 0..3, targets: [3], header: true, delimiter: ";")
  loss: bce
  optimizer: sgd(lr: 1e-3)
  epochs: 20
  batch: 8
  seed: 42
  shuffle: false
}
)";

const char *kTokens[] = {
    "model", "train", "(",   ")",      "[",     "]",     "{",     "}",
    ",",     ":",     "=",   "->",     "-",     "..",    "x",     "N",
    "f32",   "f64",   "linear", "relu", "out",  "bias",  "0",     "1",
    "64",    "2.5",   "1e-3", "\"s\"", "# c\n", "\n",    " ",     "sgd",
    "csv",   "true",  "false", "inputs", "loss", "mse",  "0..1",  "data",
    "\"",    "\\",    ".",   "1e",     "\x01",  "\xff",  "optimizer"};

/// How far an input got, so tests can show they reach Sema at all.
enum class Reached { ParseError, SemaError, Valid };

Reached runOne(const std::string &source) {
  Frontend fe(source);
  bool parsed = fe.parse();
  bool valid = false;
  if (!parsed) {
    EXPECT_EQ(fe.errorCount(), 1u) << source;
  } else {
    unsigned before = fe.errorCount();
    EXPECT_EQ(before, 0u);
    valid = fe.sema();
    EXPECT_EQ(valid, fe.errorCount() == 0) << source;
    (void)fe.ast();
  }
  const std::string &out = fe.diagnostics();
  if (!out.empty()) {
    EXPECT_EQ(out.rfind("test.net", 0), 0u) << out;
  }
  return !parsed ? Reached::ParseError
                 : (valid ? Reached::Valid : Reached::SemaError);
}

TEST(Robustness, RandomBytes) {
  std::mt19937 rng(20240601);
  for (int i = 0; i < 300; ++i) {
    std::string source(rng() % 300, '\0');
    for (char &c : source)
      c = static_cast<char>(rng() % 256);
    runOne(source);
  }
}

TEST(Robustness, TokenSoup) {
  std::mt19937 rng(7);
  constexpr size_t n = sizeof(kTokens) / sizeof(kTokens[0]);
  for (int i = 0; i < 300; ++i) {
    std::string source;
    for (unsigned len = rng() % 80; len; --len)
      source += std::string(kTokens[rng() % n]) + (rng() % 2 ? " " : "");
    runOne(source);
  }
}

TEST(Robustness, MutatedValidFile) {
  // The unmutated file must be valid, or the mutations test little.
  Frontend valid(kValid);
  ASSERT_TRUE(valid.check()) << valid.diagnostics();

  std::mt19937 rng(12345);
  const std::string base = kValid;
  int counts[3] = {0, 0, 0};
  for (int i = 0; i < 400; ++i) {
    std::string source = base;
    for (unsigned edits = 1 + rng() % 2; edits; --edits) {
      size_t pos = rng() % (source.size() + 1);
      switch (rng() % 5) {
      case 0: // Delete a span.
        source.erase(pos, rng() % 12);
        break;
      case 1: // Insert a random byte.
        source.insert(pos, 1, static_cast<char>(rng() % 256));
        break;
      case 2: // Insert a token.
        source.insert(pos, kTokens[rng() % (sizeof(kTokens) /
                                             sizeof(kTokens[0]))]);
        break;
      case 3: // Duplicate a span elsewhere.
        source.insert(rng() % (source.size() + 1),
                      source.substr(pos, rng() % 40));
        break;
      default: // Replace one byte.
        if (pos < source.size())
          source[pos] = static_cast<char>(rng() % 256);
        break;
      }
    }
    ++counts[static_cast<int>(runOne(source))];
  }
  // The mix shows the mutations exercise all three outcomes.
  EXPECT_GT(counts[static_cast<int>(Reached::ParseError)], 40);
  EXPECT_GT(counts[static_cast<int>(Reached::SemaError)], 40);
  EXPECT_GT(counts[static_cast<int>(Reached::Valid)], 10);
}

TEST(Robustness, PathologicalShapes) {
  runOne(std::string(200000, '['));
  runOne(std::string(200000, '('));
  runOne("model m(x: f32[N, 1]) -> f32[N, 1] {" + std::string(100000, '-'));
  runOne(std::string(100000, '#'));
  runOne(std::string(100000, '"'));
  runOne(std::string(50000, '\n') + "@");
  std::string longFile;
  for (int i = 0; i < 2000; ++i)
    longFile += "model m" + std::to_string(i) +
                "(x: f32[N, 1]) -> f32[N, 1] { relu }\n";
  Frontend fe(longFile);
  EXPECT_TRUE(fe.check()) << fe.diagnostics();
}

} // namespace
