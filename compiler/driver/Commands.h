//===- Commands.h - netc's subcommands --------------------------*- C++ -*-===//
#ifndef NETC_COMPILER_DRIVER_COMMANDS_H
#define NETC_COMPILER_DRIVER_COMMANDS_H

#include "compiler/driver/ExitCode.h"

#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace netc::driver {

/// `-D name=value[,value...]` from the command line, in order: each
/// overrides a hyperparameter the .net file declares; several values make
/// `netc train` run a grid.
using Defines = std::vector<std::pair<std::string, std::vector<std::string>>>;

enum class EmitKind { AST, MLIR, MLIRTrain, Halide, Stmt };

/// The first value of each define (eval, predict, build, emit and summary
/// take one value per name; netc.cpp rejects lists for them).
inline std::vector<std::pair<std::string, std::string>>
singleValues(const Defines &defines) {
  std::vector<std::pair<std::string, std::string>> result;
  for (const auto &[name, values] : defines)
    result.emplace_back(name, values.front());
  return result;
}

/// `netc FILE --emit=KIND`: prints one stage of the compilation.
ExitCode runEmit(llvm::StringRef path, EmitKind kind,
                 const Defines &defines = {});

struct TrainOptions {
  std::optional<int64_t> epochs; ///< overrides the train block
  std::optional<uint64_t> seed;  ///< overrides the train block
  std::string logJsonPath;       ///< one JSON object per epoch, if set
  /// Where to write the checkpoint after every epoch (default: <model>.
  /// safetensors beside the .net file).
  std::string savePath;
  /// A checkpoint to continue from (its epoch count included).
  std::string resumePath;
  /// Stop after this many training steps (the parity tests take 20).
  std::optional<int64_t> maxSteps;
  /// Record the steps' batches, losses and weights here (StepTrace.h).
  std::string tracePath;
  /// Draw the progress bar when standard output is a terminal.
  bool progress = true;
  /// -D overrides; a name with several values trains every combination
  /// and prints a ranked table.
  Defines defines;
  /// --folds K: K-fold cross-validation (mean and spread of the validation
  /// metric); absent = off.
  std::optional<int64_t> folds;
  /// --ensemble K: K models from K seeds, predictions averaged; absent =
  /// off.
  std::optional<int64_t> ensemble;
};

/// `netc train FILE`: JIT-compiles the training step and trains in-process.
ExitCode runTrain(llvm::StringRef path, const TrainOptions &options);

struct BuildOptions {
  std::string outputDir;
  std::string target = "host";
  std::string weightsPath;      ///< --weights: ship these (checked)
  std::optional<uint64_t> seed; ///< else the train block's seed, else 0
  bool embedWeights = false;    ///< --embed-weights
  bool separateRuntime = false; ///< --separate-runtime
  std::string cCompiler;        ///< --cc
  Defines defines;              ///< -D, one value each
};

/// `netc build FILE -o DIR`: writes the standalone library and header.
ExitCode runBuild(llvm::StringRef path, const BuildOptions &options);

struct EvalOptions {
  Defines defines;         ///< one value each
  std::string weightsPath; ///< a checkpoint of the model (required)
  std::string dataPath;    ///< replaces the train block's data file
  std::string outputPath;  ///< netc predict: the CSV to write
};

/// `netc eval FILE --weights W [--data D]`: loss and metrics of trained
/// weights on a data set of the train block's format, with per-class
/// accuracy and the confusion matrix for classifiers.
ExitCode runEval(llvm::StringRef path, const EvalOptions &options);

/// `netc predict FILE --weights W [--data D] -o OUT.csv`: the model's
/// output for every example (inputs only: FASTA records need no labels),
/// one CSV row per example (and per position for sequence outputs).
ExitCode runPredict(llvm::StringRef path, const EvalOptions &options);

/// `netc summary FILE`: the model's layers with output shapes, parameter
/// counts and FLOPs per example.
ExitCode runSummary(llvm::StringRef path, const Defines &defines = {});

} // namespace netc::driver

#endif // NETC_COMPILER_DRIVER_COMMANDS_H
