//===- LoweringState.cpp - Shared state of one function's lowering --------===//
#include "compiler/lowering/LoweringState.h"

#include <algorithm>

using Halide::Expr;
using Halide::Func;
using Halide::Var;
using netc::schedules::StageKind;

namespace netc::lowering {

Expr TensorValue::elementCountF32() const {
  Expr count = Halide::cast<float>(1);
  for (const Expr &e : extents)
    count = count * Halide::cast<float>(e);
  return count;
}

std::string LoweringState::freshName(llvm::StringRef base) {
  return (base + "_" + llvm::Twine(nextId++)).str();
}

std::vector<Var> LoweringState::makeVars(int rank) {
  std::vector<Var> vars;
  for (int i = 0; i < rank; ++i)
    vars.emplace_back("d" + std::to_string(i));
  return vars;
}

TensorValue &LoweringState::define(mlir::Value result, Func func,
                                   std::vector<Expr> extents, StageKind kind,
                                   std::vector<Var> vars) {
  stages.push_back({func, kind, std::move(vars), /*isOutput=*/false});
  if (extents.size() == stages.back().vars.size())
    stages.back().extents.assign(extents.rbegin(), extents.rend());
  TensorValue &slot = values[result];
  slot = TensorValue{func, std::move(extents)};
  return slot;
}

void LoweringState::requireEqual(Expr a, Expr b, const std::string &what) {
  if (Halide::Internal::can_prove(a == b))
    return;
  auto text = [](const std::string &s) {
    return Halide::Internal::StringImm::make(s);
  };
  // Halide prints the parts separated by spaces: "<what>: 6 vs 5".
  requirements.push_back({a == b, {text(what + ":"), a, text("vs"), b}});
}

Expr at(const Func &func, std::vector<Expr> mlirOrder) {
  std::reverse(mlirOrder.begin(), mlirOrder.end());
  return func(mlirOrder);
}

std::vector<Expr> asExprs(const std::vector<Var> &vars) {
  return std::vector<Expr>(vars.begin(), vars.end());
}

void defineLoss(mlir::Value result, const TensorValue &p, bool sum,
                Halide::Expr count, llvm::StringRef name,
                const std::function<Halide::Expr(
                    const std::vector<Halide::Expr> &)> &term,
                LoweringState &state) {
  std::vector<Halide::Range> ranges;
  for (int h = 0; h < p.rank(); ++h)
    ranges.emplace_back(0, p.halideExtent(h));
  Halide::RDom r(ranges, "e");
  std::vector<Halide::Expr> every;
  for (int h = 0; h < p.rank(); ++h)
    every.push_back(r[h]);
  std::vector<Halide::Var> vars = LoweringState::makeVars(p.rank());
  Halide::Func terms(state.freshName(name.str() + "_term"));
  terms(vars) = term(asExprs(vars));
  Halide::Func total(state.freshName(name.str() + "_sum"));
  total() = 0.0f;
  total() += terms(every);
  state.stages.push_back(
      {total, schedules::StageKind::Reduction, {}, /*isOutput=*/false});
  Halide::Func loss(state.freshName(name));
  loss() = sum ? total() : total() / count;
  state.define(result, loss, {}, schedules::StageKind::Elementwise, {});
}

} // namespace netc::lowering
