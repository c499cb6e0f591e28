//===- ParseErrorTest.cpp - Syntax errors, word for word ------------------===//
//
// The parser stops at the first error, so each case expects exactly one
// diagnostic: message, source line and caret, as printed to the user.
//
//===----------------------------------------------------------------------===//
#include "FrontendFixture.h"

#include <gtest/gtest.h>

using namespace netc::dsl::test;

namespace {

struct SyntaxError {
  const char *source;
  unsigned line, col;
  const char *message;
};

void PrintTo(const SyntaxError &c, std::ostream *os) { *os << c.message; }

class ParseError : public ::testing::TestWithParam<SyntaxError> {};

TEST_P(ParseError, ReportsOneLocatedError) {
  const SyntaxError &c = GetParam();
  Frontend fe(c.source);
  EXPECT_FALSE(fe.parse());
  EXPECT_EQ(fe.errorCount(), 1u);
  EXPECT_EQ(fe.diagnostics(), diagnosticAt(c.source, c.line, c.col, c.message));
}

#define HEAD "model m(x: f32[N, 1]) -> f32[N, 1] {\n"
#define TRAIN "model m(x: f32[N, 1]) -> f32[N, 1] { relu }\ntrain m {\n"

const SyntaxError kCases[] = {
    // Top level.
    {"foo", 1, 1,
     "expected 'model', 'train' or a hyperparameter such as 'lr = 0.01' at "
     "top level"},
    {"model m(x: f32[N, 1]) -> f32[N, 1] { relu }\n}", 2, 1,
     "expected 'model', 'train' or a hyperparameter such as 'lr = 0.01' at "
     "top level"},
    {"lr = \nmodel m(x: f32[N, 1]) -> f32[N, 1] { relu }", 2, 1,
     "expected a value (a number, a string, a name, a range or a list) for "
     "'lr'"},
    {"model (x: f32[N, 1]) -> f32[N, 1] { relu }", 1, 7,
     "expected a model name after 'model'"},
    {"model m x: f32[N, 1]) -> f32[N, 1] { relu }", 1, 9,
     "expected '(' and the inputs of model 'm'"},
    // Inputs and types.
    {"model m() -> f32[N, 1] { relu }", 1, 9,
     "expected an input such as 'x: f32[N, 4]' in model 'm'"},
    {"model m(x f32[N, 1]) -> f32[N, 1] { relu }", 1, 11,
     "expected ':' and a type after input 'x'"},
    {"model m(x: f32[N, 1] y: f32[N, 1]) -> f32[N, 1] { relu }", 1, 22,
     "expected ',' or ')' after input 'x' of model 'm'"},
    {"model m(x: f32[N, 1],) -> f32[N, 1] { relu }", 1, 21,
     "trailing comma after the last input of model 'm'"},
    {"model m(x: [N, 1]) -> f32[N, 1] { relu }", 1, 12,
     "expected a tensor type such as f32[N, 4] for input 'x'"},
    {"model m(x: f32[N, 1]) -> { relu }", 1, 26,
     "expected a tensor type such as f32[N, 4] after '->'"},
    {"model m(x: f32 N, 1]) -> f32[N, 1] { relu }", 1, 16,
     "expected '[' and the dimensions after element type 'f32'"},
    {"model m(x: f32[N 1]) -> f32[N, 1] { relu }", 1, 18,
     "expected ',' or ']' after a dimension"},
    {"model m(x: f32[N, 1,]) -> f32[N, 1] { relu }", 1, 20,
     "trailing comma after the last dimension"},
    {"model m(x: f32[N, -1]) -> f32[N, 1] { relu }", 1, 19,
     "expected a dimension (an integer or a name such as N)"},
    {"model m(x: f32[]) -> f32[N, 1] { relu }", 1, 16,
     "expected a dimension (an integer or a name such as N)"},
    {"model m(x: f32[N,\n", 1, 18,
     "expected a dimension (an integer or a name such as N)"},
    {"model m(x: f32[N, 2.5]) -> f32[N, 1] { relu }", 1, 19,
     "expected a dimension (an integer or a name such as N)"},
    {"model line(x: f32[N, 1]) f32[N, 1] { relu }", 1, 26,
     "expected '->' and the result type after the inputs of model 'line'"},
    // A missing piece at the end of a line is reported where it belongs.
    {"model line(x: f32[N, 1])\n{ relu }", 1, 25,
     "expected '->' and the result type after the inputs of model 'line'"},
    {"model m(x: f32[N, 1]) -> f32[N, 1] relu }", 1, 36,
     "expected '{' and the body of model 'm'"},
    // Model bodies.
    {HEAD "  3\n}", 2, 3, "expected a layer, a binding or '}' in the body of "
                          "model 'm'"},
    {HEAD "  relu", 2, 7, "expected a layer, a binding or '}' in the body of "
                          "model 'm'"},
    {HEAD "  linear(out: 4\n  relu\n}", 2, 16,
     "expected ')' after arguments of 'linear'"},
    {HEAD "  linear(out: 4 relu)\n}", 2, 17,
     "expected ')' after arguments of 'linear'"},
    {HEAD "  linear(out: 4,)\n}", 2, 16,
     "trailing comma after the last argument of 'linear'"},
    {HEAD "  linear(,)\n}", 2, 10,
     "expected a value (a number, a string, a name, a range or a list) in the "
     "arguments of 'linear'"},
    {HEAD "  linear(out:)\n}", 2, 14,
     "expected a value (a number, a string, a name, a range or a list) for "
     "argument 'out' of 'linear'"},
    {HEAD "  hidden =\n}", 3, 1,
     "expected a value (a number, a string, a name, a range or a list) for "
     "'hidden'"},
    // Expressions.
    {HEAD "  a = [1, 2\n}", 2, 12,
     "expected ',' or ']' after an element of a list"},
    {HEAD "  a = [1, 2,]\n}", 2, 12,
     "trailing comma after the last element of a list"},
    {HEAD "  a = f(1,)\n}", 2, 10,
     "trailing comma after the last argument of 'f'"},
    {HEAD "  a = - ,\n}", 2, 9,
     "expected a number, a name or '(' after '-'"},
    // Arithmetic.
    {HEAD "  a = (1 + 2\n}", 2, 13,
     "expected ')' to close the parenthesised expression"},
    {HEAD "  a = 2 *\n}", 3, 1,
     "expected a value (a number, a string, a name, a range or a list) for "
     "'a'"},
    {HEAD "  a = -1..3\n}", 2, 9,
     "the bounds of a range must be non-negative integers"},
    {HEAD "  a = 1.5..3\n}", 2, 10,
     "the bounds of a range must be non-negative integers"},
    {HEAD "  a = 1..x\n}", 2, 10, "expected an integer after '..' in a range"},
    {HEAD "  a = 1..2.5\n}", 2, 10,
     "expected an integer after '..' in a range"},
    {HEAD "  a = [\n}", 3, 1,
     "expected a value (a number, a string, a name, a range or a list) in a "
     "list"},
    // Train blocks.
    {"train { }", 1, 7, "expected a model name after 'train'"},
    {"train m epochs: 3 }", 1, 9,
     "expected '{' and the settings of the train block for 'm'"},
    {TRAIN "  epochs 3\n}", 3, 10,
     "expected ':' and a value after setting 'epochs'"},
    {TRAIN "  epochs: )\n}", 3, 11,
     "expected a value (a number, a string, a name, a range or a list) for "
     "setting 'epochs'"},
    {TRAIN "  3: 4\n}", 3, 3,
     "expected a setting such as 'epochs: 10' or '}' in the train block for "
     "'m'"},
    {TRAIN "  epochs: 3", 3, 12,
     "expected a setting such as 'epochs: 10' or '}' in the train block for "
     "'m'"},
    // Lexical errors surface with the lexer's words.
    {TRAIN "  data: csv(\"points.csv)\n}", 3, 13, "unterminated string"},
    {TRAIN "  data: csv(\"a\\tb\")\n}", 3, 15,
     "unknown escape sequence '\\t' in string; only \\\" and \\\\ are "
     "allowed"},
    {HEAD "  relu \x01\n}", 2, 8, "unexpected character '\\x01'"},
    {HEAD "  relu $\n}", 2, 8, "unexpected character '$'"},
    {HEAD "  a = .5\n}", 2, 7, "unexpected character '.'"},
    {TRAIN "  epochs: 1e\n}", 3, 11,
     "expected digits in the exponent of number '1e'"},
    {TRAIN "  epochs: 10x\n}", 3, 11, "invalid number '10x'"},
    {TRAIN "  epochs: 99999999999999999999\n}", 3, 11,
     "integer '99999999999999999999' is too large"},
    {TRAIN "  lr: 1e999\n}", 3, 7, "number '1e999' is too large"},
    {"model", 1, 6, "expected a model name after 'model'"},
};

INSTANTIATE_TEST_SUITE_P(Syntax, ParseError, ::testing::ValuesIn(kCases));

TEST(ParseErrorTest, DeepNestingIsAnErrorNotACrash) {
  for (const char *open : {"[", "f("}) {
    std::string source = HEAD "  a = ";
    for (int i = 0; i < 100000; ++i)
      source += open;
    Frontend fe(source);
    EXPECT_FALSE(fe.parse());
    EXPECT_EQ(fe.errorCount(), 1u);
    EXPECT_NE(fe.diagnostics().find("error: expression nests too deeply (more "
                                    "than 64 levels of lists and calls)"),
              std::string::npos);
  }
}

TEST(ParseErrorTest, NestingLimitCountsLayerArguments) {
  // linear( is one level, so 63 more lists are allowed and 64 are not.
  auto source = [](int lists) {
    return HEAD "  linear(" + std::string(lists, '[') +
           std::string(lists, ']') + ")\n}";
  };
  Frontend ok(source(63));
  EXPECT_TRUE(ok.parse()) << ok.diagnostics();
  Frontend tooDeep(source(64));
  EXPECT_FALSE(tooDeep.parse());
  EXPECT_EQ(tooDeep.diagnostics(),
            diagnosticAt(source(64), 2, 73,
                         "expression nests too deeply (more than 64 levels of "
                         "lists and calls)"));
}

TEST(ParseErrorTest, NonAsciiLineHasNoCaret) {
  // SourceMgr cannot place a caret under multi-byte characters; it prints
  // the line alone rather than misplace it.
  Frontend fe(HEAD "  relu \xc3\xa9\n}");
  EXPECT_FALSE(fe.parse());
  EXPECT_EQ(fe.diagnostics(), "test.net:2:8: error: unexpected character "
                              "'\\xC3'\n  relu \xc3\xa9\n");
}

} // namespace
