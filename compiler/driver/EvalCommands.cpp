//===- EvalCommands.cpp - `netc eval` and `netc predict` ------------------===//
//
// Both load a model's trained weights (a checkpoint of `netc train`,
// checked tensor by tensor) and read a data set in the train block's
// format: the file the block names, or `--data PATH` (DataFiles.h).
//   eval     runs @evaluate: the loss and the metrics of Metrics.h, with
//            the per-class breakdown for classifiers;
//   predict  runs @infer on the inputs alone and writes one CSV row per
//            example (per example and position for sequence outputs), in
//            file order, atomically; a model with several outputs gets
//            columns `<output>_<i>` for each output's elements.
//
//===----------------------------------------------------------------------===//
#include "compiler/codegen/ModelInterface.h"
#include "compiler/dialect/NNDialect.h"
#include "compiler/driver/AtomicFile.h"
#include "compiler/driver/Checkpoint.h"
#include "compiler/driver/Commands.h"
#include "compiler/driver/Frontend.h"
#include "compiler/driver/RunModel.h"
#include "compiler/driver/SequenceData.h"
#include "compiler/driver/TrainSettings.h"
#include "compiler/driver/Trainer.h"

#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

using netc::codegen::ModelInterface;
using netc::lowering::ArgRole;
using netc::lowering::JitFunction;

namespace netc::driver {
namespace {

void printError(llvm::Error err) {
  llvm::WithColor::error(llvm::errs(), "netc") << toString(std::move(err))
                                               << "\n";
}

/// A model with its trained weights and a data set to run them on.
struct Session {
  Compilation c;
  std::optional<ModelInterface> model;
  TrainSettings settings;
  std::vector<float> params;
  std::vector<TrainingData> groups;

  std::optional<ExitCode> open(llvm::StringRef path, const EvalOptions &options,
                               llvm::StringRef command, bool targets) {
    if (auto code = c.load(path, "", singleValues(options.defines)))
      return code;
    if (!c.train()) {
      c.error(c.model().loc,
              "netc " + command + " reads data in the format of the train "
              "block, and model '" + c.model().name + "' has none");
      return ExitCode::InputError;
    }
    if (options.weightsPath.empty()) {
      llvm::WithColor::error(llvm::errs(), "netc")
          << "netc " << command
          << " needs --weights CHECKPOINT (written by netc train)\n";
      return ExitCode::UsageError;
    }
    if (auto code = c.generate())
      return code;
    if (auto code = c.buildTrainStep())
      return code;
    model = ModelInterface::fromModule(c.module());
    settings = TrainSettings::fromAST(*c.train());
    if (llvm::Error err = loadParameters(options.weightsPath, *model, params)) {
      printError(std::move(err));
      return ExitCode::InputError;
    }
    std::optional<std::vector<TrainingData>> data =
        loadTrainingGroups(c, *model, DataRequest{options.dataPath, targets});
    if (!data)
      return ExitCode::InputError;
    groups = std::move(*data);
    return std::nullopt;
  }
};

/// The model's output for every example of `group`, through @infer.
llvm::Expected<std::vector<float>> infer(JitFunction &fn,
                                         const ModelInterface &model,
                                         const std::vector<float> &params,
                                         const TrainingData &group) {
  std::vector<float> output(group.count * group.predictionWidth());
  std::vector<const float *> args;
  for (const auto &arg : fn.lowered().arguments)
    args.push_back(arg.role == ArgRole::Param
                       ? params.data() + model.findParam(arg.name)->offset
                       : group.inputs.data());
  if (llvm::Error err = runOnGroup(fn, group, group.count, args,
                                   {output.data()}))
    return std::move(err);
  return output;
}

/// CSV field: quoted when it holds a comma, quote or line break.
std::string csvField(llvm::StringRef text) {
  if (text.find_first_of(",\"\n\r") == llvm::StringRef::npos)
    return text.str();
  std::string quoted = "\"";
  for (char ch : text)
    quoted += ch == '"' ? std::string("\"\"") : std::string(1, ch);
  return quoted + "\"";
}

/// A float in the fewest digits that read back as the same float.
std::string shortest(float value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.9g", value);
  for (int digits = 1; digits < 9; ++digits) {
    char shorter[32];
    std::snprintf(shorter, sizeof shorter, "%.*g", digits, value);
    if (std::strtof(shorter, nullptr) == value)
      return shorter;
  }
  return buffer;
}

/// Several outputs: one row per example, `<output>_<i>` for element i of
/// each output (row-major within the example), outputs in declaration
/// order.
llvm::Expected<std::string> predictOutputs(JitFunction &fn,
                                           const ModelInterface &model,
                                           const std::vector<float> &params,
                                           const std::vector<TrainingData> &groups,
                                           int64_t &rowCount) {
  std::vector<int64_t> widths;
  std::string header = "id";
  for (const lowering::TensorSignature &out : model.outputs) {
    widths.push_back(ModelInterface::featuresPerExample(out));
    for (int64_t i = 0; i < widths.back(); ++i)
      header += "," + csvField(out.name + "_" + std::to_string(i));
  }
  std::vector<std::pair<int64_t, std::string>> rows; // (file index, row)
  for (const TrainingData &group : groups) {
    std::vector<std::vector<float>> outputs;
    std::vector<float *> results;
    for (int64_t width : widths)
      results.push_back(outputs.emplace_back(group.count * width).data());
    std::vector<const float *> args;
    for (const auto &arg : fn.lowered().arguments)
      args.push_back(arg.role == ArgRole::Param
                         ? params.data() + model.findParam(arg.name)->offset
                         : group.inputs.data());
    if (llvm::Error err = runOnGroup(fn, group, group.count, args, results))
      return std::move(err);
    for (int64_t e = 0; e < group.count; ++e) {
      std::string text = csvField(group.ids[e]);
      for (size_t k = 0; k < widths.size(); ++k)
        for (int64_t i = 0; i < widths[k]; ++i)
          text += "," + shortest(outputs[k][e * widths[k] + i]);
      rows.emplace_back(group.indices[e], text + "\n");
    }
  }
  std::sort(rows.begin(), rows.end(),
            [](const auto &a, const auto &b) { return a.first < b.first; });
  std::string csv = header + "\n";
  for (const auto &row : rows)
    csv += row.second;
  rowCount = rows.size();
  return csv;
}

} // namespace

ExitCode runEval(llvm::StringRef path, const EvalOptions &options) {
  Session s;
  if (auto code = s.open(path, options, "eval", /*targets=*/true))
    return *code;
  std::optional<Halide::Target> target = jitTargetOrError();
  if (!target)
    return ExitCode::UsageError;
  std::optional<JitFunction> evaluator =
      jitCompile(s.c, nn::kEvaluateFn, *target);
  if (!evaluator)
    return ExitCode::InternalError;
  llvm::Expected<MetricsAccumulator::Report> report =
      evaluateModel(*s.model, s.settings, *evaluator, s.params, s.groups);
  if (!report) {
    printError(report.takeError());
    return ExitCode::InternalError;
  }
  llvm::outs() << llvm::formatv("netc: '{0}' with {1} on {2} examples\n",
                                s.model->name, options.weightsPath,
                                exampleCount(s.groups));
  llvm::outs() << formatMetrics(*report) << "\n";
  if (report->mse)
    llvm::outs() << llvm::formatv("mse {0:f6}\n", *report->mse);
  if (report->confusion && report->confusion->classes() > 1)
    printClassBreakdown(llvm::outs(), *report->confusion,
                        targetClassNames(*s.settings.data,
                                         report->confusion->classes()));
  return ExitCode::Success;
}

ExitCode runPredict(llvm::StringRef path, const EvalOptions &options) {
  if (options.outputPath.empty()) {
    llvm::WithColor::error(llvm::errs(), "netc")
        << "netc predict needs -o OUT.csv\n";
    return ExitCode::UsageError;
  }
  Session s;
  if (auto code = s.open(path, options, "predict", /*targets=*/false))
    return *code;
  std::optional<Halide::Target> target = jitTargetOrError();
  if (!target)
    return ExitCode::UsageError;
  std::optional<JitFunction> fn = jitCompile(s.c, nn::kInferFn, *target);
  if (!fn)
    return ExitCode::InternalError;
  if (s.model->hasSeveralOutputs()) {
    int64_t count = 0;
    llvm::Expected<std::string> csv =
        predictOutputs(*fn, *s.model, s.params, s.groups, count);
    if (!csv) {
      printError(csv.takeError());
      return ExitCode::InternalError;
    }
    if (llvm::Error err = writeFileAtomically(options.outputPath, *csv)) {
      printError(std::move(err));
      return ExitCode::OutputError;
    }
    llvm::outs() << llvm::formatv("netc: predicted {0} examples of '{1}' "
                                  "into {2}\n",
                                  count, s.model->name, options.outputPath);
    return ExitCode::Success;
  }

  // Outputs [C] or [C, positions]: one column per class C, one row per
  // example and position; classifiers also get the predicted class.
  const std::vector<int64_t> &shape = s.model->output.shape;
  int64_t classes = s.model->classCount();
  bool perPosition = shape.size() > 2;
  bool classifier = taskFor(s.settings.loss, classes) != Task::Regression;
  std::vector<std::string> names = targetClassNames(*s.settings.data, classes);
  if (names.empty())
    for (int64_t c = 0; c < classes; ++c)
      names.push_back(classes == 1 ? "output" : "output" + std::to_string(c));

  std::string header = "id";
  if (perPosition)
    header += ",position";
  if (classifier && classes > 1)
    header += ",predicted";
  for (const std::string &name : names)
    header += "," + csvField(name);

  std::vector<std::pair<int64_t, std::string>> rows; // (file index, rows)
  for (const TrainingData &group : s.groups) {
    llvm::Expected<std::vector<float>> output =
        infer(*fn, *s.model, s.params, group);
    if (!output) {
      printError(output.takeError());
      return ExitCode::InternalError;
    }
    int64_t positions = group.predictionWidth() / classes;
    for (int64_t e = 0; e < group.count; ++e) {
      std::string text;
      for (int64_t p = 0; p < positions; ++p) {
        const float *values = output->data() + e * group.predictionWidth() + p;
        text += csvField(group.ids[e]);
        if (perPosition)
          text += "," + std::to_string(p + 1);
        if (classifier && classes > 1) {
          int64_t best = 0;
          for (int64_t c = 1; c < classes; ++c)
            if (values[c * positions] > values[best * positions])
              best = c;
          text += "," + csvField(names[best]);
        }
        for (int64_t c = 0; c < classes; ++c)
          text += "," + shortest(values[c * positions]);
        text += "\n";
      }
      rows.emplace_back(group.indices[e], std::move(text));
    }
  }
  std::sort(rows.begin(), rows.end(),
            [](const auto &a, const auto &b) { return a.first < b.first; });
  std::string csv = header + "\n";
  for (const auto &row : rows)
    csv += row.second;
  if (llvm::Error err = writeFileAtomically(options.outputPath, csv)) {
    printError(std::move(err));
    return ExitCode::OutputError;
  }
  llvm::outs() << llvm::formatv("netc: predicted {0} examples of '{1}' into "
                                "{2}\n",
                                rows.size(), s.model->name, options.outputPath);
  return ExitCode::Success;
}

} // namespace netc::driver
