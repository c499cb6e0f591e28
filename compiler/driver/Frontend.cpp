//===- Frontend.cpp - From a .net path to a verified nn module ------------===//
#include "compiler/driver/Frontend.h"

#include "compiler/dialect/NNDialect.h"
#include "compiler/mlirgen/MLIRGen.h"
#include "compiler/transforms/Passes.h"
#include "dsl/Diagnostics.h"
#include "dsl/Overrides.h"
#include "dsl/Parser.h"
#include "dsl/Sema.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/WithColor.h"

namespace netc::driver {

// Hidden: for checking that folding changes no result (the eval lit test),
// not a tuning knob.
static llvm::cl::opt<bool> noFoldBatchNorm(
    "no-fold-batchnorm",
    llvm::cl::desc("Keep batchnorm as a separate pass in @infer/@evaluate"),
    llvm::cl::sub(llvm::cl::SubCommand::getAll()), llvm::cl::Hidden);

/// Both halves of the compiler report against the same SourceMgr.
struct DiagnosticSink {
  DiagnosticSink(llvm::SourceMgr &sm, mlir::MLIRContext &ctx)
      : front(sm), mlirHandler(sm, &ctx) {}
  dsl::Diagnostics front;
  mlir::SourceMgrDiagnosticHandler mlirHandler;
};

Compilation::Compilation() : foldBatchNorm(!noFoldBatchNorm) {
  mlir::DialectRegistry registry;
  registry.insert<nn::NNDialect, mlir::func::FuncDialect,
                  mlir::arith::ArithDialect>();
  ctx = std::make_unique<mlir::MLIRContext>(registry);
  ctx->loadAllAvailableDialects();
  diagnostics = std::make_unique<DiagnosticSink>(sm, *ctx);
}

Compilation::~Compilation() = default;

void Compilation::error(const ast::Location &loc, const llvm::Twine &message) {
  diagnostics->front.error(loc, message);
}

void Compilation::note(const ast::Location &loc, const llvm::Twine &message) {
  diagnostics->front.note(loc, message);
}

/// The model `load` compiles: `modelName` if given, else the model of the
/// first train block, else the first model; null if there is none. Used
/// before Sema too (to find a model's bindings for -D), so names only.
static ast::Model *selectModel(ast::File &file, llvm::StringRef modelName) {
  ast::Model *selected = nullptr;
  for (ast::Model &m : file.models)
    if (m.name == modelName ||
        (modelName.empty() && !file.trains.empty() &&
         m.name == file.trains.front().model))
      selected = &m;
  if (!selected && modelName.empty() && !file.models.empty())
    selected = &file.models.front();
  return selected;
}

std::optional<ExitCode> Compilation::load(llvm::StringRef path,
                                          llvm::StringRef modelName,
                                          const Overrides &overrides) {
  sourcePath = path.str();
  auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/true);
  if (!buffer) {
    llvm::WithColor::error(llvm::errs(), "netc")
        << "cannot read '" << path << "': " << buffer.getError().message()
        << "\n";
    return ExitCode::InputError;
  }
  unsigned id = sm.AddNewSourceBuffer(std::move(*buffer), llvm::SMLoc());
  std::optional<ast::File> parsed = dsl::parseFile(id, diagnostics->front);
  if (!parsed)
    return ExitCode::InputError;
  ast = std::make_unique<ast::File>(std::move(*parsed));
  // Before Sema, so shapes and settings are checked with the new values.
  for (const auto &[name, value] : overrides) {
    std::optional<std::string> problem = dsl::overrideBinding(
        *ast, selectModel(*ast, modelName), name, value);
    if (problem) {
      llvm::WithColor::error(llvm::errs(), "netc") << *problem << "\n";
      return ExitCode::UsageError;
    }
  }
  if (!dsl::checkFile(*ast, diagnostics->front))
    return ExitCode::InputError;

  selectedModel = selectModel(*ast, modelName);
  if (!selectedModel) {
    llvm::WithColor::error(llvm::errs(), "netc")
        << "'" << path << "' has no model named '" << modelName << "'\n";
    return ExitCode::InputError;
  }
  for (const ast::Train &t : ast->trains)
    if (t.model == selectedModel->name)
      selectedTrain = &t;
  return std::nullopt;
}

std::optional<ExitCode> Compilation::generate() {
  moduleOp = generateModule(*ctx, *selectedModel, selectedTrain);
  if (!moduleOp)
    return ExitCode::InputError;
  return std::nullopt;
}

std::optional<ExitCode> Compilation::buildTrainStep(bool withPredictions) {
  if (!selectedTrain) {
    error(selectedModel->loc, "model '" + selectedModel->name +
                                  "' has no train block to build a training "
                                  "step from");
    return ExitCode::InputError;
  }
  if (inferenceOptimized) {
    llvm::WithColor::error(llvm::errs(), "netc")
        << "internal: training step requested after @infer was folded\n";
    return ExitCode::InternalError;
  }
  mlir::PassManager pm(ctx.get());
  nn::buildTrainingPipeline(pm, withPredictions);
  if (mlir::failed(pm.run(*moduleOp)))
    return ExitCode::InternalError;
  return optimizeInference();
}

std::optional<ExitCode> Compilation::optimizeInference() {
  inferenceOptimized = true;
  if (!foldBatchNorm)
    return std::nullopt;
  mlir::PassManager pm(ctx.get());
  nn::buildInferencePipeline(pm);
  if (mlir::failed(pm.run(*moduleOp)))
    return ExitCode::InternalError;
  return std::nullopt;
}

} // namespace netc::driver
