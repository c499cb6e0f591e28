//===- TrainCommand.cpp - `netc train` ------------------------------------===//
//
// 1. Compile: @train_step and @evaluate, JIT-compiled for this machine.
// 2. Data: the train block's CSV, checked against the model.
// 3. Parameters: PyTorch's default init U(±1/sqrt(fan_in)) from the seed.
// 4. Each epoch: shuffle (seeded), run train_step over batches (the last one
//    may be smaller: the batch is a run-time extent), double-buffering the
//    parameter region; then report the mean loss and, for classification,
//    accuracy, on the training set and on the held-out validation set
//    (@evaluate: forward pass and loss only).
//    A NaN/Inf loss stops training with the epoch and step.
//
//===----------------------------------------------------------------------===//
#include "compiler/codegen/ModelInterface.h"
#include "compiler/dialect/NNDialect.h"
#include "compiler/driver/Checkpoint.h"
#include "compiler/driver/Commands.h"
#include "compiler/driver/Frontend.h"
#include "compiler/driver/StepTrace.h"
#include "compiler/driver/TrainSettings.h"
#include "compiler/driver/TrainingData.h"
#include "compiler/lowering/JitFunction.h"
#include "compiler/lowering/Targets.h"

#include "netc_rng.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

#include <chrono>
#include <cmath>
#include <numeric>

using netc::codegen::ModelInterface;
using netc::lowering::ArgRole;
using netc::lowering::JitFunction;

namespace netc::driver {
namespace {

std::optional<JitFunction> jitCompile(Compilation &c, llvm::StringRef name) {
  auto fn = c.module().lookupSymbol<mlir::func::FuncOp>(name);
  std::optional<lowering::LoweredFunction> lowered =
      lowering::lowerToHalide(fn, lowering::jitTarget());
  if (!lowered)
    return std::nullopt;
  llvm::Expected<JitFunction> jit = JitFunction::compile(std::move(*lowered));
  if (!jit) {
    llvm::WithColor::error(llvm::errs(), "netc") << toString(jit.takeError())
                                                 << "\n";
    return std::nullopt;
  }
  return std::move(*jit);
}

/// Gathers the rows `order[begin, begin+count)` of a row-major array.
void gatherRows(const std::vector<float> &all, int64_t width,
                const std::vector<int64_t> &order, int64_t begin,
                int64_t count, std::vector<float> &out) {
  out.resize(count * width);
  for (int64_t r = 0; r < count; ++r)
    std::copy_n(all.begin() + order[begin + r] * width, width,
                out.begin() + r * width);
}

/// Moves a seeded random `fraction` of `data`'s examples into the returned
/// validation set, the same ones for every run with this seed.
TrainingData splitOff(TrainingData &data, double fraction, uint64_t seed) {
  std::vector<int64_t> order(data.count);
  std::iota(order.begin(), order.end(), 0);
  netc_rng rng;
  netc_rng_seed(&rng, seed + 2);
  netc_rng_shuffle(&rng, order.data(), order.size());
  int64_t held = static_cast<int64_t>(fraction * data.count);
  TrainingData train = data, validation = data;
  gatherRows(data.inputs, data.inputWidth, order, 0, data.count - held,
             train.inputs);
  gatherRows(data.targets, data.targetWidth, order, 0, data.count - held,
             train.targets);
  gatherRows(data.inputs, data.inputWidth, order, data.count - held, held,
             validation.inputs);
  gatherRows(data.targets, data.targetWidth, order, data.count - held, held,
             validation.targets);
  train.count = data.count - held;
  validation.count = held;
  data = std::move(train);
  return validation;
}

/// splitOff for every group: each group holds out the same fraction.
std::vector<TrainingData> splitOffGroups(std::vector<TrainingData> &groups,
                                         double fraction, uint64_t seed) {
  std::vector<TrainingData> held;
  for (TrainingData &group : groups)
    held.push_back(splitOff(group, fraction, seed));
  return held;
}

int64_t exampleCount(const std::vector<TrainingData> &groups) {
  int64_t n = 0;
  for (const TrainingData &group : groups)
    n += group.count;
  return n;
}

/// Runs `fn` with `batch` examples of `group`: the inputs and targets take
/// the group's extents (sequences of one length), every other tensor its
/// static shape.
llvm::Error runOnGroup(JitFunction &fn, const TrainingData &group,
                       int64_t batch, llvm::ArrayRef<const float *> args,
                       llvm::ArrayRef<float *> results) {
  if (group.inputShape.empty())
    return fn.run(batch, args, results);
  auto batched = [batch](const std::vector<int64_t> &extents) {
    std::vector<int64_t> shape = {batch};
    shape.insert(shape.end(), extents.begin(), extents.end());
    return shape;
  };
  const lowering::LoweredFunction &lowered = fn.lowered();
  std::vector<JitFunction::Tensor> inputs, outputs;
  for (size_t i = 0; i < lowered.arguments.size(); ++i) {
    const lowering::ArgumentInfo &arg = lowered.arguments[i];
    std::vector<int64_t> shape = arg.role == ArgRole::Input
                                     ? batched(group.inputShape)
                                 : arg.role == ArgRole::Target
                                     ? batched(group.targetShape)
                                     : arg.shape;
    inputs.push_back({const_cast<float *>(args[i]), shape});
  }
  // The prediction (@evaluate's second result) has the target's shape.
  for (size_t i = 0; i < lowered.results.size(); ++i)
    outputs.push_back({results[i], lowered.results[i].dims.empty()
                                       ? lowered.results[i].shape
                                       : batched(group.targetShape)});
  return fn.run(inputs, outputs);
}

class Trainer {
public:
  Trainer(const ModelInterface &model, const std::vector<TrainingData> &data,
          const TrainSettings &settings, JitFunction &step,
          JitFunction &evaluator)
      : model(model), data(data), settings(settings), step(step),
        evaluator(evaluator) {}

  void initParameters(uint64_t seed) {
    netc_rng rng;
    netc_rng_seed(&rng, seed);
    params.assign(model.paramCount, 0.0f);
    for (const codegen::ParameterSlot &slot : model.params)
      netc_init_parameter(&rng, slot.init, slot.fanIn,
                          params.data() + slot.offset, slot.count);
    nextParams = params;
    // Optimizer state (momentum, Adam's moments and step) starts at zero.
    state.assign(model.stateCount, 0.0f);
    nextState = state;
  }

  /// Continues from saved parameters and optimizer state.
  void restore(const TrainingState &saved) {
    params = nextParams = saved.params;
    state = nextState = saved.optimizer;
  }

  /// Stops training after `steps` steps, and records them into `trace`.
  void limitSteps(std::optional<int64_t> steps, StepTrace *stepTrace) {
    stepsLeft = steps;
    trace = stepTrace;
    if (trace)
      trace->recordInitial(params);
  }
  bool stepLimitReached() const { return stepsLeft && *stepsLeft <= 0; }

  const std::vector<float> &parameters() const { return params; }
  const std::vector<float> &optimizerState() const { return state; }

  /// One epoch; returns the mean loss over examples, or an error.
  llvm::Expected<double> runEpoch(netc_rng &rng, int64_t epoch) {
    // A batch never mixes groups (lengths): each group's examples are
    // shuffled and cut into batches, then the batches of all groups are
    // shuffled together. One group draws from `rng` exactly as before
    // groups existed, so resumed runs of old checkpoints still match.
    struct Batch {
      size_t group;
      int64_t begin, count;
    };
    std::vector<std::vector<int64_t>> orders(data.size());
    std::vector<Batch> batches;
    for (size_t g = 0; g < data.size(); ++g) {
      orders[g].resize(data[g].count);
      std::iota(orders[g].begin(), orders[g].end(), 0);
      if (settings.shuffle)
        netc_rng_shuffle(&rng, orders[g].data(), orders[g].size());
      for (int64_t begin = 0; begin < data[g].count; begin += settings.batch)
        batches.push_back(
            {g, begin, std::min(settings.batch, data[g].count - begin)});
    }
    std::vector<int64_t> batchOrder(batches.size());
    std::iota(batchOrder.begin(), batchOrder.end(), 0);
    if (settings.shuffle && data.size() > 1)
      netc_rng_shuffle(&rng, batchOrder.data(), batchOrder.size());

    double lossSum = 0;
    int64_t stepIndex = 0, seen = 0;
    for (int64_t b : batchOrder) {
      if (stepLimitReached())
        break;
      const TrainingData &group = data[batches[b].group];
      const std::vector<int64_t> &order = orders[batches[b].group];
      int64_t begin = batches[b].begin, batch = batches[b].count;
      ++stepIndex;
      gatherRows(group.inputs, group.inputWidth, order, begin, batch, xBatch);
      gatherRows(group.targets, group.targetWidth, order, begin, batch,
                 tBatch);
      float loss = 0;
      if (llvm::Error err = runStep(group, batch, &loss))
        return std::move(err);
      if (!std::isfinite(loss))
        return llvm::createStringError(
            llvm::inconvertibleErrorCode(),
            "the loss became %s at epoch %lld, step %lld; lower the learning "
            "rate or check the data",
            std::isnan(loss) ? "NaN" : "infinite", (long long)epoch,
            (long long)stepIndex);
      if (trace)
        trace->recordStep(batchShape(model.inputs.front(), group.inputShape,
                                     batch),
                          xBatch.data(),
                          batchShape(model.output, group.targetShape, batch),
                          tBatch.data(), loss);
      if (stepsLeft)
        --*stepsLeft;
      // Report the mean loss per example whatever the reduction.
      lossSum += settings.lossIsSum ? double(loss) : double(loss) * batch;
      seen += batch;
      std::swap(params, nextParams);
      std::swap(state, nextState);
    }
    return seen ? lossSum / seen : 0.0;
  }

  /// `tensor`'s shape with `batch` examples: the group's extents when it
  /// has its own, else the signature's when they are static, else
  /// [batch, features].
  static std::vector<int64_t> batchShape(const lowering::TensorSignature &tensor,
                                         const std::vector<int64_t> &extents,
                                         int64_t batch) {
    if (!extents.empty()) {
      std::vector<int64_t> shape = {batch};
      shape.insert(shape.end(), extents.begin(), extents.end());
      return shape;
    }
    std::vector<int64_t> shape = tensor.shape;
    shape[0] = batch;
    for (size_t i = 1; i < shape.size(); ++i)
      if (shape[i] < 0)
        return {batch, ModelInterface::featuresPerExample(tensor)};
    return shape;
  }

  struct Metrics {
    double loss = 0;
    std::optional<double> accuracy; ///< for classification losses
  };

  /// Loss and accuracy of the current parameters on `set`, through
  /// @evaluate (the forward pass and the loss, no gradients).
  llvm::Expected<Metrics> evaluate(const std::vector<TrainingData> &groups) {
    double lossSum = 0;
    int64_t examples = 0, correct = 0, decisions = 0;
    for (const TrainingData &set : groups) {
      if (set.count == 0)
        continue;
      std::vector<float> prediction(set.count * set.targetWidth);
      float loss = 0;
      std::vector<const float *> args;
      for (const auto &arg : evaluator.lowered().arguments)
        args.push_back(arg.role == ArgRole::Param
                           ? params.data() + model.findParam(arg.name)->offset
                       : arg.role == ArgRole::Target ? set.targets.data()
                                                     : set.inputs.data());
      if (llvm::Error err = runOnGroup(evaluator, set, set.count, args,
                                       {&loss, prediction.data()}))
        return std::move(err);
      // Per example, as runEpoch reports it, whatever the reduction.
      lossSum += settings.lossIsSum ? double(loss) : double(loss) * set.count;
      examples += set.count;
      auto [right, total] = accuracy(set, prediction);
      correct += right;
      decisions += total;
    }
    Metrics metrics;
    metrics.loss = examples ? lossSum / examples : 0.0;
    if (settings.loss == "bce" || settings.loss == "bce_with_logits" ||
        settings.loss == "cross_entropy")
      metrics.accuracy = decisions ? double(correct) / decisions : 0.0;
    return metrics;
  }

private:
  /// One output: the prediction thresholded (at 0.5 for probabilities, 0
  /// for logits) against the target. Several: the class with the largest
  /// output along axis 1 against the target's, per position.
  /// Returns (correct decisions, decisions).
  std::pair<int64_t, int64_t> accuracy(const TrainingData &set,
                                       const std::vector<float> &prediction) const {
    const std::vector<float> &target = set.targets;
    std::vector<int64_t> shape = model.output.shape;
    if (!set.targetShape.empty()) {
      shape = {set.count};
      shape.insert(shape.end(), set.targetShape.begin(), set.targetShape.end());
    }
    int64_t width = set.targetWidth;
    if (width == 1) {
      float threshold = settings.loss == "bce" ? 0.5f : 0.0f;
      float targetThreshold = 0.5f;
      int64_t correct = 0;
      for (size_t i = 0; i < prediction.size(); ++i)
        correct += (prediction[i] >= threshold) == (target[i] >= targetThreshold);
      return {correct, static_cast<int64_t>(prediction.size())};
    }
    int64_t classes = shape.size() > 1 ? shape[1] : width;
    int64_t inner = width / classes; // positions per example (L for [N, C, L])
    int64_t groups = prediction.size() / classes;
    int64_t correct = 0;
    for (int64_t g = 0; g < groups; ++g) {
      int64_t example = g / inner, position = g % inner;
      const float *p = prediction.data() + example * width + position;
      const float *t = target.data() + example * width + position;
      int64_t best = 0, truth = 0;
      for (int64_t c = 1; c < classes; ++c) {
        if (p[c * inner] > p[best * inner])
          best = c;
        if (t[c * inner] > t[truth * inner])
          truth = c;
      }
      correct += best == truth;
    }
    return {correct, groups};
  }

  llvm::Error runStep(const TrainingData &group, int64_t batch, float *loss) {
    std::vector<const float *> args;
    std::vector<float *> results;
    model.bindStep(step.lowered(),
                   {xBatch.data(), tBatch.data(), params.data(), state.data(),
                    nextParams.data(), nextState.data(), loss},
                   args, results);
    return runOnGroup(step, group, batch, args, results);
  }

  const ModelInterface &model;
  const std::vector<TrainingData> &data;
  const TrainSettings &settings;
  JitFunction &step;
  JitFunction &evaluator;
  std::vector<float> params, nextParams, state, nextState, xBatch, tBatch;
  std::optional<int64_t> stepsLeft;
  StepTrace *trace = nullptr;
};

} // namespace

ExitCode runTrain(llvm::StringRef path, const TrainOptions &options) {
  Compilation c;
  if (auto code = c.load(path))
    return *code;
  if (!c.train()) {
    c.error(c.model().loc, "model '" + c.model().name +
                               "' has no train block: add `train " +
                               c.model().name + " { ... }` to train it");
    return ExitCode::InputError;
  }
  if (auto code = c.generate())
    return *code;
  if (auto code = c.buildTrainStep())
    return *code;
  std::optional<ModelInterface> model = ModelInterface::fromModule(c.module());
  std::optional<std::vector<TrainingData>> data = loadTrainingGroups(c, *model);
  if (!data)
    return ExitCode::InputError;
  TrainSettings settings = TrainSettings::fromAST(*c.train());
  std::optional<std::vector<TrainingData>> validation;
  if (settings.validation > 0) {
    if (settings.validation >= 1) {
      c.error(settings.validationLoc, "'validation' is the fraction of the "
                                      "examples held out; it must be below 1");
      return ExitCode::InputError;
    }
    validation = splitOffGroups(*data, settings.validation, settings.seed);
    if (exampleCount(*validation) == 0 || exampleCount(*data) == 0) {
      c.error(settings.validationLoc,
              "holding out " + llvm::Twine(std::to_string(settings.validation)) + " of " +
                  llvm::Twine(exampleCount(*data) + exampleCount(*validation)) +
                  " examples leaves no examples to train or to validate on");
      return ExitCode::InputError;
    }
  }
  if (options.epochs)
    settings.epochs = *options.epochs;
  if (options.seed)
    settings.seed = *options.seed;

  auto compileStart = std::chrono::steady_clock::now();
  std::optional<JitFunction> step = jitCompile(c, nn::kTrainStepFn);
  std::optional<JitFunction> evaluator = jitCompile(c, nn::kEvaluateFn);
  if (!step || !evaluator)
    return ExitCode::InternalError;
  double compileSeconds = std::chrono::duration<double>(
                              std::chrono::steady_clock::now() - compileStart)
                              .count();
  llvm::outs() << llvm::formatv(
      "netc: training '{0}' on {1} examples ({2} parameters), {3} epochs, "
      "batch {4}, seed {5}; compiled in {6:f2} s\n",
      model->name, exampleCount(*data), model->paramCount, settings.epochs,
      settings.batch, settings.seed, compileSeconds);

  std::unique_ptr<llvm::raw_fd_ostream> jsonLog;
  if (!options.logJsonPath.empty()) {
    std::error_code ec;
    jsonLog = std::make_unique<llvm::raw_fd_ostream>(options.logJsonPath, ec);
    if (ec) {
      llvm::WithColor::error(llvm::errs(), "netc")
          << "cannot write '" << options.logJsonPath << "': " << ec.message()
          << "\n";
      return ExitCode::OutputError;
    }
  }

  Trainer trainer(*model, *data, settings, *step, *evaluator);
  TrainingState progress;
  if (!options.resumePath.empty()) {
    if (llvm::Error err = loadCheckpoint(options.resumePath, *model, progress)) {
      llvm::WithColor::error(llvm::errs(), "netc") << toString(std::move(err))
                                                   << "\n";
      return ExitCode::InputError;
    }
    trainer.restore(progress);
    llvm::outs() << "netc: resuming after epoch " << progress.epoch << " from "
                 << options.resumePath << "\n";
  } else {
    trainer.initParameters(settings.seed);
    netc_rng_seed(&progress.shuffleRng, settings.seed + 1);
  }
  std::string savePath = options.savePath;
  if (savePath.empty()) {
    llvm::SmallString<256> next(llvm::sys::path::parent_path(path));
    llvm::sys::path::append(next, model->name + ".safetensors");
    savePath = std::string(next);
  }
  int64_t lastSaved = options.resumePath.empty() ? 0 : progress.epoch;
  std::optional<StepTrace> trace;
  if (!options.tracePath.empty())
    trace.emplace(options.tracePath);
  trainer.limitSteps(options.maxSteps, trace ? &*trace : nullptr);

  auto trainStart = std::chrono::steady_clock::now();
  double loss = 0;
  int64_t epochsRun = 0;
  for (int64_t epoch = progress.epoch + 1;
       epoch <= settings.epochs && !trainer.stepLimitReached(); ++epoch) {
    llvm::Expected<double> epochLoss =
        trainer.runEpoch(progress.shuffleRng, epoch);
    if (!epochLoss) {
      llvm::WithColor::error(llvm::errs(), "netc")
          << toString(epochLoss.takeError()) << "\n";
      if (lastSaved > 0)
        llvm::errs() << "netc: the last good checkpoint (epoch " << lastSaved
                     << ") is " << savePath << "\n";
      return ExitCode::TrainingDiverged;
    }
    loss = *epochLoss;
    llvm::json::Object record{{"epoch", epoch}, {"loss", loss}};
    std::string line = llvm::formatv("epoch {0,5}/{1}  loss {2:f6}", epoch,
                                     settings.epochs, loss);
    llvm::Expected<Trainer::Metrics> fit = trainer.evaluate(*data);
    llvm::Expected<Trainer::Metrics> held =
        validation ? trainer.evaluate(*validation)
                   : llvm::Expected<Trainer::Metrics>(Trainer::Metrics());
    if (!fit || !held) {
      llvm::WithColor::error(llvm::errs(), "netc")
          << toString(fit ? held.takeError() : fit.takeError()) << "\n";
      return ExitCode::InternalError;
    }
    if (fit->accuracy) {
      line += llvm::formatv("  train accuracy {0:f4}", *fit->accuracy).str();
      record["train_accuracy"] = *fit->accuracy;
    }
    if (validation) {
      line += llvm::formatv("  val loss {0:f6}", held->loss).str();
      record["val_loss"] = held->loss;
      if (held->accuracy) {
        line += llvm::formatv("  val accuracy {0:f4}", *held->accuracy).str();
        record["val_accuracy"] = *held->accuracy;
      }
    }
    llvm::outs() << line << "\n";
    if (jsonLog)
      *jsonLog << llvm::json::Value(std::move(record)) << "\n";

    progress.epoch = epoch;
    progress.params = trainer.parameters();
    progress.optimizer = trainer.optimizerState();
    if (llvm::Error err = saveCheckpoint(savePath, *model, progress)) {
      llvm::WithColor::error(llvm::errs(), "netc") << toString(std::move(err))
                                                   << "\n";
      return ExitCode::OutputError;
    }
    lastSaved = epoch;
    ++epochsRun;
  }
  double seconds = std::chrono::duration<double>(
                       std::chrono::steady_clock::now() - trainStart)
                       .count();
  if (trace)
    if (llvm::Error err = trace->write(*model, trainer.parameters())) {
      llvm::WithColor::error(llvm::errs(), "netc") << toString(std::move(err))
                                                   << "\n";
      return ExitCode::OutputError;
    }
  llvm::outs() << llvm::formatv("netc: final loss {0:f6} after {1} epochs "
                                "({2:f2} s); weights in {3}\n",
                                loss, epochsRun, seconds, savePath);
  return ExitCode::Success;
}

} // namespace netc::driver
