//===- netc.cpp - The netc command line -----------------------------------===//
//
//   netc FILE --emit=ast|mlir|mlir-train|halide|stmt
//   netc train FILE [--epochs N] [--seed S] [--log-json PATH] ...
//   netc eval FILE --weights W [--data D]
//   netc predict FILE --weights W [--data D] -o OUT.csv
//   netc summary FILE
//   netc build FILE [--target T] -o DIR
//
//===----------------------------------------------------------------------===//
#include "compiler/driver/Commands.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/WithColor.h"

using namespace llvm;
using namespace netc::driver;

static cl::SubCommand trainCommand("train",
                                   "Compile a model and train it in-process");
static cl::SubCommand buildCommand(
    "build", "Write a standalone static library and C header for a model");

static cl::SubCommand evalCommand(
    "eval", "Loss and metrics of trained weights on a data set");
static cl::SubCommand predictCommand(
    "predict", "Write the model's predictions for a data set to a CSV file");
static cl::SubCommand summaryCommand(
    "summary", "Print the layers with output shapes, parameters and FLOPs");

static cl::OptionCategory netcCategory("netc options");

static cl::opt<std::string> inputPath(cl::Positional, cl::desc("<model.net>"),
                                      cl::sub(cl::SubCommand::getTopLevel()),
                                      cl::sub(trainCommand),
                                      cl::sub(buildCommand),
                                      cl::sub(evalCommand),
                                      cl::sub(predictCommand),
                                      cl::sub(summaryCommand),
                                      cl::cat(netcCategory));

static cl::opt<EmitKind> emitKind(
    "emit", cl::desc("Print one stage of the compilation"),
    cl::values(clEnumValN(EmitKind::AST, "ast", "the checked syntax tree"),
               clEnumValN(EmitKind::MLIR, "mlir", "the nn dialect (@infer, @loss)"),
               clEnumValN(EmitKind::MLIRTrain, "mlir-train",
                          "after autodiff (@loss_and_grad, @train_step)"),
               clEnumValN(EmitKind::Halide, "halide",
                          "the Halide algorithm of each entry point"),
               clEnumValN(EmitKind::Stmt, "stmt",
                          "Halide's scheduled, lowered statement")),
    cl::init(EmitKind::MLIR), cl::sub(cl::SubCommand::getTopLevel()),
    cl::cat(netcCategory));

static cl::opt<int64_t> epochs("epochs", cl::desc("Override the epochs setting"),
                               cl::sub(trainCommand), cl::cat(netcCategory));
static cl::opt<uint64_t> seed("seed", cl::desc("Override the seed setting"),
                              cl::sub(buildCommand),
                              cl::sub(trainCommand), cl::cat(netcCategory));
static cl::opt<std::string> logJson(
    "log-json", cl::desc("Write one JSON object per epoch to this file"),
    cl::value_desc("path"), cl::sub(trainCommand), cl::cat(netcCategory));

static cl::opt<std::string> savePath(
    "save",
    cl::desc("Checkpoint after every epoch to this .safetensors file "
             "(default: <model>.safetensors beside the .net file)"),
    cl::value_desc("path"), cl::sub(trainCommand), cl::cat(netcCategory));
static cl::opt<std::string> resumePath(
    "resume", cl::desc("Continue training from this checkpoint"),
    cl::value_desc("path"), cl::sub(trainCommand), cl::cat(netcCategory));

static cl::opt<int64_t> maxSteps(
    "max-steps", cl::desc("Stop after this many training steps"),
    cl::sub(trainCommand), cl::cat(netcCategory));
static cl::opt<std::string> tracePath(
    "trace",
    cl::desc("Write the initial weights, each step's batch and loss, and the "
             "final weights to this .safetensors file (parity tests)"),
    cl::value_desc("path"), cl::sub(trainCommand), cl::cat(netcCategory));

static cl::list<std::string> defineList(
    "D", cl::Prefix,
    cl::desc("Override a hyperparameter the file declares: -D hidden=128; "
             "train takes lists, -D lr=0.1,0.01, and runs the grid"),
    cl::value_desc("name=value"), cl::sub(cl::SubCommand::getTopLevel()),
    cl::sub(trainCommand), cl::sub(buildCommand), cl::sub(evalCommand),
    cl::sub(predictCommand), cl::sub(summaryCommand), cl::cat(netcCategory));
static cl::opt<int64_t> folds(
    "folds", cl::desc("K-fold cross-validation: train K models, each holding "
                      "out one fold; report the mean and spread"),
    cl::value_desc("K"), cl::sub(trainCommand), cl::cat(netcCategory));
static cl::opt<int64_t> ensemble(
    "ensemble", cl::desc("Train K models from K seeds and average their "
                         "predictions"),
    cl::value_desc("K"), cl::sub(trainCommand), cl::cat(netcCategory));
static cl::opt<bool> noProgress(
    "no-progress", cl::desc("No progress bar, even on a terminal"),
    cl::sub(trainCommand), cl::cat(netcCategory));

static cl::opt<std::string> outputPath(
    "o", cl::desc("Output folder (build) or CSV file (predict)"),
    cl::value_desc("path"), cl::sub(buildCommand), cl::sub(predictCommand),
    cl::cat(netcCategory));
static cl::opt<std::string> dataPath(
    "data", cl::desc("Read this file instead of the train block's (same "
                     "format; companion files follow its name)"),
    cl::value_desc("path"), cl::sub(evalCommand), cl::sub(predictCommand),
    cl::cat(netcCategory));
static cl::opt<std::string> target(
    "target", cl::desc("Halide target, e.g. host, x86-64-linux-avx2-fma, "
                       "arm-64-linux"),
    cl::init("host"), cl::sub(buildCommand), cl::cat(netcCategory));
static cl::opt<std::string> weightsPath(
    "weights",
    cl::desc("Trained weights (a safetensors checkpoint of this model); "
             "build ships them instead of the seeded initialisation"),
    cl::value_desc("path"), cl::sub(buildCommand), cl::sub(evalCommand),
    cl::sub(predictCommand), cl::cat(netcCategory));
static cl::opt<bool> embedWeights(
    "embed-weights", cl::desc("Compile the weights into the library as a "
                              "constant array"),
    cl::sub(buildCommand), cl::cat(netcCategory));
static cl::opt<bool> separateRuntime(
    "separate-runtime",
    cl::desc("Write the Halide runtime to halide_runtime.a instead of into "
             "the model's library (several models in one program)"),
    cl::sub(buildCommand), cl::cat(netcCategory));
static cl::opt<std::string> cCompiler(
    "cc", cl::desc("C compiler for the target (default: $NETC_CC, else cc or "
                   "the target's cross compiler)"),
    cl::value_desc("path"), cl::sub(buildCommand), cl::cat(netcCategory));

/// Parses the -D arguments: `name=value[,value...]`, names unique.
static std::optional<Defines> parseDefines(bool allowLists) {
  Defines result;
  for (const std::string &text : defineList) {
    auto [name, values] = StringRef(text).split('=');
    name = name.trim();
    if (name.empty() || values.trim().empty() ||
        !StringRef(text).contains('=')) {
      WithColor::error(errs(), "netc")
          << "-D " << text << ": write -D name=value\n";
      return std::nullopt;
    }
    for (const auto &[seen, _] : result)
      if (seen == name) {
        WithColor::error(errs(), "netc")
            << "-D " << name << " is given twice; list the values instead: "
            << "-D " << name << "=a,b\n";
        return std::nullopt;
      }
    SmallVector<StringRef> parts;
    values.split(parts, ',');
    std::vector<std::string> list;
    for (StringRef part : parts)
      list.push_back(part.trim().str());
    if (list.size() > 1 && !allowLists) {
      WithColor::error(errs(), "netc")
          << "-D " << text << ": only netc train runs a grid of values; "
          << "give one\n";
      return std::nullopt;
    }
    result.emplace_back(name.str(), std::move(list));
  }
  return result;
}

int main(int argc, char **argv) {
  InitLLVM init(argc, argv);
  cl::HideUnrelatedOptions(netcCategory);
  if (!cl::ParseCommandLineOptions(argc, argv,
                                   "netc: compiles .net models to Halide code "
                                   "and trains them\n",
                                   &errs()))
    return toInt(ExitCode::UsageError);
  if (inputPath.empty()) {
    WithColor::error(errs(), "netc") << "no input file; try 'netc --help'\n";
    return toInt(ExitCode::UsageError);
  }
  std::optional<Defines> defines = parseDefines(static_cast<bool>(trainCommand));
  if (!defines)
    return toInt(ExitCode::UsageError);
  if (trainCommand) {
    TrainOptions options;
    options.defines = *defines;
    if (folds.getNumOccurrences())
      options.folds = folds;
    if (ensemble.getNumOccurrences())
      options.ensemble = ensemble;
    if (epochs.getNumOccurrences())
      options.epochs = epochs;
    if (seed.getNumOccurrences())
      options.seed = seed;
    options.logJsonPath = logJson;
    options.savePath = savePath;
    options.resumePath = resumePath;
    if (maxSteps.getNumOccurrences())
      options.maxSteps = maxSteps;
    options.tracePath = tracePath;
    options.progress = !noProgress;
    return toInt(runTrain(inputPath, options));
  }
  if (evalCommand || predictCommand) {
    EvalOptions options{*defines, weightsPath, dataPath, outputPath};
    return toInt(evalCommand ? runEval(inputPath, options)
                             : runPredict(inputPath, options));
  }
  if (summaryCommand)
    return toInt(runSummary(inputPath, *defines));
  if (buildCommand) {
    if (outputPath.empty()) {
      WithColor::error(errs(), "netc") << "netc build needs -o DIR\n";
      return toInt(ExitCode::UsageError);
    }
    BuildOptions options{outputPath, target};
    options.weightsPath = weightsPath;
    if (seed.getNumOccurrences())
      options.seed = seed;
    options.embedWeights = embedWeights;
    options.separateRuntime = separateRuntime;
    options.cCompiler = cCompiler;
    options.defines = *defines;
    return toInt(runBuild(inputPath, options));
  }
  return toInt(runEmit(inputPath, emitKind, *defines));
}
