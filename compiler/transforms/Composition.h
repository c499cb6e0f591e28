//===- Composition.h - Building one function from others' bodies -*- C++ -*-===//
#ifndef NETC_COMPILER_TRANSFORMS_COMPOSITION_H
#define NETC_COMPILER_TRANSFORMS_COMPOSITION_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/IRMapping.h"

namespace netc::nn {

/// Clones the ops of `source`'s single block at the builder's insertion
/// point, with its block arguments mapped by `mapping`; returns the values
/// `source` returns, mapped.
llvm::SmallVector<mlir::Value> inlineBody(mlir::OpBuilder &b,
                                          mlir::func::FuncOp source,
                                          mlir::IRMapping &mapping);

} // namespace netc::nn

#endif // NETC_COMPILER_TRANSFORMS_COMPOSITION_H
