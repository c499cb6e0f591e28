//===- Fold.cpp - Arithmetic of a checked value to a number ---------------===//
#include "dsl/Fold.h"

#include "dsl/ExprPrinter.h"
#include "dsl/Suggest.h"

#include "llvm/Support/CheckedArithmetic.h"

#include <cmath>
#include <cstdint>
#include <optional>

using namespace netc;
using namespace netc::dsl;

namespace {

class Folder {
public:
  Folder(llvm::ArrayRef<llvm::StringRef> names, Diagnostics &diags)
      : names(names), diags(diags) {}

  bool fold(ast::Expr &expr);

private:
  bool foldBinary(ast::Expr &expr);
  bool foldNegate(ast::Expr &expr);
  /// Whether a folded operand of `what` ("'*'") is a number; reports it
  /// otherwise.
  bool checkOperand(const ast::Expr &operand, llvm::StringRef what);
  bool fail(const ast::Location &loc, const llvm::Twine &message) {
    diags.error(loc, message);
    return false;
  }

  llvm::ArrayRef<llvm::StringRef> names;
  Diagnostics &diags;
};

} // namespace

/// `expr` as an int64, for a Number marked integer. Integers from the
/// lexer always fit; the guard keeps hand-built trees defined.
static std::optional<int64_t> asInt64(const ast::Expr &expr) {
  if (!(std::fabs(expr.number) < 9.2e18))
    return std::nullopt;
  return static_cast<int64_t>(expr.number);
}

/// `a / b` rounded towards negative infinity; `b` is not 0.
static int64_t floorDivide(int64_t a, int64_t b) {
  int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0)))
    --q;
  return q;
}

static std::optional<int64_t> integerResult(char op, int64_t a, int64_t b) {
  switch (op) {
  case '+': return llvm::checkedAdd(a, b);
  case '-': return llvm::checkedSub(a, b);
  case '*': return llvm::checkedMul(a, b);
  default:
    if (a == INT64_MIN && b == -1)
      return std::nullopt;
    return floorDivide(a, b);
  }
}

static double floatResult(char op, double a, double b) {
  switch (op) {
  case '+': return a + b;
  case '-': return a - b;
  case '*': return a * b;
  default: return a / b;
  }
}

bool Folder::fold(ast::Expr &expr) {
  switch (expr.kind) {
  case ast::Expr::Kind::Binary: return foldBinary(expr);
  case ast::Expr::Kind::Negate: return foldNegate(expr);
  case ast::Expr::Kind::Call: {
    bool ok = true;
    for (ast::Argument &arg : expr.args)
      ok &= fold(arg.value);
    return ok;
  }
  case ast::Expr::Kind::List: {
    bool ok = true;
    for (ast::Expr &element : expr.elements)
      ok &= fold(element);
    return ok;
  }
  default: return true;
  }
}

bool Folder::checkOperand(const ast::Expr &operand, llvm::StringRef what) {
  if (operand.kind == ast::Expr::Kind::Number)
    return true;
  if (operand.kind == ast::Expr::Kind::Identifier && operand.text != "true" &&
      operand.text != "false")
    return fail(operand.loc, "unknown name '" + operand.text + "'" +
                                 didYouMean(operand.text, names));
  return fail(operand.loc, what + " needs numbers, got " +
                               exprToString(operand));
}

bool Folder::foldBinary(ast::Expr &expr) {
  if (expr.operands.size() != 2)
    return fail(expr.loc, "malformed arithmetic"); // Not from the parser.
  bool ok = fold(expr.operands[0]);
  ok &= fold(expr.operands[1]);
  if (!ok)
    return false;
  std::string what = std::string("'") + expr.op + "'";
  ok = checkOperand(expr.operands[0], what);
  ok &= checkOperand(expr.operands[1], what);
  if (!ok)
    return false;

  const ast::Expr &lhs = expr.operands[0], &rhs = expr.operands[1];
  if (expr.op == '/' && rhs.number == 0)
    return fail(rhs.loc, "division by zero");
  ast::Expr result;
  result.kind = ast::Expr::Kind::Number;
  result.loc = expr.loc;
  std::string shown = exprToString(expr);
  if (lhs.isInteger && rhs.isInteger) {
    std::optional<int64_t> a = asInt64(lhs), b = asInt64(rhs);
    std::optional<int64_t> value =
        a && b ? integerResult(expr.op, *a, *b) : std::nullopt;
    if (!value)
      return fail(expr.loc, shown + " overflows a 64-bit integer");
    result.isInteger = true;
    result.number = static_cast<double>(*value);
  } else {
    result.number = floatResult(expr.op, lhs.number, rhs.number);
    if (!std::isfinite(result.number))
      return fail(expr.loc, shown + " is not a finite number");
  }
  expr = std::move(result);
  return true;
}

bool Folder::foldNegate(ast::Expr &expr) {
  if (expr.operands.size() != 1)
    return fail(expr.loc, "malformed arithmetic"); // Not from the parser.
  if (!fold(expr.operands[0]) || !checkOperand(expr.operands[0], "'-'"))
    return false;
  ast::Expr result = expr.operands[0];
  result.loc = expr.loc;
  if (result.isInteger) {
    std::optional<int64_t> value = asInt64(result);
    if (!value || *value == INT64_MIN)
      return fail(expr.loc, exprToString(expr) + " overflows a 64-bit integer");
  }
  result.number = -result.number;
  expr = std::move(result);
  return true;
}

bool netc::dsl::foldArithmetic(ast::Expr &expr,
                               llvm::ArrayRef<llvm::StringRef> names,
                               Diagnostics &diags) {
  return Folder(names, diags).fold(expr);
}
