//===- LowerDropoutOps.cpp - Dropout to Halide ----------------------------===//
//
// nn.dropout (evaluation) is the identity. nn.dropout_train keeps element i
// when a counter-based hash of (seed, step, i) says so: no random-number
// state, so the backward pass (the same op on the gradient) and a rerun
// with the same step recompute the very same mask, and any schedule
// (tiling, vectors, threads) draws the same numbers.
//
// The hash is Wellons' "lowbias32" integer finaliser, chained over the
// seed, the bits of the f32 step counter and the element's row-major index
// (uint32 arithmetic wraps, as the finaliser needs). Its top 24 bits make a
// uniform u in [0, 1); the element is kept when u >= p, so it is dropped
// with probability p (to 2^-24).
//
//===----------------------------------------------------------------------===//
#include "compiler/dialect/NNDialect.h"
#include "compiler/lowering/LoweringState.h"

#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace netc::nn;
using Halide::Expr;
using Halide::Func;
using Halide::Var;
using netc::schedules::StageKind;

namespace netc::lowering {
namespace {

Expr u32(uint32_t value) {
  return Halide::Internal::make_const(Halide::UInt(32), value);
}

/// lowbias32: a bijection of uint32 with good avalanche.
Expr mix(Expr h) {
  h = h ^ (h >> u32(16));
  h = h * u32(0x7feb352du);
  h = h ^ (h >> u32(15));
  h = h * u32(0x846ca68bu);
  return h ^ (h >> u32(16));
}

LogicalResult lowerDropoutTrain(DropoutTrainOp op, LoweringState &state) {
  const TensorValue &x = state.values.lookup(op.getInput());
  const TensorValue &step = state.values.lookup(op.getStep());
  float p = op.getP().convertToFloat();
  float scale = p < 1.0f ? 1.0f / (1.0f - p) : 0.0f;
  std::vector<Var> vars = LoweringState::makeVars(x.rank());
  // Row-major index: Halide dimension 0 is the contiguous one.
  Expr index = Halide::cast<int>(0);
  for (int h = x.rank() - 1; h >= 0; --h)
    index = index * x.halideExtent(h) + vars[h];
  auto seed = static_cast<uint32_t>(op.getSeed());
  Expr stepBits = Halide::reinterpret(Halide::UInt(32), step.func(0));
  Expr hash = mix(mix(mix(u32(seed ^ 0x9e3779b9u)) + stepBits) +
                  Halide::cast(Halide::UInt(32), index));
  Expr uniform = Halide::cast<float>(hash >> u32(8)) * (1.0f / 16777216.0f);
  Func y(state.freshName("dropout_train"));
  y(vars) = Halide::select(uniform >= p, x.func(vars) * scale, 0.0f);
  state.define(op.getResult(), y, x.extents, StageKind::Elementwise, vars);
  return success();
}

} // namespace

std::optional<LogicalResult> lowerDropoutOps(Operation *op,
                                             LoweringState &state) {
  return llvm::TypeSwitch<Operation *, std::optional<LogicalResult>>(op)
      .Case([&](DropoutOp o) {
        return lowerPointwise(o, state, "dropout", ValueRange{o.getInput()},
                              [](auto a) { return a[0]; });
      })
      .Case([&](DropoutTrainOp o) { return lowerDropoutTrain(o, state); })
      .Default([](Operation *) { return std::nullopt; });
}

} // namespace netc::lowering
