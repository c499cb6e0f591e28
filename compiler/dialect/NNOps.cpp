//===- NNOps.cpp - Shape rules and verifiers of nn ops --------------------===//
//
// Each inferReturnTypes both computes the result type and is the op's shape
// check: the generated verifier compares the declared type with it, and
// MLIRGen calls it before building so a bad model is a located error, not an
// assertion. Messages print both values that disagree.
//
//===----------------------------------------------------------------------===//
#include "compiler/dialect/NNDialect.h"
#include "compiler/dialect/ShapeRules.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/OpImplementation.h"

using namespace mlir;
using namespace netc::nn;

namespace {

LogicalResult expectRank(std::optional<Location> loc, StringRef opName,
                         StringRef what, RankedTensorType type, int64_t rank) {
  if (type.getRank() == rank)
    return success();
  return emitOptionalError(loc, "'", opName, "' op expects ", what, " of rank ",
                           rank, ", got ", formatShape(type), " (rank ",
                           type.getRank(), ")");
}

} // namespace

//===----------------------------------------------------------------------===//
// nn.linear and its gradients
//===----------------------------------------------------------------------===//

LogicalResult LinearOp::inferReturnTypes(MLIRContext *ctx,
                                         std::optional<Location> loc,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &types) {
  auto input = rankedType(adaptor.getInput());
  auto weight = rankedType(adaptor.getWeight());
  if (failed(expectRank(loc, "nn.linear", "input", input, 2)) ||
      failed(expectRank(loc, "nn.linear", "weight", weight, 2)))
    return failure();
  if (!extentsAgree(input.getDimSize(1), weight.getDimSize(1)))
    return emitOptionalError(loc, "'nn.linear' op input has ",
                             input.getDimSize(1), " features but the weight (",
                             formatShape(weight), ") expects ",
                             weight.getDimSize(1));
  if (Value biasValue = adaptor.getBias()) {
    auto bias = rankedType(biasValue);
    if (failed(expectRank(loc, "nn.linear", "bias", bias, 1)))
      return failure();
    if (!extentsAgree(bias.getDimSize(0), weight.getDimSize(0)))
      return emitOptionalError(loc, "'nn.linear' op bias has ",
                               bias.getDimSize(0),
                               " elements but the weight has ",
                               weight.getDimSize(0), " outputs");
  }
  types.push_back(
      f32Tensor({input.getDimSize(0), weight.getDimSize(0)}, ctx));
  return success();
}

LogicalResult LinearGradInputOp::inferReturnTypes(
    MLIRContext *ctx, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<Type> &types) {
  auto dy = rankedType(adaptor.getResultGrad());
  auto weight = rankedType(adaptor.getWeight());
  if (failed(expectRank(loc, "nn.linear_grad_input", "result_grad", dy, 2)) ||
      failed(expectRank(loc, "nn.linear_grad_input", "weight", weight, 2)))
    return failure();
  if (!extentsAgree(dy.getDimSize(1), weight.getDimSize(0)))
    return emitOptionalError(loc, "'nn.linear_grad_input' op result_grad has ",
                             dy.getDimSize(1), " outputs but the weight (",
                             formatShape(weight), ") has ",
                             weight.getDimSize(0));
  types.push_back(f32Tensor({dy.getDimSize(0), weight.getDimSize(1)}, ctx));
  return success();
}

LogicalResult LinearGradWeightOp::inferReturnTypes(
    MLIRContext *ctx, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<Type> &types) {
  auto dy = rankedType(adaptor.getResultGrad());
  auto input = rankedType(adaptor.getInput());
  if (failed(expectRank(loc, "nn.linear_grad_weight", "result_grad", dy, 2)) ||
      failed(expectRank(loc, "nn.linear_grad_weight", "input", input, 2)))
    return failure();
  if (!extentsAgree(dy.getDimSize(0), input.getDimSize(0)))
    return emitOptionalError(loc, "'nn.linear_grad_weight' op result_grad has "
                             "batch ", dy.getDimSize(0), " but the input has ",
                             input.getDimSize(0));
  types.push_back(f32Tensor({dy.getDimSize(1), input.getDimSize(1)}, ctx));
  return success();
}

LogicalResult LinearGradBiasOp::inferReturnTypes(
    MLIRContext *ctx, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<Type> &types) {
  auto dy = rankedType(adaptor.getResultGrad());
  if (failed(expectRank(loc, "nn.linear_grad_bias", "result_grad", dy, 2)))
    return failure();
  types.push_back(f32Tensor({dy.getDimSize(1)}, ctx));
  return success();
}

//===----------------------------------------------------------------------===//
// Losses and their gradients
//===----------------------------------------------------------------------===//

/// Prediction and target must have one shape, up to dynamic extents; returns
/// the most precise common type.
static FailureOr<RankedTensorType>
matchPredictionAndTarget(std::optional<Location> loc, StringRef opName,
                         RankedTensorType prediction,
                         RankedTensorType target) {
  bool agree = prediction.getRank() == target.getRank();
  SmallVector<int64_t> shape;
  for (int64_t i = 0; agree && i < prediction.getRank(); ++i) {
    agree = extentsAgree(prediction.getDimSize(i), target.getDimSize(i));
    shape.push_back(meetExtent(prediction.getDimSize(i), target.getDimSize(i)));
  }
  if (!agree) {
    (void)emitOptionalError(loc, "'", opName, "' op prediction shape ",
                            formatShape(prediction),
                            " does not match target shape ",
                            formatShape(target));
    return failure();
  }
  return f32Tensor(shape, prediction.getContext());
}

template <typename Adaptor>
static LogicalResult inferLossType(MLIRContext *ctx,
                                   std::optional<Location> loc,
                                   StringRef opName, Adaptor adaptor,
                                   SmallVectorImpl<Type> &types) {
  if (failed(matchPredictionAndTarget(loc, opName,
                                      rankedType(adaptor.getPrediction()),
                                      rankedType(adaptor.getTarget()))))
    return failure();
  types.push_back(f32Tensor({}, ctx));
  return success();
}

template <typename Adaptor>
static LogicalResult inferLossGradType(std::optional<Location> loc,
                                       StringRef opName, Adaptor adaptor,
                                       SmallVectorImpl<Type> &types) {
  if (failed(matchPredictionAndTarget(loc, opName,
                                      rankedType(adaptor.getPrediction()),
                                      rankedType(adaptor.getTarget()))))
    return failure();
  // The gradient has exactly the prediction's type, so it can meet the
  // gradient ops of the producer without casts.
  types.push_back(adaptor.getPrediction().getType());
  return success();
}

LogicalResult MSELossOp::inferReturnTypes(MLIRContext *ctx,
                                          std::optional<Location> loc,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &types) {
  return inferLossType(ctx, loc, "nn.mse_loss", adaptor, types);
}

LogicalResult BCELossOp::inferReturnTypes(MLIRContext *ctx,
                                          std::optional<Location> loc,
                                          Adaptor adaptor,
                                          SmallVectorImpl<Type> &types) {
  return inferLossType(ctx, loc, "nn.bce_loss", adaptor, types);
}

LogicalResult MSELossGradOp::inferReturnTypes(MLIRContext *,
                                              std::optional<Location> loc,
                                              Adaptor adaptor,
                                              SmallVectorImpl<Type> &types) {
  return inferLossGradType(loc, "nn.mse_loss_grad", adaptor, types);
}

LogicalResult BCELossGradOp::inferReturnTypes(MLIRContext *,
                                              std::optional<Location> loc,
                                              Adaptor adaptor,
                                              SmallVectorImpl<Type> &types) {
  return inferLossGradType(loc, "nn.bce_loss_grad", adaptor, types);
}

#define GET_OP_CLASSES
#include "compiler/dialect/NNOps.cpp.inc"
