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

void netc::dsl::printExpr(const ast::Expr &expr, llvm::raw_ostream &os) {
  switch (expr.kind) {
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
