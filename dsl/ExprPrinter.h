//===- ExprPrinter.h - Expressions back to text -----------------*- C++ -*-===//
//
// Shared by the AST printer and by Sema's "got ..." messages, so a value is
// spelled the same way in both.
//
//===----------------------------------------------------------------------===//
#ifndef NETC_DSL_EXPRPRINTER_H
#define NETC_DSL_EXPRPRINTER_H

#include "dsl/AST.h"

#include "llvm/Support/raw_ostream.h"

#include <string>

namespace netc::dsl {

/// `64` for integers; the shortest text that reads back as the same double
/// for other numbers, always with a '.' or an exponent (`0.01`, `1.0`,
/// `1e-05`) so it still reads as a float.
std::string formatNumber(double value, bool isInteger);

/// Writes `expr` in .net syntax, except that named arguments are written
/// `name = value` (the outline's convention for every named thing).
void printExpr(const ast::Expr &expr, llvm::raw_ostream &os);
std::string exprToString(const ast::Expr &expr);

} // namespace netc::dsl

#endif // NETC_DSL_EXPRPRINTER_H
