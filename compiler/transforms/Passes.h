//===- Passes.h - netc's passes over the nn dialect -------------*- C++ -*-===//
#ifndef NETC_COMPILER_TRANSFORMS_PASSES_H
#define NETC_COMPILER_TRANSFORMS_PASSES_H

#include "compiler/dialect/NNDialect.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"
#include "mlir/Pass/PassManager.h"

namespace netc::nn {

#define GEN_PASS_DECL
#include "compiler/transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "compiler/transforms/Passes.h.inc"

/// Adds the passes that turn a freshly generated module (@infer, @loss) into
/// one that also holds @loss_and_grad and @train_step; `withPredictions`:
/// @train_step also returns its forward outputs (`netc train` judges each
/// epoch by them).
void buildTrainingPipeline(mlir::OpPassManager &pm,
                           bool withPredictions = false);

/// Adds the rewrites that speed up the inference functions (@infer,
/// @evaluate) without changing their results. Runs after the training
/// pipeline, which builds @train_step from the unrewritten @infer.
void buildInferencePipeline(mlir::OpPassManager &pm);

} // namespace netc::nn

#endif // NETC_COMPILER_TRANSFORMS_PASSES_H
