//===- RunModel.cpp - Compiled entry points over groups of examples -------===//
#include "compiler/driver/RunModel.h"

#include "compiler/lowering/PipelineCache.h"
#include "compiler/lowering/Targets.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/Support/Parallel.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

using netc::lowering::ArgRole;
using netc::lowering::JitFunction;

namespace netc::driver {

std::optional<Halide::Target> jitTargetOrError() {
  try {
    return lowering::jitTarget();
  } catch (const Halide::Error &e) {
    llvm::WithColor::error(llvm::errs(), "netc") << e.what() << "\n";
    return std::nullopt;
  }
}

std::optional<JitFunction> jitCompile(Compilation &c, llvm::StringRef name,
                                      const Halide::Target &target) {
  auto fn = c.module().lookupSymbol<mlir::func::FuncOp>(name);
  std::optional<lowering::LoweredFunction> lowered =
      lowering::lowerToHalide(fn, target);
  if (!lowered)
    return std::nullopt;
  // The function's MLIR decides its pipeline (with the target and the
  // code that lowers it, which the key adds).
  std::string key;
  if (lowering::pipelineCacheDir()) {
    std::string text;
    llvm::raw_string_ostream os(text);
    fn.print(os);
    key = lowering::pipelineCacheKey(os.str(), target);
  }
  llvm::Expected<JitFunction> jit =
      JitFunction::compile(std::move(*lowered), target, key);
  if (!jit) {
    llvm::WithColor::error(llvm::errs(), "netc") << toString(jit.takeError())
                                                 << "\n";
    return std::nullopt;
  }
  return std::move(*jit);
}

std::vector<std::optional<JitFunction>>
jitCompileAll(Compilation &c, llvm::ArrayRef<llvm::StringRef> names,
              const Halide::Target &target) {
  std::vector<std::optional<JitFunction>> compiled(names.size());
  // LLVM's parallelFor runs one per core (serially on one): lowering only
  // reads the module, and each pipeline has its own Funcs.
  llvm::parallelFor(0, names.size(), [&](size_t i) {
    compiled[i] = jitCompile(c, names[i], target);
  });
  return compiled;
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

void scatterRows(const float *rows, int64_t width,
                 const std::vector<int64_t> &order, int64_t begin,
                 int64_t count, float *all) {
  for (int64_t r = 0; r < count; ++r)
    std::copy_n(rows + r * width, width, all + order[begin + r] * width);
}

int64_t exampleCount(const std::vector<TrainingData> &groups) {
  int64_t n = 0;
  for (const TrainingData &group : groups)
    n += group.count;
  return n;
}

/// Runs `fn` with `batch` examples of `group`: the inputs and targets take
/// the group's extents (sequences of one length), every other tensor its
/// static shape.
llvm::Error runOnGroup(JitFunction &fn, const TrainingData &group,
                       int64_t batch, llvm::ArrayRef<const float *> args,
                       llvm::ArrayRef<float *> results) {
  if (group.inputShape.empty())
    return fn.run(batch, args, results);
  auto batched = [batch](const std::vector<int64_t> &extents) {
    std::vector<int64_t> shape = {batch};
    shape.insert(shape.end(), extents.begin(), extents.end());
    return shape;
  };
  const lowering::LoweredFunction &lowered = fn.lowered();
  std::vector<JitFunction::Tensor> inputs, outputs;
  for (size_t i = 0; i < lowered.arguments.size(); ++i) {
    const lowering::ArgumentInfo &arg = lowered.arguments[i];
    std::vector<int64_t> shape = arg.role == ArgRole::Input
                                     ? batched(group.inputShape)
                                 : arg.role == ArgRole::Target
                                     ? batched(group.targetShape)
                                     : arg.shape;
    inputs.push_back({const_cast<float *>(args[i]), shape});
  }
  // The prediction (@evaluate's second result) has the target's shape.
  for (size_t i = 0; i < lowered.results.size(); ++i)
    outputs.push_back({results[i], lowered.results[i].dims.empty()
                                       ? lowered.results[i].shape
                                       : batched(group.targetShape)});
  return fn.run(inputs, outputs);
}

} // namespace netc::driver
