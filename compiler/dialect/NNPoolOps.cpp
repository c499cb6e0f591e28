//===- NNPoolOps.cpp - Shape rules of the pooling ops ---------------------===//
//
// As in NNOps.cpp, each inferReturnTypes is the op's shape check, used by
// the verifier and by MLIRGen before building; messages print both values
// that disagree. Spatial extents may be dynamic: an output extent that
// depends on one is `?`, and the lowering computes it (and checks that a
// window fits) at run time.
//
//===----------------------------------------------------------------------===//
#include "compiler/dialect/NNDialect.h"
#include "compiler/dialect/ShapeRules.h"

#include "mlir/IR/Diagnostics.h"
#include "llvm/Support/MathExtras.h"

using namespace mlir;
using namespace netc::nn;

namespace {

/// The input layout a windowed pool of `spatialRank` dimensions expects.
StringRef layoutOf(size_t spatialRank) {
  return spatialRank == 1 ? "[batch, channels, length]"
                          : "[batch, channels, height, width]";
}

/// Names of the spatial dimensions, as messages call them.
StringRef spatialName(size_t spatialRank, size_t i) {
  static const StringRef two[] = {"height", "width"};
  return spatialRank == 1 ? StringRef("length") : two[i];
}

/// Window geometry per spatial dimension, MLIR order.
struct Window {
  SmallVector<int64_t, 2> kernel, stride;
};

Window windowOf(IntegerAttr kernel, IntegerAttr stride) {
  return {{kernel.getInt()}, {stride.getInt()}};
}

Window windowOf(DenseI64ArrayAttr kernel, DenseI64ArrayAttr stride) {
  return {SmallVector<int64_t, 2>(kernel.asArrayRef()),
          SmallVector<int64_t, 2>(stride.asArrayRef())};
}

/// Kernel and stride hold one positive value per spatial dimension.
LogicalResult checkWindow(std::optional<Location> loc, StringRef opName,
                          const Window &w, size_t spatialRank) {
  for (auto [name, values] :
       {std::pair<StringRef, ArrayRef<int64_t>>{"kernel", w.kernel},
        {"stride", w.stride}}) {
    if (values.size() != spatialRank)
      return emitOptionalError(loc, "'", opName, "' op expects ", name,
                               " of ", spatialRank, " value",
                               spatialRank == 1 ? "" : "s ([height, width])",
                               ", got ", formatList(values));
    for (int64_t v : values)
      if (v < 1)
        return emitOptionalError(loc, "'", opName, "' op ", name,
                                 " must be positive, got ",
                                 spatialRank == 1 ? std::to_string(v)
                                                  : formatList(values));
  }
  return success();
}

/// The shape of pooling `input` ([N, C, spatial...]) with window `w`:
/// floor((E - kernel) / stride) + 1 per spatial extent E, `?` where E is.
FailureOr<SmallVector<int64_t>> pooledShape(std::optional<Location> loc,
                                            StringRef opName,
                                            RankedTensorType input,
                                            const Window &w) {
  size_t spatialRank = w.kernel.size();
  if (input.getRank() != static_cast<int64_t>(spatialRank) + 2) {
    (void)emitOptionalError(loc, "'", opName, "' op expects a ",
                            layoutOf(spatialRank), " input of rank ",
                            spatialRank + 2, ", got ",
                            formatShape(input.getShape()), " (rank ",
                            input.getRank(), ")");
    return failure();
  }
  SmallVector<int64_t> shape(input.getShape().take_front(2));
  for (size_t i = 0; i < spatialRank; ++i) {
    int64_t in = input.getDimSize(2 + i);
    if (ShapedType::isDynamic(in)) {
      shape.push_back(ShapedType::kDynamic);
      continue;
    }
    int64_t out = llvm::divideFloorSigned(in - w.kernel[i], w.stride[i]) + 1;
    if (out < 1) {
      StringRef dim = spatialName(spatialRank, i);
      (void)emitOptionalError(loc, "'", opName, "' op output ", dim,
                              " would be ", out, " (input ", dim, " ", in,
                              ", kernel ", w.kernel[i], ", stride ",
                              w.stride[i], ")");
      return failure();
    }
    shape.push_back(out);
  }
  return shape;
}

template <typename Adaptor>
LogicalResult inferPool(MLIRContext *ctx, std::optional<Location> loc,
                        StringRef opName, Adaptor adaptor,
                        SmallVectorImpl<Type> &types, size_t spatialRank) {
  // Built ops always hold both (ODS checks); a bare adaptor may not.
  if (!adaptor.getKernelAttr() || !adaptor.getStrideAttr())
    return emitOptionalError(loc, "'", opName,
                             "' op needs kernel and stride attributes");
  Window w = windowOf(adaptor.getKernelAttr(), adaptor.getStrideAttr());
  if (failed(checkWindow(loc, opName, w, spatialRank)))
    return failure();
  FailureOr<SmallVector<int64_t>> shape =
      pooledShape(loc, opName, rankedType(adaptor.getInput()), w);
  if (failed(shape))
    return failure();
  types.push_back(f32Tensor(*shape, ctx));
  return success();
}

/// A gradient op's result gradient must have the shape of the forward
/// result; its own result has the forward input's type.
LogicalResult checkResultGrad(std::optional<Location> loc, StringRef opName,
                              RankedTensorType dy,
                              ArrayRef<int64_t> expected) {
  bool agree = dy.getRank() == static_cast<int64_t>(expected.size());
  for (size_t i = 0; agree && i < expected.size(); ++i)
    agree = extentsAgree(dy.getDimSize(i), expected[i]);
  if (agree)
    return success();
  return emitOptionalError(loc, "'", opName, "' op result_grad shape ",
                           formatShape(dy.getShape()),
                           " does not match the pooled input shape ",
                           formatShape(expected));
}

template <typename Adaptor>
LogicalResult inferPoolGrad(std::optional<Location> loc, StringRef opName,
                            Adaptor adaptor, SmallVectorImpl<Type> &types,
                            size_t spatialRank) {
  // Built ops always hold both (ODS checks); a bare adaptor may not.
  if (!adaptor.getKernelAttr() || !adaptor.getStrideAttr())
    return emitOptionalError(loc, "'", opName,
                             "' op needs kernel and stride attributes");
  Window w = windowOf(adaptor.getKernelAttr(), adaptor.getStrideAttr());
  if (failed(checkWindow(loc, opName, w, spatialRank)))
    return failure();
  RankedTensorType input = rankedType(adaptor.getInput());
  FailureOr<SmallVector<int64_t>> shape =
      pooledShape(loc, opName, input, w);
  if (failed(shape) ||
      failed(checkResultGrad(loc, opName, rankedType(adaptor.getResultGrad()),
                             *shape)))
    return failure();
  types.push_back(input);
  return success();
}

/// [N, C, spatial...] with at least one spatial dimension, none empty;
/// returns [N, C].
FailureOr<SmallVector<int64_t>> globalPooledShape(std::optional<Location> loc,
                                                  StringRef opName,
                                                  RankedTensorType input) {
  if (input.getRank() < 3) {
    (void)emitOptionalError(loc, "'", opName, "' op expects a [batch, "
                            "channels, spatial...] input of rank 3 or more, "
                            "got ", formatShape(input.getShape()), " (rank ",
                            input.getRank(), ")");
    return failure();
  }
  for (int64_t d : input.getShape().drop_front(2))
    if (d == 0) {
      (void)emitOptionalError(loc, "'", opName, "' op has no spatial "
                              "position to pool in ",
                              formatShape(input.getShape()));
      return failure();
    }
  return SmallVector<int64_t>(input.getShape().take_front(2));
}

template <typename Adaptor>
LogicalResult inferGlobalPool(MLIRContext *ctx, std::optional<Location> loc,
                              StringRef opName, Adaptor adaptor,
                              SmallVectorImpl<Type> &types) {
  FailureOr<SmallVector<int64_t>> shape =
      globalPooledShape(loc, opName, rankedType(adaptor.getInput()));
  if (failed(shape))
    return failure();
  types.push_back(f32Tensor(*shape, ctx));
  return success();
}

template <typename Adaptor>
LogicalResult inferGlobalPoolGrad(std::optional<Location> loc,
                                  StringRef opName, Adaptor adaptor,
                                  SmallVectorImpl<Type> &types) {
  RankedTensorType input = rankedType(adaptor.getInput());
  FailureOr<SmallVector<int64_t>> shape =
      globalPooledShape(loc, opName, input);
  if (failed(shape) ||
      failed(checkResultGrad(loc, opName, rankedType(adaptor.getResultGrad()),
                             *shape)))
    return failure();
  types.push_back(input);
  return success();
}

} // namespace

//===----------------------------------------------------------------------===//
// Windowed pooling
//===----------------------------------------------------------------------===//

LogicalResult MaxPool1dOp::inferReturnTypes(MLIRContext *ctx,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &types) {
  return inferPool(ctx, loc, "nn.maxpool1d", adaptor, types, 1);
}

LogicalResult AvgPool1dOp::inferReturnTypes(MLIRContext *ctx,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &types) {
  return inferPool(ctx, loc, "nn.avgpool1d", adaptor, types, 1);
}

LogicalResult MaxPool2dOp::inferReturnTypes(MLIRContext *ctx,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &types) {
  return inferPool(ctx, loc, "nn.maxpool2d", adaptor, types, 2);
}

LogicalResult AvgPool2dOp::inferReturnTypes(MLIRContext *ctx,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &types) {
  return inferPool(ctx, loc, "nn.avgpool2d", adaptor, types, 2);
}

LogicalResult MaxPool1dGradOp::inferReturnTypes(MLIRContext *,
                                                std::optional<Location> loc,
                                                Adaptor adaptor,
                                                SmallVectorImpl<Type> &types) {
  return inferPoolGrad(loc, "nn.maxpool1d_grad", adaptor, types, 1);
}

LogicalResult AvgPool1dGradOp::inferReturnTypes(MLIRContext *,
                                                std::optional<Location> loc,
                                                Adaptor adaptor,
                                                SmallVectorImpl<Type> &types) {
  return inferPoolGrad(loc, "nn.avgpool1d_grad", adaptor, types, 1);
}

LogicalResult MaxPool2dGradOp::inferReturnTypes(MLIRContext *,
                                                std::optional<Location> loc,
                                                Adaptor adaptor,
                                                SmallVectorImpl<Type> &types) {
  return inferPoolGrad(loc, "nn.maxpool2d_grad", adaptor, types, 2);
}

LogicalResult AvgPool2dGradOp::inferReturnTypes(MLIRContext *,
                                                std::optional<Location> loc,
                                                Adaptor adaptor,
                                                SmallVectorImpl<Type> &types) {
  return inferPoolGrad(loc, "nn.avgpool2d_grad", adaptor, types, 2);
}

//===----------------------------------------------------------------------===//
// Global pooling
//===----------------------------------------------------------------------===//

LogicalResult GlobalMaxPoolOp::inferReturnTypes(MLIRContext *ctx,
                                                std::optional<Location> loc,
                                                Adaptor adaptor,
                                                SmallVectorImpl<Type> &types) {
  return inferGlobalPool(ctx, loc, "nn.global_maxpool", adaptor, types);
}

LogicalResult GlobalAvgPoolOp::inferReturnTypes(MLIRContext *ctx,
                                                std::optional<Location> loc,
                                                Adaptor adaptor,
                                                SmallVectorImpl<Type> &types) {
  return inferGlobalPool(ctx, loc, "nn.global_avgpool", adaptor, types);
}

LogicalResult GlobalMaxPoolGradOp::inferReturnTypes(
    MLIRContext *, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<Type> &types) {
  return inferGlobalPoolGrad(loc, "nn.global_maxpool_grad", adaptor, types);
}

LogicalResult GlobalAvgPoolGradOp::inferReturnTypes(
    MLIRContext *, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<Type> &types) {
  return inferGlobalPoolGrad(loc, "nn.global_avgpool_grad", adaptor, types);
}
