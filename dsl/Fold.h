//===- Fold.h - Arithmetic of a checked value to a number -------*- C++ -*-===//
//
// Sema's last step on a value: once names are substituted, `2 * 64` and
// `-0.001` become Number literals, so later stages (ArgumentBinder,
// MLIRGen, TrainSettings) only ever see numbers where numbers belong.
//
//===----------------------------------------------------------------------===//
#ifndef NETC_DSL_FOLD_H
#define NETC_DSL_FOLD_H

#include "dsl/AST.h"
#include "dsl/Diagnostics.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

namespace netc::dsl {

/// Replaces every Binary and Negate node of `expr` (at any depth: call
/// arguments and list elements too) by the Number it computes. Integers
/// stay integers (`/` rounds down, as in dimensions); any float operand
/// makes the result a float. Reports, at the operand or operation, a
/// non-number operand (a name left over is an unknown name, with the
/// closest of `names` suggested), division by zero and overflow; returns
/// false if it reported anything.
bool foldArithmetic(ast::Expr &expr, llvm::ArrayRef<llvm::StringRef> names,
                    Diagnostics &diags);

} // namespace netc::dsl

#endif // NETC_DSL_FOLD_H
