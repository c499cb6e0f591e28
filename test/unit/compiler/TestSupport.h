//===- TestSupport.h - Shared helpers of the compiler tests -----*- C++ -*-===//
#ifndef NETC_TEST_UNIT_COMPILER_TESTSUPPORT_H
#define NETC_TEST_UNIT_COMPILER_TESTSUPPORT_H

#include "compiler/lowering/JitFunction.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OwningOpRef.h"

#include <memory>
#include <string>

namespace netc::test {

/// A context with the nn, func and arith dialects loaded.
std::unique_ptr<mlir::MLIRContext> makeContext();

/// Parses `text`; fails the current test (and returns null) on errors.
mlir::OwningOpRef<mlir::ModuleOp> parseModule(mlir::MLIRContext &context,
                                              const std::string &text);

/// Lowers @`name` of `module` and JIT-compiles it for the host.
std::optional<lowering::JitFunction> jitFunction(mlir::ModuleOp module,
                                                 llvm::StringRef name);

/// A path under the test's temporary folder.
std::string tempPath(const std::string &name);

/// Writes `text` to tempPath(name) and returns that path.
std::string writeTemp(const std::string &name, const std::string &text);

} // namespace netc::test

#endif // NETC_TEST_UNIT_COMPILER_TESTSUPPORT_H
