//===- Ensemble.cpp - `netc train --ensemble K` ---------------------------===//
#include "compiler/driver/Ensemble.h"

#include "compiler/driver/RunModel.h"
#include "compiler/driver/TrainingRun.h"

#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace netc::driver {

/// The loss of one group as @evaluate returns it: the sum of the terms,
/// divided by their count under the mean reduction. The terms follow the
/// Halide lowering (compiler/lowering): bce clamps log at -100.
static double groupLoss(const TrainSettings &settings, int64_t classes,
                        const TrainingData &group, llvm::ArrayRef<float> p) {
  const std::vector<float> &t = group.targets;
  double sum = 0;
  int64_t terms = p.size();
  auto clampedLog = [](double x) { return std::max(std::log(x), -100.0); };
  if (settings.loss == "mse") {
    for (size_t i = 0; i < p.size(); ++i)
      sum += (double(p[i]) - t[i]) * (double(p[i]) - t[i]);
  } else if (settings.loss == "bce") {
    for (size_t i = 0; i < p.size(); ++i)
      sum -= t[i] * clampedLog(p[i]) + (1.0 - t[i]) * clampedLog(1.0 - p[i]);
  } else if (settings.loss == "bce_with_logits") {
    for (size_t i = 0; i < p.size(); ++i) {
      double v = p[i];
      sum += std::max(v, 0.0) - v * t[i] + std::log1p(std::exp(-std::abs(v)));
    }
  } else if (settings.loss == "cross_entropy") {
    // Each example is [classes, positions]; the softmax runs over classes.
    int64_t width = group.predictionWidth();
    int64_t positions = width / classes;
    terms = group.count * positions;
    for (int64_t e = 0; e < group.count; ++e)
      for (int64_t q = 0; q < positions; ++q) {
        auto at = [&](int64_t c) {
          return e * width + c * positions + q;
        };
        double largest = -std::numeric_limits<double>::infinity();
        for (int64_t c = 0; c < classes; ++c)
          largest = std::max(largest, double(p[at(c)]));
        double exps = 0;
        for (int64_t c = 0; c < classes; ++c)
          exps += std::exp(p[at(c)] - largest);
        double lse = largest + std::log(exps);
        if (group.outputWidth) // class-index targets: one per position
          sum += lse - p[at(static_cast<int64_t>(t[e * positions + q]))];
        else
          for (int64_t c = 0; c < classes; ++c)
            sum += t[at(c)] * (lse - p[at(c)]);
      }
  } else {
    return std::nan("");
  }
  return settings.lossIsSum || terms == 0 ? sum : sum / terms;
}

double lossOfPredictions(const TrainSettings &settings, int64_t classes,
                         const std::vector<TrainingData> &groups,
                         const std::vector<std::vector<float>> &predictions) {
  double total = 0;
  int64_t examples = 0;
  for (size_t g = 0; g < groups.size(); ++g) {
    if (groups[g].count == 0)
      continue;
    double loss = groupLoss(settings, classes, groups[g], predictions[g]);
    // Per example, as predictGroups reports @evaluate's loss.
    total += settings.lossIsSum ? loss : loss * groups[g].count;
    examples += groups[g].count;
  }
  return examples ? total / examples : 0.0;
}

ExitCode runEnsemble(llvm::StringRef path, const TrainOptions &options) {
  TrainingSetup setup;
  std::vector<TrainingData> validation;
  if (auto code = setup.load(path, singleValues(options.defines), options))
    return *code;
  if (setup.model->hasSeveralOutputs()) {
    // Averaging predictions and their loss assume one output (groupLoss).
    setup.compilation.error(setup.compilation.train()->loc,
                            "--ensemble averages one output; model '" +
                                setup.model->name + "' has " +
                                std::to_string(setup.model->outputs.size()));
    return ExitCode::UsageError;
  }
  if (setup.settings.validation <= 0) {
    const ast::Train &train = *setup.compilation.train();
    setup.compilation.error(
        train.loc, "--ensemble judges its members and their averaged "
                   "predictions on held-out examples: add a fraction to "
                   "hold out, `validation: 0.2`, to the train block of '" +
                       train.model + "'");
    return ExitCode::UsageError;
  }
  if (auto code = setup.holdOut(validation))
    return *code;
  if (auto code = setup.compile())
    return *code;
  const TrainSettings &settings = setup.settings;
  int64_t k = *options.ensemble;
  llvm::outs() << llvm::formatv(
      "netc: ensemble of {0} {7} of {1}, seeds {2}..{3}, on {4} examples, "
      "validated on {5}; compiled in {6:f2} s\n",
      k, setup.describe(), settings.seed, settings.seed + k - 1,
      exampleCount(setup.data), exampleCount(validation),
      setup.compileSeconds, k == 1 ? "model" : "models");

  std::string savePath = checkpointPath(path, setup.model->name, options);
  std::vector<MetricsAccumulator::Report> held;
  std::vector<std::vector<double>> sums(validation.size());
  for (size_t g = 0; g < validation.size(); ++g)
    sums[g].assign(validation[g].count * validation[g].predictionWidth(), 0.0);
  for (int64_t member = 0; member < k; ++member) {
    uint64_t seed = settings.seed + member;
    std::string label = llvm::formatv("member {0}/{1}", member + 1, k);
    RunOutcome outcome;
    if (auto code = trainAndSave(
            setup, setup.data, validation, seed, options.maxSteps, label,
            taggedCheckpoint(savePath, "member" + std::to_string(member + 1)),
            outcome))
      return *code;
    llvm::outs() << llvm::formatv("{0}  seed {1}  loss {2:f6}  ", label, seed,
                                  outcome.loss)
                 << formatMetrics(outcome.held, "val ") << "\n";
    llvm::outs().flush();
    held.push_back(outcome.held);
    for (size_t g = 0; g < validation.size(); ++g)
      for (size_t i = 0; i < sums[g].size(); ++i)
        sums[g][i] += outcome.predictions.byGroup[g][i];
  }

  std::vector<std::vector<float>> averaged(validation.size());
  for (size_t g = 0; g < validation.size(); ++g)
    for (double sum : sums[g])
      averaged[g].push_back(static_cast<float>(sum / k));
  double loss = lossOfPredictions(settings, setup.model->classCount(),
                                  validation, averaged);
  MetricsAccumulator::Report ensemble =
      judgePredictions(*setup.model, settings, validation, averaged, loss);
  llvm::outs() << "members (" << k << "): " << formatSpread(held, "val ")
               << "\n";
  llvm::outs() << "ensemble (averaged predictions): "
               << formatMetrics(ensemble, "val ") << "\n";
  llvm::outs() << describeTaggedCheckpoints(savePath, "member", k) << "\n";
  return ExitCode::Success;
}

} // namespace netc::driver
