//===- CpuSchedule.cpp - First CPU schedule for nn stages -----------------===//
//
// The policy, per stage kind:
//  - Elementwise stages are inlined into their consumers (fusing activations
//    and their gradients into the products around them); an elementwise
//    output is stored, vectorized along its contiguous dimension.
//  - Contractions are computed once (compute_root). The update loop is
//    reordered so the reduction runs outside the vectorized innermost
//    dimension: each step is a vector multiply-add into one row of the
//    accumulator, which stays in L1 for the small layers of the course
//    models. Rows (the batch, or output features for weight gradients) run
//    in parallel.
//  - Reductions to small results are computed once, vectorized along their
//    pure dimension; their update stays serial.
//  - Layout copies (a linear layer's weight transposed so its output
//    features are contiguous) are computed once per call: O(in · out) work
//    that turns the product's strided gathers into vector loads. Measured
//    on the MLP example at batch 256 (AMD EPYC, 1 thread): inference
//    280 µs → 56 µs, a training step 412 µs → 124 µs (docs/benchmarks.md).
//    Convolutions use the same kind for two more copies (LowerConvOps.cpp):
//    an operand that would be an inlined chain (batchnorm, softmax or
//    pooling gradients, batchnorm + relu before a convolution) is stored
//    once, instead of being recomputed per output channel or kernel tap;
//    and the weight gradient reads dy channels-first, so its sum is
//    vectorized over output channels (8 of 8 lanes) rather than over the
//    kernel taps (1 or 3 of 8). Copies of activations with large examples
//    run over examples in parallel (scheduleLayout). Measured at batch 32,
//    1 thread, Intel Xeon 2.3 GHz on a busy 2-core machine, median of 5,
//    CPU time: translator (L=600) training step 111 ms → 34 ms, LeNet 42
//    ms → 15 ms; inference translator 11.1 → 5.9 ms, LeNet unchanged (1.4
//    ms).
//  - Window stages (pooling) are computed once too: inlined, each window
//    would be reduced again at every read, and a linear layer after a pool
//    reads each pooled value once per output feature. They have no update
//    to reorder, so unlike contractions they vectorize along the contiguous
//    output dimension and run the two outermost dimensions (channels and
//    batch, fused) in parallel, so a batch of 1 still fills the cores.
//  - Axis reductions (softmax's maximum and sum, log-sum-exp) get a
//    contraction's schedule. Unlike Reductions they keep every dimension
//    but one, so their results are batch-sized and worth running in
//    parallel; and they must be stored: inlined, every element of a slice
//    would reduce the whole slice again. When the axis is the contiguous
//    dimension itself (softmax over the features of [N, C]), the vector
//    runs across examples and its loads are gathers; with the tens of
//    classes of the course models that costs little next to the exps.
//
// Measured by `make bench` (docs/benchmarks.md; 2-core Xeon 2.3 GHz, 1
// thread, PyTorch time / netc time): after the convolution change described
// in LowerConvOps.cpp, dense training steps beat PyTorch (peptide_ffn 4.7x
// at batch 32) and convolution-heavy ones did not (LeNet 0.21x, translator
// 0.30x). With the register tiles, reductions and pooling below: LeNet
// 1.7x at batch 32 and 1.5x at 256, translator 1.3x and 1.05x, the other
// course models 3.7-6.7x at 32. With parallel activation copies, dy stored
// once per weight and bias gradient and input gradients without padding
// taps (LowerConvOps.cpp): LeNet 2.5x and 1.6x, translator 1.6x and 1.2x.
//
// Against the autoscheduled twin (schedules/AutoSchedule.cpp, Mullapudi2016,
// netc_bench --autoschedule; both timed in one process, alternating; batch
// 32, 1 thread, CPU-time medians of 5 on the loaded 2-core Xeon; ratio =
// auto / hand, above 1: hand wins), before register tiles: LeNet train
// step 0.99, inference 0.86; translator (L=600) train step 1.22,
// inference 0.82.
//  - Register tiles (scheduleBlockedContraction) for conv2d sums: computed
//    per 8-lane × 4-channel tile (now 8: kBlock) of an `f.in()` wrapper,
//    accumulators unrolled so LLVM keeps them in registers (forward across output
//    channels, input and weight gradients across input channels). LeNet:
//    train step 0.99 → 1.24 vs auto (17.8 → 14.2 ms CPU), inference 0.86 →
//    1.31 (1.33 → 0.82 ms). Applied to conv1d then, the translator lost
//    (train step 1.22 → 1.03, inference 0.82 → 0.60), so conv1d was left
//    untiled until the two changes below and constant-size accumulators.
//  - Full tiles (tileTail): where an extent is at least a tile, the last
//    tile shifts inwards instead of being guarded. LeNet's second input
//    gradient is 12 wide (8 + 4): its guarded tail tile was predicated,
//    masked stores and reloads of a stack accumulator at every
//    multiply-add, 11 of the train step's 14 ms (Halide profiler). Train
//    step 13.3 → 7.8 ms (CPU medians, interleaved runs, batch 32, 1
//    thread), inference unchanged (0.73 ms).
//  - Small tiles whole (blockFactor): an extent of 5 or 6 is one tile, not
//    two overlapping ones of 4. With it, a weight gradient with fewer than
//    4 input channels tiles across kernel taps (LowerConvOps.cpp): LeNet's
//    first (1 channel) had one accumulator per tile, so each multiply-add
//    waited on the last (5 GMAC/s); with 5 taps per tile, train step 3.59
//    → 3.10 ms (CPU medians, 3 interleaved runs).
//  - Constant-size accumulators (bound_storage) where a tile is guarded:
//    the translator's L / 3 positions cannot be proven a full vector, and
//    the tile's buffer had a run-time stride, so nothing stayed in
//    registers. With it, conv1d is tiled like conv2d (batch 32, 1 thread,
//    CPU medians of 3): promoter_cnn train step 1.06 → 0.61 ms, inference
//    0.25 → 0.18; peptide_cnn 0.48 → 0.22, 0.33 → 0.08; translator (L =
//    600) 38.6 → 30.7, 5.2 → 3.1; LeNet unchanged (3.0–3.2 ms, 0.70–0.80).
//
//===----------------------------------------------------------------------===//
#include "schedules/CpuSchedule.h"

using namespace Halide;

namespace netc::schedules {
namespace {

/// Vectorizes `def` along the stage's contiguous dimension, guarding the
/// tail so any extent works (3 features, a batch of 1).
template <typename Definition>
void vectorizeInnermost(const Stage &stage, Definition def, int lanes) {
  if (!stage.vars.empty())
    def.vectorize(stage.vars.front(), lanes, TailStrategy::GuardWithIf);
}

void scheduleElementwise(Stage &stage, int lanes) {
  if (!stage.isOutput)
    return; // inlined into its consumers
  vectorizeInnermost(stage, stage.func, lanes);
  if (stage.vars.size() >= 2)
    stage.func.parallel(stage.vars.back());
}

/// Output channels (or kernel taps) per register tile of a blocked
/// contraction: 8 accumulators of `lanes` floats, with the operand vector
/// loaded once for all 8 (AVX2 has 16 vector registers). Eight, because a
/// multiply-add takes 4 cycles and two issue per cycle: with 4, each
/// waited on its accumulator's previous one. 4 → 8, batch 32, 1 thread,
/// CPU medians of 3: LeNet train step 3.16 → 2.56 ms, inference 0.86 →
/// 0.67; translator (L = 600) 20.3 → 19.6, 3.0 → 2.8; promoter_cnn 0.56
/// → 0.54, 0.18 → 0.16; peptide_cnn 0.22 → 0.24 (noise?), 0.075 → 0.067.
constexpr int kBlock = 8;

/// The extent of `stage.vars[i]` where the lowering recorded it as a
/// constant, else 0.
int64_t constantExtent(const Stage &stage, size_t i) {
  if (i < stage.extents.size() && stage.extents[i].defined())
    if (const int64_t *e =
            Internal::as_const_int(Internal::simplify(stage.extents[i])))
      return *e;
  return 0;
}

/// How the tiles cover dimension `i` of a blocked contraction split by
/// `factor`. Where the extent is provably at least `factor`, the last tile
/// shifts inwards (overlapping its neighbour; the wrapper is pure, so the
/// overlap recomputes equal values) and every tile is full: the per-tile
/// sum then has constant extents and its accumulators stay in registers.
/// A guarded tail instead gave the tile a partial extent, so its vectors
/// were predicated: masked stores into an accumulator buffer on the stack
/// and masked reloads of it (vmaskmovps, no store forwarding) at every
/// multiply-add. LeNet's second input gradient (width 12 = 8 + 4) spent
/// 11 of its train step's 14 ms there. A smaller extent keeps the guard,
/// since shifting would read before the start of the operands.
TailStrategy tileTail(const Stage &stage, size_t i, int factor) {
  if (i < stage.extents.size() && stage.extents[i].defined() &&
      Internal::can_prove(stage.extents[i] >= factor))
    return TailStrategy::ShiftInwards;
  return TailStrategy::GuardWithIf;
}

/// Channels per tile: kBlock, or the whole extent where it is a constant
/// of at most kBlock + 2 (one tile of 5 kernel taps, 10 channels), so
/// that no tile overlaps or guards. 10 accumulators and an operand vector
/// still fit AVX2's 16 registers. A larger constant extent takes the
/// factor nearest kBlock that divides it: the translator's 21 classes were
/// tiles of 8, 8 and 8 shifted to overlap by 3, and that last, shifted
/// tile cost as much as the other two together; tiles of 7 divide 21
/// (profiler, batch 256, 1 thread: its output convolution 8.9 -> 4.5 ms).
/// Interleaved runs, 1 thread, min of 5: inference at batch 32 2.26 ->
/// 1.90 ms, train step 9.6 -> 8.3 ms.
int blockFactor(const Stage &stage) {
  int64_t extent = constantExtent(stage, stage.blockVar);
  if (extent > 1 && extent <= kBlock + 2)
    return int(extent);
  for (int factor : {kBlock, kBlock - 1, kBlock + 1, kBlock + 2, kBlock - 2})
    if (extent % factor == 0) // 0 (not a constant): kBlock
      return factor;
  return kBlock;
}

/// A contraction tiled `lanes` × blockFactor over its contiguous dimension
/// and `stage.blockVar`: the tile's accumulators are a small constant-size
/// buffer that LLVM keeps in registers across the whole sum, instead of a
/// load and a store per multiply-add into a row in memory. A wrapper
/// (`f.in()`) is the stored result; `f` is computed per tile.
/// `sumOrder`: the update's reduction variables, innermost first, where
/// they are not f.rvars(0) (after an rfactor, which names split ones in a
/// form reorder() rejects).
void scheduleBlockedContraction(Stage &stage, int lanes,
                                std::vector<RVar> sumOrder = {}) {
  Func f = stage.func;
  const int block = blockFactor(stage);
  Var x = stage.vars.front(), b = stage.vars[stage.blockVar];
  Var xo(x.name() + "_o"), xi(x.name() + "_i"), bo(b.name() + "_o"),
      bi(b.name() + "_i");
  const TailStrategy xTail = tileTail(stage, 0, lanes),
                     bTail = tileTail(stage, stage.blockVar, block);
  Func tiles = f.in();
  tiles.compute_root()
      .split(x, xo, xi, lanes, xTail)
      .split(b, bo, bi, block, bTail);
  std::vector<VarOrRVar> order{xi, bi, xo, bo};
  for (const Var &v : stage.vars)
    if (v.name() != x.name() && v.name() != b.name())
      order.push_back(v);
  tiles.reorder(order).vectorize(xi).unroll(bi);
  const Var &outer = stage.vars.back();
  tiles.parallel(outer.name() == b.name() ? bo : outer);

  f.compute_at(tiles, xo);
  // A guarded tile has a run-time extent, and so would its accumulator
  // buffer's stride: every multiply-add then indexes the buffer at a
  // computed offset and LLVM keeps nothing in registers. A constant-size
  // buffer gives full tiles constant offsets. Measured on the translator
  // (L / 3 positions, not provably a full vector), batch 32, 1 thread:
  // inference 5.2 -> 3.1 ms.
  if (xTail == TailStrategy::GuardWithIf)
    f.bound_storage(x, lanes);
  if (bTail == TailStrategy::GuardWithIf)
    f.bound_storage(b, block);
  f.vectorize(x, lanes, TailStrategy::GuardWithIf)
      .unroll(b, block, TailStrategy::GuardWithIf);
  for (int u = 0; u < f.num_update_definitions(); ++u) {
    std::vector<VarOrRVar> inner{x, b};
    for (const RVar &r : sumOrder.empty() ? f.rvars(u) : sumOrder)
      inner.push_back(r);
    f.update(u)
        .reorder(inner)
        .vectorize(x, lanes, TailStrategy::GuardWithIf)
        .unroll(b, block, TailStrategy::GuardWithIf);
  }
}

/// Examples per partial sum of a weight gradient (see below).
constexpr int kExamplesPerBlock = 4;

/// A register-tiled contraction that sums over the batch (a weight
/// gradient: small result, long sum over examples × positions), split
/// into partial sums over blocks of kExamplesPerBlock examples (rfactor).
/// Each tile of the whole sum streamed every example's operands, which
/// outgrow the L2 cache (1.6 MB each for the translator's 1x1
/// convolutions at batch 32), once per tile; a block's operands stay in
/// L2 across its tiles. Blocks run in parallel; the partial sums are
/// added up last.
void scheduleBatchBlockedContraction(Stage &stage, int lanes) {
  Func f = stage.func;
  std::vector<RVar> sumOrder = f.rvars(0);
  RVar n = sumOrder.back();
  RVar blockOuter(n.name() + "_o"), blockInner(n.name() + "_i");
  sumOrder.back() = blockInner;
  Var block("example_block");
  Func partial = f.update()
                     .split(n, blockOuter, blockInner, kExamplesPerBlock,
                            TailStrategy::GuardWithIf)
                     .rfactor(blockOuter, block);
  Stage blocks = stage;
  blocks.func = partial;
  blocks.vars.push_back(block);
  blocks.extents.resize(blocks.vars.size()); // the block count: unknown
  scheduleBlockedContraction(blocks, lanes, sumOrder);

  f.compute_root();
  vectorizeInnermost(stage, f, lanes);
  vectorizeInnermost(stage, f.update(), lanes);
}

void scheduleContraction(Stage &stage, int lanes) {
  if (stage.blockVar > 0 && !stage.isOutput) {
    if (stage.sumsOverBatch)
      scheduleBatchBlockedContraction(stage, lanes);
    else
      scheduleBlockedContraction(stage, lanes);
    return;
  }
  Func f = stage.func;
  f.compute_root();
  vectorizeInnermost(stage, f, lanes);
  if (stage.vars.size() >= 2)
    f.parallel(stage.vars.back());
  for (int u = 0; u < f.num_update_definitions(); ++u) {
    // Loop order, innermost first: the vectorized row, then the reduction,
    // then the remaining pure dimensions.
    std::vector<VarOrRVar> order;
    if (!stage.vars.empty())
      order.push_back(stage.vars.front());
    for (const RVar &r : f.rvars(u))
      order.push_back(r);
    for (size_t i = 1; i < stage.vars.size(); ++i)
      order.push_back(stage.vars[i]);
    f.update(u).reorder(order);
    vectorizeInnermost(stage, f.update(u), lanes);
    if (stage.vars.size() >= 2)
      f.update(u).parallel(stage.vars.back());
  }
}

/// Elements per example of a stored activation below which its copy runs
/// serially: a parallel loop costs even at one thread (the thread pool's
/// task bookkeeping), and peptide_cnn's copies of a few hundred elements
/// per example lost 10 % of its batch-32 train step to it (1 thread).
constexpr int64_t kParallelExampleElements = 2048;

/// True unless the stage's extents, the outermost (the batch) aside, are
/// recorded and provably fewer than kParallelExampleElements elements.
bool largeExamples(const Stage &stage) {
  if (stage.extents.size() != stage.vars.size())
    return true; // not recorded
  Expr elements = 1;
  for (size_t i = 0; i + 1 < stage.extents.size(); ++i)
    elements = elements * stage.extents[i];
  return !Internal::can_prove(elements < int(kParallelExampleElements));
}

/// Stored activations ([N, C, ...] copies) run over examples in parallel
/// where an example is large enough (largeExamples): 2 threads, batch 32,
/// translator (L = 600) train step 8.1 -> 6.3 ms, LeNet 2.4 -> 2.1 ms. A
/// weight's transposed copy (two static dimensions) stays serial.
void scheduleLayout(Stage &stage, int lanes) {
  stage.func.compute_root();
  vectorizeInnermost(stage, stage.func, lanes);
  if (stage.vars.size() >= 3 && largeExamples(stage))
    stage.func.parallel(stage.vars.back());
}

/// Vectorizes the sum of `f`'s update along its innermost reduction
/// variable, which walks the operand's contiguous dimension: that variable
/// is split by `lanes` and factored out (rfactor) into a vector of partial
/// sums, fed by contiguous loads and added up last, computed per element
/// of `vars.front()` (or once, for a scalar). False, changing nothing, where
/// that variable is provably shorter than half a vector ([N, 1] targets).
bool vectorizeAlongSum(Func f, const std::vector<Var> &vars, int lanes) {
  std::vector<RVar> rvars = f.rvars(0);
  if (rvars.empty() ||
      !Internal::prove_associativity(f.name(), f.update_args(0),
                                     f.update_values(0).as_vector())
           .associative())
    return false;
  // f.rvars() names the variables only; their extents are the RDom's.
  Expr extent = f.function().update(0).schedule().rvars().front().extent;
  if (Internal::can_prove(extent < lanes / 2))
    return false;
  RVar inner = rvars.front();
  RVar outer(inner.name() + "_o"), lane(inner.name() + "_i");
  Var partialLane("lane");
  Func partial =
      f.update()
          .split(inner, outer, lane, lanes, TailStrategy::GuardWithIf)
          .rfactor(lane, partialLane);
  if (vars.empty())
    partial.compute_root();
  else
    partial.compute_at(f, vars.front());
  partial.vectorize(partialLane);
  partial.update().vectorize(partialLane);
  return true;
}

/// Reductions to a small result. A scalar (a loss) sums along the
/// contiguous dimension (vectorizeAlongSum): serial, its logs and exps ran
/// one at a time, 0.46 of the translator's 15 ms train step (L = 600,
/// batch 32). Others (a linear layer's bias gradient) vectorize along
/// their pure dimension, which is contiguous in what they read.
void scheduleReduction(Stage &stage, int lanes) {
  Func f = stage.func;
  f.compute_root();
  if (stage.vars.empty() && vectorizeAlongSum(f, stage.vars, lanes))
    return;
  vectorizeInnermost(stage, f, lanes);
  for (int u = 0; u < f.num_update_definitions(); ++u)
    vectorizeInnermost(stage, f.update(u), lanes);
}

/// A per-channel sum over [N, C, spatial...]. Vectorized across channels
/// like other reductions, its every load would gather one element from
/// each of `lanes` channels, a row apart; it sums along the contiguous
/// dimension instead (vectorizeAlongSum). Measured on the translator (L =
/// 600), batch 32, 1 thread: its twelve channel sums (batchnorm statistics
/// and gradients, bias gradients) took 9 of the train step's 35 ms
/// (Halide profiler).
void scheduleChannelReduction(Stage &stage, int lanes) {
  Func f = stage.func;
  if (f.rvars(0).size() < 2 || stage.vars.size() != 1) {
    scheduleReduction(stage, lanes); // [N, C]: channels are contiguous
    return;
  }
  f.compute_root();
  if (vectorizeAlongSum(f, stage.vars, lanes))
    f.update().parallel(stage.vars.front());
  else
    vectorizeInnermost(stage, f.update(), lanes);
}

/// Vectorizes a pure stage along its contiguous dimension without a
/// predicated tail where its extent allows: an extent of at least `lanes`
/// shifts the last vector inwards (overlapping, recomputing equal values);
/// a smaller constant extent takes the widest power-of-two vector that
/// fits (4 lanes for LeNet's second pool, 4 wide). Otherwise guarded.
/// LeNet's first pool is 12 wide: 8 + a predicated 4, masked loads and
/// stores in every window.
void vectorizeWhole(const Stage &stage, Func f, int lanes) {
  if (stage.vars.empty())
    return;
  int64_t extent = constantExtent(stage, 0);
  if (extent > 0 && extent < lanes) {
    int width = lanes;
    while (width > extent)
      width /= 2;
    if (width >= 2)
      f.vectorize(stage.vars.front(), width, TailStrategy::ShiftInwards);
    return;
  }
  f.vectorize(stage.vars.front(), lanes, tileTail(stage, 0, lanes));
}

void scheduleWindow(Stage &stage, int lanes) {
  Func f = stage.func;
  f.compute_root();
  vectorizeWhole(stage, f, lanes);
  size_t rank = stage.vars.size();
  if (rank < 2)
    return;
  if (rank == 2) {
    f.parallel(stage.vars[1]);
    return;
  }
  // The two outermost dimensions are channels and batch in every pooling
  // layout; one task per (channel, example) keeps a task's rows together.
  Var inner = stage.vars[rank - 2], outer = stage.vars[rank - 1];
  Var fused(inner.name() + "_" + outer.name());
  f.fuse(inner, outer, fused).parallel(fused);
}

/// AVX2's f32 vector width: the narrower vectors an AVX-512 schedule falls
/// back to.
constexpr int kHalfWideLanes = 8;

/// The vector width of one stage. Targets of up to 8 f32 lanes (AVX2,
/// NEON, SSE) use all of them everywhere. On AVX-512, 16 lanes pay only
/// where the contiguous extent is a constant that fills them: a multiple of
/// 16, or at least 64 so a shifted last vector recomputes little. Elsewhere
/// the stage keeps AVX2's 8 lanes (in AVX-512's 32 registers). Tiles of 16
/// over LeNet's 12- and 24-wide maps overlap or guard most of each vector,
/// and a run-time extent cannot be proven a full vector, so its tiles are
/// guarded. Measured at 1 thread (Xeon 2.6 GHz with AVX-512, netc_bench
/// medians), 16 lanes everywhere against AVX2: LeNet train step at batch
/// 256 9.7 -> 21.4 ms, translator (L = 600) inference 14.3 -> 28.2 ms,
/// peptide_cnn inference 0.27 -> 6.2 ms (its 9-wide peptides). With this
/// rule, against AVX2 code (same runs, HL_JIT_TARGET): training steps at
/// batch 32 and 256 5-31 % faster on every course model (peptide_ffn at
/// 256 328 -> 250 µs, LeNet 9.5 -> 8.8 ms, translator 60.7 -> 57.5 ms),
/// inference up to 33 % faster (promoter_cnn), and at batch 1, where a
/// step takes 4-70 µs, up to 12 % slower (LeNet 70 -> 77 µs).
int lanesFor(const Stage &stage, int targetLanes) {
  if (targetLanes <= kHalfWideLanes)
    return targetLanes;
  int64_t extent = constantExtent(stage, 0);
  if (extent > 0 && (extent % targetLanes == 0 || extent >= 4 * targetLanes))
    return targetLanes;
  return kHalfWideLanes;
}

} // namespace

void scheduleForCpu(std::vector<Stage> &stages, const Target &target) {
  const int targetLanes = target.natural_vector_size<float>();
  for (Stage &stage : stages) {
    const int lanes = lanesFor(stage, targetLanes);
    switch (stage.kind) {
    case StageKind::Elementwise:
      scheduleElementwise(stage, lanes);
      break;
    case StageKind::Contraction:
      scheduleContraction(stage, lanes);
      break;
    case StageKind::Reduction:
      scheduleReduction(stage, lanes);
      break;
    case StageKind::Layout:
      scheduleLayout(stage, lanes);
      break;
    case StageKind::Window:
      scheduleWindow(stage, lanes);
      break;
    case StageKind::AxisReduction:
      scheduleContraction(stage, lanes); // same loop structure, see above
      break;
    case StageKind::ChannelReduction:
      scheduleChannelReduction(stage, lanes);
      break;
    }
  }
}

} // namespace netc::schedules
