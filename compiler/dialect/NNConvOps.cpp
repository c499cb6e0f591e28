//===- NNConvOps.cpp - Shape rules of convolutions and reshapes -----------===//
//
// As in NNOps.cpp, each inferReturnTypes is the op's shape check, used by
// the verifier and by MLIRGen before building; messages print both values
// that disagree. Spatial extents may be dynamic: an output extent that
// depends on one is dynamic, and the lowering computes it at run time.
//
//===----------------------------------------------------------------------===//
#include "compiler/dialect/NNConvGeometry.h"
#include "compiler/dialect/NNDialect.h"
#include "compiler/dialect/ShapeRules.h"

#include "mlir/IR/Diagnostics.h"

using namespace mlir;
using namespace netc::nn;

namespace {

LogicalResult expectRank(std::optional<Location> loc, StringRef opName,
                         StringRef what, RankedTensorType type, int64_t rank) {
  if (type.getRank() == rank)
    return success();
  return emitOptionalError(loc, "'", opName, "' op expects ", what, " of rank ",
                           rank, ", got ", formatShape(type.getShape()),
                           " (rank ", type.getRank(), ")");
}

/// Names of the spatial dimensions, as messages call them.
ArrayRef<StringRef> spatialNames(unsigned rank) {
  static const StringRef one[] = {"length"};
  static const StringRef two[] = {"height", "width"};
  return rank == 1 ? ArrayRef<StringRef>(one) : ArrayRef<StringRef>(two);
}

/// "[begin, end]" or "[height, width]"-style hints for attribute lengths.
StringRef perDimHint(unsigned rank, bool padding) {
  if (padding)
    return rank == 1 ? "[begin, end]" : "[top, bottom, left, right]";
  return rank == 1 ? "one value" : "[height, width]";
}

/// Checks the attribute lengths and ranges of `g` for `rank` spatial
/// dimensions (and of `kernel`, for the weight gradients).
LogicalResult checkConvGeometry(std::optional<Location> loc, StringRef opName,
                                const ConvGeometry &g, unsigned rank,
                                std::optional<ArrayRef<int64_t>> kernel = {}) {
  auto checkList = [&](StringRef name, ArrayRef<int64_t> values,
                       size_t expected, bool padding,
                       bool allowZero) -> LogicalResult {
    if (values.size() != expected)
      return emitOptionalError(loc, "'", opName, "' op expects ", name, " of ",
                               expected, " value", expected == 1 ? "" : "s",
                               " (", perDimHint(rank, padding), "), got ",
                               formatList(values));
    for (int64_t v : values)
      if (v < (allowZero ? 0 : 1))
        return emitOptionalError(
            loc, "'", opName, "' op ", name, " must be ",
            allowZero ? "non-negative" : "positive", ", got ",
            values.size() == 1 ? std::to_string(values[0])
                               : formatList(values));
    return success();
  };
  if (kernel && failed(checkList("kernel", *kernel, rank, false, false)))
    return failure();
  return success(succeeded(checkList("stride", g.stride, rank, false, false)) &&
                 succeeded(checkList("padding", g.padding, 2 * rank, true,
                                     true)) &&
                 succeeded(checkList("dilation", g.dilation, rank, false,
                                     false)));
}

/// Output extent of spatial dimension `i`: (in + pads - d·(k - 1) - 1) / s
/// + 1, rounded down; dynamic if `in` or `k` is. Fails unless positive.
FailureOr<int64_t> outputExtent(std::optional<Location> loc, StringRef opName,
                                const ConvGeometry &g, unsigned rank,
                                unsigned i, int64_t in, int64_t k) {
  if (ShapedType::isDynamic(in) || ShapedType::isDynamic(k))
    return ShapedType::kDynamic;
  int64_t span = g.dilation[i] * (k - 1) + 1;
  int64_t out =
      llvm::divideFloorSigned(in + g.padBegin[i] + g.padEnd[i] - span,
                              g.stride[i]) +
      1;
  if (out > 0)
    return out;
  StringRef dim = spatialNames(rank)[i];
  (void)emitOptionalError(
      loc, "'", opName, "' op output ", dim, " would be ", out, " (input ",
      dim, " ", in, ", kernel ", k, ", stride ", g.stride[i], ", padding ",
      formatList({g.padBegin[i], g.padEnd[i]}), ", dilation ", g.dilation[i],
      ")");
  return failure();
}

/// Spatial output extents of convolving `input` ([N, C, spatial...]) with a
/// kernel of extents `kernel`.
FailureOr<SmallVector<int64_t>>
spatialOutput(std::optional<Location> loc, StringRef opName,
              const ConvGeometry &g, unsigned rank, RankedTensorType input,
              ArrayRef<int64_t> kernel) {
  SmallVector<int64_t> out;
  for (unsigned i = 0; i < rank; ++i) {
    FailureOr<int64_t> extent =
        outputExtent(loc, opName, g, rank, i, input.getDimSize(2 + i),
                     kernel[i]);
    if (failed(extent))
      return failure();
    out.push_back(*extent);
  }
  return out;
}

/// Shape of conv(input, weight): [N, O, spatial...], after checking ranks,
/// channels and the geometry.
FailureOr<SmallVector<int64_t>>
inferConvShape(std::optional<Location> loc, StringRef opName, unsigned rank,
               RankedTensorType input, RankedTensorType weight,
               const ConvGeometry &g) {
  if (failed(expectRank(loc, opName, "input", input, 2 + rank)) ||
      failed(expectRank(loc, opName, "weight", weight, 2 + rank)) ||
      failed(checkConvGeometry(loc, opName, g, rank)))
    return failure();
  if (!extentsAgree(input.getDimSize(1), weight.getDimSize(1))) {
    (void)emitOptionalError(loc, "'", opName, "' op input has ",
                            input.getDimSize(1), " channels but the weight (",
                            formatShape(weight.getShape()), ") expects ",
                            weight.getDimSize(1));
    return failure();
  }
  for (unsigned i = 0; i < rank; ++i) {
    int64_t k = weight.getDimSize(2 + i);
    if (!ShapedType::isDynamic(k) && k < 1) {
      (void)emitOptionalError(loc, "'", opName, "' op weight ",
                              formatShape(weight.getShape()),
                              " has an empty kernel");
      return failure();
    }
  }
  FailureOr<SmallVector<int64_t>> spatial = spatialOutput(
      loc, opName, g, rank, input, weight.getShape().drop_front(2));
  if (failed(spatial))
    return failure();
  SmallVector<int64_t> shape{input.getDimSize(0), weight.getDimSize(0)};
  shape.append(spatial->begin(), spatial->end());
  return shape;
}

template <typename Adaptor>
LogicalResult inferConvForward(MLIRContext *ctx, std::optional<Location> loc,
                               StringRef opName, unsigned rank,
                               Adaptor adaptor, SmallVectorImpl<Type> &types) {
  auto weight = rankedType(adaptor.getWeight());
  FailureOr<SmallVector<int64_t>> shape =
      inferConvShape(loc, opName, rank, rankedType(adaptor.getInput()), weight,
                     getConvGeometry(adaptor));
  if (failed(shape))
    return failure();
  if (Value biasValue = adaptor.getBias()) {
    auto bias = rankedType(biasValue);
    if (failed(expectRank(loc, opName, "bias", bias, 1)))
      return failure();
    if (!extentsAgree(bias.getDimSize(0), weight.getDimSize(0)))
      return emitOptionalError(loc, "'", opName, "' op bias has ",
                               bias.getDimSize(0),
                               " elements but the weight has ",
                               weight.getDimSize(0), " outputs");
  }
  types.push_back(f32Tensor(*shape, ctx));
  return success();
}

/// Checks that `dy`, the gradient of a conv result, has the shape
/// `expected` that the forward op produces; `outputsOf` names where the
/// output channel count comes from.
LogicalResult checkResultGrad(std::optional<Location> loc, StringRef opName,
                              unsigned rank, RankedTensorType dy,
                              ArrayRef<int64_t> expected,
                              StringRef outputsOf) {
  if (failed(expectRank(loc, opName, "result_grad", dy, 2 + rank)))
    return failure();
  if (!extentsAgree(dy.getDimSize(0), expected[0]))
    return emitOptionalError(loc, "'", opName, "' op result_grad has batch ",
                             dy.getDimSize(0), " but the input has ",
                             expected[0]);
  if (!extentsAgree(dy.getDimSize(1), expected[1]))
    return emitOptionalError(loc, "'", opName, "' op result_grad has ",
                             dy.getDimSize(1), " channels but ", outputsOf,
                             " has ", expected[1], " outputs");
  for (unsigned i = 0; i < rank; ++i)
    if (!extentsAgree(dy.getDimSize(2 + i), expected[2 + i]))
      return emitOptionalError(
          loc, "'", opName, "' op result_grad has ", spatialNames(rank)[i],
          " ", dy.getDimSize(2 + i), " but the convolution of the input has ",
          formatExtent(expected[2 + i]));
  return success();
}

template <typename Adaptor>
LogicalResult inferConvGradInput(std::optional<Location> loc, StringRef opName,
                                 unsigned rank, Adaptor adaptor,
                                 SmallVectorImpl<Type> &types) {
  auto input = rankedType(adaptor.getInput());
  auto weight = rankedType(adaptor.getWeight());
  FailureOr<SmallVector<int64_t>> expected = inferConvShape(
      loc, opName, rank, input, weight, getConvGeometry(adaptor));
  if (failed(expected) ||
      failed(checkResultGrad(loc, opName, rank,
                             rankedType(adaptor.getResultGrad()), *expected,
                             "the weight (" + formatShape(weight.getShape()) +
                                 ")")))
    return failure();
  types.push_back(input);
  return success();
}

template <typename Adaptor>
LogicalResult inferConvGradWeight(MLIRContext *ctx,
                                  std::optional<Location> loc,
                                  StringRef opName, unsigned rank,
                                  Adaptor adaptor,
                                  SmallVectorImpl<Type> &types) {
  auto input = rankedType(adaptor.getInput());
  auto dy = rankedType(adaptor.getResultGrad());
  ConvGeometry g = getConvGeometry(adaptor);
  SmallVector<int64_t, 2> kernel =
      netc::nn::detail::convInts(adaptor.getKernelAttr());
  if (failed(expectRank(loc, opName, "input", input, 2 + rank)) ||
      failed(expectRank(loc, opName, "result_grad", dy, 2 + rank)) ||
      failed(checkConvGeometry(loc, opName, g, rank, ArrayRef(kernel))))
    return failure();
  FailureOr<SmallVector<int64_t>> spatial =
      spatialOutput(loc, opName, g, rank, input, kernel);
  if (failed(spatial))
    return failure();
  SmallVector<int64_t> expected{input.getDimSize(0), dy.getDimSize(1)};
  expected.append(spatial->begin(), spatial->end());
  if (failed(checkResultGrad(loc, opName, rank, dy, expected, "itself")))
    return failure();
  SmallVector<int64_t> shape{dy.getDimSize(1), input.getDimSize(1)};
  shape.append(kernel.begin(), kernel.end());
  types.push_back(f32Tensor(shape, ctx));
  return success();
}

template <typename Adaptor>
LogicalResult inferConvGradBias(MLIRContext *ctx, std::optional<Location> loc,
                                StringRef opName, unsigned rank,
                                Adaptor adaptor, SmallVectorImpl<Type> &types) {
  auto dy = rankedType(adaptor.getResultGrad());
  if (failed(expectRank(loc, opName, "result_grad", dy, 2 + rank)))
    return failure();
  types.push_back(f32Tensor({dy.getDimSize(1)}, ctx));
  return success();
}

/// Elements per example (every extent after the batch), or kDynamic.
int64_t exampleSize(ArrayRef<int64_t> shape) {
  int64_t size = 1;
  for (int64_t d : shape.drop_front()) {
    if (ShapedType::isDynamic(d))
      return ShapedType::kDynamic;
    size *= d;
  }
  return size;
}

} // namespace

//===----------------------------------------------------------------------===//
// nn.conv1d, nn.conv2d and their gradients
//===----------------------------------------------------------------------===//

LogicalResult Conv1dOp::inferReturnTypes(MLIRContext *ctx,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &types) {
  return inferConvForward(ctx, loc, "nn.conv1d", 1, adaptor, types);
}

LogicalResult Conv2dOp::inferReturnTypes(MLIRContext *ctx,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &types) {
  return inferConvForward(ctx, loc, "nn.conv2d", 2, adaptor, types);
}

LogicalResult Conv1dGradInputOp::inferReturnTypes(
    MLIRContext *, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<Type> &types) {
  return inferConvGradInput(loc, "nn.conv1d_grad_input", 1, adaptor, types);
}

LogicalResult Conv2dGradInputOp::inferReturnTypes(
    MLIRContext *, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<Type> &types) {
  return inferConvGradInput(loc, "nn.conv2d_grad_input", 2, adaptor, types);
}

LogicalResult Conv1dGradWeightOp::inferReturnTypes(
    MLIRContext *ctx, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<Type> &types) {
  return inferConvGradWeight(ctx, loc, "nn.conv1d_grad_weight", 1, adaptor,
                             types);
}

LogicalResult Conv2dGradWeightOp::inferReturnTypes(
    MLIRContext *ctx, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<Type> &types) {
  return inferConvGradWeight(ctx, loc, "nn.conv2d_grad_weight", 2, adaptor,
                             types);
}

LogicalResult Conv1dGradBiasOp::inferReturnTypes(
    MLIRContext *ctx, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<Type> &types) {
  return inferConvGradBias(ctx, loc, "nn.conv1d_grad_bias", 1, adaptor, types);
}

LogicalResult Conv2dGradBiasOp::inferReturnTypes(
    MLIRContext *ctx, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<Type> &types) {
  return inferConvGradBias(ctx, loc, "nn.conv2d_grad_bias", 2, adaptor, types);
}

//===----------------------------------------------------------------------===//
// nn.flatten and nn.reshape
//===----------------------------------------------------------------------===//

LogicalResult FlattenOp::inferReturnTypes(MLIRContext *ctx,
                                          std::optional<Location> loc,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &types) {
  auto input = rankedType(adaptor.getInput());
  if (input.getRank() < 2)
    return emitOptionalError(loc, "'nn.flatten' op expects input of rank at "
                                  "least 2 ([batch, ...]), got ",
                             formatShape(input.getShape()), " (rank ",
                             input.getRank(), ")");
  types.push_back(f32Tensor(
      {input.getDimSize(0), exampleSize(input.getShape())}, ctx));
  return success();
}

LogicalResult ReshapeOp::verify() {
  auto input = rankedType(getInput());
  auto result = rankedType(getResult());
  if (input.getRank() < 1 || result.getRank() < 1)
    return emitOpError("needs a batch dimension in the input and the result, "
                       "got ")
           << formatShape(input.getShape()) << " and "
           << formatShape(result.getShape());
  if (!extentsAgree(input.getDimSize(0), result.getDimSize(0)))
    return emitOpError("result batch ")
           << result.getDimSize(0) << " differs from the input batch "
           << input.getDimSize(0);
  int64_t known = 1, dynamic = 0;
  for (int64_t d : result.getShape().drop_front()) {
    if (ShapedType::isDynamic(d))
      ++dynamic;
    else
      known *= d;
  }
  if (dynamic > 1)
    return emitOpError("result shape ")
           << formatShape(result.getShape()) << " has " << dynamic
           << " dynamic extents after the batch; at most one can be inferred";
  int64_t size = exampleSize(input.getShape());
  if (ShapedType::isDynamic(size))
    return success(); // checked when the code runs
  if (dynamic == 0 && size != known)
    return emitOpError("input has ")
           << size << " elements per example but the result shape "
           << formatShape(result.getShape()) << " holds " << known;
  if (dynamic == 1 && (known == 0 || size % known != 0))
    return emitOpError("input has ")
           << size << " elements per example, not a multiple of " << known
           << " (the static extents of " << formatShape(result.getShape())
           << ")";
  return success();
}
