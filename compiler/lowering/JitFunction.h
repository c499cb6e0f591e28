//===- JitFunction.h - Run a lowered function in-process --------*- C++ -*-===//
//
// `netc train` and the tests run pipelines through Halide's JIT, or, given
// a cache key, through a library the pipeline cache compiled once
// (PipelineCache.h). Tensors are passed as row-major float arrays (the
// layout of MLIR's shapes, which is also the layout of the AOT entry
// points), with every dynamic extent equal to the batch size.
//
//===----------------------------------------------------------------------===//
#ifndef NETC_COMPILER_LOWERING_JITFUNCTION_H
#define NETC_COMPILER_LOWERING_JITFUNCTION_H

#include "compiler/lowering/HalideLowering.h"
#include "compiler/lowering/PipelineCache.h"
#include "compiler/lowering/Targets.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"

namespace netc::lowering {

class JitFunction {
public:
  /// JIT-compiles `lowered` for `target` (the host when defaulted). With a
  /// `cacheKey` (pipelineCacheKey) and the cache on, loads the pipeline
  /// from the cache instead, compiling it there first when it is missing;
  /// the JIT remains the fallback.
  static llvm::Expected<JitFunction>
  compile(LoweredFunction lowered, const Halide::Target &target = jitTarget(),
          llvm::StringRef cacheKey = "");

  /// Whether the pipeline came from the cache without compiling.
  bool fromCache() const { return cached && cached->wasCached(); }

  /// A row-major float array and its extents (outermost first).
  struct Tensor {
    float *data;
    std::vector<int64_t> shape;
  };

  /// Runs once on `arguments` (in the function's order), writing `results`.
  /// Every extent is given explicitly and checked against the signature and
  /// each other before the pipeline runs (checkCallShapes, once per distinct
  /// set of shapes); a mismatch, like any Halide run-time error, comes back
  /// as an llvm::Error.
  llvm::Error run(llvm::ArrayRef<Tensor> arguments,
                  llvm::ArrayRef<Tensor> results);

  /// Shorthand when every dynamic extent is the batch size `batch`.
  llvm::Error run(int64_t batch, llvm::ArrayRef<const float *> arguments,
                  llvm::ArrayRef<float *> results);

  /// `signature`'s shape with every dynamic extent set to `batch`.
  static std::vector<int64_t> shapeAt(const TensorSignature &signature,
                                      int64_t batch);

  const LoweredFunction &lowered() const { return function; }

  /// Elements of a tensor of this signature at `batch`.
  static int64_t elementCount(const TensorSignature &signature, int64_t batch);

private:
  JitFunction(LoweredFunction f, Halide::Target target,
              std::shared_ptr<CachedPipeline> cached = nullptr)
      : function(std::move(f)), target(std::move(target)),
        cached(std::move(cached)) {}
  LoweredFunction function;
  Halide::Target target; ///< what it was compiled for
  /// The cache's library that runs instead of the JIT, when there is one.
  std::shared_ptr<CachedPipeline> cached;
  /// The shapes (arguments, then results) of the last call that passed
  /// checkCallShapes: a training loop's calls repeat them.
  std::vector<std::vector<int64_t>> checkedShapes;
};

} // namespace netc::lowering

#endif // NETC_COMPILER_LOWERING_JITFUNCTION_H
