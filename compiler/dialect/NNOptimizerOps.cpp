//===- NNOptimizerOps.cpp - Verifiers of optimizer updates ----------------===//
#include "compiler/dialect/NNDialect.h"

#include <cmath>

using namespace mlir;
using namespace netc::nn;

LogicalResult SGDUpdateOp::verify() {
  float lr = getLr().convertToFloat();
  if (!(lr > 0.0f) || !std::isfinite(lr))
    return emitOpError("learning rate must be positive and finite, got ") << lr;
  return success();
}
