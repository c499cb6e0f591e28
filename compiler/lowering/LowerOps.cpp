//===- LowerOps.cpp - Dispatch each op to its family's lowering -----------===//
//
// Each op family (dense layers, convolutions, ...) lowers its own ops in its
// own file and answers std::nullopt for ops it does not know; to add a
// family, add its function to the list below.
//
//===----------------------------------------------------------------------===//
#include "compiler/lowering/LoweringState.h"

#include "mlir/IR/Diagnostics.h"

namespace netc::lowering {

mlir::LogicalResult lowerOp(mlir::Operation *op, LoweringState &state) {
  for (auto family : {lowerDenseOps, lowerOptimizerOps, lowerConvOps, lowerPoolOps,
                      lowerActivationOps, lowerNormOps, lowerGraphOps,
                      lowerDropoutOps})
    if (std::optional<mlir::LogicalResult> result = family(op, state))
      return *result;
  return op->emitError("no Halide lowering for '") << op->getName() << "'";
}

} // namespace netc::lowering
