//===- LoweringState.h - Shared state of one function's lowering -*- C++ -*-===//
//
// Internal to compiler/lowering: the map from MLIR values to Halide Funcs
// and the list of stages handed to schedules/.
//
//===----------------------------------------------------------------------===//
#ifndef NETC_COMPILER_LOWERING_LOWERINGSTATE_H
#define NETC_COMPILER_LOWERING_LOWERINGSTATE_H

#include "schedules/Stage.h"

#include "mlir/IR/Operation.h"
#include "mlir/IR/Value.h"
#include "llvm/ADT/DenseMap.h"

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
  /// must agree); each with its error message.
  std::vector<std::pair<Halide::Expr, std::string>> requirements;
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
  /// Requires two extents, which may be dynamic, to be equal at run time.
  void requireEqual(Halide::Expr a, Halide::Expr b, const std::string &what);
};

/// Lowers one nn (or arith.constant) op into `state`. Emits an MLIR error
/// and fails on ops without a lowering.
mlir::LogicalResult lowerOp(mlir::Operation *op, LoweringState &state);

} // namespace netc::lowering

#endif // NETC_COMPILER_LOWERING_LOWERINGSTATE_H
