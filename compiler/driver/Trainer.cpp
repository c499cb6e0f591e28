//===- Trainer.cpp - The training loop of `netc train` --------------------===//
#include "compiler/driver/Trainer.h"

#include "compiler/driver/RunModel.h"
#include "compiler/dialect/NNDialect.h"

#include "llvm/Support/FormatVariadic.h"

#include <cmath>
#include <numeric>
#include <utility>

using netc::codegen::ModelInterface;
using netc::lowering::ArgRole;
using netc::lowering::JitFunction;

namespace netc::driver {

/// Moves a seeded random `fraction` of `data`'s examples into the returned
/// validation set, the same ones for every run with this seed.
static TrainingData splitOff(TrainingData &data, double fraction, uint64_t seed) {
  std::vector<int64_t> order(data.count);
  std::iota(order.begin(), order.end(), 0);
  netc_rng rng;
  netc_rng_seed(&rng, seed + 2);
  netc_rng_shuffle(&rng, order.data(), order.size());
  int64_t held = static_cast<int64_t>(fraction * data.count);
  // The examples leave `data` before it is copied for the rest (shapes,
  // widths, names): LeNet's 190 MB of images were copied twice, only to
  // be overwritten.
  std::vector<float> inputs = std::exchange(data.inputs, {});
  std::vector<float> targets = std::exchange(data.targets, {});
  std::vector<std::string> ids = std::exchange(data.ids, {});
  std::vector<int64_t> indices = std::exchange(data.indices, {});
  TrainingData train = data, validation = data;
  gatherRows(inputs, data.inputWidth, order, 0, data.count - held,
             train.inputs);
  gatherRows(targets, data.targetWidth, order, 0, data.count - held,
             train.targets);
  gatherRows(inputs, data.inputWidth, order, data.count - held, held,
             validation.inputs);
  gatherRows(targets, data.targetWidth, order, data.count - held, held,
             validation.targets);
  for (int64_t r = 0; r < int64_t(ids.size()); ++r) {
    TrainingData &into = r < data.count - held ? train : validation;
    into.ids.push_back(ids[order[r]]);
    into.indices.push_back(indices[order[r]]);
  }
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


MetricsAccumulator metricsFor(const ModelInterface &model,
                              const TrainSettings &settings) {
  int64_t classes = model.classCount();
  return MetricsAccumulator(taskFor(settings.loss, classes), classes,
                            settings.loss == "bce_with_logits",
                            model.hasIndexTargets());
}

/// Examples per call of the evaluation function.
constexpr int64_t kEvaluationChunk = 256;

llvm::Expected<GroupPredictions>
predictGroups(const ModelInterface &model, const TrainSettings &settings,
              JitFunction &evaluator, const std::vector<float> &params,
              const std::vector<TrainingData> &groups) {
  GroupPredictions result;
  double lossSum = 0;
  int64_t examples = 0;
  // Several outputs: each group's predictions hold every output's block
  // ([count, features of output k]) one after the other.
  std::vector<int64_t> widths;
  if (model.hasSeveralOutputs())
    for (const lowering::TensorSignature &out : model.outputs)
      widths.push_back(ModelInterface::featuresPerExample(out));
  for (const TrainingData &set : groups) {
    int64_t width = set.predictionWidth();
    if (!widths.empty())
      width = std::accumulate(widths.begin(), widths.end(), int64_t(0));
    std::vector<float> &prediction =
        result.byGroup.emplace_back(set.count * width);
    if (set.count == 0)
      continue;
    // In chunks of kEvaluationChunk examples: one call over a whole
    // validation set (6,000 LeNet images) made every intermediate buffer
    // that many examples deep, hundreds of MB to page in, more than the
    // training epoch's own steps took.
    for (int64_t start = 0; start < set.count; start += kEvaluationChunk) {
      int64_t count = std::min(kEvaluationChunk, set.count - start);
      float loss = 0;
      std::vector<float *> results = {&loss};
      if (widths.empty())
        results.push_back(prediction.data() + start * width);
      for (int64_t k = 0, block = 0; k < int64_t(widths.size()); ++k) {
        results.push_back(prediction.data() + block + start * widths[k]);
        block += set.count * widths[k]; // output k's block, then the next
      }
      std::vector<const float *> args;
      for (const auto &arg : evaluator.lowered().arguments)
        args.push_back(
            arg.role == ArgRole::Param
                ? params.data() + model.findParam(arg.name)->offset
            : arg.role == ArgRole::Target
                ? set.targets.data() + start * set.targetWidth
                : set.inputs.data() + start * set.inputWidth);
      if (llvm::Error err = runOnGroup(evaluator, set, count, args, results))
        return std::move(err);
      // Per example, as runEpoch reports it, whatever the reduction.
      lossSum += settings.lossIsSum ? double(loss) : double(loss) * count;
      examples += count;
    }
  }
  result.loss = examples ? lossSum / examples : 0.0;
  return result;
}

/// Several outputs: each output judged by its own loss (Metrics.h) on its
/// block of the predictions (predictGroups) and its columns of the target
/// rows (declaration order; one column for class indices).
static MetricsAccumulator::Report
judgeOutputs(const ModelInterface &model, const TrainSettings &settings,
             const std::vector<TrainingData> &groups,
             const std::vector<std::vector<float>> &predictions, double loss) {
  MetricsAccumulator::Report report;
  report.loss = loss;
  int64_t column = 0, block = 0;
  for (size_t k = 0;
       k < model.outputs.size() && k < settings.outputLosses.size(); ++k) {
    const OutputLoss &term = settings.outputLosses[k];
    const lowering::TensorSignature &out = model.outputs[k];
    int64_t width = ModelInterface::featuresPerExample(out);
    int64_t classes = out.shape.size() > 1 && out.shape[1] > 0
                          ? out.shape[1]
                          : width;
    int64_t columns = term.indexTargets ? width / classes : width;
    MetricsAccumulator metrics(taskFor(term.kind, classes), classes,
                               term.kind == "bce_with_logits",
                               term.indexTargets);
    for (size_t g = 0; g < groups.size(); ++g) {
      const TrainingData &group = groups[g];
      if (!group.count)
        continue;
      std::vector<float> targets;
      for (int64_t e = 0; e < group.count; ++e) {
        const float *row = group.targets.data() + e * group.targetWidth;
        targets.insert(targets.end(), row + column, row + column + columns);
      }
      llvm::ArrayRef<float> all = predictions[g];
      metrics.add(all.slice(block * group.count, width * group.count),
                  targets, group.count, width);
    }
    MetricsAccumulator::Report own = metrics.report();
    report.outputs.push_back(
        {out.name, own.accuracy, own.auc, own.pearson, own.spearman});
    column += columns;
    block += width;
  }
  return report;
}

MetricsAccumulator::Report
judgePredictions(const ModelInterface &model, const TrainSettings &settings,
                 const std::vector<TrainingData> &groups,
                 const std::vector<std::vector<float>> &predictions,
                 double loss) {
  if (model.hasSeveralOutputs())
    return judgeOutputs(model, settings, groups, predictions, loss);
  MetricsAccumulator metrics = metricsFor(model, settings);
  for (size_t g = 0; g < groups.size(); ++g)
    if (groups[g].count)
      metrics.add(predictions[g], groups[g].targets, groups[g].count,
                  groups[g].predictionWidth());
  MetricsAccumulator::Report report = metrics.report();
  report.loss = loss;
  return report;
}

llvm::Expected<MetricsAccumulator::Report>
evaluateModel(const ModelInterface &model, const TrainSettings &settings,
              JitFunction &evaluator, const std::vector<float> &params,
              const std::vector<TrainingData> &groups) {
  llvm::Expected<GroupPredictions> predicted =
      predictGroups(model, settings, evaluator, params, groups);
  if (!predicted)
    return predicted.takeError();
  return judgePredictions(model, settings, groups, predicted->byGroup,
                          predicted->loss);
}

void Trainer::initParameters(uint64_t seed) {
  netc_rng rng;
  netc_rng_seed(&rng, seed);
  params.assign(model.paramCount, 0.0f);
  for (const codegen::ParameterSlot &slot : model.params)
    netc_init_parameter(&rng, slot.init, slot.fanIn, slot.fanOut,
                        slot.initArgs, params.data() + slot.offset,
                        slot.count);
  nextParams = params;
  // Optimizer state (momentum, Adam's moments and step) starts at zero.
  state.assign(model.stateCount, 0.0f);
  nextState = state;
}

void Trainer::restore(const TrainingState &saved) {
  params = nextParams = saved.params;
  state = nextState = saved.optimizer;
}

void Trainer::limitSteps(std::optional<int64_t> steps, StepTrace *stepTrace) {
  stepsLeft = steps;
  trace = stepTrace;
  if (trace)
    trace->recordInitial(params);
}

int64_t Trainer::stepsPerEpoch() const {
  int64_t steps = 0;
  for (const TrainingData &group : data)
    steps += (group.count + settings.batch - 1) / settings.batch;
  return steps;
}

namespace {
/// `tensor`'s shape with `batch` examples: the group's extents when it
/// has its own, else the signature's when they are static, else
/// [batch, features].
std::vector<int64_t> batchShape(const lowering::TensorSignature &tensor,
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
} // namespace

/// One epoch; returns the mean loss over examples, or an error.
llvm::Expected<double> Trainer::runEpoch(netc_rng &rng, int64_t epoch,
                                         const StepObserver &observer) {
  // A learning-rate schedule reads the epoch, from 0, from its state slot;
  // @train_step passes the slot through, so every step of the epoch sees it.
  if (const codegen::ParameterSlot *slot = model.findState(nn::kEpochState))
    state[slot->offset] = float(epoch - 1);
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

  bool judging = stepReturnsPredictions();
  epochJudged = false;
  epochPredictions.assign(judging ? data.size() : 0, {});
  for (size_t g = 0; g < epochPredictions.size(); ++g) {
    std::vector<int64_t> widths = predictionWidths(data[g]);
    epochPredictions[g].assign(
        data[g].count * std::accumulate(widths.begin(), widths.end(),
                                        int64_t(0)),
        0.0f);
  }

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
    if (judging) {
      // Output k's block of the group's predictions, then the next; runStep
      // sized each batch array to batch x output k's width.
      float *block = epochPredictions[batches[b].group].data();
      for (const std::vector<float> &rows : predictionBatches) {
        int64_t width = int64_t(rows.size()) / batch;
        scatterRows(rows.data(), width, order, begin, batch, block);
        block += group.count * width;
      }
    }
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
                        batchShape(model.target, group.targetShape, batch),
                        tBatch.data(), loss);
    if (stepsLeft)
      --*stepsLeft;
    // Report the mean loss per example whatever the reduction.
    lossSum += settings.lossIsSum ? double(loss) : double(loss) * batch;
    seen += batch;
    std::swap(params, nextParams);
    std::swap(state, nextState);
    if (observer)
      observer(stepIndex, int64_t(batches.size()), seen, lossSum / seen);
  }
  epochJudged = judging && stepIndex == int64_t(batches.size());
  epochLoss = seen ? lossSum / seen : 0.0;
  return epochLoss;
}

llvm::Expected<MetricsAccumulator::Report> Trainer::epochReport() {
  if (!epochJudged)
    return evaluate(data);
  return judgePredictions(model, settings, data, epochPredictions, epochLoss);
}

bool Trainer::stepReturnsPredictions() const {
  return llvm::any_of(step.lowered().results,
                      [](const lowering::TensorSignature &result) {
                        return llvm::StringRef(result.name)
                            .starts_with("prediction_");
                      });
}

std::vector<int64_t>
Trainer::predictionWidths(const TrainingData &group) const {
  if (!model.hasSeveralOutputs())
    return {group.predictionWidth()};
  std::vector<int64_t> widths;
  for (const lowering::TensorSignature &out : model.outputs)
    widths.push_back(ModelInterface::featuresPerExample(out));
  return widths;
}

llvm::Error Trainer::runStep(const TrainingData &group, int64_t batch, float *loss) {
  std::vector<float *> predictions;
  if (stepReturnsPredictions()) {
    std::vector<int64_t> widths = predictionWidths(group);
    predictionBatches.resize(widths.size());
    for (size_t k = 0; k < widths.size(); ++k) {
      predictionBatches[k].resize(batch * widths[k]);
      predictions.push_back(predictionBatches[k].data());
    }
  }
  std::vector<const float *> args;
  std::vector<float *> results;
  model.bindStep(step.lowered(),
                 {xBatch.data(), tBatch.data(), params.data(), state.data(),
                  nextParams.data(), nextState.data(), loss, predictions},
                 args, results);
  return runOnGroup(step, group, batch, args, results);
}

} // namespace netc::driver
