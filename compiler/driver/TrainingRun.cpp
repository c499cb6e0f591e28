//===- TrainingRun.cpp - One model compiled, trained many times -----------===//
#include "compiler/driver/TrainingRun.h"

#include "compiler/dialect/NNDialect.h"
#include "compiler/driver/RunModel.h"
#include "compiler/driver/Trainer.h"

#include "netc_rng.h"

#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

#include <chrono>
#include <cmath>

namespace netc::driver {

using Report = MetricsAccumulator::Report;

std::optional<ExitCode> TrainingSetup::load(llvm::StringRef path,
                                            const Overrides &overrides,
                                            const TrainOptions &options) {
  Compilation &c = compilation;
  if (auto code = c.load(path, "", overrides))
    return code;
  if (!c.train()) {
    c.error(c.model().loc, "model '" + c.model().name +
                               "' has no train block: add `train " +
                               c.model().name + " { ... }` to train it");
    return ExitCode::InputError;
  }
  if (auto code = c.generate())
    return code;
  // The step's forward outputs judge each epoch (Trainer::epochReport).
  if (auto code = c.buildTrainStep(/*withPredictions=*/true))
    return code;
  model = codegen::ModelInterface::fromModule(c.module());
  std::optional<std::vector<TrainingData>> groups = loadTrainingGroups(c, *model);
  if (!groups)
    return ExitCode::InputError;
  data = std::move(*groups);
  settings = TrainSettings::fromAST(*c.train());
  splitSeed = settings.seed;
  if (options.epochs)
    settings.epochs = *options.epochs;
  if (options.seed)
    settings.seed = *options.seed;
  return std::nullopt;
}

std::optional<ExitCode>
TrainingSetup::holdOut(std::vector<TrainingData> &validation) {
  validation.clear();
  // In [0, 1): the catalog's Fraction, checked when the file is bound.
  if (settings.validation <= 0)
    return std::nullopt;
  validation = splitOffGroups(data, settings.validation, splitSeed);
  if (exampleCount(validation) == 0 || exampleCount(data) == 0) {
    compilation.error(
        settings.validationLoc,
        "holding out " + llvm::Twine(std::to_string(settings.validation)) +
            " of " +
            llvm::Twine(exampleCount(data) + exampleCount(validation)) +
            " examples leaves no examples to train or to validate on");
    return ExitCode::InputError;
  }
  return std::nullopt;
}

std::optional<ExitCode> TrainingSetup::compile() {
  std::optional<Halide::Target> target = jitTargetOrError();
  if (!target)
    return ExitCode::UsageError;
  auto start = std::chrono::steady_clock::now();
  auto compiled =
      jitCompileAll(compilation, {nn::kTrainStepFn, nn::kEvaluateFn}, *target);
  step = std::move(compiled[0]);
  evaluator = std::move(compiled[1]);
  if (!step || !evaluator)
    return ExitCode::InternalError;
  fromCache = step->fromCache() && evaluator->fromCache();
  compileSeconds = std::chrono::duration<double>(
                       std::chrono::steady_clock::now() - start)
                       .count();
  return std::nullopt;
}

std::string TrainingSetup::describe() const {
  return llvm::formatv("'{0}' ({1} parameters), {2} epochs, batch {3}",
                       model->name, model->paramCount, settings.epochs,
                       settings.batch);
}

std::optional<ExitCode> trainQuietly(TrainingSetup &setup,
                                     const std::vector<TrainingData> &train,
                                     const std::vector<TrainingData> &validation,
                                     uint64_t seed,
                                     std::optional<int64_t> maxSteps,
                                     llvm::StringRef label, RunOutcome &out) {
  auto fail = [&](llvm::Error err, ExitCode code) {
    llvm::WithColor::error(llvm::errs(), "netc")
        << label << ": " << toString(std::move(err)) << "\n";
    return code;
  };
  Trainer trainer(*setup.model, train, setup.settings, *setup.step,
                  *setup.evaluator);
  trainer.initParameters(seed);
  trainer.limitSteps(maxSteps, nullptr);
  netc_rng_seed(&out.state.shuffleRng, seed + 1);
  out.loss = 0;
  out.state.epoch = 0;
  out.divergence.clear();
  for (int64_t epoch = 1;
       epoch <= setup.settings.epochs && !trainer.stepLimitReached(); ++epoch) {
    llvm::Expected<double> loss = trainer.runEpoch(out.state.shuffleRng, epoch);
    if (!loss) {
      out.divergence = toString(loss.takeError());
      return ExitCode::TrainingDiverged;
    }
    out.loss = *loss;
    out.state.epoch = epoch;
  }
  llvm::Expected<GroupPredictions> predicted =
      predictGroups(*setup.model, setup.settings, *setup.evaluator,
                    trainer.parameters(), validation);
  if (!predicted)
    return fail(predicted.takeError(), ExitCode::InternalError);
  out.predictions = std::move(*predicted);
  out.held = judgePredictions(*setup.model, setup.settings, validation,
                              out.predictions.byGroup, out.predictions.loss);
  out.state.params = trainer.parameters();
  out.state.optimizer = trainer.optimizerState();
  return std::nullopt;
}

std::string checkpointPath(llvm::StringRef netPath, llvm::StringRef modelName,
                           const TrainOptions &options) {
  if (!options.savePath.empty())
    return options.savePath;
  llvm::SmallString<256> path(llvm::sys::path::parent_path(netPath));
  llvm::sys::path::append(path, modelName + ".safetensors");
  return std::string(path);
}

std::optional<ExitCode> trainAndSave(TrainingSetup &setup,
                                     const std::vector<TrainingData> &train,
                                     const std::vector<TrainingData> &validation,
                                     uint64_t seed,
                                     std::optional<int64_t> maxSteps,
                                     llvm::StringRef label,
                                     const std::string &checkpoint,
                                     RunOutcome &out) {
  if (auto code = trainQuietly(setup, train, validation, seed, maxSteps, label,
                               out)) {
    if (!out.divergence.empty())
      llvm::WithColor::error(llvm::errs(), "netc")
          << label << ": " << out.divergence << "\n";
    return *code;
  }
  if (llvm::Error err = saveCheckpoint(checkpoint, *setup.model, out.state)) {
    llvm::WithColor::error(llvm::errs(), "netc") << toString(std::move(err))
                                                 << "\n";
    return ExitCode::OutputError;
  }
  return std::nullopt;
}

std::string taggedCheckpoint(llvm::StringRef base, llvm::StringRef tag) {
  llvm::StringRef stem = base;
  stem.consume_back(".safetensors");
  return (stem + "." + tag + ".safetensors").str();
}

std::string describeTaggedCheckpoints(llvm::StringRef base, llvm::StringRef tag,
                                      int64_t count) {
  std::string text = "netc: weights in " + taggedCheckpoint(base, (tag + "1").str());
  if (count > 1)
    text += " ... " + taggedCheckpoint(base, (tag + llvm::Twine(count)).str());
  return text;
}

namespace {

/// Each optional value of a report, by name, in formatMetrics' order.
struct MetricField {
  const char *name;
  std::optional<double> Report::*member;
};
constexpr MetricField kFields[] = {
    {"accuracy", &Report::accuracy},
    {"auc", &Report::auc},
    {"pearson", &Report::pearson},
    {"spearman", &Report::spearman},
};

/// The values of `field` in every report, or nothing if one lacks it.
std::optional<std::vector<double>> valuesOf(llvm::ArrayRef<Report> reports,
                                            std::optional<double> Report::*field) {
  std::vector<double> values;
  for (const Report &r : reports) {
    if (!(r.*field))
      return std::nullopt;
    values.push_back(*(r.*field));
  }
  return values;
}

double mean(llvm::ArrayRef<double> values) {
  double sum = 0;
  for (double v : values)
    sum += v;
  return values.empty() ? 0 : sum / values.size();
}

/// The sample standard deviation (n - 1); 0 for a single value.
double spread(llvm::ArrayRef<double> values) {
  if (values.size() < 2)
    return 0;
  double m = mean(values), squares = 0;
  for (double v : values)
    squares += (v - m) * (v - m);
  return std::sqrt(squares / (values.size() - 1));
}

std::vector<double> lossesOf(llvm::ArrayRef<Report> reports) {
  std::vector<double> losses;
  for (const Report &r : reports)
    losses.push_back(r.loss);
  return losses;
}

} // namespace

Report meanReport(llvm::ArrayRef<Report> reports) {
  Report result;
  result.loss = mean(lossesOf(reports));
  for (const MetricField &field : kFields)
    if (auto values = valuesOf(reports, field.member))
      result.*field.member = mean(*values);
  return result;
}

std::string formatSpread(llvm::ArrayRef<Report> reports,
                         llvm::StringRef prefix) {
  std::vector<double> losses = lossesOf(reports);
  std::string line = llvm::formatv("{0}loss {1:f6} ± {2:f6}", prefix,
                                   mean(losses), spread(losses));
  for (const MetricField &field : kFields)
    if (auto values = valuesOf(reports, field.member))
      line += llvm::formatv(", {0}{1} {2:f4} ± {3:f4}", prefix, field.name,
                            mean(*values), spread(*values))
                  .str();
  return line;
}

} // namespace netc::driver
