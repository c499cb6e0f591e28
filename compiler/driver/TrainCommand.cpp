//===- TrainCommand.cpp - `netc train` ------------------------------------===//
//
// 1. Compile: @train_step and @evaluate, JIT-compiled for this machine.
// 2. Data: the train block's source, checked against the model; a seeded
//    `validation:` fraction held out.
// 3. Parameters: PyTorch's default init from the seed, or a checkpoint.
// 4. Each epoch (Trainer.h): the steps, with a progress bar on a terminal;
//    then one line of loss and metrics (Metrics.h) on the training and the
//    validation set, the checkpoint, and the curves (CurvePlot.h). A
//    NaN/Inf loss stops training with the epoch and step.
//
//===----------------------------------------------------------------------===//
#include "compiler/codegen/ModelInterface.h"
#include "compiler/dialect/NNDialect.h"
#include "compiler/driver/Checkpoint.h"
#include "compiler/driver/Commands.h"
#include "compiler/driver/CrossValidation.h"
#include "compiler/driver/CurvePlot.h"
#include "compiler/driver/Ensemble.h"
#include "compiler/driver/Frontend.h"
#include "compiler/driver/HyperparameterGrid.h"
#include "compiler/driver/ProgressBar.h"
#include "compiler/driver/RunModel.h"
#include "compiler/driver/SequenceData.h"
#include "compiler/driver/StepTrace.h"
#include "compiler/driver/TrainSettings.h"
#include "compiler/driver/Trainer.h"
#include "compiler/driver/TrainingData.h"
#include "compiler/driver/TrainingRun.h"

#include "netc_rng.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

#include <chrono>
#include <cmath>

using netc::codegen::ModelInterface;
using netc::lowering::JitFunction;

namespace netc::driver {
namespace {

using Report = MetricsAccumulator::Report;

/// The epoch's values of every curve, in the order the plot draws them.
struct History {
  std::vector<double> trainLoss, valLoss, trainMetric, valMetric;
  std::string metricName;

  void add(double epochLoss, const Report &fit, const std::optional<Report> &held) {
    trainLoss.push_back(epochLoss);
    if (held)
      valLoss.push_back(held->loss);
    auto [name, train] = headline(fit);
    if (!name.empty()) {
      metricName = name;
      trainMetric.push_back(train);
      if (held)
        valMetric.push_back(headline(*held).second);
    }
  }

  std::vector<CurvePanel> panels() const {
    std::vector<CurvePanel> result{{"loss", {{"train (epoch mean)", trainLoss}}}};
    if (!valLoss.empty())
      result[0].series.push_back({"validation", valLoss});
    if (!metricName.empty()) {
      result.push_back({metricName, {{"train", trainMetric}}});
      if (!valMetric.empty())
        result.back().series.push_back({"validation", valMetric});
    }
    return result;
  }

private:
  /// The metric worth a panel: accuracy, else Pearson's r.
  static std::pair<std::string, double> headline(const Report &r) {
    if (r.accuracy)
      return {"accuracy", *r.accuracy};
    if (r.pearson)
      return {"pearson r", *r.pearson};
    return {"", 0};
  }
};

void addMetrics(llvm::json::Object &record, const Report &r,
                llvm::StringRef prefix) {
  auto add = [&](llvm::StringRef name, const std::optional<double> &v) {
    if (v)
      record[(prefix + name).str()] = *v;
  };
  add("accuracy", r.accuracy);
  add("auc", r.auc);
  add("pearson", r.pearson);
  add("spearman", r.spearman);
}

std::string withExtension(const std::string &path, llvm::StringRef ext) {
  llvm::SmallString<256> result(path);
  llvm::sys::path::replace_extension(result, ext);
  return std::string(result);
}

} // namespace

/// A -D name with several values asks for a grid.
static bool hasGrid(const TrainOptions &options) {
  return llvm::any_of(options.defines,
                      [](const auto &d) { return d.second.size() > 1; });
}

/// The multi-run mode `options` asks for ("--folds", "--ensemble", "a -D
/// grid"), or "" for a plain run.
static llvm::StringRef multiRunMode(const TrainOptions &options) {
  if (options.folds)
    return "--folds";
  if (options.ensemble)
    return "--ensemble";
  return hasGrid(options) ? "a -D grid" : "";
}

/// Usage errors of the options alone, before anything is read.
static std::optional<ExitCode> checkMultiRunOptions(const TrainOptions &options) {
  auto usage = [](const llvm::Twine &message) {
    llvm::WithColor::error(llvm::errs(), "netc") << message << "\n";
    return ExitCode::UsageError;
  };
  if (options.maxSteps && *options.maxSteps < 0)
    return usage("--max-steps " + llvm::Twine(*options.maxSteps) +
                 ": the number of steps must be 0 or more");
  if (options.folds && *options.folds < 2)
    return usage("--folds " + llvm::Twine(*options.folds) +
                 ": cross-validation needs at least 2 folds");
  if (options.ensemble && *options.ensemble < 1)
    return usage("--ensemble " + llvm::Twine(*options.ensemble) +
                 ": an ensemble needs at least 1 model");
  llvm::StringRef mode = multiRunMode(options);
  if (mode.empty())
    return std::nullopt;
  if (options.folds.has_value() + options.ensemble.has_value() +
          hasGrid(options) >
      1)
    return usage("--folds, --ensemble and a -D grid each train their own "
                 "set of models; give one of them");
  // These follow one run epoch by epoch.
  for (auto [given, flag] :
       {std::pair{!options.resumePath.empty(), "--resume"},
        std::pair{!options.tracePath.empty(), "--trace"},
        std::pair{!options.logJsonPath.empty(), "--log-json"}})
    if (given)
      return usage(llvm::Twine(flag) + " follows a single run; it cannot be "
                   "combined with " + mode);
  return std::nullopt;
}

ExitCode runTrain(llvm::StringRef path, const TrainOptions &options) {
  if (auto code = checkMultiRunOptions(options))
    return *code;
  if (options.folds)
    return runCrossValidation(path, options);
  if (options.ensemble)
    return runEnsemble(path, options);
  if (hasGrid(options))
    return runGrid(path, options);

  TrainingSetup setup;
  std::vector<TrainingData> heldOut;
  if (auto code = setup.load(path, singleValues(options.defines), options))
    return *code;
  if (auto code = setup.holdOut(heldOut))
    return *code;
  if (auto code = setup.compile())
    return *code;
  const std::optional<ModelInterface> &model = setup.model;
  const TrainSettings &settings = setup.settings;
  std::vector<TrainingData> *data = &setup.data;
  std::optional<std::vector<TrainingData>> validation;
  if (!heldOut.empty())
    validation = std::move(heldOut);
  llvm::outs() << llvm::formatv(
      "netc: training '{0}' on {1} examples ({2} parameters), {3} epochs, "
      "batch {4}, seed {5}; compiled in {6:f2} s{7}\n",
      model->name, exampleCount(*data), model->paramCount, settings.epochs,
      settings.batch, settings.seed, setup.compileSeconds,
      setup.fromCache ? " (from the pipeline cache)" : "");

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

  Trainer trainer(*model, *data, settings, *setup.step, *setup.evaluator);
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
  std::string savePath = checkpointPath(path, model->name, options);
  int64_t lastSaved = options.resumePath.empty() ? 0 : progress.epoch;
  // The trainer's weights and optimizer state, saved atomically as
  // `progress.epoch`'s checkpoint.
  auto saveProgress = [&]() -> bool {
    progress.params = trainer.parameters();
    progress.optimizer = trainer.optimizerState();
    if (llvm::Error err = saveCheckpoint(savePath, *model, progress)) {
      llvm::WithColor::error(llvm::errs(), "netc") << toString(std::move(err))
                                                   << "\n";
      return false;
    }
    return true;
  };
  std::optional<StepTrace> trace;
  if (!options.tracePath.empty())
    trace.emplace(options.tracePath);
  trainer.limitSteps(options.maxSteps, trace ? &*trace : nullptr);

  std::string curvesPath = withExtension(savePath, "svg");
  ProgressBar bar(llvm::outs(), options.progress && llvm::outs().is_displayed(),
                  settings.epochs);
  History history;
  std::optional<Report> lastHeld;

  auto trainStart = std::chrono::steady_clock::now();
  double loss = 0;
  int64_t epochsRun = 0;
  for (int64_t epoch = progress.epoch + 1;
       epoch <= settings.epochs && !trainer.stepLimitReached(); ++epoch) {
    bar.startEpoch(epoch);
    llvm::Expected<double> epochLoss = trainer.runEpoch(
        progress.shuffleRng, epoch,
        [&](int64_t step, int64_t steps, int64_t seen, double meanLoss) {
          bar.update(step, steps, seen, meanLoss);
        });
    bar.clear();
    if (!epochLoss) {
      llvm::WithColor::error(llvm::errs(), "netc")
          << toString(epochLoss.takeError()) << "\n";
      if (lastSaved > 0)
        llvm::errs() << "netc: the last good checkpoint (epoch " << lastSaved
                     << ") is " << savePath << "\n";
      return ExitCode::TrainingDiverged;
    }
    loss = *epochLoss;
    llvm::Expected<Report> fit = trainer.epochReport();
    llvm::Expected<Report> held =
        validation ? trainer.evaluate(*validation) : llvm::Expected<Report>(Report());
    if (!fit || !held) {
      llvm::WithColor::error(llvm::errs(), "netc")
          << toString(fit ? held.takeError() : fit.takeError()) << "\n";
      return ExitCode::InternalError;
    }
    // The training loss and metrics are those of the epoch's steps (they
    // move within the epoch, Trainer::epochReport); the validation ones
    // are of the weights at its end.
    Report trainReport = *fit;
    trainReport.loss = loss;
    std::string line = llvm::formatv("epoch {0,5}/{1}  ", epoch, settings.epochs);
    line += formatMetrics(trainReport, "");
    llvm::json::Object record{{"epoch", epoch}, {"loss", loss}};
    addMetrics(record, *fit, "train_");
    if (validation) {
      line += "  " + formatMetrics(*held, "val ");
      record["val_loss"] = held->loss;
      addMetrics(record, *held, "val_");
      lastHeld = *held;
    }
    if (settings.schedule.scheduled()) {
      double lr = settings.schedule.at(epoch - 1);
      line += llvm::formatv("  lr {0}", llvm::format("%.6g", lr)).str();
      record["lr"] = lr;
    }
    llvm::outs() << line << "\n";
    if (jsonLog) {
      *jsonLog << llvm::json::Value(std::move(record)) << "\n";
      jsonLog->flush();
    }
    history.add(loss, *fit, validation ? std::optional<Report>(*held)
                                       : std::nullopt);

    progress.epoch = epoch;
    if (!saveProgress())
      return ExitCode::OutputError;
    lastSaved = epoch;
    ++epochsRun;
    if (llvm::Error err = writeCurves(curvesPath, "netc train " + model->name,
                                      history.panels())) {
      llvm::WithColor::error(llvm::errs(), "netc") << toString(std::move(err))
                                                   << "\n";
      return ExitCode::OutputError;
    }
  }
  double seconds = std::chrono::duration<double>(
                       std::chrono::steady_clock::now() - trainStart)
                       .count();
  // No epoch ran (--max-steps 0, or a resumed run already past its last
  // epoch): the checkpoint is the weights training would have started
  // from, so the file the message names exists. With 0 steps these are
  // the seeded initial weights, the same as `netc build` ships.
  if (epochsRun == 0 && !saveProgress())
    return ExitCode::OutputError;
  if (trace)
    if (llvm::Error err = trace->write(*model, trainer.parameters())) {
      llvm::WithColor::error(llvm::errs(), "netc") << toString(std::move(err))
                                                   << "\n";
      return ExitCode::OutputError;
    }
  if (lastHeld && lastHeld->confusion && lastHeld->confusion->classes() > 2) {
    llvm::outs() << "validation set, by class:\n";
    printClassBreakdown(
        llvm::outs(), *lastHeld->confusion,
        targetClassNames(*settings.data, lastHeld->confusion->classes()));
  }
  if (epochsRun == 0 && options.resumePath.empty())
    llvm::outs() << "netc: no training steps run; initial weights (seed "
                 << settings.seed << ") in " << savePath << "\n";
  else if (epochsRun == 0)
    llvm::outs() << "netc: no training steps run; the weights of epoch "
                 << progress.epoch << " in " << savePath << "\n";
  else
    llvm::outs() << llvm::formatv("netc: final loss {0:f6} after {1} epochs "
                                  "({2:f2} s); weights in {3}, curves in {4}\n",
                                  loss, epochsRun, seconds, savePath,
                                  curvesPath);
  return ExitCode::Success;
}

} // namespace netc::driver
