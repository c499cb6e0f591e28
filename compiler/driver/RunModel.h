//===- RunModel.h - Compiled entry points over groups of examples -*- C++ -*-===//
//
// What `netc train`, `eval` and `predict` share: JIT-compiling one entry
// point of the module (@train_step, @evaluate, @infer) for this machine,
// and running it on a batch of one group of examples (one sequence length),
// with the group's extents bound to the symbolic dimensions.
//
//===----------------------------------------------------------------------===//
#ifndef NETC_COMPILER_DRIVER_RUNMODEL_H
#define NETC_COMPILER_DRIVER_RUNMODEL_H

#include "compiler/driver/Frontend.h"
#include "compiler/driver/TrainingData.h"
#include "compiler/lowering/JitFunction.h"

#include "llvm/Support/Error.h"

#include <optional>
#include <vector>

namespace netc::driver {

/// The JIT target (HL_JIT_TARGET, or this machine); nothing, after
/// printing why, when HL_JIT_TARGET names one netc cannot run (a usage
/// error: commands resolve it once, before compiling).
std::optional<Halide::Target> jitTargetOrError();

/// Lowers the module's function `name` to Halide and JIT-compiles it for
/// `target`; errors are printed.
std::optional<lowering::JitFunction>
jitCompile(Compilation &c, llvm::StringRef name, const Halide::Target &target);

/// jitCompile for each of `names`, concurrently where the machine has more
/// than one core (llvm::parallelFor): Halide compiles independent
/// pipelines in parallel, and a model's entry points are independent (the
/// translator's @train_step and @evaluate: 6.9 + 2.9 s one after the
/// other, 7.2 s side by side on 2 cores).
std::vector<std::optional<lowering::JitFunction>>
jitCompileAll(Compilation &c, llvm::ArrayRef<llvm::StringRef> names,
              const Halide::Target &target);

/// Gathers the rows `order[begin, begin+count)` of a row-major array.
void gatherRows(const std::vector<float> &all, int64_t width,
                const std::vector<int64_t> &order, int64_t begin,
                int64_t count, std::vector<float> &out);

/// The inverse of gatherRows: writes `rows` (count x width) to the rows
/// `order[begin, begin+count)` of `all`.
void scatterRows(const float *rows, int64_t width,
                 const std::vector<int64_t> &order, int64_t begin,
                 int64_t count, float *all);

/// Examples in all groups.
int64_t exampleCount(const std::vector<TrainingData> &groups);

/// Runs `fn` with `batch` examples of `group`: the inputs and targets take
/// the group's extents (sequences of one length), every other tensor its
/// static shape; a batched result takes the target's extents.
llvm::Error runOnGroup(lowering::JitFunction &fn, const TrainingData &group,
                       int64_t batch, llvm::ArrayRef<const float *> args,
                       llvm::ArrayRef<float *> results);

} // namespace netc::driver

#endif // NETC_COMPILER_DRIVER_RUNMODEL_H
