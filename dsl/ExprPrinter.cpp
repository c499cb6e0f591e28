//===- ExprPrinter.cpp - Expressions back to text -------------------------===//
#include "dsl/ExprPrinter.h"

#include "llvm/ADT/StringExtras.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

using namespace netc;
using namespace netc::dsl;

std::string netc::dsl::formatNumber(double value, bool isInteger) {
  // Integers from the lexer fit in int64; the guard keeps the conversion
  // defined for hand-built trees.
  if (isInteger && std::fabs(value) < 9.2e18)
    return std::to_string(static_cast<long long>(value));
  if (!std::isfinite(value))
    return std::isnan(value) ? "nan" : (value < 0 ? "-inf" : "inf");

  int precision = 1;
  char buf[64];
  for (; precision < 17; ++precision) {
    std::snprintf(buf, sizeof buf, "%.*g", precision, value);
    if (std::strtod(buf, nullptr) == value)
      break;
  }
  // %g switches to an exponent once the exponent reaches the precision, so
  // 250 would print as 2.5e+02; widen the precision for such numbers.
  int exponent = value == 0 ? 0 : static_cast<int>(std::floor(
                                      std::log10(std::fabs(value))));
  if (exponent >= precision && exponent < 16)
    precision = exponent + 1;
  std::snprintf(buf, sizeof buf, "%.*g", precision, value);
  std::string text = buf;
  if (text.find_first_of(".eE") == std::string::npos)
    text += ".0";
  return text;
}

static void printString(llvm::StringRef text, llvm::raw_ostream &os) {
  os << '"';
  for (char c : text) {
    if (c == '"' || c == '\\')
      os << '\\';
    os << c;
  }
  os << '"';
}

/// How tightly an operator binds: `*` and `/` before `+` and `-`.
static int precedence(char op) { return op == '*' || op == '/' ? 2 : 1; }

/// `operand` of an operator of precedence `outer`, in parentheses where
/// reading it back without them would group it differently: a looser
/// operator, or an equally tight one on the right (`a - (b - c)`).
static void printOperand(const ast::Expr &operand, int outer, bool isRight,
                         llvm::raw_ostream &os) {
  bool parens = operand.kind == ast::Expr::Kind::Binary &&
                (precedence(operand.op) < outer ||
                 (isRight && precedence(operand.op) == outer));
  if (parens)
    os << '(';
  printExpr(operand, os);
  if (parens)
    os << ')';
}

void netc::dsl::printExpr(const ast::Expr &expr, llvm::raw_ostream &os) {
  switch (expr.kind) {
  case ast::Expr::Kind::Binary: {
    if (expr.operands.size() != 2)
      return; // Only the parser builds these, always with two operands.
    int outer = precedence(expr.op);
    printOperand(expr.operands[0], outer, /*isRight=*/false, os);
    os << ' ' << expr.op << ' ';
    printOperand(expr.operands[1], outer, /*isRight=*/true, os);
    return;
  }
  case ast::Expr::Kind::Negate:
    if (expr.operands.size() != 1)
      return;
  {
    // `-(a + b)`, and `-(-x)` rather than `--x`.
    const ast::Expr &operand = expr.operands[0];
    bool parens = operand.kind == ast::Expr::Kind::Binary ||
                  operand.kind == ast::Expr::Kind::Negate ||
                  (operand.kind == ast::Expr::Kind::Number &&
                   operand.number < 0);
    os << (parens ? "-(" : "-");
    printExpr(operand, os);
    if (parens)
      os << ')';
    return;
  }
  case ast::Expr::Kind::Number:
    os << formatNumber(expr.number, expr.isInteger);
    return;
  case ast::Expr::Kind::String:
    printString(expr.text, os);
    return;
  case ast::Expr::Kind::Identifier:
    os << expr.text;
    return;
  case ast::Expr::Kind::Range:
    os << expr.rangeBegin << ".." << expr.rangeEnd;
    return;
  case ast::Expr::Kind::List: {
    os << '[';
    llvm::ListSeparator sep;
    for (const ast::Expr &element : expr.elements) {
      os << sep;
      printExpr(element, os);
    }
    os << ']';
    return;
  }
  case ast::Expr::Kind::Call: {
    os << expr.text << '(';
    llvm::ListSeparator sep;
    for (const ast::Argument &arg : expr.args) {
      os << sep;
      if (!arg.name.empty())
        os << arg.name << " = ";
      printExpr(arg.value, os);
    }
    os << ')';
    return;
  }
  }
}

std::string netc::dsl::exprToString(const ast::Expr &expr) {
  std::string text;
  llvm::raw_string_ostream os(text);
  printExpr(expr, os);
  return text;
}
