//===- netc_bench.cpp - Training-step and inference time of netc models ----===//
//
// Google Benchmark over the JIT-compiled pipelines of a .net model, the same
// code `netc train` runs. For each model and batch size: one full training
// step (forward, loss, backward, optimizer update) and one inference.
// benchmarks/run.sh runs it beside PyTorch and writes the ratios.
//
//   netc_bench --model examples/mlp/mlp.net --batches 1,32,256
//   netc_bench --model examples/translator/translator.net:L=600
//   netc_bench --bind L=600 --model examples/translator/translator.net
//
// Symbolic extents other than the batch (the translator's L) take their
// value from `PATH:SYM=V[,SYM=V]` or from `--bind SYM=V` (the per-model
// spelling wins); every tensor is then passed with its explicit shape.
// Stderr gets one line per model, `compile NAME SECONDS s`: reading,
// checking, MLIR, autodiff, Halide lowering and JIT of both entry points.
//
// --autoschedule NAME (Adams2019, Li2018, Mullapudi2016) also times the
// autoscheduled twin of both pipelines, the baseline the hand schedules
// must beat: the same lowering left unscheduled, then Halide's
// autoscheduler with estimates at each batch measured (and the --bind
// values), compiled once per batch. Its benchmarks are named
// `train_step_auto/MODEL/BATCH` and `infer_auto/...`, registered right
// after the hand-scheduled ones so the two alternate; stderr gets
// `compile-auto NAME BATCH SECONDS s`.
//
//===----------------------------------------------------------------------===//
#include "compiler/codegen/ModelInterface.h"
#include "compiler/dialect/NNDialect.h"
#include "compiler/driver/Frontend.h"
#include "compiler/driver/RunModel.h"
#include "compiler/lowering/JitFunction.h"
#include "compiler/lowering/Targets.h"
#include "schedules/AutoSchedule.h"

#include <benchmark/benchmark.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <map>
#include <memory>
#include <string>
#include <vector>

using namespace netc;
using lowering::ArgRole;
using lowering::JitFunction;
using Shape = std::vector<int64_t>;

namespace {

/// The autoscheduled pipelines of one model at one batch.
struct AutoTwin {
  std::optional<JitFunction> step, infer;
};

struct CompiledModel {
  std::unique_ptr<driver::Compilation> compilation;
  codegen::ModelInterface model;
  std::optional<JitFunction> step, infer;
  std::map<int64_t, AutoTwin> autoTwins; ///< by batch
  llvm::StringMap<int64_t> binds; ///< symbolic extents besides the batch
  double compileSeconds = 0;
};

/// The whole compilation, from reading the file to both JIT entry points.
std::unique_ptr<CompiledModel> compile(const std::string &path) {
  auto start = std::chrono::steady_clock::now();
  auto m = std::make_unique<CompiledModel>();
  m->compilation = std::make_unique<driver::Compilation>();
  if (m->compilation->load(path) || m->compilation->generate() ||
      m->compilation->buildTrainStep())
    return nullptr;
  // As netc train compiles its entry points: side by side (RunModel.h).
  auto compiled = driver::jitCompileAll(
      *m->compilation, {nn::kTrainStepFn, nn::kInferFn}, lowering::jitTarget());
  m->step = std::move(compiled[0]);
  m->infer = std::move(compiled[1]);
  m->compileSeconds = std::chrono::duration<double>(
                          std::chrono::steady_clock::now() - start)
                          .count();
  auto model = codegen::ModelInterface::fromModule(m->compilation->module());
  if (!m->step || !m->infer || !model)
    return nullptr;
  m->model = *model;
  return m;
}

/// The extents of every model-facing tensor at one batch size.
struct Shapes {
  std::vector<Shape> inputs;
  Shape target; ///< the output's shape, which the target shares
};

llvm::Expected<Shapes> shapesAt(const CompiledModel &m, int64_t batch) {
  llvm::StringMap<int64_t> symbols = m.binds;
  std::vector<std::string> names = m.model.symbols();
  if (!names.empty())
    symbols[names.front()] = batch; // the batch comes first
  for (const std::string &name : names)
    if (!symbols.count(name))
      return llvm::createStringError(
          llvm::inconvertibleErrorCode(),
          "model '" + m.model.name + "' needs a value for " + name +
              " (--bind " + name + "=V or PATH:" + name + "=V)");
  Shapes shapes;
  for (const lowering::TensorSignature &in : m.model.inputs) {
    auto shape = codegen::ModelInterface::shapeFor(in, symbols);
    if (!shape)
      return shape.takeError();
    shapes.inputs.push_back(*shape);
  }
  auto target = codegen::ModelInterface::shapeFor(m.model.output, symbols);
  if (!target)
    return target.takeError();
  shapes.target = *target;
  return shapes;
}

int64_t elements(const Shape &shape) {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

/// Deterministic buffers for one batch, with the shapes they are passed at.
struct Buffers {
  Shapes shapes;
  std::vector<float> x, target, params, nextParams, state, nextState, output;
  float loss = 0;
};

Buffers makeBuffers(const CompiledModel &m, Shapes shapes) {
  Buffers b;
  b.x.resize(elements(shapes.inputs[0]));
  b.target.resize(elements(shapes.target));
  b.output.resize(b.target.size());
  b.shapes = std::move(shapes);
  for (size_t i = 0; i < b.x.size(); ++i)
    b.x[i] = 0.5f + 0.5f * std::sin(0.1f * float(i));
  for (size_t i = 0; i < b.target.size(); ++i)
    b.target[i] = float(i % 2);
  b.params.resize(m.model.paramCount);
  for (size_t i = 0; i < b.params.size(); ++i)
    b.params[i] = 0.05f * std::cos(0.37f * float(i));
  // batchnorm's running variance must stay positive for inference.
  for (const codegen::ParameterSlot &p : m.model.params)
    if (p.buffer)
      std::fill_n(b.params.begin() + p.offset, p.count, 1.0f);
  b.nextParams = b.params;
  b.state.assign(m.model.stateCount, 0.0f);
  b.nextState = b.state;
  return b;
}

/// Pairs `pointers` with the shapes of `fn`'s arguments: inputs and targets
/// at this batch, parameters and optimizer state at their static shapes.
std::vector<JitFunction::Tensor>
argumentTensors(const lowering::LoweredFunction &fn, const Buffers &b,
                llvm::ArrayRef<const float *> pointers) {
  std::vector<JitFunction::Tensor> tensors;
  for (size_t i = 0; i < fn.arguments.size(); ++i) {
    const lowering::ArgumentInfo &arg = fn.arguments[i];
    Shape shape = arg.role == ArgRole::Input    ? b.shapes.inputs[0]
                  : arg.role == ArgRole::Target ? b.shapes.target
                                                : arg.shape;
    // A target of class indices ([N], values i % 2) is not shaped like the
    // output; its buffer (sized like the output) is large enough.
    if (shape.size() != arg.shape.size())
      shape = JitFunction::shapeAt(arg, b.shapes.inputs[0].front());
    tensors.push_back({const_cast<float *>(pointers[i]), shape});
  }
  return tensors;
}

void check(llvm::Error err) {
  if (err) {
    llvm::errs() << "netc_bench: " << llvm::toString(std::move(err)) << "\n";
    std::abort();
  }
}

void runStep(CompiledModel &m, JitFunction &step, Buffers &b) {
  std::vector<const float *> args;
  std::vector<float *> results;
  const lowering::LoweredFunction &fn = step.lowered();
  m.model.bindStep(fn,
                   {b.x.data(), b.target.data(), b.params.data(),
                    b.state.data(), b.nextParams.data(), b.nextState.data(),
                    &b.loss},
                   args, results);
  // The loss and the updated parameters and state all have static shapes.
  std::vector<JitFunction::Tensor> outputs;
  for (size_t i = 0; i < results.size(); ++i)
    outputs.push_back({results[i], fn.results[i].shape});
  check(step.run(argumentTensors(fn, b, args), outputs));
}

void runInfer(CompiledModel &m, JitFunction &infer, Buffers &b) {
  const lowering::LoweredFunction &fn = infer.lowered();
  std::vector<const float *> args;
  for (const auto &arg : fn.arguments)
    args.push_back(arg.role == ArgRole::Param
                       ? b.params.data() + m.model.findParam(arg.name)->offset
                       : b.x.data());
  check(infer.run(argumentTensors(fn, b, args),
                  {{b.output.data(), b.shapes.target}}));
}

schedules::Extents halideOrder(const Shape &shape) {
  return schedules::Extents(shape.rbegin(), shape.rend());
}

/// Entry point `name` lowered unscheduled, autoscheduled by `scheduler` at
/// the shapes of `shapes`, and JIT-compiled.
std::optional<JitFunction> jitAuto(const CompiledModel &m, llvm::StringRef name,
                                   const std::string &scheduler,
                                   const Shapes &shapes) {
  auto fn = m.compilation->module().lookupSymbol<mlir::func::FuncOp>(name);
  auto lowered = lowering::lowerToHalide(fn, lowering::jitTarget(),
                                         lowering::Scheduling::Unscheduled);
  if (!lowered)
    return std::nullopt;
  std::vector<std::pair<Halide::ImageParam, schedules::Extents>> inputs;
  for (size_t i = 0; i < lowered->arguments.size(); ++i) {
    const lowering::ArgumentInfo &arg = lowered->arguments[i];
    Shape shape = arg.role == ArgRole::Input    ? shapes.inputs[0]
                  : arg.role == ArgRole::Target ? shapes.target
                                                : arg.shape;
    // A target of class indices ([N]) is not shaped like the output.
    if (shape.size() != arg.shape.size())
      shape = JitFunction::shapeAt(arg, shapes.inputs[0].front());
    inputs.push_back({lowered->params[i], halideOrder(shape)});
  }
  std::vector<std::pair<Halide::Func, schedules::Extents>> outputs;
  for (size_t i = 0; i < lowered->outputs.size(); ++i) {
    // @infer's one result is the prediction, shaped like the target; every
    // result of @train_step (loss, parameters, state) is static.
    const Shape &shape =
        name == nn::kInferFn ? shapes.target : lowered->results[i].shape;
    outputs.push_back({lowered->outputs[i], halideOrder(shape)});
  }
  std::string error =
      schedules::autoschedule(lowered->pipeline, scheduler, inputs, outputs,
                              lowering::jitTarget());
  if (!error.empty()) {
    llvm::errs() << "netc_bench: " << name << ": " << error << "\n";
    return std::nullopt;
  }
  auto compiled = JitFunction::compile(std::move(*lowered));
  if (!compiled) {
    llvm::errs() << llvm::toString(compiled.takeError()) << "\n";
    return std::nullopt;
  }
  return std::move(*compiled);
}

std::vector<int64_t> parseBatches(const char *text) {
  std::vector<int64_t> batches;
  for (const char *p = text; *p;) {
    batches.push_back(std::strtoll(p, const_cast<char **>(&p), 10));
    if (*p == ',')
      ++p;
  }
  return batches;
}

/// Adds `SYM=V[,SYM=V...]` to `binds`; false when the text is malformed.
bool parseBinds(llvm::StringRef text, llvm::StringMap<int64_t> &binds) {
  llvm::SmallVector<llvm::StringRef> items;
  text.split(items, ',');
  for (llvm::StringRef item : items) {
    auto [name, value] = item.split('=');
    int64_t extent;
    if (name.empty() || value.getAsInteger(10, extent) || extent <= 0)
      return false;
    binds[name] = extent;
  }
  return true;
}

/// One benchmark that calls `run` once before timing (the first call of a
/// Halide pipeline allocates and touches its buffers).
void registerBenchmark(const std::string &name, CompiledModel *m,
                       JitFunction *fn, const Shapes &shapes, int64_t batch,
                       void (*run)(CompiledModel &, JitFunction &, Buffers &)) {
  benchmark::RegisterBenchmark(
      name.c_str(),
      [m, fn, shapes, batch, run](benchmark::State &state) {
        Buffers b = makeBuffers(*m, shapes);
        run(*m, *fn, b);
        for (auto _ : state)
          run(*m, *fn, b);
        state.SetItemsProcessed(state.iterations() * batch);
      })
      ->Unit(benchmark::kMicrosecond);
}

int usage(const char *message) {
  std::fprintf(stderr,
               "netc_bench: %s\nusage: netc_bench [--bind SYM=V]... "
               "--model PATH[:SYM=V,...]... [--batches 1,32,256] "
               "[--autoschedule Adams2019|Li2018|Mullapudi2016] "
               "[benchmark options]\n",
               message);
  return 2;
}

} // namespace

int main(int argc, char **argv) {
  std::vector<std::string> models;
  llvm::StringMap<int64_t> globalBinds;
  std::vector<int64_t> batches{1, 32, 256};
  std::string scheduler; // the autoscheduled twin's; none when empty
  std::vector<char *> rest{argv[0]};
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--model") && i + 1 < argc)
      models.push_back(argv[++i]);
    else if (!std::strcmp(argv[i], "--batches") && i + 1 < argc)
      batches = parseBatches(argv[++i]);
    else if (!std::strcmp(argv[i], "--autoschedule") && i + 1 < argc)
      scheduler = argv[++i];
    else if (!std::strcmp(argv[i], "--bind") && i + 1 < argc) {
      if (!parseBinds(argv[++i], globalBinds))
        return usage("--bind takes SYM=V with V a positive integer");
    } else
      rest.push_back(argv[i]);
  }
  std::vector<std::unique_ptr<CompiledModel>> compiled;
  for (const std::string &spec : models) {
    auto [path, bindText] = llvm::StringRef(spec).split(':');
    llvm::StringMap<int64_t> binds = globalBinds;
    if (!bindText.empty() && !parseBinds(bindText, binds))
      return usage("--model takes PATH or PATH:SYM=V,...");
    auto m = compile(path.str());
    if (!m) {
      std::fprintf(stderr, "netc_bench: cannot compile %s\n",
                   path.str().c_str());
      return 1;
    }
    if (m->model.inputs.size() != 1) {
      std::fprintf(stderr, "netc_bench: %s has %zu inputs; only models with "
                   "one input are measured\n", path.str().c_str(),
                   m->model.inputs.size());
      return 1;
    }
    m->binds = std::move(binds);
    std::fprintf(stderr, "compile %s %.3f s\n", m->model.name.c_str(),
                 m->compileSeconds);
    CompiledModel *raw = m.get();
    for (int64_t batch : batches) {
      llvm::Expected<Shapes> shapes = shapesAt(*raw, batch);
      if (!shapes) {
        std::fprintf(stderr, "netc_bench: %s\n",
                     llvm::toString(shapes.takeError()).c_str());
        return 1;
      }
      std::string suffix = raw->model.name + "/" + std::to_string(batch);
      registerBenchmark("train_step/" + suffix, raw, &*raw->step, *shapes,
                        batch, runStep);
      if (!scheduler.empty()) {
        auto start = std::chrono::steady_clock::now();
        AutoTwin &twin = raw->autoTwins[batch];
        twin.step = jitAuto(*raw, nn::kTrainStepFn, scheduler, *shapes);
        twin.infer = jitAuto(*raw, nn::kInferFn, scheduler, *shapes);
        if (!twin.step || !twin.infer) {
          std::fprintf(stderr, "netc_bench: cannot autoschedule %s\n",
                       path.str().c_str());
          return 1;
        }
        std::fprintf(stderr, "compile-auto %s %lld %.3f s\n",
                     raw->model.name.c_str(), static_cast<long long>(batch),
                     std::chrono::duration<double>(
                         std::chrono::steady_clock::now() - start)
                         .count());
        registerBenchmark("train_step_auto/" + suffix, raw, &*twin.step,
                          *shapes, batch, runStep);
      }
      registerBenchmark("infer/" + suffix, raw, &*raw->infer, *shapes, batch,
                        runInfer);
      if (!scheduler.empty())
        registerBenchmark("infer_auto/" + suffix, raw,
                          &*raw->autoTwins[batch].infer, *shapes, batch,
                          runInfer);
    }
    compiled.push_back(std::move(m));
  }
  int restArgc = static_cast<int>(rest.size());
  benchmark::Initialize(&restArgc, rest.data());
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
