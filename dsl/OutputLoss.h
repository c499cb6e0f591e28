//===- OutputLoss.h - The loss of a model with several outputs --*- C++ -*-===//
//
// `loss: cross_entropy(output: cls) + 0.5 * mse(output: score)`: a sum of
// terms, each a loss call naming one of the model's results with
// `output:`, optionally times a positive weight. Sema hands the `loss`
// setting here when the model declares named results or the value has
// that form.
//
//===----------------------------------------------------------------------===//
#ifndef NETC_DSL_OUTPUTLOSS_H
#define NETC_DSL_OUTPUTLOSS_H

#include "dsl/AST.h"
#include "dsl/Diagnostics.h"

#include "llvm/ADT/STLFunctionalExtras.h"

namespace netc::dsl {

/// Whether `value` is written in the per-output form: a sum, a product,
/// or a call with an `output:` argument.
bool isOutputLoss(const ast::Expr &value);

/// Checks the `loss` setting `value` of a train block for `model` (which
/// has named results) and rewrites it into canonical form: a List of loss
/// calls, one per result in declaration order, each with the loss's
/// canonical arguments then `output = <result>` and `weight = <number>`.
/// `resolve` substitutes hyperparameters and folds arithmetic (Sema's);
/// `names` are the names in scope, for suggestions. Reports every problem
/// and returns false on any.
bool checkOutputLoss(ast::Expr &value, const ast::Model &model,
                     Diagnostics &diags,
                     llvm::function_ref<bool(ast::Expr &)> resolve,
                     llvm::ArrayRef<llvm::StringRef> names);

} // namespace netc::dsl

#endif // NETC_DSL_OUTPUTLOSS_H
