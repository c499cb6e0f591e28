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
//
// Measured: not yet (benchmarks/ is issue #7); this is the baseline that the
// autoscheduler twin and later hand schedules are compared with.
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

void scheduleContraction(Stage &stage, int lanes) {
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

void scheduleLayout(Stage &stage, int lanes) {
  stage.func.compute_root();
  vectorizeInnermost(stage, stage.func, lanes);
}

void scheduleReduction(Stage &stage, int lanes) {
  Func f = stage.func;
  f.compute_root();
  vectorizeInnermost(stage, f, lanes);
  for (int u = 0; u < f.num_update_definitions(); ++u)
    vectorizeInnermost(stage, f.update(u), lanes);
}

} // namespace

void scheduleForCpu(std::vector<Stage> &stages, const Target &target) {
  const int lanes = target.natural_vector_size<float>();
  for (Stage &stage : stages) {
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
    }
  }
}

} // namespace netc::schedules
