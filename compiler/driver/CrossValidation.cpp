//===- CrossValidation.cpp - `netc train --folds K` -----------------------===//
#include "compiler/driver/CrossValidation.h"

#include "compiler/driver/RunModel.h"
#include "compiler/driver/TrainingRun.h"

#include "netc_rng.h"

#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

#include <numeric>

namespace netc::driver {

std::vector<std::vector<int64_t>>
assignFolds(const std::vector<TrainingData> &groups, int64_t folds,
            uint64_t seed) {
  // A stream of its own: splitOffGroups draws from seed + 2.
  netc_rng rng;
  netc_rng_seed(&rng, seed + 3);
  std::vector<std::vector<int64_t>> assignment;
  int64_t dealt = 0;
  for (const TrainingData &group : groups) {
    std::vector<int64_t> order(group.count);
    std::iota(order.begin(), order.end(), 0);
    netc_rng_shuffle(&rng, order.data(), order.size());
    std::vector<int64_t> &fold = assignment.emplace_back(group.count);
    for (int64_t r : order)
      fold[r] = dealt++ % folds;
  }
  return assignment;
}

/// `group`'s examples at `rows`, in that order.
static TrainingData selectRows(const TrainingData &group,
                               const std::vector<int64_t> &rows) {
  TrainingData result = group;
  result.count = rows.size();
  gatherRows(group.inputs, group.inputWidth, rows, 0, result.count,
             result.inputs);
  gatherRows(group.targets, group.targetWidth, rows, 0, result.count,
             result.targets);
  result.ids.clear();
  result.indices.clear();
  if (!group.ids.empty())
    for (int64_t r : rows) {
      result.ids.push_back(group.ids[r]);
      result.indices.push_back(group.indices[r]);
    }
  return result;
}

std::vector<TrainingData>
selectFold(const std::vector<TrainingData> &groups,
           const std::vector<std::vector<int64_t>> &assignment, int64_t fold,
           bool held) {
  std::vector<TrainingData> result;
  for (size_t g = 0; g < groups.size(); ++g) {
    std::vector<int64_t> rows;
    for (int64_t r = 0; r < groups[g].count; ++r)
      if ((assignment[g][r] == fold) == held)
        rows.push_back(r);
    result.push_back(selectRows(groups[g], rows));
  }
  return result;
}

ExitCode runCrossValidation(llvm::StringRef path, const TrainOptions &options) {
  TrainingSetup setup;
  if (auto code = setup.load(path, singleValues(options.defines), options))
    return *code;
  int64_t k = *options.folds, examples = exampleCount(setup.data);
  if (k > examples) {
    llvm::WithColor::error(llvm::errs(), "netc")
        << "--folds " << k << ": there are only " << examples
        << " examples; use at most " << examples << " folds\n";
    return ExitCode::UsageError;
  }
  if (auto code = setup.compile())
    return *code;
  const TrainSettings &settings = setup.settings;
  llvm::outs() << llvm::formatv(
      "netc: {0}-fold cross-validation of {1}, seed {2}, on {3} examples; "
      "compiled in {4:f2} s\n",
      k, setup.describe(), settings.seed, examples, setup.compileSeconds);
  if (settings.validation > 0)
    llvm::outs() << "netc: each fold is held out in turn; the train block's "
                    "validation fraction is not used\n";

  std::vector<std::vector<int64_t>> assignment =
      assignFolds(setup.data, k, setup.splitSeed);
  std::string savePath = checkpointPath(path, setup.model->name, options);
  std::vector<MetricsAccumulator::Report> held;
  for (int64_t fold = 0; fold < k; ++fold) {
    std::vector<TrainingData> train =
        selectFold(setup.data, assignment, fold, false);
    std::vector<TrainingData> validation =
        selectFold(setup.data, assignment, fold, true);
    std::string label = llvm::formatv("fold {0}/{1}", fold + 1, k);
    RunOutcome outcome;
    if (auto code = trainAndSave(
            setup, train, validation, settings.seed, options.maxSteps, label,
            taggedCheckpoint(savePath, "fold" + std::to_string(fold + 1)),
            outcome))
      return *code;
    llvm::outs() << llvm::formatv("{0}  train {1}  val {2}  loss {3:f6}  ",
                                  label, exampleCount(train),
                                  exampleCount(validation), outcome.loss)
                 << formatMetrics(outcome.held, "val ") << "\n";
    llvm::outs().flush();
    held.push_back(outcome.held);
  }
  llvm::outs() << "cross-validation (" << k
               << " folds): " << formatSpread(held, "val ") << "\n";
  llvm::outs() << describeTaggedCheckpoints(savePath, "fold", k) << "\n";
  return ExitCode::Success;
}

} // namespace netc::driver
