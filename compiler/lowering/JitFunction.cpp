//===- JitFunction.cpp - Run a lowered function in-process ----------------===//
#include "compiler/lowering/JitFunction.h"

namespace netc::lowering {
namespace {

/// Wraps caller memory as a Halide buffer (Halide order: contiguous first).
Halide::Buffer<float> wrap(const float *data, const TensorSignature &signature,
                           int64_t batch) {
  std::vector<int> sizes;
  for (auto it = signature.shape.rbegin(); it != signature.shape.rend(); ++it)
    sizes.push_back(static_cast<int>(*it == kDynamic ? batch : *it));
  // Halide never writes through input buffers; outputs are passed non-const.
  return Halide::Buffer<float>(const_cast<float *>(data), sizes);
}

} // namespace

int64_t JitFunction::elementCount(const TensorSignature &signature,
                                  int64_t batch) {
  int64_t count = 1;
  for (int64_t d : signature.shape)
    count *= d == kDynamic ? batch : d;
  return count;
}

llvm::Expected<JitFunction> JitFunction::compile(LoweredFunction lowered,
                                                 const Halide::Target &target) {
  try {
    lowered.pipeline.compile_jit(target);
  } catch (const Halide::Error &e) {
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "Halide could not compile '%s': %s",
                                   lowered.name.c_str(), e.what());
  }
  return JitFunction(std::move(lowered));
}

llvm::Error JitFunction::run(int64_t batch,
                             llvm::ArrayRef<const float *> arguments,
                             llvm::ArrayRef<float *> results) {
  if (arguments.size() != function.arguments.size() ||
      results.size() != function.results.size())
    return llvm::createStringError(
        llvm::inconvertibleErrorCode(),
        "'%s' takes %zu arguments and %zu results, got %zu and %zu",
        function.name.c_str(), function.arguments.size(),
        function.results.size(), arguments.size(), results.size());
  try {
    for (size_t i = 0; i < arguments.size(); ++i)
      function.params[i].set(wrap(arguments[i], function.arguments[i], batch));
    std::vector<Halide::Buffer<void>> outputs;
    for (size_t i = 0; i < results.size(); ++i)
      outputs.push_back(wrap(results[i], function.results[i], batch));
    Halide::Realization realization(outputs);
    function.pipeline.realize(realization);
  } catch (const Halide::Error &e) {
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "running '%s' failed: %s",
                                   function.name.c_str(), e.what());
  }
  return llvm::Error::success();
}

} // namespace netc::lowering
