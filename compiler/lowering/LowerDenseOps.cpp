//===- LowerDenseOps.cpp - Halide algorithms of dense-layer ops -----------===//
//
// Linear layers, activations, losses and constants: the
// algorithm only; schedules/ decides loop order, storage and vectorization
// from each stage's kind. Index conventions: MLIR [N, F] is Halide (f, n);
// a linear weight [out, in] is Halide (i, o).
//
// The three products of a linear layer are register-tiled like
// convolutions (Stage::blockVar; schedules/CpuSchedule.cpp): the forward
// pass and the input gradient across examples (a tile of 8 examples shares
// each weight vector it loads), the weight gradient across output
// features (8 rows share each input vector). The operand each tile reads
// one element at a time (x forward, dy in both gradients) is stored once
// per call (StoredOperands.h) when it is an inlined chain such as a relu's
// gradient, which each tile would otherwise compute again per element.
// The weight gradient keeps one sum over the whole batch: split into
// blocks of examples as convolutions' are, peptide_ffn's step was slower
// (its operands fit L2 whole). 1 thread, Xeon 2.6 GHz with AVX-512,
// netc_bench medians: peptide_ffn train step at batch 256 241 -> 120 µs,
// at 32 49 -> 32 µs, inference at 256 84 -> 51 µs; peptide_cnn train step
// at 256 634 -> 529 µs; LeNet 8.8 -> 8.0 ms; the others within noise or
// a few % faster.
//
//===----------------------------------------------------------------------===//
#include "compiler/dialect/NNDialect.h"
#include "compiler/lowering/LoweringState.h"
#include "compiler/lowering/StoredOperands.h"

#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace netc::nn;
using netc::schedules::StageKind;
using Halide::Expr;
using Halide::Func;
using Halide::RDom;
using Halide::Var;

namespace netc::lowering {

namespace {

LogicalResult lowerLinear(LinearOp op, LoweringState &state) {
  TensorValue x = storedOnce(state.values.lookup(op.getInput()), state);
  const TensorValue &w = state.values.lookup(op.getWeight());
  Var o("o"), n("n");
  RDom k(0, w.extents[1], "k");
  // The weight with output features contiguous, so the product can run
  // vectors along o (W is [out, in]: o is its strided dimension).
  Var ko("k"), oo("o");
  Func wT(state.freshName("linear_weight_t"));
  wT(oo, ko) = w.func(ko, oo);
  state.stages.push_back({wT, StageKind::Layout, {oo, ko}, false});
  Func f(state.freshName("linear"));
  if (Value bias = op.getBias())
    f(o, n) = state.values.lookup(bias).func(o);
  else
    f(o, n) = 0.0f;
  f(o, n) += x.func(k, n) * wT(o, k);
  state.define(op.getResult(), f, {x.extents[0], w.extents[0]},
               StageKind::Contraction, {o, n});
  state.stages.back().blockVar = 1;
  return success();
}

LogicalResult lowerLinearGradInput(LinearGradInputOp op, LoweringState &state) {
  TensorValue dy = storedOnce(state.values.lookup(op.getResultGrad()), state);
  const TensorValue &w = state.values.lookup(op.getWeight());
  Var i("i"), n("n");
  RDom o(0, w.extents[0], "o");
  Func f(state.freshName("linear_grad_input"));
  f(i, n) = 0.0f;
  f(i, n) += dy.func(o, n) * w.func(i, o);
  state.define(op.getResult(), f, {dy.extents[0], w.extents[1]},
               StageKind::Contraction, {i, n});
  state.stages.back().blockVar = 1;
  return success();
}

LogicalResult lowerLinearGradWeight(LinearGradWeightOp op,
                                    LoweringState &state) {
  TensorValue dy = storedOnce(state.values.lookup(op.getResultGrad()), state);
  const TensorValue &x = state.values.lookup(op.getInput());
  state.requireEqual(dy.extents[0], x.extents[0],
                     "linear_grad_weight: batch of gradient and input differ");
  Var i("i"), o("o");
  RDom n(0, x.extents[0], "n");
  Func f(state.freshName("linear_grad_weight"));
  f(i, o) = 0.0f;
  f(i, o) += dy.func(o, n) * x.func(i, n);
  state.define(op.getResult(), f, {dy.extents[1], x.extents[1]},
               StageKind::Contraction, {i, o});
  state.stages.back().blockVar = 1;
  return success();
}

LogicalResult lowerLinearGradBias(LinearGradBiasOp op, LoweringState &state) {
  const TensorValue &dy = state.values.lookup(op.getResultGrad());
  Var o("o");
  RDom n(0, dy.extents[0], "n");
  Func f(state.freshName("linear_grad_bias"));
  f(o) = 0.0f;
  f(o) += dy.func(o, n);
  state.define(op.getResult(), f, {dy.extents[1]}, StageKind::Reduction, {o});
  return success();
}

/// mean(term(p, t)) (or with `sum` the sum) over every element: a
/// reduction stage, then a scalar scale that is fused into its consumer.
template <typename Term>
LogicalResult lowerMeanLoss(Operation *op, Value prediction, Value target,
                            bool sum, LoweringState &state, StringRef name,
                            Term term) {
  const TensorValue &p = state.values.lookup(prediction);
  const TensorValue &t = state.values.lookup(target);
  for (int d = 0; d < p.rank(); ++d)
    state.requireEqual(p.extents[d], t.extents[d],
                       (name + ": prediction and target differ in dimension " +
                        llvm::Twine(d)).str());
  defineLoss(op->getResult(0), p, sum, p.elementCountF32(), name,
             [&](const std::vector<Expr> &at) {
               return term(p.func(at), t.func(at));
             },
             state);
  return success();
}

/// PyTorch clamps BCE's logarithms at -100 so saturated predictions stay
/// finite.
Expr clampedLog(Expr x) { return Halide::max(Halide::log(x), -100.0f); }

LogicalResult lowerConstant(arith::ConstantOp op, LoweringState &state) {
  auto dense = dyn_cast<DenseElementsAttr>(op.getValue());
  auto type = dyn_cast<RankedTensorType>(op.getType());
  if (!dense || !dense.isSplat() || !type || !type.hasStaticShape() ||
      !type.getElementType().isF32())
    return op.emitError("only splat f32 tensor constants can be lowered to "
                        "Halide");
  std::vector<Var> vars = LoweringState::makeVars(type.getRank());
  Func f(state.freshName("constant"));
  f(vars) = Expr(dense.getSplatValue<float>());
  std::vector<Expr> extents;
  for (int64_t d : type.getShape())
    extents.push_back(Expr(static_cast<int>(d)));
  state.define(op.getResult(), f, extents, StageKind::Elementwise, vars);
  return success();
}

} // namespace

std::optional<LogicalResult> lowerDenseOps(Operation *op,
                                           LoweringState &state) {
  auto value = [&](Value v) { return state.values.lookup(v); };
  return llvm::TypeSwitch<Operation *, std::optional<LogicalResult>>(op)
      .Case([&](LinearOp o) { return lowerLinear(o, state); })
      .Case([&](LinearGradInputOp o) { return lowerLinearGradInput(o, state); })
      .Case([&](LinearGradWeightOp o) {
        return lowerLinearGradWeight(o, state);
      })
      .Case([&](LinearGradBiasOp o) { return lowerLinearGradBias(o, state); })
      .Case([&](ReluOp o) {
        return lowerPointwise(o, state, "relu", o->getOperands(),
                              [](auto a) { return Halide::max(a[0], 0.0f); });
      })
      .Case([&](SigmoidOp o) {
        return lowerPointwise(o, state, "sigmoid", o->getOperands(), [](auto a) {
          return 1.0f / (1.0f + Halide::exp(-a[0]));
        });
      })
      .Case([&](TanhOp o) {
        return lowerPointwise(o, state, "tanh", o->getOperands(),
                              [](auto a) { return Halide::tanh(a[0]); });
      })
      .Case([&](AddOp o) {
        return lowerPointwise(o, state, "add", o->getOperands(),
                              [](auto a) { return a[0] + a[1]; });
      })
      .Case([&](ReluGradOp o) {
        return lowerPointwise(o, state, "relu_grad", o->getOperands(),
                              [](auto a) {
                                return Halide::select(a[1] > 0.0f, a[0], 0.0f);
                              });
      })
      .Case([&](SigmoidGradOp o) {
        return lowerPointwise(o, state, "sigmoid_grad", o->getOperands(),
                              [](auto a) { return a[0] * a[1] * (1.0f - a[1]); });
      })
      .Case([&](TanhGradOp o) {
        return lowerPointwise(o, state, "tanh_grad", o->getOperands(),
                              [](auto a) { return a[0] * (1.0f - a[1] * a[1]); });
      })
      .Case([&](MSELossOp o) {
        return lowerMeanLoss(o, o.getPrediction(), o.getTarget(),
                             o.isSumReduction(), state, "mse_loss",
                             [](Expr p, Expr t) { return (p - t) * (p - t); });
      })
      .Case([&](BCELossOp o) {
        return lowerMeanLoss(o, o.getPrediction(), o.getTarget(),
                             o.isSumReduction(), state, "bce_loss",
                             [](Expr p, Expr t) {
                               return -(t * clampedLog(p) +
                                        (1.0f - t) * clampedLog(1.0f - p));
                             });
      })
      .Case([&](MSELossGradOp o) {
        Expr count = o.isSumReduction()
                         ? Expr(1.0f)
                         : value(o.getPrediction()).elementCountF32();
        Expr dl = value(o.getLossGrad()).func();
        return lowerPointwise(o, state, "mse_loss_grad",
                              {o.getPrediction(), o.getTarget()},
                              [=](auto a) {
                                return dl * 2.0f * (a[0] - a[1]) / count;
                              });
      })
      .Case([&](BCELossGradOp o) {
        Expr count = o.isSumReduction()
                         ? Expr(1.0f)
                         : value(o.getPrediction()).elementCountF32();
        Expr dl = value(o.getLossGrad()).func();
        return lowerPointwise(
            o, state, "bce_loss_grad", {o.getPrediction(), o.getTarget()},
            [=](auto a) {
              Expr p = a[0], t = a[1];
              return dl * (p - t) / Halide::max(p * (1.0f - p), 1e-12f) / count;
            });
      })
      .Case([&](arith::ConstantOp o) { return lowerConstant(o, state); })
      .Default([](Operation *) { return std::nullopt; });
}

} // namespace netc::lowering
