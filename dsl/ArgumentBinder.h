//===- ArgumentBinder.h - Arguments against a catalog signature -*- C++ -*-===//
//
// The part of Sema that layers, calls and train blocks share: match what
// was written to a LayerCatalog signature, check every value's kind, and
// rewrite the list into canonical form (all parameters, named, in catalog
// order, defaults filled in).
//
//===----------------------------------------------------------------------===//
#ifndef NETC_DSL_ARGUMENTBINDER_H
#define NETC_DSL_ARGUMENTBINDER_H

#include "dsl/AST.h"
#include "dsl/Diagnostics.h"
#include "dsl/LayerCatalog.h"

#include <string>
#include <vector>

namespace netc::dsl {

/// Whose arguments these are, as messages name it: subject "layer 'linear'"
/// with noun "argument", or "train block 'line'" with noun "setting".
struct ArgumentOwner {
  std::string subject;
  llvm::StringRef noun;
  ast::Location loc; ///< Where "missing ..." errors and defaults point.
};

/// Checks `args` against `sig` and reports every problem. On success
/// replaces `args` by the canonical list; on failure leaves it as written.
/// Values must already have bindings substituted and arithmetic folded;
/// arithmetic left over is taken as already reported and fails silently.
/// `bindingNames` are the bindings in scope: a name left where a number
/// belongs is reported as unknown, with the closest of them suggested.
bool bindArguments(const Signature &sig, const ArgumentOwner &owner,
                   std::vector<ast::Argument> &args, Diagnostics &diags,
                   llvm::ArrayRef<llvm::StringRef> bindingNames = {});

} // namespace netc::dsl

#endif // NETC_DSL_ARGUMENTBINDER_H
