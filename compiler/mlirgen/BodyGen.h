//===- BodyGen.h - Statements of a model or block body into @infer -*- C++ -*-===//
#ifndef NETC_COMPILER_MLIRGEN_BODYGEN_H
#define NETC_COMPILER_MLIRGEN_BODYGEN_H

#include "dsl/AST.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "llvm/ADT/StringMap.h"

namespace netc {

/// Generates `body` (checked by dsl::checkFile) at the builder's insertion
/// point in @infer and returns the running value at its end: the result of
/// the last layer or value statement. `values` holds the names in view (the
/// model's inputs, a block's value parameters); `running` is the value a
/// statement without an input applies to first. Layer applications are
/// numbered from 0 in source order; parameters are named
/// "<prefix>.<number>.<name>", or "<number>.<name>" when `prefix` is empty.
/// `namedOut`, when given, receives every value name in view at the end
/// (a model's named results are among them).
mlir::FailureOr<mlir::Value>
generateBody(mlir::OpBuilder &builder, mlir::func::FuncOp infer,
             llvm::ArrayRef<ast::Statement> body,
             llvm::StringMap<mlir::Value> values, mlir::Value running,
             llvm::StringRef prefix,
             llvm::StringMap<mlir::Value> *namedOut = nullptr);

} // namespace netc

#endif // NETC_COMPILER_MLIRGEN_BODYGEN_H
