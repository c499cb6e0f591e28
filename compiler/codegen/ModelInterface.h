//===- ModelInterface.h - What a compiled model looks like outside -*- C++ -*-===//
//
// The contract between generated code and its callers, read off the nn
// module: the inputs, the output, and where each parameter lives in the one
// contiguous parameter region (row-major f32, in @infer's argument order).
// The trainer, the AOT header and the tests all use this one description.
//
//===----------------------------------------------------------------------===//
#ifndef NETC_COMPILER_CODEGEN_MODELINTERFACE_H
#define NETC_COMPILER_CODEGEN_MODELINTERFACE_H

#include "compiler/lowering/HalideLowering.h"

#include "netc_rng.h"

#include "mlir/IR/BuiltinOps.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Error.h"

#include <optional>

namespace netc::codegen {

struct ParameterSlot {
  std::string name;           ///< "0.weight"
  std::vector<int64_t> shape; ///< static
  int64_t offset = 0;         ///< in floats from the start of the region
  int64_t count = 0;          ///< floats
  int64_t fanIn = 1;          ///< sets the default init bound 1/sqrt(fanIn)
  int64_t fanOut = 1;         ///< torch's fan_out, for kaiming and xavier
  /// How the parameter starts (batchnorm's are constants; `init:` chooses
  /// a torch.nn.init initialiser) and its numbers (netc_init_parameter).
  netc_init_kind init = NETC_INIT_UNIFORM_FAN_IN;
  double initArgs[2] = {0, 0};
  /// Updated by training's forward pass, not by the optimizer (batchnorm's
  /// running statistics).
  bool buffer = false;
};

/// The netc_init_kind of an `nn.init` name ("ones", "kaiming_normal"), or
/// nullopt for a name the runtime does not know.
std::optional<netc_init_kind> initKindNamed(llvm::StringRef name);

struct ModelInterface {
  std::string name;
  std::vector<lowering::TensorSignature> inputs;
  /// The first (for most models the only) output.
  lowering::TensorSignature output;
  /// Every output of @infer, in declaration order: the single unnamed
  /// result is named "output"; named results (`-> (cls: ..., score: ...)`)
  /// keep their names.
  std::vector<lowering::TensorSignature> outputs;
  /// What training compares the output with: the output's shape, or
  /// without its class axis for cross_entropy(targets: indices). With
  /// several outputs, one [N, T] row per example holding each output's
  /// target in declaration order.
  lowering::TensorSignature target;
  std::vector<ParameterSlot> params;
  int64_t paramCount = 0; ///< floats in the parameter region
  /// The optimizer's state ("0.weight.exp_avg", "step"), in @train_step's
  /// argument order; it starts at zero. Empty for plain SGD.
  std::vector<ParameterSlot> state;
  int64_t stateCount = 0; ///< floats in the optimizer-state region

  /// Reads @infer of `module`; reports and returns nullopt if it is missing.
  static std::optional<ModelInterface> fromModule(mlir::ModuleOp module);

  /// True when each target is a class index per position (the target has
  /// one dimension less than the output) instead of the output's shape.
  bool hasIndexTargets() const {
    return outputs.size() == 1 &&
           target.shape.size() + 1 == output.shape.size();
  }
  /// Whether @infer returns several values (named results).
  bool hasSeveralOutputs() const { return outputs.size() > 1; }
  /// The C parameter of output `k` in the generated `<model>_infer`:
  /// `output` for a single output, else `out_<name>`.
  std::string outputPointer(size_t k) const;
  /// Classes along the output's axis 1 (its only extent for a rank-1 one).
  int64_t classCount() const;

  const ParameterSlot *findParam(llvm::StringRef name) const;
  const ParameterSlot *findState(llvm::StringRef name) const;
  /// The slot a `new_<name>` result of @train_step writes: a parameter or
  /// a tensor of optimizer state.
  const ParameterSlot *findUpdated(llvm::StringRef resultName) const;

  /// The memory one training step reads and writes: an input batch and its
  /// targets, the parameter and optimizer-state regions, and where the
  /// updated regions and the loss go.
  struct StepMemory {
    const float *input = nullptr;
    const float *target = nullptr;
    const float *params = nullptr;
    const float *state = nullptr;
    float *newParams = nullptr;
    float *newState = nullptr;
    float *loss = nullptr;
    /// One per `prediction_<output>` result, in order (a step built with
    /// predictions; see Compilation::buildTrainStep).
    llvm::ArrayRef<float *> predictions = {};
  };
  /// Pointers for every argument and result of the lowered @train_step
  /// `fn`, in its order: parameters and state point into their regions.
  void bindStep(const lowering::LoweredFunction &fn, const StepMemory &memory,
                std::vector<const float *> &arguments,
                std::vector<float *> &results) const;

  /// The symbolic dimensions in the order the inputs introduce them (the
  /// batch first): the extents a caller chooses per call.
  std::vector<std::string> symbols() const;
  /// Each symbol's value, read off the inputs' shapes; an error names the
  /// input and dimension that disagree with the signature.
  llvm::Expected<llvm::StringMap<int64_t>>
  bindSymbols(llvm::ArrayRef<std::vector<int64_t>> inputShapes) const;
  /// The shape of a tensor whose dims are `dims` once symbols are bound.
  static llvm::Expected<std::vector<int64_t>>
  shapeFor(const lowering::TensorSignature &tensor,
           const llvm::StringMap<int64_t> &symbols);
  /// Floats per example of a tensor whose first dimension is the batch.
  static int64_t featuresPerExample(const lowering::TensorSignature &t);
};

} // namespace netc::codegen

#endif // NETC_COMPILER_CODEGEN_MODELINTERFACE_H
