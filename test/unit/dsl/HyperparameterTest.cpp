//===- HyperparameterTest.cpp - Arithmetic, scoping and -D overrides ------===//
//
// Values are checked through the real front end (parse, override, Sema,
// AST outline), so each assertion is on what a user would see.
//
//===----------------------------------------------------------------------===//
#include "FrontendFixture.h"

#include "dsl/Overrides.h"

#include <gtest/gtest.h>

using namespace netc;
using namespace netc::dsl;
using namespace netc::dsl::test;

namespace {

/// The `binding` lines of the outline, without their locations.
std::string bindingLines(Frontend &fe) {
  std::string outline = fe.ast();
  std::string lines;
  llvm::StringRef rest = outline;
  while (!rest.empty()) {
    auto [line, tail] = rest.split('\n');
    if (line.trim().starts_with("binding"))
      lines += line.trim().split(" @").first.str() + "\n";
    rest = tail;
  }
  return lines;
}

/// The bindings of `source` after Sema; "" (and a test failure) if it does
/// not check.
std::string bindingsOf(llvm::StringRef source) {
  Frontend fe(source);
  EXPECT_TRUE(fe.check()) << fe.diagnostics();
  if (fe.errorCount() != 0)
    return "";
  return bindingLines(fe);
}

const char *kModel = "model m(x: f32[N, 1]) -> f32[N, 1] { linear(1) }\n";

TEST(Arithmetic, FoldsWithPrecedenceAndIntegerDivision) {
  EXPECT_EQ(bindingsOf(std::string("a = 2 + 3 * 4\n"
                                   "b = (2 + 3) * 4\n"
                                   "c = 7 / 2\n"
                                   "d = -7 / 2\n"
                                   "e = 7 / 2.0\n"
                                   "f = 10 - 4 - 3\n"
                                   "g = -(a - 20)\n"
                                   "h = 1e-3 * 4\n") +
                       kModel),
            "binding a = 14\n"
            "binding b = 20\n"
            "binding c = 3\n"
            "binding d = -4\n" // Rounds down, as dimensions do.
            "binding e = 3.5\n"
            "binding f = 3\n"
            "binding g = 6\n"
            "binding h = 0.004\n");
}

TEST(Arithmetic, ReportsEachFailureOnce) {
  std::string source = std::string("a = 1 / 0\n"
                                   "b = 2.5 / (1 - 1)\n"
                                   "c = xyz + 1\n"
                                   "d = \"s\" - 1\n") +
                       kModel;
  EXPECT_EQ(diagnosticsOf(source),
            diagnosticAt(source, 1, 9, "division by zero") +
                diagnosticAt(source, 2, 11, "division by zero") +
                diagnosticAt(source, 3, 5, "unknown name 'xyz'") +
                diagnosticAt(source, 4, 5, "'-' needs numbers, got \"s\""));
}

TEST(Arithmetic, PrintsBackWithTheParenthesesItNeeds) {
  // Before Sema the outline shows arithmetic as written, minimally
  // parenthesised, so it reads back to the same tree.
  Frontend fe("a = (1 - (2 - 3)) * -(b + 1) / (4 * 5)\n");
  ASSERT_TRUE(fe.parse()) << fe.diagnostics();
  EXPECT_EQ(fe.ast(), "binding a = (1 - (2 - 3)) * -(b + 1) / (4 * 5) @1:1\n");
}

TEST(Scope, ModelsSeeHyperparametersDeclaredAnywhere) {
  EXPECT_EQ(bindingsOf("model m(x: f32[N, 1]) -> f32[N, 1] {\n"
                       "  twice = 2 * late\n"
                       "  linear(twice)\n"
                       "}\n"
                       "late = 5\n"),
            "binding late = 5\n"
            "binding twice = 10\n");
}

/// Parses `source`, applies `-D name=text`, and returns the outline's
/// bindings after Sema, or the override's message.
std::string overridden(llvm::StringRef source, llvm::StringRef name,
                       llvm::StringRef text) {
  Frontend fe(source);
  EXPECT_TRUE(fe.parse()) << fe.diagnostics();
  ast::Model *model = fe.file->models.empty() ? nullptr
                                              : &fe.file->models.front();
  if (auto message = overrideBinding(*fe.file, model, name, text))
    return *message;
  EXPECT_TRUE(fe.sema()) << name.str() << "=" << text.str() << "\n"
                         << fe.diagnostics();
  return bindingLines(fe);
}

const char *kKinds = "n = 4\n"
                     "f = 0.5\n"
                     "twice = 2 * n\n"
                     "mixed = n * f\n"
                     "s = \"a.csv\"\n"
                     "name = mse\n"
                     "alias = n\n"
                     "call = sgd(lr: 1)\n"
                     "model m(x: f32[N, 1]) -> f32[N, 1] {\n"
                     "  inner = n + 1\n"
                     "  linear(inner)\n"
                     "}\n";

TEST(Override, ReplacesTheValueBeforeSema) {
  // Later bindings and the model body see the new value.
  EXPECT_EQ(overridden(kKinds, "n", "10"),
            "binding n = 10\nbinding f = 0.5\nbinding twice = 20\n"
            "binding mixed = 5.0\nbinding s = \"a.csv\"\nbinding name = mse\n"
            "binding alias = 10\nbinding call = sgd(lr = 1)\n"
            "binding inner = 11\n");
}

TEST(Override, KeepsTheKindOfTheBinding) {
  struct Case {
    const char *name, *text, *expected;
  };
  const Case cases[] = {
      {"n", "3", "binding n = 3\n"},
      {"f", "2", "binding f = 2.0\n"}, // An integer for a float is a float.
      {"f", "1e-3", "binding f = 0.001\n"},
      {"mixed", "7", "binding mixed = 7.0\n"},
      {"s", "b c.csv", "binding s = \"b c.csv\"\n"},
      {"name", "bce", "binding name = bce\n"},
      {"inner", "9", "binding inner = 9\n"},
      {"n", "0.5", "-D n=0.5: not an integer"},
      {"twice", "0.5", "-D twice=0.5: not an integer"},
      {"alias", "1.5", "-D alias=1.5: not an integer"},
      {"n", "abc", "-D n=abc: not a number"},
      {"n", "", "-D n=: not a number"},
      {"n", "1 2", "-D n=1 2: not a number"},
      {"f", "1e999", "-D f=1e999: not a number"},
      {"name", "1", "-D name=1: not a name"},
      {"name", "a b", "-D name=a b: not a name"},
      {"call", "sgd", "-D call=sgd: the file binds a call here, which -D "
                      "cannot replace"},
      {"nn", "1", "-D nn: the file declares no hyperparameter 'nn'; did you "
                  "mean 'n'?"},
      {"innr", "1", "-D innr: the file declares no hyperparameter 'innr'; "
                    "did you mean 'inner'?"},
      {"zzz", "1", "-D zzz: the file declares no hyperparameter 'zzz'"},
  };
  for (const Case &c : cases) {
    std::string result = overridden(kKinds, c.name, c.text);
    if (llvm::StringRef(c.expected).starts_with("binding"))
      EXPECT_NE(result.find(c.expected), std::string::npos)
          << c.name << "=" << c.text << " gave:\n"
          << result;
    else
      EXPECT_EQ(result, c.expected) << c.name << "=" << c.text;
  }
}

TEST(Override, PrefersTheTopLevelBinding) {
  // Sema rejects the body binding for hiding the top-level one; -D picks
  // the top-level one, which is the value the error says is in force.
  Frontend fe("h = 1\nmodel m(x: f32[N, 1]) -> f32[N, 1] {\n  h = 2\n"
              "  linear(h)\n}\n");
  ASSERT_TRUE(fe.parse());
  EXPECT_EQ(overrideBinding(*fe.file, &fe.file->models.front(), "h", "5"),
            std::nullopt);
  EXPECT_EQ(fe.file->bindings.front().value.number, 5);
  EXPECT_EQ(fe.file->models.front().body.front().value.number, 2);
}

TEST(Override, OnlyTheSelectedModelsBodyIsSearched) {
  Frontend fe(
      "model a(x: f32[N, 1]) -> f32[N, 1] {\n  w = 2\n  linear(w)\n}\n"
      "model b(x: f32[N, 1]) -> f32[N, 1] {\n  v = 2\n  linear(v)\n}\n");
  ASSERT_TRUE(fe.parse());
  EXPECT_EQ(overrideBinding(*fe.file, &fe.file->models[1], "w", "5"),
            "-D w: the file declares no hyperparameter 'w'; did you mean "
            "'v'?");
  EXPECT_EQ(overrideBinding(*fe.file, nullptr, "v", "5"),
            "-D v: the file declares no hyperparameter 'v'");
}

} // namespace

namespace {

TEST(Arithmetic, LongChainsAreRejectedBeforeTheyGetDeep) {
  auto repeat = [](llvm::StringRef piece, int times) {
    std::string text;
    for (int i = 0; i < times; ++i)
      text += piece;
    return text;
  };
  // Every later pass walks arithmetic recursively; the parser caps the
  // tree's depth so no input can overflow their stacks.
  for (const std::string &value :
       {repeat("(", 20000) + "1" + repeat(")", 20000),
        "1" + repeat(" * 2", 20000), repeat("- ", 20000) + "x"}) {
    Frontend fe("a = " + value + "\n");
    EXPECT_FALSE(fe.parse());
    EXPECT_NE(fe.diagnostics().find("error: arithmetic nests too deeply"),
              std::string::npos)
        << fe.diagnostics().substr(0, 200);
  }
  // 60 operators are fine.
  EXPECT_EQ(bindingsOf("a = 1" + repeat(" + 1", 60) + "\n" + kModel),
            "binding a = 61\n");
}

} // namespace
