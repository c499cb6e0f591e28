//===- LowerGraphOps.cpp - Halide algorithms of nn.concat and its VJP -----===//
//
// The algorithm only, as in LowerDenseOps.cpp (nn.add, pointwise, is
// lowered there). MLIR axis `a` of a rank-r tensor is Halide dimension
// r - 1 - a. Input k of a concatenation starts at the sum of the axis
// extents of the inputs before it; extents may be dynamic, so offsets are
// Halide expressions.
//
//  - nn.concat is one pure definition: a select on the axis coordinate
//    picks the input whose range holds it. Every branch is evaluated, so
//    each input's coordinate is clamped into its own range; otherwise
//    bounds inference would ask an input (maybe a pipeline argument) for
//    the other inputs' ranges. Pointwise in its inputs: kind Elementwise,
//    fused into its consumers like an activation.
//  - nn.concat_grad reads dy at the coordinate shifted by the input's
//    offset: also Elementwise.
//  - Extents off the axis must agree at run time (checked at entry).
//  - nn.columns (one output's target columns) is a shifted read and
//    nn.scale (a loss's weight) a product: both Elementwise.
//
//===----------------------------------------------------------------------===//
#include "compiler/dialect/NNDialect.h"
#include "compiler/lowering/LoweringState.h"

#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace netc::nn;
using Halide::Expr;
using Halide::Func;
using Halide::Var;
using netc::schedules::StageKind;

namespace netc::lowering {

namespace {

/// The lowered inputs of a concatenation, their offsets along the axis and
/// the run-time checks that their other extents agree.
struct ConcatLayout {
  std::vector<TensorValue> inputs;
  std::vector<Expr> offsets; ///< Where each input starts; one more: the total.

  ConcatLayout(ValueRange values, int64_t axis, LoweringState &state,
               llvm::StringRef name) {
    Expr offset = 0;
    for (Value v : values) {
      inputs.push_back(state.values.lookup(v));
      offsets.push_back(offset);
      offset = Halide::Internal::simplify(offset + inputs.back().extents[axis]);
    }
    offsets.push_back(offset);
    const TensorValue &first = inputs.front();
    for (size_t k = 1; k < inputs.size(); ++k)
      for (int d = 0; d < first.rank(); ++d)
        if (d != axis)
          state.requireEqual(first.extents[d], inputs[k].extents[d],
                             (name + " input " + llvm::Twine(k) +
                              " differs from input 0 in dimension " +
                              llvm::Twine(d))
                                 .str());
  }

  /// The result's extents: input 0's, with the axis the sum.
  std::vector<Expr> extents(int64_t axis) const {
    std::vector<Expr> e = inputs.front().extents;
    e[axis] = offsets.back();
    return e;
  }
};

LogicalResult lowerConcat(ConcatOp op, LoweringState &state) {
  int64_t axis = op.getResolvedAxis();
  ConcatLayout layout(op.getInputs(), axis, state, "concat");
  int rank = layout.inputs.front().rank();
  int h = rank - 1 - static_cast<int>(axis);
  std::vector<Var> vars = LoweringState::makeVars(rank);
  // Built from the last input backwards: select(i < end_k, input_k, rest).
  Expr value;
  for (size_t k = layout.inputs.size(); k-- > 0;) {
    const TensorValue &in = layout.inputs[k];
    std::vector<Expr> at = asExprs(vars);
    at[h] = Halide::clamp(vars[h] - layout.offsets[k], 0,
                          in.extents[axis] - 1);
    Expr element = in.func(at);
    value = value.defined()
                ? Halide::select(vars[h] < layout.offsets[k + 1], element,
                                 value)
                : element;
  }
  Func f(state.freshName("concat"));
  f(vars) = value;
  state.define(op.getResult(), f, layout.extents(axis), StageKind::Elementwise,
               vars);
  return success();
}

LogicalResult lowerConcatGrad(ConcatGradOp op, LoweringState &state) {
  int64_t axis = op.getResolvedAxis();
  ConcatLayout layout(op.getInputs(), axis, state, "concat_grad");
  int64_t index = op.getIndexAttr().getInt();
  const TensorValue &dy = state.values.lookup(op.getResultGrad());
  int rank = dy.rank();
  int h = rank - 1 - static_cast<int>(axis);
  for (int d = 0; d < rank; ++d)
    state.requireEqual(dy.extents[d], layout.extents(axis)[d],
                       "concat_grad result_grad differs from the concat in "
                       "dimension " +
                           std::to_string(d));
  std::vector<Var> vars = LoweringState::makeVars(rank);
  std::vector<Expr> at = asExprs(vars);
  at[h] = vars[h] + layout.offsets[index];
  Func f(state.freshName("concat_grad"));
  f(vars) = dy.func(at);
  state.define(op.getResult(), f, layout.inputs[index].extents,
               StageKind::Elementwise, vars);
  return success();
}

/// One output's columns of the target row: a shifted read, Elementwise.
LogicalResult lowerColumns(ColumnsOp op, LoweringState &state) {
  const TensorValue &in = state.values.lookup(op.getInput());
  int64_t width = cast<RankedTensorType>(op.getType()).getDimSize(1);
  std::vector<Var> vars = LoweringState::makeVars(2);
  Func f(state.freshName("columns"));
  f(vars) = in.func(vars[0] + static_cast<int>(op.getOffset()), vars[1]);
  state.define(op.getResult(), f,
               {in.extents[0], Expr(static_cast<int>(width))},
               StageKind::Elementwise, vars);
  return success();
}

} // namespace

std::optional<LogicalResult> lowerGraphOps(Operation *op,
                                           LoweringState &state) {
  return llvm::TypeSwitch<Operation *, std::optional<LogicalResult>>(op)
      .Case([&](ConcatOp o) { return lowerConcat(o, state); })
      .Case([&](ConcatGradOp o) { return lowerConcatGrad(o, state); })
      .Case([&](ColumnsOp o) { return lowerColumns(o, state); })
      .Case([&](ScaleOp o) {
        float factor = o.getFactor().convertToFloat();
        return lowerPointwise(o, state, "scale", o->getOperands(),
                              [&](auto a) { return a[0] * factor; });
      })
      .Default([](Operation *) { return std::nullopt; });
}

} // namespace netc::lowering
