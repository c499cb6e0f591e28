//===- SymbolicDims.cpp - Named dimensions, checked when a pipeline runs --===//
#include "compiler/lowering/SymbolicDims.h"

#include "dsl/Dims.h"

#include "mlir/IR/Diagnostics.h"

namespace netc::lowering {
namespace {

/// The Halide value of `dim`; fails on a symbol no argument has bound.
std::optional<Halide::Expr> toHalide(const ast::Dim &dim,
                                     const LoweringState &state) {
  using Kind = ast::Dim::Kind;
  switch (dim.kind) {
  case Kind::Constant:
    return Halide::Expr(static_cast<int>(dim.size));
  case Kind::Symbol: {
    auto it = state.symbols.find(dim.symbol);
    if (it == state.symbols.end())
      return std::nullopt;
    return it->second;
  }
  default:
    break;
  }
  std::optional<Halide::Expr> a = toHalide(dim.operands[0], state);
  std::optional<Halide::Expr> b = toHalide(dim.operands[1], state);
  if (!a || !b)
    return std::nullopt;
  switch (dim.kind) {
  case Kind::Add:
    return *a + *b;
  case Kind::Sub:
    return *a - *b;
  case Kind::Mul:
    return *a * *b;
  default:
    // Halide's integer division rounds down, as the .net language's does.
    return *a / *b;
  }
}

} // namespace

mlir::LogicalResult applyDims(mlir::ArrayAttr dims, const TensorValue &tensor,
                              llvm::StringRef name, LoweringState &state,
                              mlir::Location loc) {
  if (static_cast<int>(dims.size()) != tensor.rank())
    return mlir::emitError(loc) << "nn.dims of '" << name << "' has "
                                << dims.size() << " entries for a tensor of "
                                << "rank " << tensor.rank();
  for (auto [d, attr] : llvm::enumerate(dims)) {
    auto text = llvm::dyn_cast<mlir::StringAttr>(attr);
    std::optional<ast::Dim> dim =
        text ? dsl::parseDimText(text.getValue()) : std::nullopt;
    if (!dim)
      return mlir::emitError(loc) << "nn.dims of '" << name
                                  << "' holds an invalid dimension " << attr;
    Halide::Expr extent = tensor.extents[d];
    std::string what = "dimension " + std::to_string(d + 1) + " of '" +
                       name.str() + "' must be " + dsl::formatDim(*dim);
    if (dim->isSymbol() && !state.symbols.count(dim->symbol)) {
      state.symbols[dim->symbol] = extent;
      continue;
    }
    std::optional<Halide::Expr> expected = toHalide(*dim, state);
    if (!expected)
      return mlir::emitError(loc)
             << "dimension " << d + 1 << " of '" << name << "' uses "
             << dsl::formatDim(*dim) << ", but no input binds its symbols";
    state.requireEqual(extent, *expected, what);
  }
  return mlir::success();
}

} // namespace netc::lowering
