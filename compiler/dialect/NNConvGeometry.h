//===- NNConvGeometry.h - Stride, padding, dilation of conv ops -*- C++ -*-===//
//
// The conv ops spell their attributes per rank (conv1d: `stride = 3`,
// conv2d: `stride = [1, 2]`); shape rules, VJPs and the lowering read them
// through ConvGeometry, one entry per spatial dimension in MLIR order
// ([length], or [height, width]).
//
//===----------------------------------------------------------------------===//
#ifndef NETC_COMPILER_DIALECT_NNCONVGEOMETRY_H
#define NETC_COMPILER_DIALECT_NNCONVGEOMETRY_H

#include "compiler/dialect/NNDialect.h"

#include "llvm/ADT/SmallVector.h"

namespace netc::nn {

struct ConvGeometry {
  llvm::SmallVector<int64_t, 2> stride, padBegin, padEnd, dilation;
  /// Raw `padding` attribute ([begin, end] per dimension), kept for
  /// messages and for rebuilding the attribute in gradient ops.
  llvm::SmallVector<int64_t, 4> padding;
};

namespace detail {
inline llvm::SmallVector<int64_t, 2> convInts(mlir::IntegerAttr attr) {
  if (!attr)
    return {};
  return {attr.getInt()};
}
inline llvm::SmallVector<int64_t, 2> convInts(mlir::DenseI64ArrayAttr attr) {
  if (!attr)
    return {};
  return llvm::SmallVector<int64_t, 2>(attr.asArrayRef());
}
} // namespace detail

/// Reads stride, padding and dilation of a conv op or its adaptor. The
/// lengths are whatever the attributes hold: inferReturnTypes checks them
/// (checkConvGeometry in NNConvOps.cpp) before anything else relies on them.
template <typename OpOrAdaptor>
ConvGeometry getConvGeometry(OpOrAdaptor op) {
  ConvGeometry g;
  g.stride = detail::convInts(op.getStrideAttr());
  g.dilation = detail::convInts(op.getDilationAttr());
  g.padding = detail::convInts(op.getPaddingAttr());
  for (size_t i = 0; i + 1 < g.padding.size(); i += 2) {
    g.padBegin.push_back(g.padding[i]);
    g.padEnd.push_back(g.padding[i + 1]);
  }
  return g;
}

} // namespace netc::nn

#endif // NETC_COMPILER_DIALECT_NNCONVGEOMETRY_H
