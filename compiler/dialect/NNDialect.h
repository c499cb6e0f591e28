//===- NNDialect.h - The nn dialect -----------------------------*- C++ -*-===//
#ifndef NETC_COMPILER_DIALECT_NNDIALECT_H
#define NETC_COMPILER_DIALECT_NNDIALECT_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "compiler/dialect/NNDialect.h.inc"

#define GET_ATTRDEF_CLASSES
#include "compiler/dialect/NNAttrs.h.inc"

#include "compiler/dialect/NNInterfaces.h.inc"

#define GET_OP_CLASSES
#include "compiler/dialect/NNOps.h.inc"

namespace netc::nn {

/// Argument attribute naming a trainable parameter (`"fc1.weight"`).
inline constexpr llvm::StringLiteral kParamAttr = "nn.param";
/// Argument attribute on a parameter: the fan-in that sets its default
/// initialisation bound 1/sqrt(fan_in), as PyTorch's layers do.
inline constexpr llvm::StringLiteral kFanInAttr = "nn.fan_in";
/// Argument attribute on a parameter that is not trained by gradients but
/// updated by the forward pass in training (batchnorm's running
/// statistics, PyTorch's "buffers"). In @loss_and_grad its result slot
/// carries the updated value instead of a gradient; nn-apply-optimizer
/// passes that value through as its new value.
inline constexpr llvm::StringLiteral kBufferAttr = "nn.buffer";
/// Argument attribute on a parameter: how it is initialised when not
/// uniform in ±1/sqrt(fan_in): "ones", "zeros", or a torch.nn.init name
/// ("kaiming_uniform", "xavier_normal", "normal", "uniform", ...).
inline constexpr llvm::StringLiteral kInitAttr = "nn.init";
/// Argument attribute on a parameter: torch's fan_out (out * kernel size),
/// which the kaiming (mode fan_out) and xavier initialisers read.
inline constexpr llvm::StringLiteral kFanOutAttr = "nn.fan_out";
/// Argument attribute on a parameter: the initialiser's two numbers, an
/// f64 array (kaiming: [a, 1 for mode fan_out else 0]; xavier: [gain, 0];
/// normal: [mean, std]; uniform: [low, high]).
inline constexpr llvm::StringLiteral kInitArgsAttr = "nn.init_args";
/// Argument attribute naming a model input (`"x"`).
inline constexpr llvm::StringLiteral kInputAttr = "nn.input";
/// Argument attribute naming a tensor of optimizer state of @train_step
/// ("0.weight.exp_avg", "step"); it starts at zero.
inline constexpr llvm::StringLiteral kStateAttr = "nn.state";
/// Result attribute of @infer (and @evaluate) naming a model result
/// declared by name (`-> (cls: f32[N, 3], score: f32[N, 1])`); absent for
/// the single unnamed result.
inline constexpr llvm::StringLiteral kOutputAttr = "nn.output";
/// Result attribute: this result of @loss_and_grad or @train_step is the
/// forward output named by the attribute's string ("output" for a single
/// unnamed one), as training computed it (nn-differentiate
/// with-predictions).
inline constexpr llvm::StringLiteral kPredictionAttr = "nn.prediction";
/// Argument attribute marking the training target of @loss / @train_step.
inline constexpr llvm::StringLiteral kTargetAttr = "nn.target";
/// Argument and result attribute: the dimension expressions of the .net
/// signature, as strings (["N", "4", "L"]); checked when the code runs.
inline constexpr llvm::StringLiteral kDimsAttr = "nn.dims";
/// Module attribute holding the optimizer settings (e.g. #nn.sgd<...>).
inline constexpr llvm::StringLiteral kOptimizerAttr = "nn.optimizer";
/// Module attribute holding the learning-rate schedule (#nn.step_lr<...>
/// or #nn.cosine_lr<...>); absent: the optimizer's lr every epoch.
inline constexpr llvm::StringLiteral kLRScheduleAttr = "nn.lr_schedule";
/// The optimizer-state scalar holding the epoch index (from 0) that a
/// learning-rate schedule reads; the trainer writes it before each epoch.
inline constexpr llvm::StringLiteral kEpochState = "epoch";
/// Module attribute holding the model's name.
inline constexpr llvm::StringLiteral kModelAttr = "nn.model";

/// Names of the functions the passes read and write.
inline constexpr llvm::StringLiteral kInferFn = "infer";
inline constexpr llvm::StringLiteral kLossFn = "loss";
inline constexpr llvm::StringLiteral kLossAndGradFn = "loss_and_grad";
inline constexpr llvm::StringLiteral kTrainStepFn = "train_step";
inline constexpr llvm::StringLiteral kEvaluateFn = "evaluate";

} // namespace netc::nn

#endif // NETC_COMPILER_DIALECT_NNDIALECT_H
