//===- LowerOptimizerOps.cpp - Halide algorithms of optimizer updates -----===//
//
// Every update is pointwise over one parameter; the step count is a scalar
// broadcast into Adam's bias corrections, and a schedule's lr_scale one
// broadcast into the learning rate.
//
//===----------------------------------------------------------------------===//
#include "compiler/dialect/NNDialect.h"
#include "compiler/lowering/LoweringState.h"

#include "llvm/ADT/TypeSwitch.h"

#include <cmath>

using namespace mlir;
using namespace netc::nn;
using Halide::Expr;

namespace netc::lowering {
namespace {

float f32(FloatAttr attr) { return attr.getValue().convertToFloat(); }

/// A scalar operand as an expression.
Expr scalar(Value value, LoweringState &state) {
  return state.values.lookup(value).func();
}

/// The learning rate `lr`, times `scale` when the op has one.
Expr learningRate(FloatAttr lr, Value scale, LoweringState &state) {
  return scale ? f32(lr) * scalar(scale, state) : Expr(f32(lr));
}

/// PyTorch's schedulers in closed form: StepLR and CosineAnnealingLR
/// (whose cosine keeps going past t_max, as PyTorch's does), over base_lr.
Expr scheduleFactor(Attribute schedule, float base, Expr epoch) {
  if (auto step = dyn_cast<StepLRAttr>(schedule)) {
    float every = float(step.getStepSize().getInt());
    return Halide::pow(f32(step.getGamma()), Halide::floor(epoch / every));
  }
  auto cosine = cast<CosineLRAttr>(schedule);
  float tMax = float(cosine.getTMax().getInt());
  float etaMin = f32(cosine.getEtaMin());
  Expr half = (1.0f + Halide::cos(float(M_PI) * epoch / tMax)) / 2.0f;
  return (etaMin + (base - etaMin) * half) / base;
}

LogicalResult lowerAdamUpdate(AdamUpdateOp op, LoweringState &state) {
  Expr t = state.values.lookup(op.getStep()).func();
  Expr lr = learningRate(op.getLrAttr(), op.getLrScale(), state);
  float beta1 = f32(op.getBeta1Attr()), beta2 = f32(op.getBeta2Attr()),
        eps = f32(op.getEpsAttr());
  // PyTorch: step_size = lr / (1 - β1ᵗ); denom = sqrt(v) / sqrt(1 - β2ᵗ) + eps.
  Expr stepSize = lr / (1.0f - Halide::pow(beta1, t));
  Expr correction2 = Halide::sqrt(1.0f - Halide::pow(beta2, t));
  return lowerPointwise(
      op, state, "adam_update",
      ValueRange{op.getParam(), op.getExpAvg(), op.getExpAvgSq()},
      [=](auto a) {
        Expr denom = Halide::sqrt(a[2]) / correction2 + eps;
        return a[0] - stepSize * (a[1] / denom);
      });
}

} // namespace

std::optional<LogicalResult> lowerOptimizerOps(Operation *op,
                                               LoweringState &state) {
  return llvm::TypeSwitch<Operation *, std::optional<LogicalResult>>(op)
      .Case([&](SGDUpdateOp o) {
        Expr lr = learningRate(o.getLrAttr(), o.getLrScale(), state);
        float decay = f32(o.getWeightDecayAttr());
        return lowerPointwise(o, state, "sgd_update",
                              ValueRange{o.getParam(), o.getDirection()},
                              [=](auto a) {
                                return a[0] - lr * (a[1] + decay * a[0]);
                              });
      })
      .Case([&](MomentumBufferOp o) {
        float momentum = f32(o.getMomentumAttr()),
              decay = f32(o.getWeightDecayAttr());
        return lowerPointwise(o, state, "momentum_buffer", o->getOperands(),
                              [=](auto a) {
                                return momentum * a[0] + a[1] + decay * a[2];
                              });
      })
      .Case([&](NesterovUpdateOp o) {
        Expr lr = learningRate(o.getLrAttr(), o.getLrScale(), state);
        float momentum = f32(o.getMomentumAttr()),
              decay = f32(o.getWeightDecayAttr());
        return lowerPointwise(o, state, "nesterov_update",
                              ValueRange{o.getParam(), o.getGrad(),
                                         o.getBuffer()},
                              [=](auto a) {
                                Expr g = a[1] + decay * a[0];
                                return a[0] - lr * (g + momentum * a[2]);
                              });
      })
      .Case([&](AdamMomentOp o) {
        float beta = f32(o.getBetaAttr()), decay = f32(o.getWeightDecayAttr());
        bool squared = o.getSquared();
        return lowerPointwise(o, state, "adam_moment", o->getOperands(),
                              [=](auto a) {
                                Expr g = a[1] + decay * a[2];
                                return beta * a[0] +
                                       (1.0f - beta) * (squared ? g * g : g);
                              });
      })
      .Case([&](AdamUpdateOp o) { return lowerAdamUpdate(o, state); })
      .Case([&](LRScheduleOp o) {
        Attribute schedule = o.getSchedule();
        float base = f32(o.getBaseLrAttr());
        return lowerPointwise(o, state, "lr_schedule", o->getOperands(),
                              [=](auto a) {
                                return scheduleFactor(schedule, base, a[0]);
                              });
      })
      .Case([&](IncrementOp o) {
        return lowerPointwise(o, state, "increment", o->getOperands(),
                              [](auto a) { return a[0] + 1.0f; });
      })
      .Default([](Operation *) { return std::nullopt; });
}

} // namespace netc::lowering
