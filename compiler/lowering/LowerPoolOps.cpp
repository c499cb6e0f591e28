//===- LowerPoolOps.cpp - Halide algorithms of pooling ops ----------------===//
//
// Windowed pooling (1-d and 2-d share one algorithm over the spatial
// dimensions), global pooling, and their gradients. Coordinates are written
// in MLIR order ([N, C, spatial...]) and reversed at each Func call by `at`,
// since Halide's dimension 0 is the contiguous one.
//
//  - Reductions over a window are inline (Halide::maximum / sum / argmax
//    over an RDom whose innermost dimension is the window's last one), so a
//    window is visited in row-major order: the order PyTorch visits it.
//  - Max pooling's gradient follows PyTorch: a window's whole gradient goes
//    to its first maximum in that order. A stage stores, per window, the
//    row-major index of that element (Halide's argmax keeps the first of
//    equal values: it replaces only on a strictly greater one).
//  - Gradients are gathers, not scatters: input position p along a
//    dimension lies in the windows o with o·S <= p < o·S + K, that is
//    o in [p/S - (ceil(K/S) - 1), p/S], a fixed count ceil(K/S) of
//    candidates visited in increasing o (the order PyTorch's scatter adds
//    them); candidates outside [0, Lo) or not covering p are masked with
//    select, and their coordinates clamped so nothing is read out of bounds.
//  - Output extents are Halide Exprs, (E - K) / S + 1 (Halide's integer
//    division rounds down), so a dynamic spatial extent flows through; a
//    dynamic E must be at least K, which is checked when the pipeline runs.
//
// Stage kinds: pooled results, the argmax indices and the windowed
// gradients are Window stages (schedules/ stores them); the global pooling
// gradients are Elementwise (a select or a division, fused into consumers).
//
//===----------------------------------------------------------------------===//
#include "compiler/dialect/NNDialect.h"
#include "compiler/lowering/LoweringState.h"

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


/// Pure variables of a tensor of `rank`, MLIR order: n, c, then l; or h, w.
std::vector<Var> mlirVars(int rank) {
  std::vector<Var> vars{Var("n"), Var("c")};
  if (rank == 3) {
    vars.emplace_back("l");
  } else if (rank == 4) {
    vars.emplace_back("h");
    vars.emplace_back("w");
  } else {
    for (int i = 2; i < rank; ++i)
      vars.emplace_back("s" + std::to_string(i - 2));
  }
  return vars;
}

/// The same variables in Halide order, for Func definitions and stages.
std::vector<Var> halideOrder(const std::vector<Var> &mlirOrder) {
  return std::vector<Var>(mlirOrder.rbegin(), mlirOrder.rend());
}

/// Kernel and stride per spatial dimension, MLIR order.
struct Window {
  std::vector<int> kernel, stride;

  size_t rank() const { return kernel.size(); }
  int volume() const {
    int v = 1;
    for (int k : kernel)
      v *= k;
    return v;
  }
  /// Windows that can contain one position along dimension `i`.
  int candidates(size_t i) const {
    return (kernel[i] + stride[i] - 1) / stride[i];
  }
};

Window windowOf(IntegerAttr kernel, IntegerAttr stride) {
  return {{static_cast<int>(kernel.getInt())},
          {static_cast<int>(stride.getInt())}};
}

Window windowOf(DenseI64ArrayAttr kernel, DenseI64ArrayAttr stride) {
  Window w;
  for (int64_t k : kernel.asArrayRef())
    w.kernel.push_back(static_cast<int>(k));
  for (int64_t s : stride.asArrayRef())
    w.stride.push_back(static_cast<int>(s));
  return w;
}

const char *spatialName(size_t rank, size_t i) {
  static const char *two[] = {"height", "width"};
  return rank == 1 ? "length" : two[i];
}

/// An RDom over `extents` (MLIR order) whose dimension j is MLIR spatial
/// dimension rank-1-j, so the last dimension varies fastest.
RDom rowMajorDomain(const std::vector<Expr> &extents, const std::string &name) {
  std::vector<Halide::Range> ranges;
  for (auto it = extents.rbegin(); it != extents.rend(); ++it)
    ranges.emplace_back(0, *it);
  return RDom(ranges, name);
}

/// The RDom variable walking MLIR spatial dimension `i` of `rank`.
Expr domainVar(const RDom &r, size_t rank, size_t i) {
  return r[static_cast<int>(rank - 1 - i)];
}

std::vector<Expr> kernelExtents(const Window &w) {
  return std::vector<Expr>(w.kernel.begin(), w.kernel.end());
}

/// Extents of pooling `x` with `w` (MLIR order).
std::vector<Expr> pooledShape(const TensorValue &x, const Window &w) {
  std::vector<Expr> extents{x.extents[0], x.extents[1]};
  for (size_t i = 0; i < w.rank(); ++i)
    extents.push_back((x.extents[2 + i] - w.kernel[i]) / w.stride[i] + 1);
  return extents;
}

/// pooledShape; a dynamic input extent must hold a window, which the
/// pipeline checks on entry.
std::vector<Expr> pooledExtents(const TensorValue &x, const Window &w,
                                StringRef name, LoweringState &state) {
  for (size_t i = 0; i < w.rank(); ++i) {
    Expr in = x.extents[2 + i];
    Expr fits = in >= w.kernel[i];
    if (!Halide::Internal::can_prove(fits)) {
      auto text = [](const std::string &s) {
        return Halide::Internal::StringImm::make(s);
      };
      // Halide prints a space between the parts.
      std::string dim = spatialName(w.rank(), i);
      state.requirements.push_back(
          {fits,
           {text((name + ": the input " + dim).str()), in,
            text("is shorter than the kernel " + std::to_string(w.kernel[i]) +
                 " (stride " + std::to_string(w.stride[i]) + ")")}});
    }
  }
  return pooledShape(x, w);
}

/// Input coordinates of window element `r` of the window at the pure
/// variables `v` (MLIR order).
std::vector<Expr> windowElement(const std::vector<Var> &v, const Window &w,
                                const RDom &r) {
  std::vector<Expr> coords{v[0], v[1]};
  for (size_t i = 0; i < w.rank(); ++i)
    coords.push_back(v[2 + i] * w.stride[i] + domainVar(r, w.rank(), i));
  return coords;
}

LogicalResult lowerPool(Operation *op, Value input, const Window &w,
                        bool isMax, StringRef name, LoweringState &state) {
  const TensorValue &x = state.values.lookup(input);
  std::vector<Var> v = mlirVars(x.rank());
  RDom r = rowMajorDomain(kernelExtents(w), "k");
  Expr element = at(x.func, windowElement(v, w, r));
  Func f(state.freshName(name));
  if (isMax)
    f(halideOrder(v)) = Halide::maximum(r, element, f.name() + "_max");
  else
    f(halideOrder(v)) = Halide::sum(r, element, f.name() + "_sum") /
                        static_cast<float>(w.volume());
  state.define(op->getResult(0), f, pooledExtents(x, w, name, state),
               StageKind::Window, halideOrder(v));
  return success();
}

/// Per window of `x`, the row-major index within the window of its first
/// maximum; recorded as a stage of its own.
Func firstArgmax(const TensorValue &x, const Window &w, StringRef name,
                 LoweringState &state) {
  std::vector<Var> v = mlirVars(x.rank());
  RDom r = rowMajorDomain(kernelExtents(w), "k");
  Func a(state.freshName(name.str() + "_argmax"));
  Halide::Tuple best = Halide::argmax(r, at(x.func, windowElement(v, w, r)),
                                      a.name() + "_first");
  Expr index = 0;
  for (size_t i = 0; i < w.rank(); ++i)
    index = index * w.kernel[i] + best[w.rank() - 1 - i];
  a(halideOrder(v)) = index;
  state.stages.push_back({a, StageKind::Window, halideOrder(v), false});
  std::vector<Expr> pooled = pooledShape(x, w);
  state.stages.back().extents.assign(pooled.rbegin(), pooled.rend());
  return a;
}

/// dy's extents must be the pooled extents of the forward input.
void requirePooledShape(const TensorValue &dy,
                        const std::vector<Expr> &pooled, StringRef name,
                        LoweringState &state) {
  for (int d = 0; d < dy.rank(); ++d)
    state.requireEqual(dy.extents[d], pooled[d],
                       (name + ": result_grad and the pooled input differ in "
                               "dimension " +
                        llvm::Twine(d))
                           .str());
}

/// The gradient gather of a windowed pool: dx at each input position sums
/// `contribution(window, offset)` over the candidate windows that contain
/// it, where `window` holds the window's coordinates (MLIR order) and
/// `offset` the position's row-major index within that window.
template <typename Contribution>
LogicalResult lowerPoolGrad(Operation *op, Value resultGrad, Value input,
                            const Window &w, StringRef name,
                            LoweringState &state, Contribution contribution) {
  const TensorValue &x = state.values.lookup(input);
  const TensorValue &dy = state.values.lookup(resultGrad);
  std::vector<Expr> pooled = pooledExtents(x, w, name, state);
  requirePooledShape(dy, pooled, name, state);

  std::vector<Var> v = mlirVars(x.rank());
  std::vector<Expr> counts;
  bool oneCandidate = true;
  for (size_t i = 0; i < w.rank(); ++i) {
    counts.push_back(w.candidates(i));
    oneCandidate &= w.candidates(i) == 1;
  }
  RDom q = rowMajorDomain(counts, "q");
  std::vector<Expr> window{v[0], v[1]};
  Expr covers = Halide::Internal::const_true();
  Expr offset = 0;
  for (size_t i = 0; i < w.rank(); ++i) {
    Expr p = v[2 + i];
    Expr o = p / w.stride[i] - (w.candidates(i) - 1) +
             (oneCandidate ? Expr(0) : domainVar(q, w.rank(), i));
    Expr lo = pooled[2 + i];
    covers = covers && o >= 0 && o < lo && p - o * w.stride[i] < w.kernel[i];
    Expr clamped = Halide::clamp(o, 0, lo - 1);
    window.push_back(clamped);
    offset = offset * w.kernel[i] + (p - clamped * w.stride[i]);
  }
  Func f(state.freshName(name));
  Expr term = Halide::select(covers, contribution(dy, window, offset), 0.0f);
  // Windows that do not overlap (stride >= kernel: every pool of the
  // course models) give each position one candidate, read without a sum
  // (one Func less per gradient; step times unchanged within noise).
  // Inlining this gather into the activation gradient that reads it,
  // rather than storing it, did not pay either: promoter_cnn +3 %, LeNet
  // -3 % (batch 32, 1 thread).
  f(halideOrder(v)) =
      oneCandidate ? term : Halide::sum(q, term, f.name() + "_windows");
  state.define(op->getResult(0), f, x.extents, StageKind::Window,
               halideOrder(v));
  return success();
}

LogicalResult lowerMaxPoolGrad(Operation *op, Value resultGrad, Value input,
                               const Window &w, StringRef name,
                               LoweringState &state) {
  Func argmax = firstArgmax(state.values.lookup(input), w, name, state);
  return lowerPoolGrad(
      op, resultGrad, input, w, name, state,
      [&](const TensorValue &dy, const std::vector<Expr> &window,
          Expr offset) {
        return Halide::select(at(argmax, window) == offset,
                              at(dy.func, window), 0.0f);
      });
}

LogicalResult lowerAvgPoolGrad(Operation *op, Value resultGrad, Value input,
                               const Window &w, StringRef name,
                               LoweringState &state) {
  float volume = static_cast<float>(w.volume());
  return lowerPoolGrad(op, resultGrad, input, w, name, state,
                       [&](const TensorValue &dy,
                           const std::vector<Expr> &window, Expr) {
                         return at(dy.func, window) / volume;
                       });
}

//===----------------------------------------------------------------------===//
// Global pooling
//===----------------------------------------------------------------------===//

std::vector<Expr> spatialExtents(const TensorValue &x) {
  return std::vector<Expr>(x.extents.begin() + 2, x.extents.end());
}

/// Number of spatial positions of `x`, as f32.
Expr spatialCountF32(const TensorValue &x) {
  Expr count = Halide::cast<float>(1);
  for (const Expr &e : spatialExtents(x))
    count = count * Halide::cast<float>(e);
  return count;
}

/// Coordinates of spatial position `r` of channel (n, c).
std::vector<Expr> spatialElement(const std::vector<Var> &nc, const RDom &r,
                                 size_t spatialRank) {
  std::vector<Expr> coords{nc[0], nc[1]};
  for (size_t i = 0; i < spatialRank; ++i)
    coords.push_back(domainVar(r, spatialRank, i));
  return coords;
}

LogicalResult lowerGlobalPool(Operation *op, Value input, bool isMax,
                              StringRef name, LoweringState &state) {
  const TensorValue &x = state.values.lookup(input);
  std::vector<Var> nc = mlirVars(2);
  size_t spatialRank = x.rank() - 2;
  RDom r = rowMajorDomain(spatialExtents(x), "s");
  Expr element = at(x.func, spatialElement(nc, r, spatialRank));
  Func f(state.freshName(name));
  if (isMax)
    f(halideOrder(nc)) = Halide::maximum(r, element, f.name() + "_max");
  else
    f(halideOrder(nc)) =
        Halide::sum(r, element, f.name() + "_sum") / spatialCountF32(x);
  state.define(op->getResult(0), f, {x.extents[0], x.extents[1]},
               StageKind::Window, halideOrder(nc));
  return success();
}

LogicalResult lowerGlobalPoolGrad(Operation *op, Value resultGrad, Value input,
                                  bool isMax, StringRef name,
                                  LoweringState &state) {
  const TensorValue &x = state.values.lookup(input);
  const TensorValue &dy = state.values.lookup(resultGrad);
  requirePooledShape(dy, {x.extents[0], x.extents[1]}, name, state);
  size_t spatialRank = x.rank() - 2;
  std::vector<Var> v = mlirVars(x.rank());
  std::vector<Expr> nc{v[0], v[1]};
  Expr grad = at(dy.func, nc);
  Func f(state.freshName(name));
  if (isMax) {
    // Row-major index of each channel's first maximum, then a mask.
    std::vector<Var> ncVars(v.begin(), v.begin() + 2);
    RDom r = rowMajorDomain(spatialExtents(x), "s");
    Func argmax(state.freshName(name.str() + "_argmax"));
    Halide::Tuple best =
        Halide::argmax(r, at(x.func, spatialElement(ncVars, r, spatialRank)),
                       argmax.name() + "_first");
    Expr bestIndex = 0, index = 0;
    for (size_t i = 0; i < spatialRank; ++i) {
      bestIndex = bestIndex * x.extents[2 + i] + best[spatialRank - 1 - i];
      index = index * x.extents[2 + i] + v[2 + i];
    }
    argmax(halideOrder(ncVars)) = bestIndex;
    state.stages.push_back(
        {argmax, StageKind::Window, halideOrder(ncVars), false});
    f(halideOrder(v)) =
        Halide::select(index == at(argmax, nc), grad, 0.0f);
  } else {
    f(halideOrder(v)) = grad / spatialCountF32(x);
  }
  state.define(op->getResult(0), f, x.extents, StageKind::Elementwise,
               halideOrder(v));
  return success();
}

} // namespace

std::optional<LogicalResult> lowerPoolOps(Operation *op,
                                          LoweringState &state) {
  return llvm::TypeSwitch<Operation *, std::optional<LogicalResult>>(op)
      .Case([&](MaxPool1dOp o) {
        return lowerPool(o, o.getInput(),
                         windowOf(o.getKernelAttr(), o.getStrideAttr()),
                         /*isMax=*/true, "maxpool1d", state);
      })
      .Case([&](AvgPool1dOp o) {
        return lowerPool(o, o.getInput(),
                         windowOf(o.getKernelAttr(), o.getStrideAttr()),
                         /*isMax=*/false, "avgpool1d", state);
      })
      .Case([&](MaxPool2dOp o) {
        return lowerPool(o, o.getInput(),
                         windowOf(o.getKernelAttr(), o.getStrideAttr()),
                         /*isMax=*/true, "maxpool2d", state);
      })
      .Case([&](AvgPool2dOp o) {
        return lowerPool(o, o.getInput(),
                         windowOf(o.getKernelAttr(), o.getStrideAttr()),
                         /*isMax=*/false, "avgpool2d", state);
      })
      .Case([&](MaxPool1dGradOp o) {
        return lowerMaxPoolGrad(o, o.getResultGrad(), o.getInput(),
                                windowOf(o.getKernelAttr(), o.getStrideAttr()),
                                "maxpool1d_grad", state);
      })
      .Case([&](AvgPool1dGradOp o) {
        return lowerAvgPoolGrad(o, o.getResultGrad(), o.getInput(),
                                windowOf(o.getKernelAttr(), o.getStrideAttr()),
                                "avgpool1d_grad", state);
      })
      .Case([&](MaxPool2dGradOp o) {
        return lowerMaxPoolGrad(o, o.getResultGrad(), o.getInput(),
                                windowOf(o.getKernelAttr(), o.getStrideAttr()),
                                "maxpool2d_grad", state);
      })
      .Case([&](AvgPool2dGradOp o) {
        return lowerAvgPoolGrad(o, o.getResultGrad(), o.getInput(),
                                windowOf(o.getKernelAttr(), o.getStrideAttr()),
                                "avgpool2d_grad", state);
      })
      .Case([&](GlobalMaxPoolOp o) {
        return lowerGlobalPool(o, o.getInput(), /*isMax=*/true,
                               "global_maxpool", state);
      })
      .Case([&](GlobalAvgPoolOp o) {
        return lowerGlobalPool(o, o.getInput(), /*isMax=*/false,
                               "global_avgpool", state);
      })
      .Case([&](GlobalMaxPoolGradOp o) {
        return lowerGlobalPoolGrad(o, o.getResultGrad(), o.getInput(),
                                   /*isMax=*/true, "global_maxpool_grad",
                                   state);
      })
      .Case([&](GlobalAvgPoolGradOp o) {
        return lowerGlobalPoolGrad(o, o.getResultGrad(), o.getInput(),
                                   /*isMax=*/false, "global_avgpool_grad",
                                   state);
      })
      .Default([](Operation *) { return std::nullopt; });
}

} // namespace netc::lowering
