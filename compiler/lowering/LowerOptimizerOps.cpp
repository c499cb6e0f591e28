//===- LowerOptimizerOps.cpp - Halide algorithms of optimizer updates -----===//
//
// Every update is pointwise over one parameter; the step count is a scalar
// broadcast into Adam's bias corrections.
//
//===----------------------------------------------------------------------===//
#include "compiler/dialect/NNDialect.h"
#include "compiler/lowering/LoweringState.h"

#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace netc::nn;
using Halide::Expr;

namespace netc::lowering {
namespace {

float f32(FloatAttr attr) { return attr.getValue().convertToFloat(); }

LogicalResult lowerAdamUpdate(AdamUpdateOp op, LoweringState &state) {
  Expr t = state.values.lookup(op.getStep()).func();
  float lr = f32(op.getLrAttr()), beta1 = f32(op.getBeta1Attr()),
        beta2 = f32(op.getBeta2Attr()), eps = f32(op.getEpsAttr());
  // PyTorch: step_size = lr / (1 - β1ᵗ); denom = sqrt(v) / sqrt(1 - β2ᵗ) + eps.
  Expr stepSize = lr / (1.0f - Halide::pow(beta1, t));
  Expr correction2 = Halide::sqrt(1.0f - Halide::pow(beta2, t));
  return lowerPointwise(
      op, state, "adam_update",
      {op.getParam(), op.getExpAvg(), op.getExpAvgSq()}, [=](auto a) {
        Expr denom = Halide::sqrt(a[2]) / correction2 + eps;
        return a[0] - stepSize * (a[1] / denom);
      });
}

} // namespace

std::optional<LogicalResult> lowerOptimizerOps(Operation *op,
                                               LoweringState &state) {
  return llvm::TypeSwitch<Operation *, std::optional<LogicalResult>>(op)
      .Case([&](SGDUpdateOp o) {
        float lr = f32(o.getLrAttr()), decay = f32(o.getWeightDecayAttr());
        return lowerPointwise(o, state, "sgd_update", o->getOperands(),
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
        float lr = f32(o.getLrAttr()), momentum = f32(o.getMomentumAttr()),
              decay = f32(o.getWeightDecayAttr());
        return lowerPointwise(o, state, "nesterov_update", o->getOperands(),
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
      .Case([&](IncrementOp o) {
        return lowerPointwise(o, state, "increment", o->getOperands(),
                              [](auto a) { return a[0] + 1.0f; });
      })
      .Default([](Operation *) { return std::nullopt; });
}

} // namespace netc::lowering
