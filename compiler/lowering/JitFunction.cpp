//===- JitFunction.cpp - Run a lowered function in-process ----------------===//
#include "compiler/lowering/JitFunction.h"
#include "compiler/lowering/CallShapeCheck.h"
#include "compiler/lowering/JitAllocator.h"

#include "llvm/Support/WithColor.h"

#include <mutex>

namespace netc::lowering {
namespace {

/// Wraps caller memory as a Halide buffer (Halide order: contiguous first).
Halide::Buffer<float> wrap(const JitFunction::Tensor &tensor) {
  std::vector<int> sizes;
  for (auto it = tensor.shape.rbegin(); it != tensor.shape.rend(); ++it)
    sizes.push_back(static_cast<int>(*it));
  return Halide::Buffer<float>(tensor.data, sizes);
}

} // namespace

std::vector<int64_t> JitFunction::shapeAt(const TensorSignature &signature,
                                          int64_t batch) {
  std::vector<int64_t> shape = signature.shape;
  for (int64_t &d : shape)
    if (d == kDynamic)
      d = batch;
  return shape;
}

int64_t JitFunction::elementCount(const TensorSignature &signature,
                                  int64_t batch) {
  int64_t count = 1;
  for (int64_t d : shapeAt(signature, batch))
    count *= d;
  return count;
}

llvm::Expected<JitFunction> JitFunction::compile(LoweredFunction lowered,
                                                 const Halide::Target &target,
                                                 llvm::StringRef cacheKey) {
  if (std::optional<std::string> dir = pipelineCacheDir();
      dir && !cacheKey.empty()) {
    llvm::Expected<std::shared_ptr<CachedPipeline>> cached =
        CachedPipeline::getOrCompile(lowered, target, *dir, cacheKey);
    if (cached)
      return JitFunction(std::move(lowered), target, std::move(*cached));
    // The JIT compiles what the cache could not, said once per process;
    // NETC_CACHE=off skips the attempt.
    static std::once_flag said;
    std::string why = llvm::toString(cached.takeError());
    std::call_once(said, [&] {
      llvm::WithColor::note(llvm::errs(), "netc")
          << "pipeline cache: " << why
          << "; compiling in memory instead (NETC_CACHE=off skips the "
             "cache)\n";
    });
  }
  try {
    useReusingAllocator(lowered.pipeline);
    lowered.pipeline.compile_jit(target);
  } catch (const Halide::Error &e) {
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "Halide could not compile '%s': %s",
                                   lowered.name.c_str(), e.what());
  }
  return JitFunction(std::move(lowered), target);
}

llvm::Error JitFunction::run(llvm::ArrayRef<Tensor> arguments,
                             llvm::ArrayRef<Tensor> results) {
  if (arguments.size() != function.arguments.size() ||
      results.size() != function.results.size())
    return llvm::createStringError(
        llvm::inconvertibleErrorCode(),
        "'%s' takes %zu arguments and %zu results, got %zu and %zu",
        function.name.c_str(), function.arguments.size(),
        function.results.size(), arguments.size(), results.size());
  std::vector<std::vector<int64_t>> shapes;
  for (llvm::ArrayRef<Tensor> tensors : {arguments, results})
    for (const Tensor &t : tensors)
      shapes.push_back(t.shape);
  if (shapes != checkedShapes) {
    llvm::ArrayRef<std::vector<int64_t>> all(shapes);
    if (auto err =
            checkCallShapes(function, target, all.take_front(arguments.size()),
                            all.drop_front(arguments.size()), cached.get()))
      return llvm::createStringError(
          llvm::inconvertibleErrorCode(), "running '%s' failed: %s",
          function.name.c_str(), llvm::toString(std::move(err)).c_str());
    checkedShapes = std::move(shapes);
  }
  if (cached) {
    std::vector<Halide::Buffer<float>> buffers;
    for (llvm::ArrayRef<Tensor> tensors : {arguments, results})
      for (const Tensor &t : tensors)
        buffers.push_back(wrap(t));
    std::vector<void *> argv;
    for (Halide::Buffer<float> &b : buffers)
      argv.push_back(b.raw_buffer());
    if (llvm::Error err = cached->run(argv.data()))
      return llvm::createStringError(
          llvm::inconvertibleErrorCode(), "running '%s' failed: %s",
          function.name.c_str(), llvm::toString(std::move(err)).c_str());
    return llvm::Error::success();
  }
  try {
    for (size_t i = 0; i < arguments.size(); ++i)
      function.params[i].set(wrap(arguments[i]));
    std::vector<Halide::Buffer<void>> outputs;
    for (const Tensor &result : results)
      outputs.push_back(wrap(result));
    Halide::Realization realization(outputs);
    function.pipeline.realize(realization);
  } catch (const Halide::Error &e) {
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "running '%s' failed: %s",
                                   function.name.c_str(), e.what());
  }
  return llvm::Error::success();
}

llvm::Error JitFunction::run(int64_t batch,
                             llvm::ArrayRef<const float *> arguments,
                             llvm::ArrayRef<float *> results) {
  std::vector<Tensor> in, out;
  // Halide never writes through input buffers.
  for (size_t i = 0; i < arguments.size(); ++i)
    in.push_back({const_cast<float *>(arguments[i]),
                  i < function.arguments.size()
                      ? shapeAt(function.arguments[i], batch)
                      : std::vector<int64_t>{}});
  for (size_t i = 0; i < results.size(); ++i)
    out.push_back({results[i], i < function.results.size()
                                   ? shapeAt(function.results[i], batch)
                                   : std::vector<int64_t>{}});
  return run(in, out);
}

} // namespace netc::lowering
