//===- Pipelines.cpp - The pass pipelines netc runs -----------------------===//
#include "compiler/transforms/Passes.h"

#include "mlir/Transforms/Passes.h"

void netc::nn::buildTrainingPipeline(mlir::OpPassManager &pm,
                                     bool withPredictions) {
  pm.addPass(createComposeLoss());
  DifferentiateOptions differentiate;
  differentiate.withPredictions = withPredictions;
  pm.addPass(createDifferentiate(differentiate));
  pm.addPass(createApplyOptimizer());
  // Folds away what autodiff left unused (e.g. gradients of inputs).
  pm.addPass(mlir::createCanonicalizerPass());
  pm.addPass(mlir::createCSEPass());
}

void netc::nn::buildInferencePipeline(mlir::OpPassManager &pm) {
  pm.addPass(createFoldBatchNorm());
}
