//===- NNGraphOps.cpp - Shape rules of nn.concat and its gradient ---------===//
//
// As in NNOps.cpp, inferReturnTypes is the op's shape check, used by the
// verifier and by MLIRGen before building; messages print both shapes that
// disagree.
//
//===----------------------------------------------------------------------===//
#include "compiler/dialect/NNDialect.h"
#include "compiler/dialect/ShapeRules.h"

#include "mlir/IR/Diagnostics.h"

using namespace mlir;
using namespace netc::nn;

namespace {

/// The shape of the concatenation of `inputs` along `axis`, or failure with
/// an error naming `opName`.
FailureOr<SmallVector<int64_t>> concatShape(std::optional<Location> loc,
                                            StringRef opName,
                                            ValueRange inputs, int64_t axis) {
  if (inputs.empty()) {
    (void)emitOptionalError(loc, "'", opName, "' op needs at least one input");
    return failure();
  }
  RankedTensorType first = rankedType(inputs.front());
  int64_t rank = first.getRank();
  if (axis < -rank || axis >= rank) {
    (void)emitOptionalError(loc, "'", opName, "' op axis ", axis,
                            " is out of range for rank-", rank,
                            " inputs (expected ", -rank, " to ", rank - 1,
                            ")");
    return failure();
  }
  int64_t resolved = axis < 0 ? axis + rank : axis;
  SmallVector<int64_t> shape(first.getShape());
  for (auto [i, input] : llvm::enumerate(inputs.drop_front())) {
    RankedTensorType type = rankedType(input);
    bool agree = type.getRank() == rank;
    for (int64_t d = 0; agree && d < rank; ++d)
      agree = d == resolved || extentsAgree(shape[d], type.getDimSize(d));
    if (!agree) {
      (void)emitOptionalError(
          loc, "'", opName, "' op input ", i + 1, " of shape ",
          formatShape(type), " does not match input 0 of shape ",
          formatShape(first), " on the axes other than ", resolved);
      return failure();
    }
    for (int64_t d = 0; d < rank; ++d)
      shape[d] = d == resolved
                     ? (ShapedType::isDynamic(shape[d]) ||
                                type.isDynamicDim(d)
                            ? ShapedType::kDynamic
                            : shape[d] + type.getDimSize(d))
                     : meetExtent(shape[d], type.getDimSize(d));
  }
  return shape;
}

} // namespace

LogicalResult ConcatOp::inferReturnTypes(MLIRContext *ctx,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &types) {
  FailureOr<SmallVector<int64_t>> shape =
      concatShape(loc, "nn.concat", adaptor.getInputs(),
                  adaptor.getAxisAttr().getInt());
  if (failed(shape))
    return failure();
  types.push_back(f32Tensor(*shape, ctx));
  return success();
}

LogicalResult ConcatGradOp::inferReturnTypes(MLIRContext *,
                                             std::optional<Location> loc,
                                             Adaptor adaptor,
                                             SmallVectorImpl<Type> &types) {
  ValueRange inputs = adaptor.getInputs();
  FailureOr<SmallVector<int64_t>> shape =
      concatShape(loc, "nn.concat_grad", inputs,
                  adaptor.getAxisAttr().getInt());
  if (failed(shape))
    return failure();
  RankedTensorType dy = rankedType(adaptor.getResultGrad());
  bool agree = dy.getRank() == static_cast<int64_t>(shape->size());
  for (int64_t d = 0; agree && d < dy.getRank(); ++d)
    agree = extentsAgree(dy.getDimSize(d), (*shape)[d]);
  if (!agree)
    return emitOptionalError(loc, "'nn.concat_grad' op result_grad shape ",
                             formatShape(dy), " does not match the concat of "
                             "the inputs (", formatShape(*shape), ")");
  int64_t index = adaptor.getIndexAttr().getInt();
  if (index < 0 || index >= static_cast<int64_t>(inputs.size()))
    return emitOptionalError(loc, "'nn.concat_grad' op index ", index,
                             " is out of range for ", inputs.size(),
                             " inputs");
  types.push_back(inputs[index].getType());
  return success();
}

LogicalResult ColumnsOp::verify() {
  RankedTensorType input = rankedType(getInput());
  RankedTensorType result = rankedType(getResult());
  if (input.getRank() != 2 || result.getRank() != 2)
    return emitOpError("takes and yields [N, F] tensors, got ")
           << formatShape(input) << " -> " << formatShape(result);
  if (!extentsAgree(input.getDimSize(0), result.getDimSize(0)))
    return emitOpError("result batch ")
           << result.getDimSize(0) << " differs from the input batch "
           << input.getDimSize(0);
  int64_t offset = getOffset();
  int64_t width = result.getDimSize(1), available = input.getDimSize(1);
  if (offset < 0 || ShapedType::isDynamic(width))
    return emitOpError("needs a non-negative offset and a static column "
                       "count, got offset ")
           << offset << " and " << formatShape(result);
  if (!ShapedType::isDynamic(available) && offset + width > available)
    return emitOpError("columns [")
           << offset << ", " << offset + width << ") of "
           << formatShape(input) << " are out of range";
  return success();
}
