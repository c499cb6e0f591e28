//===- LowerConvOps.cpp - Halide algorithms of convolutions and reshapes --===//
//
// conv1d and conv2d share one algorithm over `rank` spatial dimensions.
// Index conventions: everything below is written in MLIR order
// ([N, C, spatial...]) and reversed at each Func call by `at`, since Halide's
// dimension 0 is the contiguous one: a conv1d input [N, C, L] is Halide
// (l, c, n), a weight [O, C, KH, KW] is (kw, kh, c, o).
//
//  - Zero padding is a boundary condition on the input
//    (BoundaryConditions::constant_exterior over the spatial dimensions), so
//    no read leaves the input however large the padding.
//  - The input gradient is a gather: each input position sums the output
//    positions whose window covers it, over (o, k), keeping only the k for
//    which (x + pad - k·dilation) is a multiple of the stride. A scatter
//    would make the update's destination depend on the reduction variables,
//    which Halide cannot vectorize or parallelize. dy is first
//    stored zero-padded (storedZeroPadded), so the gather reads it with
//    plain vector loads rather than selects on clamped coordinates.
//  - Output extents are Halide Exprs computed from the input extents, so a
//    dynamic (sequence) length flows through unchanged.
//
// Stage kinds: the convolution and its input/weight gradients are
// Contractions (a pure initialisation, one update summing over an RDom,
// every pure dimension kept); the bias gradient is a ChannelReduction;
// flatten and reshape are Elementwise (index arithmetic fused into the
// consumer).
// Operands that would otherwise be inlined chains (batchnorm, softmax and
// pooling gradients) are first stored as Layout stages, since a
// contraction reads each element many times; the weight gradient is summed
// with output channels contiguous, from a channels-first copy of dy, so it
// vectorizes fully whatever the kernel size (see schedules/CpuSchedule.cpp
// for the measured effect).
//
//===----------------------------------------------------------------------===//
#include "compiler/dialect/NNConvGeometry.h"
#include "compiler/dialect/NNDialect.h"
#include "compiler/lowering/LoweringState.h"
#include "compiler/lowering/StoredOperands.h"

#include "llvm/ADT/TypeSwitch.h"

#include <sstream>

using namespace mlir;
using namespace netc::nn;
using netc::schedules::StageKind;
using Halide::Expr;
using Halide::Func;
using Halide::RDom;
using Halide::Var;

namespace netc::lowering {

namespace {


/// Pure variables in MLIR order, and the same in Halide order for define().
struct Vars {
  std::vector<Var> mlir;
  std::vector<Expr> exprs() const { return asExprs(mlir); }
  std::vector<Var> halide() const {
    return std::vector<Var>(mlir.rbegin(), mlir.rend());
  }
};

/// Names of the spatial variables of a result: l; or h, w.
std::vector<const char *> spatialNames(unsigned rank, bool kernel) {
  if (rank == 1)
    return {kernel ? "k" : "l"};
  return {kernel ? "kh" : "h", kernel ? "kw" : "w"};
}

Vars makeVars(std::vector<const char *> outer,
              const std::vector<const char *> &spatial) {
  Vars v;
  outer.insert(outer.end(), spatial.begin(), spatial.end());
  for (const char *name : outer)
    v.mlir.emplace_back(name);
  return v;
}

Expr simplified(Expr e) { return Halide::Internal::simplify(e); }

/// `t` read as zero outside [0, extent) in each spatial dimension (the last
/// `rank` MLIR dimensions); other dimensions are read in bounds anyway.
Func zeroOutside(const TensorValue &t, unsigned rank) {
  Halide::Region bounds(t.rank());
  for (unsigned i = 0; i < rank; ++i)
    bounds[rank - 1 - i] = Halide::Range(0, t.extents[t.rank() - rank + i]);
  return Halide::BoundaryConditions::constant_exterior(t.func, 0.0f, bounds);
}

/// (in + pads - dilation·(k - 1) - 1) / stride + 1, rounded down (Halide's
/// integer division floors), for spatial dimension `i`.
Expr outputExtent(const ConvGeometry &g, unsigned i, Expr in, Expr kernel) {
  return simplified((in + int(g.padBegin[i] + g.padEnd[i]) -
                   int(g.dilation[i]) * (kernel - 1) - 1) /
                      int(g.stride[i]) +
                  1);
}

std::string exprText(Expr e) {
  std::ostringstream os;
  os << simplified(e);
  return os.str();
}

std::string opLabel(Operation *op) {
  return op->getName().stripDialect().str();
}

/// Output extents of convolving `x` with kernel extents `kernel`, with a
/// run-time check that they are positive where the compiler cannot tell
/// (the verifier rejected static extents that are not).
std::vector<Expr> outputExtents(Operation *op, LoweringState &state,
                                const ConvGeometry &g, unsigned rank,
                                const TensorValue &x,
                                const std::vector<Expr> &kernel) {
  static const char *const names[2][2] = {{"length", ""}, {"height", "width"}};
  auto text = [](const std::string &s) {
    return Halide::Internal::StringImm::make(s);
  };
  std::vector<Expr> out;
  for (unsigned i = 0; i < rank; ++i) {
    Expr in = x.extents[2 + i];
    Expr extent = outputExtent(g, i, in, kernel[i]);
    Expr positive = simplified(extent >= 1);
    if (!Halide::Internal::can_prove(positive)) {
      std::string geometry =
          "(kernel " + exprText(kernel[i]) +
          ", stride " + std::to_string(g.stride[i]) + ", padding [" +
          std::to_string(g.padBegin[i]) + ", " + std::to_string(g.padEnd[i]) +
          "], dilation " + std::to_string(g.dilation[i]) + ")";
      state.requirements.push_back(
          {positive,
           {text(opLabel(op) + ": the input " + names[rank - 1][i]), in,
            text("leaves no output positions " + geometry)}});
    }
    out.push_back(extent);
  }
  return out;
}

std::vector<Expr> kernelExtents(const TensorValue &w, unsigned rank) {
  return std::vector<Expr>(w.extents.begin() + 2,
                           w.extents.begin() + 2 + rank);
}

/// The RDom visiting `inner` (MLIR order, so the last is innermost) and then
/// `outer`; returns the variables in MLIR order, `outer` last.
std::pair<RDom, std::vector<Expr>> reductionOver(std::vector<Expr> inner,
                                                 Expr outer,
                                                 const char *name) {
  std::vector<Halide::Range> ranges;
  for (auto it = inner.rbegin(); it != inner.rend(); ++it)
    ranges.emplace_back(0, *it);
  ranges.emplace_back(0, outer);
  RDom r(ranges, name);
  std::vector<Expr> vars;
  for (size_t i = 0; i < inner.size(); ++i)
    vars.push_back(r[inner.size() - 1 - i]);
  vars.push_back(r[inner.size()]);
  return {r, vars};
}

/// `t` read as zero outside its spatial extent, stored once per call (a
/// Layout stage) over the region its readers need, padding included.
/// Halide's bounds inference sizes the buffer, so every read is a plain
/// load: read through zeroOutside instead, each read is a select on
/// clamped coordinates, which LLVM turns into gathers. An operand that
/// is an inlined chain is computed into this copy directly, recorded as
/// storedOnce records its copies, so the weight gradient's read of the
/// same dy (storedIfAny) finds it: the padding only widens the stored
/// region.
TensorValue storedZeroPadded(const TensorValue &t, unsigned rank,
                             LoweringState &state) {
  TensorValue source = storedIfAny(t, state);
  bool chain = source.func.name() == t.func.name() && !readsAsLoad(t.func);
  Func padded = zeroOutside(source, rank);
  std::vector<Var> vars = LoweringState::makeVars(t.rank());
  Func copy(chain ? t.func.name() + "_stored"
                  : state.freshName(source.func.name() + "_padded"));
  copy(vars) = padded(vars); // recorded with t's unpadded extents
  addStoredStage(copy, vars, t, state);
  if (chain)
    state.storedCopies[t.func.name()] = {copy, t.extents};
  return {copy, t.extents};
}

/// `t` ([N, C, spatial...]) stored with C contiguous: Halide (c, s..., n).
/// Made once per call, O(size), so that a sum vectorized over channels
/// reads it with vector loads instead of gathers.
Func transposedChannelsFirst(const TensorValue &t, unsigned rank,
                             const std::string &label, LoweringState &state) {
  std::vector<Var> vars = LoweringState::makeVars(2 + rank); // (c, s..., n)
  std::vector<Expr> src; // Halide order of t: (s..., c, n)
  for (unsigned i = 0; i < rank; ++i)
    src.push_back(vars[1 + i]);
  src.push_back(vars[0]);
  src.push_back(vars[1 + rank]);
  Func f(state.freshName(label + "_by_channel"));
  f(vars) = t.func(src);
  state.stages.push_back({f, StageKind::Layout, vars, /*isOutput=*/false});
  std::vector<Expr> &extents = state.stages.back().extents; // (c, s..., n)
  extents.push_back(t.extents[1]);
  extents.insert(extents.end(), t.extents.rbegin(), t.extents.rend() - 2);
  extents.push_back(t.extents[0]);
  return f;
}

/// Input channels too few to fill a weight gradient's register tile with
/// accumulators (kBlock in schedules/CpuSchedule.cpp): such a tile goes
/// across kernel taps instead.
constexpr int kFewChannels = 4;

/// Records `sum`, a Func with an update that sums over an RDom, as a stage
/// of `kind`, and the result of `op` as a pure copy of it, inlined unless
/// the result is a pipeline output. Why the copy: in Halide 14 the update's
/// read of its own buffer carries no host-alignment bound, so were `sum`
/// itself the output, full-width vector stores would assume the caller's
/// buffer 32-byte aligned and fault on an ordinary 16-byte-aligned array.
void defineSum(Operation *op, Func sum, std::vector<Expr> extents,
               StageKind kind, std::vector<Var> vars, LoweringState &state,
               int blockVar = -1) {
  state.stages.push_back({sum, kind, vars, /*isOutput=*/false});
  state.stages.back().blockVar = blockVar;
  state.stages.back().extents.assign(extents.rbegin(), extents.rend());
  Func result(state.freshName(opLabel(op)));
  result(vars) = sum(vars);
  state.define(op->getResult(0), result, std::move(extents),
               StageKind::Elementwise, std::move(vars));
}

/// y[n, o, s...] = b[o] + Σ_{c, k...} w[o, c, k...] · x[n, c, s·stride +
/// k·dilation - padBegin].
LogicalResult lowerConv(Operation *op, Value input, Value weight, Value bias,
                        const ConvGeometry &g, unsigned rank,
                        LoweringState &state) {
  TensorValue x = storedOnce(state.values.lookup(input), state);
  const TensorValue &w = state.values.lookup(weight);
  std::string label = opLabel(op);
  state.requireEqual(x.extents[1], w.extents[1],
                     label + ": input channels and weight channels differ");
  std::vector<Expr> kernel = kernelExtents(w, rank);
  std::vector<Expr> extents{x.extents[0], w.extents[0]};
  for (Expr e : outputExtents(op, state, g, rank, x, kernel))
    extents.push_back(e);

  Vars v = makeVars({"n", "o"}, spatialNames(rank, false));
  std::vector<Expr> pos = v.exprs();
  auto [r, rv] = reductionOver(kernel, w.extents[1], "r");
  Expr c = rv.back();
  std::vector<Expr> xAt{pos[0], c}, wAt{pos[1], c};
  for (unsigned i = 0; i < rank; ++i) {
    xAt.push_back(simplified(pos[2 + i] * int(g.stride[i]) +
                             rv[i] * int(g.dilation[i]) - int(g.padBegin[i])));
    wAt.push_back(rv[i]);
  }
  Func padded = zeroOutside(x, rank);
  Func f(state.freshName(label + "_sum"));
  if (bias)
    f(v.halide()) = at(state.values.lookup(bias).func, {pos[1]});
  else
    f(v.halide()) = 0.0f;
  f(v.halide()) += at(w.func, wAt) * at(padded, xAt);
  // Register tiles across output channels (Halide (s..., o, n)): every o
  // of a tile reads the same input vector.
  defineSum(op, f, extents, StageKind::Contraction, v.halide(), state,
            int(rank));
  return success();
}

/// dx[n, c, s...] = Σ_{o, k...} dy[n, o, t/stride] · w[o, c, k...] with
/// t = s + padBegin - k·dilation, over the k where t is a multiple of the
/// stride; dy reads as zero outside its extent.
LogicalResult lowerConvGradInput(Operation *op, Value resultGrad, Value weight,
                                 Value input, const ConvGeometry &g,
                                 unsigned rank, LoweringState &state) {
  // dy is read at t = s + padBegin - k·dilation, up to dilation·(K - 1)
  // outside its extent on either side: the full convolution's padding.
  // Stored padded, the register-tiled sum's inner loop is plain vector
  // loads and multiply-adds: LeNet's train step 7.8 → 3.7 ms (batch 32,
  // 1 thread).
  TensorValue dy =
      storedZeroPadded(state.values.lookup(resultGrad), rank, state);
  const TensorValue &w = state.values.lookup(weight);
  const TensorValue &x = state.values.lookup(input);
  std::string label = opLabel(op);
  std::vector<Expr> kernel = kernelExtents(w, rank);
  std::vector<Expr> out = outputExtents(op, state, g, rank, x, kernel);
  state.requireEqual(dy.extents[0], x.extents[0],
                     label + ": batch of gradient and input differ");
  state.requireEqual(dy.extents[1], w.extents[0],
                     label + ": gradient channels and weight outputs differ");
  for (unsigned i = 0; i < rank; ++i)
    state.requireEqual(dy.extents[2 + i], out[i],
                       label + ": gradient extent " + std::to_string(i) +
                           " differs from the convolution's output");

  Vars v = makeVars({"n", "c"}, spatialNames(rank, false));
  std::vector<Expr> pos = v.exprs();
  auto [r, rv] = reductionOver(kernel, w.extents[0], "r");
  Expr o = rv.back();
  std::vector<Expr> dyAt{pos[0], o}, wAt{o, pos[1]};
  Expr onStride = Halide::Internal::const_true();
  for (unsigned i = 0; i < rank; ++i) {
    Expr t = simplified(pos[2 + i] + int(g.padBegin[i]) -
                        rv[i] * int(g.dilation[i]));
    int stride = int(g.stride[i]);
    if (stride > 1)
      onStride = onStride && t % stride == 0;
    dyAt.push_back(stride > 1 ? t / stride : t);
    wAt.push_back(rv[i]);
    // Kernel taps that read dy's zero padding add nothing. Along every
    // spatial dimension but the contiguous one (a tile's vector lanes
    // differ there), they are left out of the sum: Halide trims the tap
    // loop of each row to the taps inside dy. LeNet's second input
    // gradient (8 rows of dy, 5 taps, 12 rows of dx) summed 60 row-taps
    // per column where 40 read data.
    if (i + 1 < rank)
      r.where(t >= 0 && t < out[i] * stride);
  }
  Func f(state.freshName(label + "_sum"));
  f(v.halide()) = 0.0f;
  Expr term = at(dy.func, dyAt) * at(w.func, wAt);
  f(v.halide()) += Halide::Internal::is_const_one(onStride)
                   ? term
                   : Halide::select(onStride, term, 0.0f);
  // Register tiles across input channels (Halide (s..., c, n)): every c of
  // a tile reads the same dy vector.
  defineSum(op, f, x.extents, StageKind::Contraction, v.halide(), state,
            int(rank));
  return success();
}

/// dw[o, c, k...] = Σ_{n, s...} dy[n, o, s...] · x[n, c, s·stride +
/// k·dilation - padBegin].
LogicalResult lowerConvGradWeight(Operation *op, Value resultGrad,
                                  Value input, ArrayRef<int64_t> kernelSizes,
                                  const ConvGeometry &g, unsigned rank,
                                  LoweringState &state) {
  // The transposed copy below reads dy once per element, and so does the
  // bias gradient after it (lowerConvGradBias): an inlined chain (the
  // translator's first batchnorm gradient) is stored once for both rather
  // than evaluated by each. x is read once per kernel tap.
  const TensorValue &read = state.values.lookup(resultGrad);
  TensorValue dy = storedOnce(read, state);
  TensorValue x = storedOnce(state.values.lookup(input), state);
  std::string label = opLabel(op);
  std::vector<Expr> kernel;
  for (int64_t k : kernelSizes)
    kernel.push_back(Expr(int(k)));
  std::vector<Expr> out = outputExtents(op, state, g, rank, x, kernel);
  state.requireEqual(dy.extents[0], x.extents[0],
                     label + ": batch of gradient and input differ");
  for (unsigned i = 0; i < rank; ++i)
    state.requireEqual(dy.extents[2 + i], out[i],
                       label + ": gradient extent " + std::to_string(i) +
                           " differs from the convolution's output");

  Vars v = makeVars({"o", "c"}, spatialNames(rank, true));
  std::vector<Expr> pos = v.exprs();
  auto [r, rv] = reductionOver(
      std::vector<Expr>(dy.extents.begin() + 2, dy.extents.end()),
      dy.extents[0], "r");
  Expr n = rv.back();
  // dy with its channels contiguous (Halide (o, s..., n)): the sum is then
  // vectorized over output channels, a full vector whatever the kernel.
  Func dyByChannel = transposedChannelsFirst(dy, rank, label, state);
  state.channelsFirstCopies[read.func.name()] = dyByChannel;
  std::vector<Expr> dyAt{n}, xAt{n, pos[1]};
  for (unsigned i = 0; i < rank; ++i) {
    dyAt.push_back(rv[i]);
    xAt.push_back(simplified(rv[i] * int(g.stride[i]) +
                             pos[2 + i] * int(g.dilation[i]) -
                             int(g.padBegin[i])));
  }
  std::vector<Expr> dyHalide(dyAt.rbegin(), dyAt.rend());
  dyHalide.insert(dyHalide.begin(), pos[0]);
  Func padded = zeroOutside(x, rank);
  Func f(state.freshName(label + "_sum"));
  // Halide order (o, k..., c): o contiguous. Each element sums the same
  // terms in the same order as with k contiguous; only storage differs.
  std::vector<Var> halide = v.halide(); // (k..., c, o)
  std::vector<Var> byChannel{halide.back()};
  byChannel.insert(byChannel.end(), halide.begin(), halide.end() - 1);
  f(byChannel) = 0.0f;
  f(byChannel) += dyByChannel(dyHalide) * at(padded, xAt);
  std::vector<Expr> extents{dy.extents[1], x.extents[1]};
  extents.insert(extents.end(), kernel.begin(), kernel.end());
  state.stages.push_back({f, StageKind::Contraction, byChannel, false});
  // Register tiles across input channels (the last of (o, k..., c)): every
  // c of a tile reads the same dy vector. So does every kernel tap, which
  // tiles instead where there are fewer input channels than a tile holds
  // (kFewChannels): a first layer's single channel left one accumulator,
  // each multiply-add waiting on the previous one.
  bool fewChannels = Halide::Internal::can_prove(x.extents[1] < kFewChannels);
  state.stages.back().blockVar = fewChannels ? 1 : int(rank) + 1;
  state.stages.back().sumsOverBatch = true; // n is the RDom's outermost
  // Extents in the order of byChannel: (o, k..., c).
  std::vector<Expr> &tileExtents = state.stages.back().extents;
  tileExtents.push_back(dy.extents[1]);
  tileExtents.insert(tileExtents.end(), kernel.rbegin(), kernel.rend());
  tileExtents.push_back(x.extents[1]);
  Func result(state.freshName(label));
  result(halide) = f(byChannel);
  state.define(op->getResult(0), result, std::move(extents),
               StageKind::Elementwise, halide);
  return success();
}

Expr product(ArrayRef<Expr> extents) {
  Expr p = 1;
  for (const Expr &e : extents)
    p = p * e;
  return simplified(p);
}

/// Positions per example below which a bias gradient sums dy's
/// channels-first copy (see lowerConvGradBias).
constexpr int64_t kShortMap = 64;

/// db[o] = Σ_{n, s...} dy[n, o, s...], from the copy of dy the weight
/// gradient stored, if it did.
LogicalResult lowerConvGradBias(Operation *op, Value resultGrad,
                                LoweringState &state) {
  const TensorValue &read = state.values.lookup(resultGrad);
  TensorValue dy = storedIfAny(read, state);
  Var o("o");
  // A short map (peptide_cnn: 9 positions) summed along its positions
  // fills one vector and a guarded sliver of another per row, 11 % of the
  // train step at batch 256. The weight gradient's channels-first copy
  // holds the same values with the channels contiguous: summed across
  // examples and positions, every load is a full vector of channels.
  // peptide_cnn train step, batch 256, 1 thread: 529 -> 471 µs.
  std::vector<Expr> spatial(dy.extents.begin() + 2, dy.extents.end());
  auto [r, rv] = reductionOver(spatial, dy.extents[0], "r");
  auto byChannel = state.channelsFirstCopies.find(read.func.name());
  if (byChannel != state.channelsFirstCopies.end() &&
      Halide::Internal::can_prove(product(spatial) < int(kShortMap))) {
    // r's dimensions, innermost first, are the copy's after o: (s..., n).
    std::vector<Expr> at{o};
    for (int i = 0; i < r.dimensions(); ++i)
      at.push_back(r[i]);
    Func f(state.freshName(opLabel(op) + "_sum"));
    f(o) = 0.0f;
    f(o) += byChannel->second(at);
    defineSum(op, f, {dy.extents[1]}, StageKind::Reduction, {o}, state);
    return success();
  }
  std::vector<Expr> dyAt{rv.back(), o};
  dyAt.insert(dyAt.end(), rv.begin(), rv.end() - 1);
  Func f(state.freshName(opLabel(op) + "_sum"));
  f(o) = 0.0f;
  f(o) += at(dy.func, dyAt);
  defineSum(op, f, {dy.extents[1]}, StageKind::ChannelReduction, {o}, state);
  return success();
}

/// Each example's elements, in row-major order, in the shape `extents`
/// (MLIR order, batch first).
LogicalResult lowerReshape(Operation *op, Value input,
                           std::vector<Expr> extents, LoweringState &state) {
  const TensorValue &x = state.values.lookup(input);
  state.requireEqual(
      product(ArrayRef<Expr>(x.extents).drop_front()),
      product(ArrayRef<Expr>(extents).drop_front()),
      opLabel(op) + ": elements per example differ from the result shape");
  std::vector<Var> vars = LoweringState::makeVars(extents.size());
  // MLIR order: vars are d0 = contiguous, so result dim j is vars[rank-1-j].
  int rank = extents.size();
  Expr flat = 0;
  for (int j = 1; j < rank; ++j)
    flat = simplified(flat * extents[j] + vars[rank - 1 - j]);
  std::vector<Expr> xAt(x.rank());
  for (int j = x.rank() - 1; j >= 1; --j) {
    xAt[j] = j == 1 ? flat : flat % x.extents[j];
    flat = flat / x.extents[j];
  }
  xAt[0] = vars[rank - 1];
  Func f(state.freshName(opLabel(op)));
  f(vars) = at(x.func, xAt);
  state.define(op->getResult(0), f, std::move(extents),
               StageKind::Elementwise, vars);
  return success();
}

LogicalResult lowerFlatten(FlattenOp op, LoweringState &state) {
  const TensorValue &x = state.values.lookup(op.getInput());
  return lowerReshape(
      op, op.getInput(),
      {x.extents[0], product(ArrayRef<Expr>(x.extents).drop_front())}, state);
}

/// The result type's static extents; the batch is the input's, and the one
/// dynamic extent after it (if any) is what the example's elements leave.
LogicalResult lowerReshapeOp(ReshapeOp op, LoweringState &state) {
  const TensorValue &x = state.values.lookup(op.getInput());
  ArrayRef<int64_t> shape = op.getResult().getType().getShape();
  Expr known = 1;
  for (int64_t d : shape.drop_front())
    if (!ShapedType::isDynamic(d))
      known = known * int(d);
  std::vector<Expr> extents{x.extents[0]};
  for (int64_t d : shape.drop_front())
    extents.push_back(ShapedType::isDynamic(d)
                          ? simplified(product(ArrayRef<Expr>(x.extents)
                                                 .drop_front()) /
                                     known)
                          : Expr(int(d)));
  return lowerReshape(op, op.getInput(), std::move(extents), state);
}

template <typename OpT>
LogicalResult lowerConvGradWeightOp(OpT op, unsigned rank,
                                    LoweringState &state) {
  SmallVector<int64_t, 2> kernel =
      netc::nn::detail::convInts(op.getKernelAttr());
  return lowerConvGradWeight(op, op.getResultGrad(), op.getInput(), kernel,
                             getConvGeometry(op), rank, state);
}

} // namespace

std::optional<LogicalResult> lowerConvOps(Operation *op,
                                          LoweringState &state) {
  return llvm::TypeSwitch<Operation *, std::optional<LogicalResult>>(op)
      .Case([&](Conv1dOp o) {
        return lowerConv(o, o.getInput(), o.getWeight(), o.getBias(),
                         getConvGeometry(o), 1, state);
      })
      .Case([&](Conv2dOp o) {
        return lowerConv(o, o.getInput(), o.getWeight(), o.getBias(),
                         getConvGeometry(o), 2, state);
      })
      .Case([&](Conv1dGradInputOp o) {
        return lowerConvGradInput(o, o.getResultGrad(), o.getWeight(),
                                  o.getInput(), getConvGeometry(o), 1, state);
      })
      .Case([&](Conv2dGradInputOp o) {
        return lowerConvGradInput(o, o.getResultGrad(), o.getWeight(),
                                  o.getInput(), getConvGeometry(o), 2, state);
      })
      .Case([&](Conv1dGradWeightOp o) {
        return lowerConvGradWeightOp(o, 1, state);
      })
      .Case([&](Conv2dGradWeightOp o) {
        return lowerConvGradWeightOp(o, 2, state);
      })
      .Case([&](Conv1dGradBiasOp o) {
        return lowerConvGradBias(o, o.getResultGrad(), state);
      })
      .Case([&](Conv2dGradBiasOp o) {
        return lowerConvGradBias(o, o.getResultGrad(), state);
      })
      .Case([&](FlattenOp o) { return lowerFlatten(o, state); })
      .Case([&](ReshapeOp o) { return lowerReshapeOp(o, state); })
      .Default([](Operation *) { return std::nullopt; });
}

} // namespace netc::lowering
