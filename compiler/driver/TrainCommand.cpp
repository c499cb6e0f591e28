//===- TrainCommand.cpp - `netc train` ------------------------------------===//
//
// 1. Compile: @train_step and @infer, JIT-compiled for this machine.
// 2. Data: the train block's CSV, checked against the model.
// 3. Parameters: PyTorch's default init U(±1/sqrt(fan_in)) from the seed.
// 4. Each epoch: shuffle (seeded), run train_step over batches (the last one
//    may be smaller: the batch is a run-time extent), double-buffering the
//    parameter region; then report the mean loss and, for BCE, accuracy.
//    A NaN/Inf loss stops training with the epoch and step.
//
//===----------------------------------------------------------------------===//
#include "compiler/codegen/ModelInterface.h"
#include "compiler/dialect/NNDialect.h"
#include "compiler/driver/Checkpoint.h"
#include "compiler/driver/Commands.h"
#include "compiler/driver/Frontend.h"
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

class Trainer {
public:
  Trainer(const ModelInterface &model, const TrainingData &data,
          const TrainSettings &settings, JitFunction &step, JitFunction &infer)
      : model(model), data(data), settings(settings), step(step),
        infer(infer) {}

  void initParameters(uint64_t seed) {
    netc_rng rng;
    netc_rng_seed(&rng, seed);
    params.assign(model.paramCount, 0.0f);
    for (const codegen::ParameterSlot &slot : model.params)
      netc_init_uniform(&rng, params.data() + slot.offset, slot.count,
                        netc_init_fan_in_bound(slot.fanIn));
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

  const std::vector<float> &parameters() const { return params; }
  const std::vector<float> &optimizerState() const { return state; }

  /// One epoch; returns the mean loss over examples, or an error.
  llvm::Expected<double> runEpoch(netc_rng &rng, int64_t epoch) {
    std::vector<int64_t> order(data.count);
    std::iota(order.begin(), order.end(), 0);
    if (settings.shuffle)
      netc_rng_shuffle(&rng, order.data(), order.size());
    double lossSum = 0;
    int64_t stepIndex = 0;
    for (int64_t begin = 0; begin < data.count;
         begin += settings.batch, ++stepIndex) {
      int64_t batch = std::min(settings.batch, data.count - begin);
      gatherRows(data.inputs, data.inputWidth, order, begin, batch, xBatch);
      gatherRows(data.targets, data.targetWidth, order, begin, batch, tBatch);
      float loss = 0;
      if (llvm::Error err = runStep(batch, &loss))
        return std::move(err);
      if (!std::isfinite(loss))
        return llvm::createStringError(
            llvm::inconvertibleErrorCode(),
            "the loss became %s at epoch %lld, step %lld; lower the learning "
            "rate or check the data",
            std::isnan(loss) ? "NaN" : "infinite", (long long)epoch,
            (long long)stepIndex + 1);
      lossSum += double(loss) * batch;
      std::swap(params, nextParams);
      std::swap(state, nextState);
    }
    return lossSum / data.count;
  }

  /// Fraction of examples whose thresholded prediction matches the target.
  llvm::Expected<double> accuracy() {
    std::vector<float> prediction(data.count * data.targetWidth);
    std::vector<const float *> args;
    for (const auto &arg : infer.lowered().arguments)
      args.push_back(arg.role == ArgRole::Param
                         ? params.data() + model.findParam(arg.name)->offset
                         : data.inputs.data());
    if (llvm::Error err = infer.run(data.count, args, {prediction.data()}))
      return std::move(err);
    int64_t correct = 0;
    for (size_t i = 0; i < prediction.size(); ++i)
      correct += (prediction[i] >= 0.5f) == (data.targets[i] >= 0.5f);
    return double(correct) / prediction.size();
  }

private:
  llvm::Error runStep(int64_t batch, float *loss) {
    const lowering::LoweredFunction &fn = step.lowered();
    std::vector<const float *> args;
    for (const auto &arg : fn.arguments) {
      switch (arg.role) {
      case ArgRole::Input:
        args.push_back(xBatch.data());
        break;
      case ArgRole::Target:
        args.push_back(tBatch.data());
        break;
      case ArgRole::Param:
        args.push_back(params.data() + model.findParam(arg.name)->offset);
        break;
      case ArgRole::State:
        args.push_back(state.data() + model.findState(arg.name)->offset);
        break;
      }
    }
    std::vector<float *> results{loss};
    for (size_t i = 1; i < fn.results.size(); ++i) {
      llvm::StringRef name = fn.results[i].name; // "new_<param or state>"
      const codegen::ParameterSlot *slot = model.findUpdated(name);
      bool isParam = model.findParam(name.drop_front(4)) == slot;
      results.push_back((isParam ? nextParams : nextState).data() +
                        slot->offset);
    }
    return step.run(batch, args, results);
  }

  const ModelInterface &model;
  const TrainingData &data;
  const TrainSettings &settings;
  JitFunction &step;
  JitFunction &infer;
  std::vector<float> params, nextParams, state, nextState, xBatch, tBatch;
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
  std::optional<TrainingData> data = loadTrainingData(c, *model);
  if (!data)
    return ExitCode::InputError;
  TrainSettings settings = TrainSettings::fromAST(*c.train());
  if (options.epochs)
    settings.epochs = *options.epochs;
  if (options.seed)
    settings.seed = *options.seed;

  auto compileStart = std::chrono::steady_clock::now();
  std::optional<JitFunction> step = jitCompile(c, nn::kTrainStepFn);
  std::optional<JitFunction> infer = jitCompile(c, nn::kInferFn);
  if (!step || !infer)
    return ExitCode::InternalError;
  double compileSeconds = std::chrono::duration<double>(
                              std::chrono::steady_clock::now() - compileStart)
                              .count();
  llvm::outs() << llvm::formatv(
      "netc: training '{0}' on {1} examples ({2} parameters), {3} epochs, "
      "batch {4}, seed {5}; compiled in {6:f2} s\n",
      model->name, data->count, model->paramCount, settings.epochs,
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

  Trainer trainer(*model, *data, settings, *step, *infer);
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

  bool reportAccuracy = settings.loss == "bce";
  auto trainStart = std::chrono::steady_clock::now();
  double loss = 0;
  for (int64_t epoch = progress.epoch + 1; epoch <= settings.epochs; ++epoch) {
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
    if (reportAccuracy) {
      llvm::Expected<double> acc = trainer.accuracy();
      if (!acc) {
        llvm::WithColor::error(llvm::errs(), "netc")
            << toString(acc.takeError()) << "\n";
        return ExitCode::InternalError;
      }
      line += llvm::formatv("  train accuracy {0:f4}", *acc).str();
      record["train_accuracy"] = *acc;
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
  }
  double seconds = std::chrono::duration<double>(
                       std::chrono::steady_clock::now() - trainStart)
                       .count();
  llvm::outs() << llvm::formatv("netc: final loss {0:f6} after {1} epochs "
                                "({2:f2} s); weights in {3}\n",
                                loss, settings.epochs, seconds, savePath);
  return ExitCode::Success;
}

} // namespace netc::driver
