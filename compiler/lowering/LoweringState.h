//===- LoweringState.h - Shared state of one function's lowering -*- C++ -*-===//
//
// Internal to compiler/lowering: the map from MLIR values to Halide Funcs
// and the list of stages handed to schedules/.
//
//===----------------------------------------------------------------------===//
#ifndef NETC_COMPILER_LOWERING_LOWERINGSTATE_H
#define NETC_COMPILER_LOWERING_LOWERINGSTATE_H

#include "compiler/lowering/HalideLowering.h"
#include "schedules/Stage.h"

#include "mlir/IR/Operation.h"
#include "mlir/IR/Value.h"
#include "mlir/Support/LogicalResult.h"
#include "llvm/ADT/Twine.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace netc::lowering {

/// A tensor as Halide sees it: a Func over dims in Halide order (contiguous
/// first) and its extents in MLIR order (outermost first).
struct TensorValue {
  Halide::Func func;
  std::vector<Halide::Expr> extents;

  int rank() const { return static_cast<int>(extents.size()); }
  /// Extent of Halide dimension `h` (0 = contiguous).
  Halide::Expr halideExtent(int h) const { return extents[rank() - 1 - h]; }
  /// Product of all extents, as f32 (for means).
  Halide::Expr elementCountF32() const;
};

struct LoweringState {
  llvm::DenseMap<mlir::Value, TensorValue> values;
  std::vector<schedules::Stage> stages;
  /// Conditions checked at the start of every call (dynamic extents that
  /// must agree); each with the parts of its error message.
  std::vector<Requirement> requirements;
  /// Values of the symbolic dimensions (`L`) bound by the arguments.
  llvm::StringMap<Halide::Expr> symbols;
  /// Copies of operands stored once and shared by every reader in this
  /// pipeline (a convolution's inlined operands; LowerConvOps.cpp), and
  /// the batch mean and variance of each batchnorm input and the
  /// per-channel sums of its gradients (LowerNormOps.cpp), keyed by the
  /// names of the Funcs they were made from. Looked up by the
  /// source, never by the name given to the copy: Halide renames a Func
  /// whose name an earlier one in the process has ("relu_8_stored$1").
  llvm::StringMap<TensorValue> storedCopies;
  /// A convolution weight gradient's copy of dy with channels contiguous,
  /// Halide (o, s..., n), keyed by the name of dy's Func as the op reads
  /// it: the bias gradient of a short map sums it (LowerConvOps.cpp).
  llvm::StringMap<Halide::Func> channelsFirstCopies;
  llvm::StringMap<std::pair<Halide::Func, Halide::Func>> channelStatistics;
  llvm::StringMap<Halide::Func> channelSums;
  int nextId = 0;

  /// A fresh, readable Func name such as "linear_3".
  std::string freshName(llvm::StringRef base);
  /// Pure variables d0..d{rank-1}, d0 contiguous.
  static std::vector<Halide::Var> makeVars(int rank);
  /// Records `func` as the result of `op` and as a stage of kind `kind`.
  TensorValue &define(mlir::Value result, Halide::Func func,
                      std::vector<Halide::Expr> extents,
                      schedules::StageKind kind,
                      std::vector<Halide::Var> vars);
  /// Requires two extents, which may be dynamic, to be equal at run time;
  /// the error prints `what` and both values.
  void requireEqual(Halide::Expr a, Halide::Expr b, const std::string &what);
};

/// Defines `result` as a loss: Σ term(coordinates) over every element of
/// `p` (Halide order; a Reduction stage), divided by `count` unless `sum`.
/// The term becomes a Func of its own (inlined): a sum of a call is one
/// Halide proves associative, so the schedule may split it (rfactor); the
/// simplifier rewrote `total + -(a + b)` into a form it could not.
void defineLoss(mlir::Value result, const TensorValue &p, bool sum,
                Halide::Expr count, llvm::StringRef name,
                const std::function<Halide::Expr(
                    const std::vector<Halide::Expr> &)> &term,
                LoweringState &state);

/// `func` at coordinates given in MLIR order (outermost first).
Halide::Expr at(const Halide::Func &func, std::vector<Halide::Expr> mlirOrder);

/// Pure variables as index expressions.
std::vector<Halide::Expr> asExprs(const std::vector<Halide::Var> &vars);

/// Lowers a pointwise op of same-shaped operands: `body` maps the operands'
/// values at one coordinate to the result's. Dynamic extents must agree.
template <typename Fn>
mlir::LogicalResult lowerPointwise(mlir::Operation *op, LoweringState &state,
                                   llvm::StringRef name,
                                   mlir::ValueRange operands, Fn body) {
  std::vector<TensorValue> in;
  for (mlir::Value v : operands)
    in.push_back(state.values.lookup(v));
  const TensorValue &first = in.front();
  for (size_t i = 1; i < in.size(); ++i)
    for (int d = 0; d < first.rank(); ++d)
      state.requireEqual(first.extents[d], in[i].extents[d],
                         (name + " operands differ in dimension " +
                          llvm::Twine(d)).str());
  std::vector<Halide::Var> vars = LoweringState::makeVars(first.rank());
  std::vector<Halide::Expr> at = asExprs(vars);
  std::vector<Halide::Expr> args;
  for (const TensorValue &t : in)
    args.push_back(t.func(at));
  Halide::Func f(state.freshName(name));
  f(vars) = body(args);
  state.define(op->getResult(0), f, first.extents, schedules::StageKind::Elementwise,
               vars);
  return mlir::success();
}

/// Lowers one nn (or arith.constant) op into `state`. Emits an MLIR error
/// and fails on ops without a lowering.
mlir::LogicalResult lowerOp(mlir::Operation *op, LoweringState &state);

/// Op families: each lowers the ops it owns and returns std::nullopt for
/// any other op.
std::optional<mlir::LogicalResult> lowerDenseOps(mlir::Operation *op,
                                                 LoweringState &state);
std::optional<mlir::LogicalResult> lowerOptimizerOps(mlir::Operation *op,
                                                     LoweringState &state);
std::optional<mlir::LogicalResult> lowerConvOps(mlir::Operation *op,
                                                LoweringState &state);
std::optional<mlir::LogicalResult> lowerPoolOps(mlir::Operation *op,
                                                LoweringState &state);
std::optional<mlir::LogicalResult> lowerActivationOps(mlir::Operation *op,
                                                      LoweringState &state);
std::optional<mlir::LogicalResult> lowerNormOps(mlir::Operation *op,
                                                LoweringState &state);
std::optional<mlir::LogicalResult> lowerGraphOps(mlir::Operation *op,
                                                 LoweringState &state);
std::optional<mlir::LogicalResult> lowerDropoutOps(mlir::Operation *op,
                                                   LoweringState &state);

} // namespace netc::lowering

#endif // NETC_COMPILER_LOWERING_LOWERINGSTATE_H
