//===- StepTrace.h - What the first training steps saw and did --*- C++ -*-===//
//
// `netc train FILE --max-steps K --trace PATH` records the initial
// parameters, each step's input and target batch and loss, and the
// parameters after step K into one safetensors file. The PyTorch parity
// tests (test/parity/example_parity.py) replay the same batches through a
// hand-written twin of the model and compare losses and weights, so the
// trainer's own code path — data, batching, init, JIT step — is what is
// checked.
//
//===----------------------------------------------------------------------===//
#ifndef NETC_COMPILER_DRIVER_STEPTRACE_H
#define NETC_COMPILER_DRIVER_STEPTRACE_H

#include "compiler/codegen/ModelInterface.h"

#include "llvm/Support/Error.h"

#include <string>
#include <vector>

namespace netc::driver {

class StepTrace {
public:
  explicit StepTrace(std::string path) : path(std::move(path)) {}

  void recordInitial(const std::vector<float> &params) { initial = params; }
  /// One step's batch (shapes in MLIR order, the batch first) and loss.
  void recordStep(std::vector<int64_t> inputShape, const float *input,
                  std::vector<int64_t> targetShape, const float *target,
                  float loss);
  /// Writes the file atomically: `init.<param>`, `step<k>.input`,
  /// `step<k>.target`, `final.<param>`; metadata `model`, `steps` and
  /// `losses` (comma-separated, full float precision).
  llvm::Error write(const codegen::ModelInterface &model,
                    const std::vector<float> &finalParams) const;

private:
  struct Tensor {
    std::vector<int64_t> shape;
    std::vector<float> values;
  };
  std::string path;
  std::vector<float> initial;
  std::vector<Tensor> inputs, targets;
  std::vector<float> losses;
};

} // namespace netc::driver

#endif // NETC_COMPILER_DRIVER_STEPTRACE_H
