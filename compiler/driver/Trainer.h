//===- Trainer.h - The training loop of `netc train` ------------*- C++ -*-===//
//
// Each epoch: shuffle (seeded), run @train_step over batches (the last one
// may be smaller: the batch is a run-time extent), double-buffering the
// parameter and optimizer-state regions. A step built with predictions
// also returns its forward outputs, which the epoch keeps to judge itself
// (epochReport). Evaluation runs @evaluate (the forward pass and the loss,
// no gradients) and judges its predictions (Metrics.h).
//
//===----------------------------------------------------------------------===//
#ifndef NETC_COMPILER_DRIVER_TRAINER_H
#define NETC_COMPILER_DRIVER_TRAINER_H

#include "compiler/codegen/ModelInterface.h"
#include "compiler/driver/Checkpoint.h"
#include "compiler/driver/Metrics.h"
#include "compiler/driver/StepTrace.h"
#include "compiler/driver/TrainSettings.h"
#include "compiler/driver/TrainingData.h"
#include "compiler/lowering/JitFunction.h"

#include "netc_rng.h"

#include <functional>
#include <optional>

namespace netc::driver {

/// Moves a seeded random `fraction` of each group's examples into the
/// returned validation groups, the same ones for every run with this seed.
std::vector<TrainingData> splitOffGroups(std::vector<TrainingData> &groups,
                                         double fraction, uint64_t seed);

/// The metrics fit for `model`'s output under `settings`' loss.
MetricsAccumulator metricsFor(const codegen::ModelInterface &model,
                              const TrainSettings &settings);

/// @evaluate's outputs over groups of examples: the mean loss per example
/// and each group's predictions (count x targetWidth, the group's order).
struct GroupPredictions {
  double loss = 0;
  std::vector<std::vector<float>> byGroup;
};

/// Runs @evaluate with `params` over `groups`.
llvm::Expected<GroupPredictions>
predictGroups(const codegen::ModelInterface &model,
              const TrainSettings &settings, lowering::JitFunction &evaluator,
              const std::vector<float> &params,
              const std::vector<TrainingData> &groups);

/// The metrics of `predictions` (one array per group) against `groups`'
/// targets; the report's loss is `loss`.
MetricsAccumulator::Report
judgePredictions(const codegen::ModelInterface &model,
                 const TrainSettings &settings,
                 const std::vector<TrainingData> &groups,
                 const std::vector<std::vector<float>> &predictions,
                 double loss);

/// Runs @evaluate with `params` over `groups`: the mean loss per example
/// and the metrics of the predictions.
llvm::Expected<MetricsAccumulator::Report>
evaluateModel(const codegen::ModelInterface &model,
              const TrainSettings &settings, lowering::JitFunction &evaluator,
              const std::vector<float> &params,
              const std::vector<TrainingData> &groups);

class Trainer {
public:
  Trainer(const codegen::ModelInterface &model,
          const std::vector<TrainingData> &data, const TrainSettings &settings,
          lowering::JitFunction &step, lowering::JitFunction &evaluator)
      : model(model), data(data), settings(settings), step(step),
        evaluator(evaluator) {}

  /// PyTorch's default init from the seed (per slot: U(±1/sqrt(fan_in)),
  /// zeros or ones); the optimizer state starts at zero.
  void initParameters(uint64_t seed);
  /// Continues from saved parameters and optimizer state.
  void restore(const TrainingState &saved);

  /// Stops training after `steps` steps, and records them into `trace`.
  void limitSteps(std::optional<int64_t> steps, StepTrace *stepTrace);
  bool stepLimitReached() const { return stepsLeft && *stepsLeft <= 0; }

  const std::vector<float> &parameters() const { return params; }
  const std::vector<float> &optimizerState() const { return state; }

  /// Called after each step with (steps done, steps in the epoch, examples
  /// done, their mean loss).
  using StepObserver =
      std::function<void(int64_t, int64_t, int64_t, double)>;

  /// Batches in one epoch.
  int64_t stepsPerEpoch() const;

  /// One epoch; returns the mean loss over examples, or an error (a NaN or
  /// infinite loss names the epoch and step).
  llvm::Expected<double> runEpoch(netc_rng &rng, int64_t epoch,
                                  const StepObserver &observer = {});

  /// Loss and metrics of the current parameters on `groups`.
  llvm::Expected<MetricsAccumulator::Report>
  evaluate(const std::vector<TrainingData> &groups) {
    return evaluateModel(model, settings, evaluator, params, groups);
  }

  /// The last epoch's loss and metrics on the training data, judged on the
  /// predictions its steps made (training mode: dropout on, batchnorm on
  /// the batch; each before its update), as Keras reports training
  /// metrics: no second pass over the data, which cost a quarter of a
  /// LeNet epoch. When the step returns no predictions or the epoch
  /// stopped early (--max-steps), the current parameters are evaluated on
  /// the training data instead.
  llvm::Expected<MetricsAccumulator::Report> epochReport();

private:
  llvm::Error runStep(const TrainingData &group, int64_t batch, float *loss);
  /// Whether @train_step returns the forward outputs.
  bool stepReturnsPredictions() const;
  /// Floats per example of each output in `group` (predictGroups' layout).
  std::vector<int64_t> predictionWidths(const TrainingData &group) const;

  const codegen::ModelInterface &model;
  const std::vector<TrainingData> &data;
  const TrainSettings &settings;
  lowering::JitFunction &step;
  lowering::JitFunction &evaluator;
  std::vector<float> params, nextParams, state, nextState, xBatch, tBatch;
  /// The step's outputs for the current batch, one array per output.
  std::vector<std::vector<float>> predictionBatches;
  /// The epoch's predictions per group, in the group's example order, and
  /// whether they cover every example; the epoch's mean loss.
  std::vector<std::vector<float>> epochPredictions;
  bool epochJudged = false;
  double epochLoss = 0;
  std::optional<int64_t> stepsLeft;
  StepTrace *trace = nullptr;
};

} // namespace netc::driver

#endif // NETC_COMPILER_DRIVER_TRAINER_H
