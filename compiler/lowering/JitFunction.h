//===- JitFunction.h - Run a lowered function in-process --------*- C++ -*-===//
//
// `netc train` and the tests run pipelines through Halide's JIT. Tensors are
// passed as row-major float arrays (the layout of MLIR's shapes, which is
// also the layout of the AOT entry points), with every dynamic extent equal
// to the batch size.
//
//===----------------------------------------------------------------------===//
#ifndef NETC_COMPILER_LOWERING_JITFUNCTION_H
#define NETC_COMPILER_LOWERING_JITFUNCTION_H

#include "compiler/lowering/HalideLowering.h"
#include "compiler/lowering/Targets.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"

namespace netc::lowering {

class JitFunction {
public:
  /// JIT-compiles `lowered` for `target` (the host when defaulted).
  static llvm::Expected<JitFunction>
  compile(LoweredFunction lowered,
          const Halide::Target &target = jitTarget());

  /// Runs once. `arguments[i]` holds the i-th argument and `results[i]`
  /// receives the i-th result, each sized by its shape with `batch` for the
  /// dynamic extent. Halide's run-time errors (mismatched extents, say)
  /// come back as an llvm::Error.
  llvm::Error run(int64_t batch, llvm::ArrayRef<const float *> arguments,
                  llvm::ArrayRef<float *> results);

  const LoweredFunction &lowered() const { return function; }

  /// Elements of a tensor of this signature at `batch`.
  static int64_t elementCount(const TensorSignature &signature, int64_t batch);

private:
  explicit JitFunction(LoweredFunction f) : function(std::move(f)) {}
  LoweredFunction function;
};

} // namespace netc::lowering

#endif // NETC_COMPILER_LOWERING_JITFUNCTION_H
