//===- LowerActivationOps.cpp - Halide algorithms of activations ----------===//
//
// leaky_relu, elu, softmax, log_softmax, maxout, the logit losses and their
// gradients: the algorithm only, as in LowerDenseOps.cpp. Funcs are over
// Halide's dimension order (d0 contiguous = the last MLIR axis), so MLIR
// axis `a` of a rank-r tensor is Halide dimension r - 1 - a.
//
//  - A reduction along one axis (softmax's maximum and sum, the
//    cross-entropy's log-sum-exp, the sums of the gradients) is a stage of
//    its own, of kind AxisReduction: a Func over the other dimensions that
//    initialises, then updates over an RDom walking the axis. The pointwise
//    rest (exp(x - m) / s, ...) is an Elementwise stage that schedules/
//    fuses into its consumers.
//  - Softmax subtracts the slice's maximum before exp, so large logits do
//    not overflow; log_softmax is x - m - log Σ exp(x - m).
//  - Maxout's groups are small and their size is a constant: the maximum
//    and the first argmax are unrolled over the pieces, and stored (kind
//    Window, like pooling) since a group is read once per consumer element.
//  - Losses sum over every element into a Reduction stage, then a scalar
//    Elementwise stage divides by the count for reduction = "mean". The
//    class-index cross-entropy sums over the target's positions and reads
//    the logit of each position's class.
//
//===----------------------------------------------------------------------===//
#include "compiler/dialect/NNDialect.h"
#include "compiler/lowering/LoweringState.h"

#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace netc::nn;
using Halide::Expr;
using Halide::Func;
using Halide::RDom;
using Halide::Var;
using netc::schedules::StageKind;

namespace netc::lowering {

namespace {

/// Coordinates for one tensor reduced along one axis: the pure variables
/// of the full tensor, those that survive the reduction, and an RDom along
/// the axis.
struct AxisFrame {
  std::vector<Var> vars; ///< Halide order, one per dimension
  int h;                 ///< Halide dimension of the axis
  std::vector<Var> kept; ///< `vars` without vars[h]
  RDom r;

  AxisFrame(const TensorValue &x, int64_t mlirAxis)
      : vars(LoweringState::makeVars(x.rank())),
        h(x.rank() - 1 - static_cast<int>(mlirAxis)),
        r(0, x.extents[mlirAxis], "k") {
    for (int i = 0; i < x.rank(); ++i)
      if (i != h)
        kept.push_back(vars[i]);
  }

  std::vector<Expr> full() const { return asExprs(vars); }
  std::vector<Expr> keptExprs() const { return asExprs(kept); }
  /// The full coordinates with the axis walked by the RDom.
  std::vector<Expr> alongAxis() const {
    std::vector<Expr> at = full();
    at[h] = r.x;
    return at;
  }
};

/// A stage over the kept dimensions: `init`, then `combine(self, element)`
/// for every element along the axis.
template <typename Combine>
Func reduceAlongAxis(const AxisFrame &frame, LoweringState &state,
                     llvm::StringRef name, Expr init, Expr element,
                     Combine combine) {
  Func f(state.freshName(name));
  std::vector<Expr> kept = frame.keptExprs();
  f(kept) = init;
  f(kept) = combine(f(kept), element);
  state.stages.push_back(
      {f, StageKind::AxisReduction, frame.kept, /*isOutput=*/false});
  return f;
}

/// Starts from the slice's first element (every axis has one), so no
/// infinity enters the pipeline.
Func maxAlongAxis(const AxisFrame &frame, const Func &x, LoweringState &state,
                  llvm::StringRef name) {
  std::vector<Expr> first = frame.full();
  first[frame.h] = 0;
  return reduceAlongAxis(frame, state, name, x(first), x(frame.alongAxis()),
                         [](Expr acc, Expr e) { return Halide::max(acc, e); });
}

Func sumAlongAxis(const AxisFrame &frame, Expr element, LoweringState &state,
                  llvm::StringRef name) {
  return reduceAlongAxis(frame, state, name, Expr(0.0f), element,
                         [](Expr acc, Expr e) { return acc + e; });
}

/// log Σ exp(x) along the axis, as m + log Σ exp(x - m): two stages, the
/// maximum and the shifted sum; the result is an Expr at the kept
/// coordinates.
Expr logSumExp(const AxisFrame &frame, const Func &x, LoweringState &state,
               llvm::StringRef name) {
  Func m = maxAlongAxis(frame, x, state, name.str() + "_max");
  std::vector<Expr> kept = frame.keptExprs();
  Func s = sumAlongAxis(frame, Halide::exp(x(frame.alongAxis()) - m(kept)),
                        state, name.str() + "_sum");
  return m(kept) + Halide::log(s(kept));
}

LogicalResult lowerSoftmax(SoftmaxOp op, LoweringState &state) {
  const TensorValue &x = state.values.lookup(op.getInput());
  AxisFrame frame(x, op.getResolvedAxis());
  Func m = maxAlongAxis(frame, x.func, state, "softmax_max");
  std::vector<Expr> kept = frame.keptExprs();
  Func s = sumAlongAxis(frame, Halide::exp(x.func(frame.alongAxis()) - m(kept)),
                        state, "softmax_sum");
  Func y(state.freshName("softmax"));
  y(frame.vars) = Halide::exp(x.func(frame.full()) - m(kept)) / s(kept);
  state.define(op.getResult(), y, x.extents, StageKind::Elementwise,
               frame.vars);
  return success();
}

LogicalResult lowerLogSoftmax(LogSoftmaxOp op, LoweringState &state) {
  const TensorValue &x = state.values.lookup(op.getInput());
  AxisFrame frame(x, op.getResolvedAxis());
  Expr lse = logSumExp(frame, x.func, state, "log_softmax");
  Func y(state.freshName("log_softmax"));
  y(frame.vars) = x.func(frame.full()) - lse;
  state.define(op.getResult(), y, x.extents, StageKind::Elementwise,
               frame.vars);
  return success();
}

/// dx = y · (dy - Σ dy·y), the sum along the axis.
LogicalResult lowerSoftmaxGrad(SoftmaxGradOp op, LoweringState &state) {
  const TensorValue &dy = state.values.lookup(op.getResultGrad());
  const TensorValue &y = state.values.lookup(op.getOutput());
  for (int d = 0; d < y.rank(); ++d)
    state.requireEqual(dy.extents[d], y.extents[d],
                       "softmax_grad operands differ in dimension " +
                           std::to_string(d));
  AxisFrame frame(y, op.getResolvedAxis());
  Func dot = sumAlongAxis(
      frame, dy.func(frame.alongAxis()) * y.func(frame.alongAxis()), state,
      "softmax_grad_dot");
  Func dx(state.freshName("softmax_grad"));
  dx(frame.vars) =
      y.func(frame.full()) * (dy.func(frame.full()) - dot(frame.keptExprs()));
  state.define(op.getResult(), dx, y.extents, StageKind::Elementwise,
               frame.vars);
  return success();
}

/// dx = dy - exp(y) · Σ dy, where exp(y) = softmax(x).
LogicalResult lowerLogSoftmaxGrad(LogSoftmaxGradOp op, LoweringState &state) {
  const TensorValue &dy = state.values.lookup(op.getResultGrad());
  const TensorValue &y = state.values.lookup(op.getOutput());
  for (int d = 0; d < y.rank(); ++d)
    state.requireEqual(dy.extents[d], y.extents[d],
                       "log_softmax_grad operands differ in dimension " +
                           std::to_string(d));
  AxisFrame frame(y, op.getResolvedAxis());
  Func total = sumAlongAxis(frame, dy.func(frame.alongAxis()), state,
                            "log_softmax_grad_sum");
  Func dx(state.freshName("log_softmax_grad"));
  dx(frame.vars) = dy.func(frame.full()) -
                   Halide::exp(y.func(frame.full())) * total(frame.keptExprs());
  state.define(op.getResult(), dx, y.extents, StageKind::Elementwise,
               frame.vars);
  return success();
}

//===----------------------------------------------------------------------===//
// Maxout
//===----------------------------------------------------------------------===//

/// Extents of maxout(x): axis 1 divided by `pieces`. A dynamic axis 1 must
/// be a multiple of `pieces`, which the pipeline checks on entry.
std::vector<Expr> maxoutExtents(const TensorValue &x, int pieces,
                                LoweringState &state) {
  Expr features = x.extents[1];
  Expr divisible = features % pieces == 0;
  if (!Halide::Internal::can_prove(divisible)) {
    auto text = [](const std::string &s) {
      return Halide::Internal::StringImm::make(s);
    };
    // Halide prints a space between the parts.
    state.requirements.push_back({divisible,
                                  {text("maxout: axis 1 has"), features,
                                   text("features, not a multiple of pieces (" +
                                        std::to_string(pieces) + ")")}});
  }
  std::vector<Expr> extents = x.extents;
  extents[1] = features / pieces;
  return extents;
}

/// `coords` (Halide order, full rank) with axis 1 (Halide dimension
/// rank - 2) replaced by `feature`.
std::vector<Expr> withFeature(std::vector<Expr> coords, Expr feature) {
  coords[coords.size() - 2] = feature;
  return coords;
}

LogicalResult lowerMaxout(MaxoutOp op, LoweringState &state) {
  const TensorValue &x = state.values.lookup(op.getInput());
  int pieces = static_cast<int>(op.getPieces());
  std::vector<Var> vars = LoweringState::makeVars(x.rank());
  std::vector<Expr> at = asExprs(vars);
  Expr group = at[at.size() - 2] * pieces;
  Expr best = x.func(withFeature(at, group));
  for (int k = 1; k < pieces; ++k)
    best = Halide::max(best, x.func(withFeature(at, group + k)));
  Func y(state.freshName("maxout"));
  y(vars) = best;
  state.define(op.getResult(), y, maxoutExtents(x, pieces, state),
               StageKind::Window, vars);
  return success();
}

/// The gradient of a group goes to its first maximum: a stored stage holds
/// each group's argmax k (the smallest k of the maximum: only a strictly
/// greater value replaces it), and dx selects dy where its k matches.
LogicalResult lowerMaxoutGrad(MaxoutGradOp op, LoweringState &state) {
  const TensorValue &dy = state.values.lookup(op.getResultGrad());
  const TensorValue &x = state.values.lookup(op.getInput());
  int pieces = static_cast<int>(op.getPieces());
  std::vector<Expr> pooled = maxoutExtents(x, pieces, state);
  for (int d = 0; d < dy.rank(); ++d)
    state.requireEqual(dy.extents[d], pooled[d],
                       "maxout_grad: result gradient and the maxout of the "
                       "input differ in dimension " +
                           std::to_string(d));
  std::vector<Var> vars = LoweringState::makeVars(x.rank());
  std::vector<Expr> at = asExprs(vars);

  Expr group = at[at.size() - 2] * pieces;
  Expr best = x.func(withFeature(at, group));
  Expr bestK = 0;
  for (int k = 1; k < pieces; ++k) {
    Expr value = x.func(withFeature(at, group + k));
    Expr better = value > best;
    bestK = Halide::select(better, k, bestK);
    best = Halide::select(better, value, best);
  }
  Func argmax(state.freshName("maxout_grad_argmax"));
  argmax(vars) = bestK;
  state.stages.push_back({argmax, StageKind::Window, vars, false});

  Expr feature = at[at.size() - 2];
  std::vector<Expr> groupAt = withFeature(at, feature / pieces);
  Func dx(state.freshName("maxout_grad"));
  dx(vars) = Halide::select(feature % pieces == argmax(groupAt),
                            dy.func(groupAt), 0.0f);
  state.define(op.getResult(), dx, x.extents, StageKind::Elementwise, vars);
  return success();
}

//===----------------------------------------------------------------------===//
// Losses on logits
//===----------------------------------------------------------------------===//

/// Prediction and target extents must agree when the pipeline runs.
void requireSameShape(const TensorValue &p, const TensorValue &t,
                      llvm::StringRef name, LoweringState &state) {
  for (int d = 0; d < p.rank(); ++d)
    state.requireEqual(
        p.extents[d], t.extents[d],
        (name + ": prediction and target differ in dimension " + llvm::Twine(d))
            .str());
}

/// The cross-entropy's positions: every element but the classes (axis 1).
Expr positionCountF32(const TensorValue &t) {
  Expr count = Halide::cast<float>(1);
  for (int d = 0; d < t.rank(); ++d)
    if (d != 1)
      count = count * Halide::cast<float>(t.extents[d]);
  return count;
}

/// Σ term(at) over every element of `p` (defineLoss), divided by `count`
/// unless the op sums.
template <typename Term>
LogicalResult lowerLoss(Operation *op, const TensorValue &p, bool sum,
                        Expr count, LoweringState &state, llvm::StringRef name,
                        Term term) {
  defineLoss(op->getResult(0), p, sum, count, name, term, state);
  return success();
}

/// max(x, 0) - x·t + log(1 + exp(-|x|)): PyTorch's stable form of
/// -(t·log σ(x) + (1 - t)·log(1 - σ(x))), exp never overflows.
LogicalResult lowerBCEWithLogits(BCEWithLogitsLossOp op, LoweringState &state) {
  const TensorValue &x = state.values.lookup(op.getPrediction());
  const TensorValue &t = state.values.lookup(op.getTarget());
  requireSameShape(x, t, "bce_with_logits_loss", state);
  return lowerLoss(op, x, op.isSumReduction(), x.elementCountF32(), state,
                   "bce_with_logits_loss", [&](const std::vector<Expr> &at) {
                     Expr v = x.func(at), target = t.func(at);
                     return Halide::max(v, 0.0f) - v * target +
                            Halide::log(1.0f + Halide::exp(-Halide::abs(v)));
                   });
}

LogicalResult lowerBCEWithLogitsGrad(BCEWithLogitsLossGradOp op,
                                     LoweringState &state) {
  const TensorValue &x = state.values.lookup(op.getPrediction());
  Expr dl = state.values.lookup(op.getLossGrad()).func();
  if (!op.isSumReduction())
    dl = dl / x.elementCountF32();
  return lowerPointwise(op, state, "bce_with_logits_loss_grad",
                        {op.getPrediction(), op.getTarget()}, [=](auto a) {
                          Expr sigmoid = 1.0f / (1.0f + Halide::exp(-a[0]));
                          return dl * (sigmoid - a[1]);
                        });
}

/// Σ over positions of Σ_c t·(lse - x), lse = log Σ_c exp(x) per position.
LogicalResult lowerCrossEntropy(CrossEntropyLossOp op, LoweringState &state) {
  const TensorValue &x = state.values.lookup(op.getPrediction());
  const TensorValue &t = state.values.lookup(op.getTarget());
  requireSameShape(x, t, "cross_entropy_loss", state);
  AxisFrame frame(x, /*mlirAxis=*/1);
  Func lse(state.freshName("cross_entropy_lse"));
  lse(frame.kept) = logSumExp(frame, x.func, state, "cross_entropy");
  state.stages.push_back({lse, StageKind::Elementwise, frame.kept, false});
  return lowerLoss(op, x, op.isSumReduction(), positionCountF32(x), state,
                   "cross_entropy_loss", [&](const std::vector<Expr> &at) {
                     std::vector<Expr> position = at;
                     position.erase(position.begin() + frame.h);
                     return t.func(at) * (lse(position) - x.func(at));
                   });
}

/// dx = dl / count · (softmax(x) · Σ_c t - t).
LogicalResult lowerCrossEntropyGrad(CrossEntropyLossGradOp op,
                                    LoweringState &state) {
  const TensorValue &x = state.values.lookup(op.getPrediction());
  const TensorValue &t = state.values.lookup(op.getTarget());
  requireSameShape(x, t, "cross_entropy_loss_grad", state);
  Expr dl = state.values.lookup(op.getLossGrad()).func();
  if (!op.isSumReduction())
    dl = dl / positionCountF32(x);
  AxisFrame frame(x, /*mlirAxis=*/1);
  std::vector<Expr> kept = frame.keptExprs();
  Expr lse = logSumExp(frame, x.func, state, "cross_entropy_grad");
  Func targetSum = sumAlongAxis(frame, t.func(frame.alongAxis()), state,
                                "cross_entropy_grad_target_sum");
  Func dx(state.freshName("cross_entropy_loss_grad"));
  std::vector<Expr> at = frame.full();
  dx(frame.vars) =
      dl * (Halide::exp(x.func(at) - lse) * targetSum(kept) - t.func(at));
  state.define(op.getResult(), dx, x.extents, StageKind::Elementwise,
               frame.vars);
  return success();
}

/// The class-index target's extents are the prediction's without axis 1.
void requirePositionShape(const TensorValue &x, const TensorValue &t,
                          llvm::StringRef name, LoweringState &state) {
  for (int d = 0; d < t.rank(); ++d)
    state.requireEqual(
        x.extents[d < 1 ? d : d + 1], t.extents[d],
        (name + ": prediction and class-index target differ in dimension " +
         llvm::Twine(d < 1 ? d : d + 1))
            .str());
}

/// The class a position's target names, as an index into axis 1. The
/// loaders reject indices outside [0, C); the clamp only keeps a bad
/// caller's buffer from reading out of bounds.
Expr targetClass(const TensorValue &x, const TensorValue &t,
                 const std::vector<Expr> &position) {
  return Halide::clamp(Halide::cast<int>(t.func(position)), 0,
                       Halide::cast<int>(x.extents[1]) - 1);
}

/// Σ over positions of lse - x[target class], lse = log Σ_c exp(x).
LogicalResult lowerCrossEntropyIndex(CrossEntropyIndexLossOp op,
                                     LoweringState &state) {
  const TensorValue &x = state.values.lookup(op.getPrediction());
  const TensorValue &t = state.values.lookup(op.getTarget());
  requirePositionShape(x, t, "cross_entropy_index_loss", state);
  AxisFrame frame(x, /*mlirAxis=*/1);
  Func lse(state.freshName("cross_entropy_index_lse"));
  lse(frame.kept) = logSumExp(frame, x.func, state, "cross_entropy_index");
  state.stages.push_back({lse, StageKind::Elementwise, frame.kept, false});
  return lowerLoss(op, t, op.isSumReduction(), positionCountF32(x), state,
                   "cross_entropy_index_loss",
                   [&](const std::vector<Expr> &position) {
                     std::vector<Expr> at = position;
                     at.insert(at.begin() + frame.h,
                               targetClass(x, t, position));
                     return lse(position) - x.func(at);
                   });
}

/// dx = dl / count · (softmax(x) - [c = t]).
LogicalResult lowerCrossEntropyIndexGrad(CrossEntropyIndexLossGradOp op,
                                         LoweringState &state) {
  const TensorValue &x = state.values.lookup(op.getPrediction());
  const TensorValue &t = state.values.lookup(op.getTarget());
  requirePositionShape(x, t, "cross_entropy_index_loss_grad", state);
  Expr dl = state.values.lookup(op.getLossGrad()).func();
  if (!op.isSumReduction())
    dl = dl / positionCountF32(x);
  AxisFrame frame(x, /*mlirAxis=*/1);
  std::vector<Expr> kept = frame.keptExprs();
  Expr lse = logSumExp(frame, x.func, state, "cross_entropy_index_grad");
  Expr isTarget = frame.vars[frame.h] == targetClass(x, t, kept);
  Func dx(state.freshName("cross_entropy_index_loss_grad"));
  dx(frame.vars) = dl * (Halide::exp(x.func(frame.full()) - lse) -
                         Halide::select(isTarget, 1.0f, 0.0f));
  state.define(op.getResult(), dx, x.extents, StageKind::Elementwise,
               frame.vars);
  return success();
}

} // namespace

std::optional<LogicalResult> lowerActivationOps(Operation *op,
                                                LoweringState &state) {
  return llvm::TypeSwitch<Operation *, std::optional<LogicalResult>>(op)
      .Case([&](LeakyReluOp o) {
        float slope = o.getSlope().convertToFloat();
        return lowerPointwise(
            o, state, "leaky_relu", o->getOperands(), [=](auto a) {
              return Halide::select(a[0] > 0.0f, a[0], slope * a[0]);
            });
      })
      .Case([&](LeakyReluGradOp o) {
        float slope = o.getSlope().convertToFloat();
        return lowerPointwise(
            o, state, "leaky_relu_grad", o->getOperands(), [=](auto a) {
              return Halide::select(a[1] > 0.0f, a[0], slope * a[0]);
            });
      })
      .Case([&](EluOp o) {
        float alpha = o.getAlpha().convertToFloat();
        return lowerPointwise(o, state, "elu", o->getOperands(), [=](auto a) {
          return Halide::select(a[0] > 0.0f, a[0],
                                alpha * (Halide::exp(a[0]) - 1.0f));
        });
      })
      .Case([&](EluGradOp o) {
        float alpha = o.getAlpha().convertToFloat();
        return lowerPointwise(
            o, state, "elu_grad", o->getOperands(), [=](auto a) {
              return Halide::select(a[1] > 0.0f, a[0],
                                    a[0] * alpha * Halide::exp(a[1]));
            });
      })
      .Case([&](SoftmaxOp o) { return lowerSoftmax(o, state); })
      .Case([&](LogSoftmaxOp o) { return lowerLogSoftmax(o, state); })
      .Case([&](SoftmaxGradOp o) { return lowerSoftmaxGrad(o, state); })
      .Case([&](LogSoftmaxGradOp o) { return lowerLogSoftmaxGrad(o, state); })
      .Case([&](MaxoutOp o) { return lowerMaxout(o, state); })
      .Case([&](MaxoutGradOp o) { return lowerMaxoutGrad(o, state); })
      .Case([&](BCEWithLogitsLossOp o) { return lowerBCEWithLogits(o, state); })
      .Case([&](BCEWithLogitsLossGradOp o) {
        return lowerBCEWithLogitsGrad(o, state);
      })
      .Case([&](CrossEntropyLossOp o) { return lowerCrossEntropy(o, state); })
      .Case([&](CrossEntropyLossGradOp o) {
        return lowerCrossEntropyGrad(o, state);
      })
      .Case([&](CrossEntropyIndexLossOp o) {
        return lowerCrossEntropyIndex(o, state);
      })
      .Case([&](CrossEntropyIndexLossGradOp o) {
        return lowerCrossEntropyIndexGrad(o, state);
      })
      .Default([](Operation *) { return std::nullopt; });
}

} // namespace netc::lowering
