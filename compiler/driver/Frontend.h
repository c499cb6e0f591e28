//===- Frontend.h - From a .net path to a verified nn module ----*- C++ -*-===//
#ifndef NETC_COMPILER_DRIVER_FRONTEND_H
#define NETC_COMPILER_DRIVER_FRONTEND_H

#include "compiler/driver/ExitCode.h"
#include "dsl/AST.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/Support/SourceMgr.h"

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace netc::driver {

/// Hyperparameter values from the command line (`-D name=value`), in order.
using Overrides = std::vector<std::pair<std::string, std::string>>;

/// One .net file on its way through the compiler. Owns the SourceMgr that
/// every diagnostic, front end or MLIR, is printed against.
class Compilation {
public:
  Compilation();
  ~Compilation();

  /// Reads, parses and checks `path` with the hyperparameters `overrides`
  /// replaced, then picks the model: `modelName` if given, else the model
  /// of the first train block, else the first model. An override names a
  /// top-level binding, else a binding in the picked model's body
  /// (dsl/Overrides.h); one naming neither, or with a value of the wrong
  /// kind, is a UsageError.
  std::optional<ExitCode> load(llvm::StringRef path,
                               llvm::StringRef modelName = "",
                               const Overrides &overrides = {});
  /// Builds @infer (and @loss when the model has a train block).
  std::optional<ExitCode> generate();
  /// Runs autodiff and the optimizer pass: @loss_and_grad, @train_step;
  /// then optimizeInference(). `withPredictions`: @train_step also returns
  /// the forward outputs (in-process training's running metrics; the
  /// generated C API keeps the plain step).
  std::optional<ExitCode> buildTrainStep(bool withPredictions = false);
  /// Rewrites @infer and @evaluate for speed without changing their
  /// results (nn::buildInferencePipeline: batchnorm folded into its layer).
  /// Last: a training step built afterwards would lose its batchnorm, so
  /// buildTrainStep() refuses to run after it. Skipped when
  /// setFoldBatchNorm(false) or `--no-fold-batchnorm`.
  std::optional<ExitCode> optimizeInference();
  /// Whether optimizeInference() folds batchnorm (default: on, unless the
  /// command line says `--no-fold-batchnorm`). Tests compare both.
  void setFoldBatchNorm(bool fold) { foldBatchNorm = fold; }

  const ast::File &file() const { return *ast; }
  const ast::Model &model() const { return *selectedModel; }
  const ast::Train *train() const { return selectedTrain; }
  mlir::ModuleOp module() { return *moduleOp; }
  mlir::MLIRContext &context() { return *ctx; }
  llvm::SourceMgr &sourceMgr() { return sm; }
  std::string path() const { return sourcePath; }

  /// Prints `file:line:col: error: message` with the source line and caret.
  void error(const ast::Location &loc, const llvm::Twine &message);
  void note(const ast::Location &loc, const llvm::Twine &message);

private:
  llvm::SourceMgr sm;
  std::unique_ptr<mlir::MLIRContext> ctx;
  std::unique_ptr<struct DiagnosticSink> diagnostics;
  std::unique_ptr<ast::File> ast;
  const ast::Model *selectedModel = nullptr;
  const ast::Train *selectedTrain = nullptr;
  mlir::OwningOpRef<mlir::ModuleOp> moduleOp;
  std::string sourcePath;
  bool foldBatchNorm;
  bool inferenceOptimized = false;
};

} // namespace netc::driver

#endif // NETC_COMPILER_DRIVER_FRONTEND_H
