//===- StoredOperands.cpp - Operands computed once per call ---------------===//
#include "compiler/lowering/StoredOperands.h"

using Halide::Expr;
using Halide::Func;
using Halide::Var;
using netc::schedules::StageKind;

namespace netc::lowering {

bool readsAsLoad(const Func &f) {
  if (!f.defined() || f.num_update_definitions() > 0 || f.outputs() != 1)
    return true;
  const auto *call = f.value().as<Halide::Internal::Call>();
  if (!call || (call->call_type != Halide::Internal::Call::Halide &&
                call->call_type != Halide::Internal::Call::Image))
    return false;
  for (const Expr &arg : call->args)
    if (!arg.as<Halide::Internal::Variable>())
      return false;
  return true;
}

void addStoredStage(Func copy, const std::vector<Var> &vars,
                    const TensorValue &t, LoweringState &state) {
  state.stages.push_back({copy, StageKind::Layout, vars, /*isOutput=*/false});
  state.stages.back().extents.assign(t.extents.rbegin(), t.extents.rend());
}

TensorValue storedIfAny(const TensorValue &t, const LoweringState &state) {
  auto it = state.storedCopies.find(t.func.name());
  if (it == state.storedCopies.end())
    return t;
  return {it->second.func, t.extents};
}

// Measured why: the softmax and batchnorm gradients before the
// translator's convolutions were exps, square roots and divisions evaluated
// 21-64 times per element.
TensorValue storedOnce(const TensorValue &t, LoweringState &state) {
  if (readsAsLoad(t.func))
    return t;
  TensorValue existing = storedIfAny(t, state);
  if (existing.func.name() != t.func.name())
    return existing;
  std::vector<Var> vars = LoweringState::makeVars(t.rank());
  Func copy(t.func.name() + "_stored");
  copy(vars) = t.func(vars);
  addStoredStage(copy, vars, t, state);
  state.storedCopies[t.func.name()] = {copy, t.extents};
  return {copy, t.extents};
}

} // namespace netc::lowering
