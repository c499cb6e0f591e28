//===- PoolParityTest.cpp - Pooling against PyTorch -----------------------===//
//
// test/parity/pool_parity.py prints PyTorch's results and input gradients
// for tie-heavy inputs (Debian's python3-torch); each case runs through
// netc's forward and gradient ops and must agree. Without python3 or torch
// the test is skipped, saying why.
//
//===----------------------------------------------------------------------===//
#include "PoolTestSupport.h"

#include "llvm/ADT/StringRef.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <map>
#include <sstream>

using namespace netc;

namespace {

struct ParityCase {
  std::string name;
  test::PoolSpec spec;
  std::map<std::string, std::vector<float>> values; ///< x, dy, y, dx
};

std::vector<int64_t> readInts(std::istringstream &in, size_t count) {
  std::vector<int64_t> v(count);
  for (int64_t &x : v)
    in >> x;
  return v;
}

/// Parses the script's output (format in pool_parity.py).
std::vector<ParityCase> parse(const std::string &text) {
  std::vector<ParityCase> cases;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    std::istringstream in(line);
    std::string key;
    in >> key;
    if (key == "case") {
      ParityCase c;
      in >> c.name >> c.spec.op;
      std::string word;
      size_t rank = llvm::StringRef(c.spec.op).ends_with("2d") ? 2 : 1;
      while (in >> word) {
        if (word == "kernel")
          c.spec.kernel = readInts(in, rank);
        else if (word == "stride")
          c.spec.stride = readInts(in, rank);
      }
      cases.push_back(c);
    } else if (key == "shape" && !cases.empty()) {
      int64_t d;
      while (in >> d)
        cases.back().spec.shape.push_back(d);
    } else if (!key.empty() && key != "end" && !cases.empty()) {
      std::vector<float> &v = cases.back().values[key];
      std::string number;
      while (in >> number)
        v.push_back(std::stof(number));
    }
  }
  return cases;
}

/// Runs the script; std::nullopt (with the reason) if it cannot.
std::optional<std::string> runScript(std::string &why) {
  std::string command = "/usr/bin/python3 " NETC_SOURCE_DIR
                        "/test/parity/pool_parity.py 2>&1";
  FILE *pipe = popen(command.c_str(), "r");
  if (!pipe) {
    why = "cannot start /usr/bin/python3";
    return std::nullopt;
  }
  std::string output;
  char buffer[4096];
  while (size_t n = fread(buffer, 1, sizeof buffer, pipe))
    output.append(buffer, n);
  int status = pclose(pipe);
  if (status != 0) {
    why = "pool_parity.py failed (python3-torch missing?): " +
          output.substr(0, 300);
    return std::nullopt;
  }
  return output;
}

TEST(PoolParity, MatchesPyTorch) {
  std::string why;
  std::optional<std::string> output = runScript(why);
  if (!output)
    GTEST_SKIP() << why;
  std::vector<ParityCase> cases = parse(*output);
  ASSERT_GE(cases.size(), 10u) << *output;
  for (const ParityCase &c : cases) {
    SCOPED_TRACE(c.name);
    const auto &v = c.values;
    ASSERT_EQ(v.count("x") + v.count("dy") + v.count("y") + v.count("dx"),
              4u);
    std::optional<test::PoolValues> got =
        test::runPool(c.spec, v.at("x"), v.at("dy"));
    ASSERT_TRUE(got);
    auto expectClose = [](const std::vector<float> &got,
                          const std::vector<float> &want, const char *what) {
      ASSERT_EQ(got.size(), want.size()) << what;
      for (size_t i = 0; i < want.size(); ++i)
        EXPECT_NEAR(got[i], want[i], 1e-5f * (1.0f + std::fabs(want[i])))
            << what << "[" << i << "]";
    };
    expectClose(got->y, v.at("y"), "y");
    expectClose(got->dx, v.at("dx"), "dx");
  }
}

} // namespace
