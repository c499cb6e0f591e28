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

LogicalResult LRScheduleOp::verify() {
  float base = getBaseLr().convertToFloat();
  if (!(base > 0.0f) || !std::isfinite(base))
    return emitOpError("base learning rate must be positive and finite, got ")
           << base;
  if (auto step = dyn_cast<StepLRAttr>(getSchedule())) {
    if (step.getStepSize().getInt() < 1)
      return emitOpError("step_size must be at least 1, got ")
             << step.getStepSize().getInt();
    float gamma = step.getGamma().getValue().convertToFloat();
    if (!(gamma > 0.0f) || !std::isfinite(gamma))
      return emitOpError("gamma must be positive and finite, got ") << gamma;
    return success();
  }
  auto cosine = cast<CosineLRAttr>(getSchedule());
  if (cosine.getTMax().getInt() < 1)
    return emitOpError("t_max must be at least 1, got ")
           << cosine.getTMax().getInt();
  float etaMin = cosine.getEtaMin().getValue().convertToFloat();
  if (!(etaMin >= 0.0f) || !std::isfinite(etaMin))
    return emitOpError("eta_min must be non-negative and finite, got ")
           << etaMin;
  return success();
}
