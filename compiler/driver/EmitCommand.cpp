//===- EmitCommand.cpp - `netc FILE --emit=KIND` --------------------------===//
#include "compiler/dialect/NNDialect.h"
#include "compiler/driver/Commands.h"
#include "compiler/driver/Frontend.h"
#include "compiler/lowering/HalideLowering.h"
#include "compiler/lowering/Targets.h"
#include "dsl/ASTPrinter.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

#include <sstream>

namespace netc::driver {
namespace {

/// The entry points to show: @infer, and @train_step when there is one.
std::vector<mlir::func::FuncOp> entryPoints(Compilation &c) {
  std::vector<mlir::func::FuncOp> fns;
  for (llvm::StringRef name : {nn::kInferFn, nn::kTrainStepFn})
    if (auto fn = c.module().lookupSymbol<mlir::func::FuncOp>(name))
      fns.push_back(fn);
  return fns;
}

/// Halide's lowered statement for `lowered`, via a scratch file (Halide
/// only writes it to a file).
std::optional<std::string> loweredStmt(lowering::LoweredFunction &lowered,
                                       const Halide::Target &target) {
  llvm::SmallString<128> path;
  if (llvm::sys::fs::createTemporaryFile("netc", "stmt", path))
    return std::nullopt;
  std::string stmt;
  try {
    lowered.pipeline.compile_to_lowered_stmt(path.str().str(),
                                             lowered.halideArguments(),
                                             Halide::StmtOutputFormat::Text,
                                             target);
    if (auto buffer = llvm::MemoryBuffer::getFile(path))
      stmt = (*buffer)->getBuffer().str();
  } catch (const Halide::Error &e) {
    llvm::sys::fs::remove(path);
    llvm::WithColor::error(llvm::errs(), "netc") << e.what() << "\n";
    return std::nullopt;
  }
  llvm::sys::fs::remove(path);
  return stmt;
}

} // namespace

ExitCode runEmit(llvm::StringRef path, EmitKind kind, const Defines &defines) {
  Compilation c;
  if (auto code = c.load(path, "", singleValues(defines)))
    return *code;
  if (kind == EmitKind::AST) {
    dsl::printAST(c.file(), llvm::outs());
    return ExitCode::Success;
  }
  if (auto code = c.generate())
    return *code;
  // Past the plain dialect, show what `netc build` compiles: @infer folded
  // (buildTrainStep folds it last), with or without a train block.
  if (kind != EmitKind::MLIR)
    if (auto code = c.train() ? c.buildTrainStep() : c.optimizeInference())
      return *code;
  if (kind == EmitKind::MLIR || kind == EmitKind::MLIRTrain) {
    c.module().print(llvm::outs());
    llvm::outs() << "\n";
    return ExitCode::Success;
  }

  Halide::Target target = lowering::resolveTarget("host");
  for (mlir::func::FuncOp fn : entryPoints(c)) {
    std::optional<lowering::LoweredFunction> lowered =
        lowering::lowerToHalide(fn, target);
    if (!lowered)
      return ExitCode::InternalError;
    if (kind == EmitKind::Halide) {
      std::ostringstream os;
      lowering::printAlgorithm(*lowered, os);
      llvm::outs() << os.str() << "\n";
      continue;
    }
    std::optional<std::string> stmt = loweredStmt(*lowered, target);
    if (!stmt)
      return ExitCode::InternalError;
    llvm::outs() << "// pipeline " << lowered->name << "\n" << *stmt << "\n";
  }
  return ExitCode::Success;
}

} // namespace netc::driver
