//===- GpuSchedule.cpp - GPU schedule for nn stages -----------------------===//
//
// The policy, per stage kind (written for CUDA; nothing in it is CUDA-only,
// so the same schedule also runs through OpenCL):
//  - Arguments (the caller's buffers) are copied to the device once per
//    call into pipeline-owned buffers (`copy_to_device` on their wrapper).
//    Letting kernels read the caller's buffer directly would make Halide
//    attach a device allocation to the caller's halide_buffer_t, which the
//    generated C wrapper builds on its stack and never frees.
//  - Outputs are computed on the host (vectorized, parallel, as on a CPU)
//    from the stages the GPU stored: Halide copies those back, so results
//    land in the caller's host memory and no device state outlives a call.
//    An output is at most a copy or a pointwise step (the optimizer update,
//    the last activation), O(size) next to the products feeding it.
//  - Elementwise stages are inlined into their consumers, i.e. fused into
//    the kernels that read them.
//  - Every stored stage (contraction, reduction, layout, window, axis
//    reduction) is one kernel per definition: the contiguous dimension maps
//    to 32 threads (one warp reads consecutive addresses: coalesced), the
//    others, fused, to 8 threads, and the grid covers the rest. A
//    reduction's loop runs inside each thread, over its own output element.
//  - Products whose sum runs over one dimension (linear layers and their
//    gradients) stage their operands in shared memory, 8 steps of the sum
//    at a time: in a 32 × 8 tile every operand element is read by 8 or 32
//    threads, so one global load per element replaces up to 32. Products
//    over several dimensions (convolutions: channels × kernel taps) keep
//    the plain per-thread loop: their operands' tiles depend on the window
//    geometry, and the course models' kernels are a few taps.
//  - A scalar (the loss) is summed by a single GPU thread: over a batch of
//    the course models' sizes (hundreds of values) a tree reduction would
//    cost more in launches than it saves.
//
// Measured: not yet — no GPU on the machines this was written on; see
// docs/embedding.md for what has been checked and what remains.
//
//===----------------------------------------------------------------------===//
#include "schedules/GpuSchedule.h"

#include <algorithm>
#include <map>
#include <string>

using namespace Halide;

namespace netc::schedules {
namespace {

constexpr int kThreadsX = 32; // along the contiguous dimension: one warp
constexpr int kThreadsY = 8;  // along the other dimensions, fused
constexpr int kThreads1D = 256;
constexpr int kSumStep = 8;   // sum steps staged in shared memory at once

/// Maps the pure dimensions of `def` (innermost first) onto GPU blocks and
/// threads. Dimensions beyond the second are fused into it so any rank
/// gives one 2-D grid; a scalar runs on one GPU thread.
template <typename Definition>
void tileOnGpu(Definition def, const std::vector<Var> &vars) {
  if (vars.empty()) {
    def.gpu_single_thread();
    return;
  }
  if (vars.size() == 1) {
    Var bx, tx;
    def.gpu_tile(vars[0], bx, tx, kThreads1D, TailStrategy::GuardWithIf);
    return;
  }
  Var outer = vars[1];
  for (size_t i = 2; i < vars.size(); ++i) {
    Var fused(outer.name() + "_" + vars[i].name());
    def.fuse(outer, vars[i], fused);
    outer = fused;
  }
  Var bx, by, tx, ty;
  def.gpu_tile(vars[0], outer, bx, by, tx, ty, kThreadsX, kThreadsY,
               TailStrategy::GuardWithIf);
}

/// The Funcs an expression reads, each with whether every read passes
/// plain variables as coordinates (so its tile is a box of the loops').
class ReadCollector : public Internal::IRGraphVisitor {
public:
  std::map<std::string, std::pair<Internal::Function, bool>> reads;

private:
  using IRGraphVisitor::visit;
  void visit(const Internal::Call *op) override {
    IRGraphVisitor::visit(op);
    if (op->call_type != Internal::Call::Halide || !op->func.defined())
      return;
    bool plain = std::all_of(op->args.begin(), op->args.end(), [](Expr e) {
      return e.as<Internal::Variable>() != nullptr;
    });
    auto [it, inserted] = reads.try_emplace(
        op->name, Internal::Function(op->func), plain);
    if (!inserted)
      it->second.second = it->second.second && plain;
  }
};

/// Schedules update `u` of a stored stage: one thread per output element,
/// the sum inside it. A 2-D product over one reduction variable also stages
/// its 2-D operands in shared memory (see the file comment).
void scheduleUpdate(Func f, int u, const std::vector<Var> &vars) {
  std::vector<RVar> rvars = f.rvars(u);
  Halide::Stage update = f.update(u);
  if (vars.size() != 2 || rvars.size() != 1) {
    tileOnGpu(update, vars);
    return;
  }
  ReadCollector collector;
  f.update_value(u).accept(&collector);
  std::vector<Func> operands;
  for (auto &[name, read] : collector.reads)
    if (name != f.name() && read.second && read.first.dimensions() == 2)
      operands.push_back(Func(read.first));

  RVar ro(rvars[0].name() + "_o"), ri(rvars[0].name() + "_i");
  Var bx, by, tx, ty;
  update.split(rvars[0], ro, ri, kSumStep, TailStrategy::GuardWithIf)
      .gpu_tile(vars[0], vars[1], bx, by, tx, ty, kThreadsX, kThreadsY,
                TailStrategy::GuardWithIf)
      .reorder(ri, tx, ty, ro, bx, by);
  for (Func &operand : operands) {
    Func staged = operand.in(f);
    std::vector<Var> args = staged.args();
    staged.compute_at(f, ro)
        .store_in(MemoryType::GPUShared)
        .gpu_threads(args[0], args[1]);
  }
}

void scheduleStored(Stage &stage) {
  Func f = stage.func;
  f.compute_root();
  tileOnGpu(f, stage.vars);
  for (int u = 0; u < f.num_update_definitions(); ++u)
    scheduleUpdate(f, u, stage.vars);
}

/// An output, on the host: vectorized along its contiguous dimension,
/// parallel over its outermost one.
void scheduleOutput(Stage &stage, const Target &target) {
  if (stage.vars.empty())
    return;
  stage.func.vectorize(stage.vars.front(),
                       target.natural_vector_size<float>(),
                       TailStrategy::GuardWithIf);
  if (stage.vars.size() >= 2)
    stage.func.parallel(stage.vars.back());
}

} // namespace

void scheduleForGpu(std::vector<Stage> &stages, const Target &target) {
  for (Stage &stage : stages) {
    if (stage.isOutput) {
      scheduleOutput(stage, target);
      continue;
    }
    if (stage.isArgument) {
      stage.func.compute_root().copy_to_device();
      continue;
    }
    switch (stage.kind) {
    case StageKind::Elementwise:
      break; // inlined into the kernels that read it
    case StageKind::Contraction:
    case StageKind::Reduction:
    case StageKind::Layout:
    case StageKind::Window:
    case StageKind::AxisReduction:
    case StageKind::ChannelReduction:
      scheduleStored(stage);
      break;
    }
  }
}

} // namespace netc::schedules
