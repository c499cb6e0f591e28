//===- TrainingRun.h - One model compiled, trained many times ---*- C++ -*-===//
//
// What a plain `netc train`, the folds of a cross-validation, the members
// of an ensemble and the points of a hyperparameter grid share: the model
// compiled for training once (JIT compiling takes seconds; a fold or a
// member takes a fraction of that), its examples and its train block; and
// a quiet run that trains the compiled model from a seeded init on given
// examples and judges it on held-out ones, printing nothing per epoch.
//
//===----------------------------------------------------------------------===//
#ifndef NETC_COMPILER_DRIVER_TRAININGRUN_H
#define NETC_COMPILER_DRIVER_TRAININGRUN_H

#include "compiler/codegen/ModelInterface.h"
#include "compiler/driver/Checkpoint.h"
#include "compiler/driver/Commands.h"
#include "compiler/driver/Frontend.h"
#include "compiler/driver/Metrics.h"
#include "compiler/driver/TrainSettings.h"
#include "compiler/driver/Trainer.h"
#include "compiler/driver/TrainingData.h"
#include "compiler/lowering/JitFunction.h"

#include "llvm/ADT/ArrayRef.h"

#include <optional>
#include <string>
#include <vector>

namespace netc::driver {

/// A .net file's model ready to train: load(), then holdOut() if wanted,
/// then compile(). Errors are printed; each step returns the exit code of
/// the first one.
struct TrainingSetup {
  Compilation compilation;
  std::optional<codegen::ModelInterface> model;
  std::vector<TrainingData> data; ///< every example not held out, in groups
  TrainSettings settings;         ///< with --epochs and --seed applied
  /// The train block's own seed: which examples are held out does not
  /// change with --seed, so runs with different seeds compare on the same
  /// validation set.
  uint64_t splitSeed = 0;
  std::optional<lowering::JitFunction> step, evaluator;
  double compileSeconds = 0;
  /// Both functions came from the pipeline cache, compiled by an earlier run.
  bool fromCache = false;

  /// Reads `path` with `overrides`, builds @train_step and loads the train
  /// block's examples.
  std::optional<ExitCode> load(llvm::StringRef path, const Overrides &overrides,
                               const TrainOptions &options);
  /// Moves the `validation:` fraction of the examples into `validation`
  /// (nothing when the block has none).
  std::optional<ExitCode> holdOut(std::vector<TrainingData> &validation);
  /// JIT-compiles @train_step and @evaluate.
  std::optional<ExitCode> compile();

  /// "'name' (P parameters), E epochs, batch B" for the opening line.
  std::string describe() const;
};

/// The end of one quiet run.
struct RunOutcome {
  double loss = 0;               ///< the last epoch's mean training loss
  TrainingState state;           ///< parameters and optimizer state
  MetricsAccumulator::Report held; ///< on the validation examples
  GroupPredictions predictions;  ///< of the validation examples
  /// Why training stopped early: the loss became NaN or infinite.
  std::string divergence;
};

/// Trains `setup`'s model on `train` for the settings' epochs, from the
/// init seeded by `seed` and with shuffling seeded by `seed + 1` (as a
/// plain run), then evaluates it on `validation`. A diverging loss returns
/// TrainingDiverged with `out.divergence` saying where, unprinted (a grid
/// goes on); other errors are printed after `label` ("fold 2/5").
std::optional<ExitCode> trainQuietly(TrainingSetup &setup,
                                     const std::vector<TrainingData> &train,
                                     const std::vector<TrainingData> &validation,
                                     uint64_t seed,
                                     std::optional<int64_t> maxSteps,
                                     llvm::StringRef label, RunOutcome &out);

/// trainQuietly, then the weights saved to `checkpoint`; any failure,
/// divergence included, is printed after `label` ("member 2/5").
std::optional<ExitCode> trainAndSave(TrainingSetup &setup,
                                     const std::vector<TrainingData> &train,
                                     const std::vector<TrainingData> &validation,
                                     uint64_t seed,
                                     std::optional<int64_t> maxSteps,
                                     llvm::StringRef label,
                                     const std::string &checkpoint,
                                     RunOutcome &out);

/// Where the checkpoint goes: --save, else <model>.safetensors beside the
/// .net file.
std::string checkpointPath(llvm::StringRef netPath, llvm::StringRef modelName,
                           const TrainOptions &options);

/// "netc: weights in m.fold1.safetensors ... m.fold5.safetensors" for
/// `count` runs tagged `tag`1, `tag`2, ...
std::string describeTaggedCheckpoints(llvm::StringRef base, llvm::StringRef tag,
                                      int64_t count);

/// `base` with `.tag` before its .safetensors extension:
/// ("m.safetensors", "fold2") -> "m.fold2.safetensors".
std::string taggedCheckpoint(llvm::StringRef base, llvm::StringRef tag);

/// The mean of each value the reports all have (loss always; a metric
/// only when every report has it).
MetricsAccumulator::Report meanReport(llvm::ArrayRef<MetricsAccumulator::Report> reports);

/// "val loss 0.123456 ± 0.001234, val accuracy 0.9500 ± 0.0100": mean and
/// sample standard deviation of each value every report has, with
/// `prefix` before each name.
std::string formatSpread(llvm::ArrayRef<MetricsAccumulator::Report> reports,
                         llvm::StringRef prefix);

} // namespace netc::driver

#endif // NETC_COMPILER_DRIVER_TRAININGRUN_H
