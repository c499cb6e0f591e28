//===- NNActivationOps.cpp - Shape rules of activations and logit losses --===//
//
// As in NNOps.cpp, each inferReturnTypes is the op's shape check (used by
// the verifier and by MLIRGen before building) and messages print both
// values that disagree. The axis ops keep their operand type
// (SameOperandsAndResultType); their verifier checks the axis, which may
// be negative as in PyTorch.
//
//===----------------------------------------------------------------------===//
#include "compiler/dialect/NNDialect.h"
#include "compiler/dialect/ShapeRules.h"

#include "mlir/IR/Diagnostics.h"

using namespace mlir;
using namespace netc::nn;

namespace {

bool shapesAgree(ArrayRef<int64_t> a, ArrayRef<int64_t> b) {
  if (a.size() != b.size())
    return false;
  for (auto [x, y] : llvm::zip(a, b))
    if (!extentsAgree(x, y))
      return false;
  return true;
}

/// PyTorch's rule: an axis of a rank-r tensor lies in [-r, r).
LogicalResult verifyAxis(Operation *op, int64_t axis, RankedTensorType type,
                         StringRef what) {
  int64_t rank = type.getRank();
  if (axis >= -rank && axis < rank)
    return success();
  return op->emitOpError("axis ")
         << axis << " is out of range for a rank-" << rank << " " << what
         << " (expected " << -rank << " to " << rank - 1 << ")";
}

/// The shape of maxout(input) for `pieces`, or failure with an error.
FailureOr<SmallVector<int64_t>> maxoutShape(std::optional<Location> loc,
                                            StringRef opName,
                                            RankedTensorType input,
                                            int64_t pieces) {
  if (pieces < 1) {
    (void)emitOptionalError(loc, "'", opName,
                            "' op pieces must be positive, got ", pieces);
    return failure();
  }
  if (input.getRank() < 2) {
    (void)emitOptionalError(loc, "'", opName,
                            "' op expects an input of rank 2 or more "
                            "([batch, features, ...]), got ",
                            formatShape(input.getShape()), " (rank ",
                            input.getRank(), ")");
    return failure();
  }
  SmallVector<int64_t> shape(input.getShape());
  int64_t features = shape[1];
  if (ShapedType::isDynamic(features))
    return shape; // a multiple of pieces is required when it runs
  if (features % pieces != 0) {
    (void)emitOptionalError(loc, "'", opName, "' op axis 1 has ", features,
                            " features, not a multiple of pieces (", pieces,
                            ")");
    return failure();
  }
  shape[1] = features / pieces;
  return shape;
}

/// Prediction and target of a loss have one shape, up to dynamic extents;
/// the cross-entropy also needs a class axis.
LogicalResult checkLossOperands(std::optional<Location> loc, StringRef opName,
                                Value predictionValue, Value targetValue,
                                bool needsClassAxis) {
  RankedTensorType prediction = rankedType(predictionValue);
  RankedTensorType target = rankedType(targetValue);
  if (needsClassAxis && prediction.getRank() < 2)
    return emitOptionalError(loc, "'", opName,
                             "' op expects a prediction of rank 2 or more "
                             "([batch, classes, ...]), got ",
                             formatShape(prediction.getShape()), " (rank ",
                             prediction.getRank(), ")");
  if (!shapesAgree(prediction.getShape(), target.getShape()))
    return emitOptionalError(loc, "'", opName, "' op prediction shape ",
                             formatShape(prediction.getShape()),
                             " does not match target shape ",
                             formatShape(target.getShape()));
  return success();
}

/// A class-index target is the prediction's shape without the class axis
/// (axis 1): [N] for [N, C], [N, d...] for [N, C, d...].
LogicalResult checkIndexLossOperands(std::optional<Location> loc,
                                     StringRef opName, Value predictionValue,
                                     Value targetValue) {
  RankedTensorType prediction = rankedType(predictionValue);
  RankedTensorType target = rankedType(targetValue);
  if (prediction.getRank() < 2)
    return emitOptionalError(loc, "'", opName,
                             "' op expects a prediction of rank 2 or more "
                             "([batch, classes, ...]), got ",
                             formatShape(prediction.getShape()), " (rank ",
                             prediction.getRank(), ")");
  SmallVector<int64_t> positions(prediction.getShape());
  positions.erase(positions.begin() + 1);
  if (!shapesAgree(positions, target.getShape()))
    return emitOptionalError(loc, "'", opName, "' op class-index target shape ",
                             formatShape(target.getShape()),
                             " is not the prediction shape ",
                             formatShape(prediction.getShape()),
                             " without its class axis (",
                             formatShape(positions), ")");
  return success();
}

} // namespace

//===----------------------------------------------------------------------===//
// Axis ops
//===----------------------------------------------------------------------===//

LogicalResult SoftmaxOp::verify() {
  return verifyAxis(*this, getAxisAttr().getInt(), rankedType(getInput()),
                    "input");
}

LogicalResult LogSoftmaxOp::verify() {
  return verifyAxis(*this, getAxisAttr().getInt(), rankedType(getInput()),
                    "input");
}

LogicalResult SoftmaxGradOp::verify() {
  return verifyAxis(*this, getAxisAttr().getInt(), rankedType(getOutput()),
                    "operand");
}

LogicalResult LogSoftmaxGradOp::verify() {
  return verifyAxis(*this, getAxisAttr().getInt(), rankedType(getOutput()),
                    "operand");
}

//===----------------------------------------------------------------------===//
// Maxout
//===----------------------------------------------------------------------===//

LogicalResult MaxoutOp::inferReturnTypes(MLIRContext *ctx,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &types) {
  FailureOr<SmallVector<int64_t>> shape = maxoutShape(
      loc, "nn.maxout", rankedType(adaptor.getInput()), adaptor.getPieces());
  if (failed(shape))
    return failure();
  types.push_back(f32Tensor(*shape, ctx));
  return success();
}

LogicalResult MaxoutGradOp::inferReturnTypes(MLIRContext *,
                                             std::optional<Location> loc,
                                             Adaptor adaptor,
                                             SmallVectorImpl<Type> &types) {
  RankedTensorType input = rankedType(adaptor.getInput());
  FailureOr<SmallVector<int64_t>> shape =
      maxoutShape(loc, "nn.maxout_grad", input, adaptor.getPieces());
  if (failed(shape))
    return failure();
  RankedTensorType dy = rankedType(adaptor.getResultGrad());
  if (!shapesAgree(dy.getShape(), *shape))
    return emitOptionalError(loc, "'nn.maxout_grad' op result_grad shape ",
                             formatShape(dy.getShape()),
                             " does not match the maxout of the input (",
                             formatShape(*shape), ")");
  types.push_back(input);
  return success();
}

//===----------------------------------------------------------------------===//
// Losses on logits and their gradients
//===----------------------------------------------------------------------===//

LogicalResult BCEWithLogitsLossOp::inferReturnTypes(
    MLIRContext *ctx, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<Type> &types) {
  if (failed(checkLossOperands(loc, "nn.bce_with_logits_loss",
                               adaptor.getPrediction(), adaptor.getTarget(),
                               /*needsClassAxis=*/false)))
    return failure();
  types.push_back(f32Tensor({}, ctx));
  return success();
}

LogicalResult CrossEntropyLossOp::inferReturnTypes(
    MLIRContext *ctx, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<Type> &types) {
  if (failed(checkLossOperands(loc, "nn.cross_entropy_loss",
                               adaptor.getPrediction(), adaptor.getTarget(),
                               /*needsClassAxis=*/true)))
    return failure();
  types.push_back(f32Tensor({}, ctx));
  return success();
}

LogicalResult BCEWithLogitsLossGradOp::inferReturnTypes(
    MLIRContext *, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<Type> &types) {
  if (failed(checkLossOperands(loc, "nn.bce_with_logits_loss_grad",
                               adaptor.getPrediction(), adaptor.getTarget(),
                               /*needsClassAxis=*/false)))
    return failure();
  types.push_back(adaptor.getPrediction().getType());
  return success();
}

LogicalResult CrossEntropyLossGradOp::inferReturnTypes(
    MLIRContext *, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<Type> &types) {
  if (failed(checkLossOperands(loc, "nn.cross_entropy_loss_grad",
                               adaptor.getPrediction(), adaptor.getTarget(),
                               /*needsClassAxis=*/true)))
    return failure();
  types.push_back(adaptor.getPrediction().getType());
  return success();
}

LogicalResult CrossEntropyIndexLossOp::inferReturnTypes(
    MLIRContext *ctx, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<Type> &types) {
  if (failed(checkIndexLossOperands(loc, "nn.cross_entropy_index_loss",
                                    adaptor.getPrediction(),
                                    adaptor.getTarget())))
    return failure();
  types.push_back(f32Tensor({}, ctx));
  return success();
}

LogicalResult CrossEntropyIndexLossGradOp::inferReturnTypes(
    MLIRContext *, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<Type> &types) {
  if (failed(checkIndexLossOperands(loc, "nn.cross_entropy_index_loss_grad",
                                    adaptor.getPrediction(),
                                    adaptor.getTarget())))
    return failure();
  types.push_back(adaptor.getPrediction().getType());
  return success();
}
