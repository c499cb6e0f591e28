//===- MLIRGen.h - From the .net syntax tree to the nn dialect --*- C++ -*-===//
#ifndef NETC_COMPILER_MLIRGEN_MLIRGEN_H
#define NETC_COMPILER_MLIRGEN_MLIRGEN_H

#include "dsl/AST.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OwningOpRef.h"

namespace netc {

/// Builds a module holding `@infer` for `model` and, when `train` is given,
/// `@loss` plus the `nn.optimizer` attribute. `model` and `train` must have
/// passed dsl::checkFile. Ops carry the FileLineColLoc of the statement they
/// come from. Reports errors (a declared result type that the layers do not
/// produce, a layer applied to a tensor of the wrong rank) through the
/// context's diagnostic engine and returns null.
mlir::OwningOpRef<mlir::ModuleOp> generateModule(mlir::MLIRContext &context,
                                                 const ast::Model &model,
                                                 const ast::Train *train);

/// The FileLineColLoc of an AST location.
mlir::Location toLocation(mlir::MLIRContext &context, const ast::Location &loc);

} // namespace netc

#endif // NETC_COMPILER_MLIRGEN_MLIRGEN_H
