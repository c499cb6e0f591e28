//===- SymbolicDims.h - Named dimensions, checked when a pipeline runs -*- C++ -*-===//
//
// Arguments and results may carry `nn.dims`, the dimension expressions of
// the .net signature (["N", "4", "L"], ["N", "21", "L / 3"]). The first
// argument that names a symbol binds it to its extent; every other use
// becomes a requirement that the pipeline checks before it computes, so a
// call with inconsistent shapes fails with a message instead of reading
// out of bounds.
//
//===----------------------------------------------------------------------===//
#ifndef NETC_COMPILER_LOWERING_SYMBOLICDIMS_H
#define NETC_COMPILER_LOWERING_SYMBOLICDIMS_H

#include "compiler/lowering/LoweringState.h"

#include "mlir/IR/BuiltinAttributes.h"

namespace netc::lowering {

/// Binds or checks the extents of `tensor` (named `name` in messages)
/// against `dims`, an ArrayAttr of dimension-expression strings.
mlir::LogicalResult applyDims(mlir::ArrayAttr dims, const TensorValue &tensor,
                              llvm::StringRef name, LoweringState &state,
                              mlir::Location loc);

} // namespace netc::lowering

#endif // NETC_COMPILER_LOWERING_SYMBOLICDIMS_H
