//===- netc_bench.cpp - Training-step and inference time of netc models ----===//
//
// Google Benchmark over the JIT-compiled pipelines of a .net model, the same
// code `netc train` runs. For each model and batch size: one full training
// step (forward, loss, backward, optimizer update) and one inference.
// benchmarks/run.sh runs it beside PyTorch and writes the ratios.
//
//   netc_bench --model examples/mlp/mlp.net --batches 1,32,256
//
//===----------------------------------------------------------------------===//
#include "compiler/codegen/ModelInterface.h"
#include "compiler/dialect/NNDialect.h"
#include "compiler/driver/Frontend.h"
#include "compiler/lowering/JitFunction.h"
#include "compiler/lowering/Targets.h"

#include <benchmark/benchmark.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

using namespace netc;
using lowering::ArgRole;
using lowering::JitFunction;

namespace {

struct CompiledModel {
  std::unique_ptr<driver::Compilation> compilation;
  codegen::ModelInterface model;
  std::optional<JitFunction> step, infer;
  double compileSeconds = 0;
};

std::optional<JitFunction> jit(mlir::ModuleOp module, llvm::StringRef name) {
  auto fn = module.lookupSymbol<mlir::func::FuncOp>(name);
  auto lowered = lowering::lowerToHalide(fn, lowering::jitTarget());
  if (!lowered)
    return std::nullopt;
  auto compiled = JitFunction::compile(std::move(*lowered));
  if (!compiled) {
    llvm::errs() << llvm::toString(compiled.takeError()) << "\n";
    return std::nullopt;
  }
  return std::move(*compiled);
}

std::unique_ptr<CompiledModel> compile(const std::string &path) {
  auto m = std::make_unique<CompiledModel>();
  m->compilation = std::make_unique<driver::Compilation>();
  if (m->compilation->load(path) || m->compilation->generate() ||
      m->compilation->buildTrainStep())
    return nullptr;
  auto start = std::chrono::steady_clock::now();
  m->step = jit(m->compilation->module(), nn::kTrainStepFn);
  m->infer = jit(m->compilation->module(), nn::kInferFn);
  m->compileSeconds = std::chrono::duration<double>(
                          std::chrono::steady_clock::now() - start)
                          .count();
  auto model = codegen::ModelInterface::fromModule(m->compilation->module());
  if (!m->step || !m->infer || !model)
    return nullptr;
  m->model = *model;
  return m;
}

/// Deterministic buffers for one batch.
struct Buffers {
  std::vector<float> x, target, params, nextParams, state, nextState, output;
  float loss = 0;
};

Buffers makeBuffers(const CompiledModel &m, int64_t batch) {
  Buffers b;
  b.x.resize(batch * codegen::ModelInterface::featuresPerExample(m.model.inputs[0]));
  b.target.resize(batch * codegen::ModelInterface::featuresPerExample(m.model.output));
  b.output.resize(b.target.size());
  for (size_t i = 0; i < b.x.size(); ++i)
    b.x[i] = 0.5f + 0.5f * std::sin(0.1f * float(i));
  for (size_t i = 0; i < b.target.size(); ++i)
    b.target[i] = float(i % 2);
  b.params.resize(m.model.paramCount);
  for (size_t i = 0; i < b.params.size(); ++i)
    b.params[i] = 0.05f * std::cos(0.37f * float(i));
  b.nextParams = b.params;
  b.state.assign(m.model.stateCount, 0.0f);
  b.nextState = b.state;
  return b;
}

void runStep(CompiledModel &m, Buffers &b, int64_t batch) {
  std::vector<const float *> args;
  std::vector<float *> results;
  m.model.bindStep(m.step->lowered(),
                   {b.x.data(), b.target.data(), b.params.data(),
                    b.state.data(), b.nextParams.data(), b.nextState.data(),
                    &b.loss},
                   args, results);
  if (llvm::Error err = m.step->run(batch, args, results)) {
    llvm::errs() << llvm::toString(std::move(err)) << "\n";
    std::abort();
  }
}

void runInfer(CompiledModel &m, Buffers &b, int64_t batch) {
  std::vector<const float *> args;
  for (const auto &arg : m.infer->lowered().arguments)
    args.push_back(arg.role == ArgRole::Param
                       ? b.params.data() + m.model.findParam(arg.name)->offset
                       : b.x.data());
  if (llvm::Error err = m.infer->run(batch, args, {b.output.data()})) {
    llvm::errs() << llvm::toString(std::move(err)) << "\n";
    std::abort();
  }
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

} // namespace

int main(int argc, char **argv) {
  std::vector<std::string> models;
  std::vector<int64_t> batches{1, 32, 256};
  std::vector<char *> rest{argv[0]};
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--model") && i + 1 < argc)
      models.push_back(argv[++i]);
    else if (!std::strcmp(argv[i], "--batches") && i + 1 < argc)
      batches = parseBatches(argv[++i]);
    else
      rest.push_back(argv[i]);
  }
  std::vector<std::unique_ptr<CompiledModel>> compiled;
  for (const std::string &path : models) {
    auto m = compile(path);
    if (!m) {
      std::fprintf(stderr, "netc_bench: cannot compile %s\n", path.c_str());
      return 1;
    }
    std::fprintf(stderr, "compile %s %.3f s\n", m->model.name.c_str(),
                 m->compileSeconds);
    CompiledModel *raw = m.get();
    for (int64_t batch : batches) {
      benchmark::RegisterBenchmark(
          ("train_step/" + raw->model.name + "/" + std::to_string(batch)).c_str(),
          [raw, batch](benchmark::State &state) {
            Buffers b = makeBuffers(*raw, batch);
            for (auto _ : state)
              runStep(*raw, b, batch);
            state.SetItemsProcessed(state.iterations() * batch);
          })->Unit(benchmark::kMicrosecond);
      benchmark::RegisterBenchmark(
          ("infer/" + raw->model.name + "/" + std::to_string(batch)).c_str(),
          [raw, batch](benchmark::State &state) {
            Buffers b = makeBuffers(*raw, batch);
            for (auto _ : state)
              runInfer(*raw, b, batch);
            state.SetItemsProcessed(state.iterations() * batch);
          })->Unit(benchmark::kMicrosecond);
    }
    compiled.push_back(std::move(m));
  }
  int restArgc = static_cast<int>(rest.size());
  benchmark::Initialize(&restArgc, rest.data());
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
