//===- LowerNormOps.cpp - Batch normalisation to Halide -------------------===//
//
// Statistics are per channel (MLIR axis 1) over every other axis: an RDom
// over those axes, sums as ChannelReduction stages over the channel
// variable, divided by the element count M afterwards. The variance is the
// biased one, Σ(x - mean)² / M, computed in two passes (exact enough in f32
// for activations; one-pass Σx² - M·mean² loses digits). Gradient ops
// recompute the statistics from the forward input rather than storing them;
// within one pipeline they are computed once per input (batchStatistics
// finds the forward's). The fold
// ops (nn-fold-batchnorm) are per-parameter maps, no statistics at all.
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

/// Walks one channel's elements of a [N, C, ...] tensor.
struct ChannelFrame {
  RDom r;     ///< over every MLIR axis but 1
  Expr count; ///< elements per channel, as f32
  int rank;

  /// The RDom's innermost variable walks the last (contiguous) axis and
  /// its outermost the batch, so a channel's elements are read in memory
  /// order (schedules/CpuSchedule.cpp vectorizes along the innermost).
  explicit ChannelFrame(const TensorValue &x) : rank(x.rank()) {
    std::vector<Halide::Range> ranges;
    Expr n = 1;
    for (int a = rank - 1; a >= 0; --a)
      if (a != 1) {
        ranges.emplace_back(0, x.extents[a]);
        n = n * x.extents[a];
      }
    r = RDom(ranges, "bn");
    count = Halide::cast<float>(n);
  }

  /// MLIR-order coordinates of element r of channel `c`.
  std::vector<Expr> element(Expr c) const {
    std::vector<Expr> at(rank);
    for (int a = rank - 1, k = 0; a >= 0; --a)
      at[a] = a == 1 ? c : Expr(r[k++]);
    return at;
  }
};

/// Σ over the channel's elements of `term(coords)`, as a stage over c.
template <typename Term>
Func channelSum(const ChannelFrame &frame, LoweringState &state,
                llvm::StringRef name, Term term) {
  Var c("c");
  Func f(state.freshName(name));
  f(c) = 0.0f;
  f(c) += term(frame.element(c));
  state.stages.push_back({f, StageKind::ChannelReduction, {c}, false});
  return f;
}

/// channelSum shared within the pipeline: the one an earlier op made under
/// `key` (which names what is summed), or a new one. Batchnorm's input
/// gradient needs Σdy and Σ(dy·x̂), its weight gradient Σ(dy·x̂) and its
/// bias gradient (a channel_sum of dy) Σdy again: two passes over dy and
/// x per layer instead of four. Translator (L = 600), batch 32, 1 thread:
/// the duplicates were 1.0 of the train step's 11.7 ms (Halide profiler).
template <typename Term>
Func sharedChannelSum(const std::string &key, const ChannelFrame &frame,
                      LoweringState &state, llvm::StringRef name, Term term) {
  auto known = state.channelSums.find(key);
  if (known != state.channelSums.end())
    return known->second;
  Func sum = channelSum(frame, state, name, term);
  state.channelSums[key] = sum;
  return sum;
}

/// Σ t per channel (`name` names a new sum).
Func sumOf(const TensorValue &t, const ChannelFrame &frame,
           LoweringState &state, llvm::StringRef name) {
  return sharedChannelSum("sum " + t.func.name(), frame, state, name,
                          [&](auto pos) { return at(t.func, pos); });
}

/// Σ dy·x̂ per channel, x̂ = (x - mean) / sqrt(var + eps).
Func sumOfDyXhat(const TensorValue &x, const TensorValue &dy, Func mean,
                 Func var, float eps, const ChannelFrame &frame,
                 LoweringState &state) {
  std::string key = "dy*xhat " + dy.func.name() + " " + x.func.name() + " " +
                    std::to_string(eps);
  return sharedChannelSum(key, frame, state, "bn_sum_dy_xhat", [&](auto pos) {
    Expr xhat = (at(x.func, pos) - mean(pos[1])) /
                Halide::sqrt(var(pos[1]) + eps);
    return at(dy.func, pos) * xhat;
  });
}

/// The batch's mean and biased variance of `x` per channel: the ones an
/// earlier op of this pipeline computed for the same `x`, or new ones. A
/// training step reads them in the forward pass, the running statistics
/// and both gradients: five times two sums over the whole batch.
std::pair<Func, Func> batchStatistics(const TensorValue &x,
                                      const ChannelFrame &frame,
                                      LoweringState &state) {
  auto known = state.channelStatistics.find(x.func.name());
  if (known != state.channelStatistics.end())
    return known->second;
  Func sum = channelSum(frame, state, "bn_sum",
                        [&](auto pos) { return at(x.func, pos); });
  Var c("c");
  Func mean(state.freshName("bn_mean"));
  mean(c) = sum(c) / frame.count;
  state.stages.push_back({mean, StageKind::Elementwise, {c}, false});
  Func squares = channelSum(frame, state, "bn_sq", [&](auto pos) {
    Expr d = at(x.func, pos) - mean(pos[1]);
    return d * d;
  });
  Func var(state.freshName("bn_var"));
  var(c) = squares(c) / frame.count;
  state.stages.push_back({var, StageKind::Elementwise, {c}, false});
  state.channelStatistics[x.func.name()] = {mean, var};
  return {mean, var};
}

/// A per-channel Func (1-D in Halide) of a [C] tensor.
Func channelFunc(const TensorValue &t) { return t.func; }

/// The channel coordinate among pure variables in Halide order.
Expr channelOf(const std::vector<Var> &vars) {
  return vars[vars.size() - 2];
}

/// y = (x - mean) / sqrt(var + eps) · weight + bias, per channel.
LogicalResult lowerNormalise(Operation *op, const TensorValue &x,
                             const Func &mean, const Func &var,
                             const Func &weight, const Func &bias, float eps,
                             LoweringState &state) {
  std::vector<Var> vars = LoweringState::makeVars(x.rank());
  Expr c = channelOf(vars);
  Func y(state.freshName("batchnorm"));
  y(vars) = (x.func(vars) - mean(c)) / Halide::sqrt(var(c) + eps) * weight(c) +
            bias(c);
  state.define(op->getResult(0), y, x.extents, StageKind::Elementwise, vars);
  return success();
}

LogicalResult lowerBatchNorm(BatchNormOp op, LoweringState &state) {
  const TensorValue &x = state.values.lookup(op.getInput());
  return lowerNormalise(
      op, x, channelFunc(state.values.lookup(op.getRunningMean())),
      channelFunc(state.values.lookup(op.getRunningVar())),
      channelFunc(state.values.lookup(op.getWeight())),
      channelFunc(state.values.lookup(op.getBias())),
      op.getEps().convertToFloat(), state);
}

LogicalResult lowerBatchNormTrain(BatchNormTrainOp op, LoweringState &state) {
  const TensorValue &x = state.values.lookup(op.getInput());
  ChannelFrame frame(x);
  auto [mean, var] = batchStatistics(x, frame, state);
  return lowerNormalise(op, x, mean, var,
                        channelFunc(state.values.lookup(op.getWeight())),
                        channelFunc(state.values.lookup(op.getBias())),
                        op.getEps().convertToFloat(), state);
}

/// dx = weight / sqrt(var + eps) / M · (M·dy - Σdy - x̂·Σ(dy·x̂)).
LogicalResult lowerInputGrad(BatchNormInputGradOp op, LoweringState &state) {
  const TensorValue &x = state.values.lookup(op.getInput());
  const TensorValue &dy = state.values.lookup(op.getResultGrad());
  Func weight = channelFunc(state.values.lookup(op.getWeight()));
  float eps = op.getEps().convertToFloat();
  ChannelFrame frame(x);
  auto [mean, var] = batchStatistics(x, frame, state);
  Func sumDy = sumOf(dy, frame, state, "bn_sum_dy");
  Func sumDyXhat = sumOfDyXhat(x, dy, mean, var, eps, frame, state);
  std::vector<Var> vars = LoweringState::makeVars(x.rank());
  Expr c = channelOf(vars);
  Expr m = frame.count;
  Expr xh = (x.func(vars) - mean(c)) / Halide::sqrt(var(c) + eps);
  Func dx(state.freshName("batchnorm_dx"));
  dx(vars) = weight(c) / Halide::sqrt(var(c) + eps) / m *
             (m * dy.func(vars) - sumDy(c) - xh * sumDyXhat(c));
  state.define(op.getResult(), dx, x.extents, StageKind::Elementwise, vars);
  return success();
}

/// A [C] result defined from a per-channel Func.
void defineChannelResult(Value result, const Func &perChannel,
                         const TensorValue &x, llvm::StringRef name,
                         LoweringState &state) {
  Var c("c");
  Func out(state.freshName(name));
  out(c) = perChannel(c);
  state.define(result, out, {x.extents[1]}, StageKind::Elementwise, {c});
}

LogicalResult lowerWeightGrad(BatchNormWeightGradOp op, LoweringState &state) {
  const TensorValue &x = state.values.lookup(op.getInput());
  const TensorValue &dy = state.values.lookup(op.getResultGrad());
  float eps = op.getEps().convertToFloat();
  ChannelFrame frame(x);
  auto [mean, var] = batchStatistics(x, frame, state);
  Func sum = sumOfDyXhat(x, dy, mean, var, eps, frame, state);
  defineChannelResult(op.getResult(), sum, x, "batchnorm_dweight", state);
  return success();
}

LogicalResult lowerChannelSum(ChannelSumOp op, LoweringState &state) {
  const TensorValue &x = state.values.lookup(op.getInput());
  ChannelFrame frame(x);
  // Batchnorm's bias gradient: the Σdy of its input gradient.
  Func sum = sumOf(x, frame, state, "channel_sum");
  defineChannelResult(op.getResult(), sum, x, "channel_sum_out", state);
  return success();
}

/// (1 - momentum)·running + momentum·s, s the batch's mean or unbiased
/// variance (M / (M - 1) times the biased one), as PyTorch updates them.
LogicalResult lowerRunningStat(RunningStatOp op, LoweringState &state) {
  const TensorValue &x = state.values.lookup(op.getInput());
  Func running = channelFunc(state.values.lookup(op.getRunning()));
  ChannelFrame frame(x);
  auto [mean, var] = batchStatistics(x, frame, state);
  float momentum = op.getMomentum().convertToFloat();
  Var c("c");
  Expr statistic = op.getStatistic() == "mean"
                       ? mean(c)
                       : var(c) * frame.count /
                             Halide::max(frame.count - 1.0f, 1.0f);
  Func updated(state.freshName("running_" + op.getStatistic().str()));
  updated(c) = (1.0f - momentum) * running(c) + momentum * statistic;
  state.define(op.getResult(), updated, {x.extents[1]},
               StageKind::Elementwise, {c});
  return success();
}

/// W'[o, ...] = W[o, ...] · weight[o] / sqrt(var[o] + eps): o is MLIR axis
/// 0 of the layer weight, the last Halide variable. Stored once per call (a
/// Layout stage, not Elementwise): the layer reads each weight once per
/// output element, and inlined it would redo the division and square root
/// at every multiply-add (measured: LeNet-BN's @infer 1.8 ms instead of 1.2).
LogicalResult lowerFoldWeight(BatchNormFoldWeightOp op, LoweringState &state) {
  const TensorValue &w = state.values.lookup(op.getLayerWeight());
  Func gamma = channelFunc(state.values.lookup(op.getWeight()));
  Func var = channelFunc(state.values.lookup(op.getRunningVar()));
  float eps = op.getEps().convertToFloat();
  std::vector<Var> vars = LoweringState::makeVars(w.rank());
  Expr o = vars.back();
  Func folded(state.freshName("bn_folded_weight"));
  folded(vars) = w.func(vars) * (gamma(o) / Halide::sqrt(var(o) + eps));
  state.define(op.getResult(), folded, w.extents, StageKind::Layout, vars);
  return success();
}

/// b'[o] = (b[o] - mean[o]) · weight[o] / sqrt(var[o] + eps) + bias[o].
/// Stored once per call too: the layer reads it at every output element.
LogicalResult lowerFoldBias(BatchNormFoldBiasOp op, LoweringState &state) {
  const TensorValue &gamma = state.values.lookup(op.getWeight());
  Func beta = channelFunc(state.values.lookup(op.getBias()));
  Func mean = channelFunc(state.values.lookup(op.getRunningMean()));
  Func var = channelFunc(state.values.lookup(op.getRunningVar()));
  float eps = op.getEps().convertToFloat();
  Var c("c");
  Expr layerBias = 0.0f;
  if (Value b = op.getLayerBias())
    layerBias = channelFunc(state.values.lookup(b))(c);
  Func folded(state.freshName("bn_folded_bias"));
  folded(c) = (layerBias - mean(c)) * (gamma.func(c) /
                                       Halide::sqrt(var(c) + eps)) +
              beta(c);
  state.define(op.getResult(), folded, gamma.extents, StageKind::Layout, {c});
  return success();
}

} // namespace

std::optional<LogicalResult> lowerNormOps(Operation *op,
                                          LoweringState &state) {
  return llvm::TypeSwitch<Operation *, std::optional<LogicalResult>>(op)
      .Case([&](BatchNormOp o) { return lowerBatchNorm(o, state); })
      .Case([&](BatchNormTrainOp o) { return lowerBatchNormTrain(o, state); })
      .Case([&](BatchNormInputGradOp o) { return lowerInputGrad(o, state); })
      .Case([&](BatchNormWeightGradOp o) { return lowerWeightGrad(o, state); })
      .Case([&](ChannelSumOp o) { return lowerChannelSum(o, state); })
      .Case([&](RunningStatOp o) { return lowerRunningStat(o, state); })
      .Case([&](BatchNormFoldWeightOp o) { return lowerFoldWeight(o, state); })
      .Case([&](BatchNormFoldBiasOp o) { return lowerFoldBias(o, state); })
      .Default([](Operation *) { return std::nullopt; });
}

} // namespace netc::lowering
