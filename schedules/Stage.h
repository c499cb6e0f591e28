//===- Stage.h - What the lowering tells the scheduler ----------*- C++ -*-===//
//
// The lowering emits the algorithm (Halide Funcs) and, for each nn op, one
// Stage saying what kind of computation it is. Schedules see only these
// Funcs and kinds, never the syntax or the MLIR they came from.
//
//===----------------------------------------------------------------------===//
#ifndef NETC_SCHEDULES_STAGE_H
#define NETC_SCHEDULES_STAGE_H

#include "Halide.h"

#include <vector>

namespace netc::schedules {

enum class StageKind {
  /// Pointwise in its inputs (activations, their gradients, updates):
  /// fused into consumers unless it must be stored.
  Elementwise,
  /// Pure definition that initialises, then one update summing over an RDom
  /// while every pure dimension survives (linear and its input/weight
  /// gradients): the matrix products.
  Contraction,
  /// Sums over the batch or over everything into a small result (losses,
  /// bias gradients).
  Reduction,
  /// A copy of a small operand in another storage order (a transposed
  /// weight), made once per call so that a product reads it contiguously.
  Layout,
  /// One pure definition whose value reduces a window of its input inline
  /// (pooling over windows or whole channels, the argmax max pooling's
  /// gradient needs, and the gathers of pooling gradients).
  Window,
  /// Pure definition that initialises, then one update combining the
  /// elements along one axis (an RDom) while every other dimension
  /// survives: softmax's maximum and sum, log-sum-exp, their gradients'
  /// sums. The result is as large as a batch of activations.
  AxisReduction,
  /// One sum per channel over every other axis of [N, C, spatial...]
  /// (batchnorm statistics, convolution bias gradients): pure over the
  /// channel alone, its RDom's innermost variable walking the operand's
  /// contiguous (last spatial) dimension. Without spatial axes ([N, C])
  /// the channel itself is contiguous.
  ChannelReduction,
};

struct Stage {
  Halide::Func func;
  StageKind kind;
  /// Pure variables of `func`, innermost (contiguous) first.
  std::vector<Halide::Var> vars;
  /// True if `func` is an output of the pipeline.
  bool isOutput = false;
  /// True if `func` only reads a pipeline argument (`arg_x(...) = x(...)`).
  /// CPU schedules leave it inlined; GPU schedules copy the argument to
  /// the device once, into a buffer the pipeline owns.
  bool isArgument = false;
  /// Contractions only: the index in `vars` of a dimension whose
  /// neighbouring elements read the same operand elements (a convolution's
  /// output channels), so that a tile across it reuses each load from
  /// registers; -1 when the lowering names none.
  int blockVar = -1;
  /// Extents of `vars` (same order), where the lowering records them
  /// (blocked contractions, convolutions' stored operands); empty
  /// otherwise. Schedules use them only through what they can prove (an
  /// extent of at least one vector).
  std::vector<Halide::Expr> extents;
  /// Contractions only: the update's outermost reduction variable walks
  /// the batch (a weight gradient sums over examples and positions), so
  /// its sum may be split into partial sums over blocks of examples.
  bool sumsOverBatch = false;
};

} // namespace netc::schedules

#endif // NETC_SCHEDULES_STAGE_H
