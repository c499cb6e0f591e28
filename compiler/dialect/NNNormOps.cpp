//===- NNNormOps.cpp - Shape rules of batch normalisation -----------------===//
//
// The input is [N, C, ...] with at least rank 2; every per-channel operand
// (weight, bias, running statistics) is [C]. Messages print both values.
//
//===----------------------------------------------------------------------===//
#include "compiler/dialect/NNDialect.h"
#include "compiler/dialect/ShapeRules.h"

#include "mlir/IR/Diagnostics.h"

using namespace mlir;
using namespace netc::nn;

namespace {

/// Checks `input` is [N, C, ...] and each of `perChannel` is [C].
LogicalResult checkChannels(std::optional<Location> loc, llvm::StringRef op,
                            RankedTensorType input,
                            ArrayRef<std::pair<const char *, Value>> perChannel) {
  if (!input || input.getRank() < 2)
    return emitOptionalError(loc, "'", op, "' op input must be [batch, "
                             "channels, ...], got ",
                             input ? formatShape(input) : "an unranked value");
  for (auto [name, value] : perChannel) {
    auto type = rankedType(value);
    if (!type || type.getRank() != 1 ||
        !extentsAgree(type.getDimSize(0), input.getDimSize(1)))
      return emitOptionalError(loc, "'", op, "' op ", name, " must be [",
                               formatExtent(input.getDimSize(1)),
                               "] (one per channel of the input ",
                               formatShape(input), "), got ",
                               type ? formatShape(type) : "an unranked value");
  }
  return success();
}

} // namespace

LogicalResult BatchNormOp::inferReturnTypes(MLIRContext *ctx,
                                            std::optional<Location> loc,
                                            Adaptor adaptor,
                                            SmallVectorImpl<Type> &types) {
  auto input = rankedType(adaptor.getInput());
  if (failed(checkChannels(loc, "nn.batchnorm", input,
                           {{"weight", adaptor.getWeight()},
                            {"bias", adaptor.getBias()},
                            {"running_mean", adaptor.getRunningMean()},
                            {"running_var", adaptor.getRunningVar()}})))
    return failure();
  types.push_back(input);
  return success();
}

LogicalResult BatchNormTrainOp::inferReturnTypes(MLIRContext *ctx,
                                                 std::optional<Location> loc,
                                                 Adaptor adaptor,
                                                 SmallVectorImpl<Type> &types) {
  auto input = rankedType(adaptor.getInput());
  if (failed(checkChannels(loc, "nn.batchnorm_train", input,
                           {{"weight", adaptor.getWeight()},
                            {"bias", adaptor.getBias()}})))
    return failure();
  types.push_back(input);
  return success();
}

LogicalResult BatchNormInputGradOp::inferReturnTypes(
    MLIRContext *ctx, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<Type> &types) {
  auto input = rankedType(adaptor.getInput());
  auto grad = rankedType(adaptor.getResultGrad());
  if (failed(checkChannels(loc, "nn.batchnorm_input_grad", input,
                           {{"weight", adaptor.getWeight()}})))
    return failure();
  if (!grad || grad.getShape().size() != input.getShape().size())
    return emitOptionalError(loc, "'nn.batchnorm_input_grad' op gradient ",
                             grad ? formatShape(grad) : "unranked",
                             " does not match the input ", formatShape(input));
  types.push_back(input);
  return success();
}

LogicalResult BatchNormWeightGradOp::inferReturnTypes(
    MLIRContext *ctx, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<Type> &types) {
  auto input = rankedType(adaptor.getInput());
  if (failed(checkChannels(loc, "nn.batchnorm_weight_grad", input, {})))
    return failure();
  types.push_back(f32Tensor({input.getDimSize(1)}, ctx));
  return success();
}

LogicalResult ChannelSumOp::inferReturnTypes(MLIRContext *ctx,
                                             std::optional<Location> loc,
                                             Adaptor adaptor,
                                             SmallVectorImpl<Type> &types) {
  auto input = rankedType(adaptor.getInput());
  if (failed(checkChannels(loc, "nn.channel_sum", input, {})))
    return failure();
  types.push_back(f32Tensor({input.getDimSize(1)}, ctx));
  return success();
}

LogicalResult RunningStatOp::inferReturnTypes(MLIRContext *ctx,
                                              std::optional<Location> loc,
                                              Adaptor adaptor,
                                              SmallVectorImpl<Type> &types) {
  auto input = rankedType(adaptor.getInput());
  if (failed(checkChannels(loc, "nn.running_stat", input,
                           {{"running", adaptor.getRunning()}})))
    return failure();
  types.push_back(rankedType(adaptor.getRunning()));
  return success();
}

LogicalResult RunningStatOp::verify() {
  if (getStatistic() != "mean" && getStatistic() != "var")
    return emitOpError("statistic must be \"mean\" or \"var\", got \"")
           << getStatistic() << "\"";
  return success();
}

LogicalResult BatchNormFoldWeightOp::verify() {
  auto layerWeight = rankedType(getLayerWeight());
  auto perChannel = rankedType(getWeight());
  if (layerWeight.getRank() < 2)
    return emitOpError("layer weight must be [out, in, ...] (rank 2 or "
                       "more), got ")
           << formatShape(layerWeight);
  if (perChannel.getRank() != 1 ||
      !extentsAgree(layerWeight.getDimSize(0), perChannel.getDimSize(0)))
    return emitOpError("weight must be [")
           << formatExtent(layerWeight.getDimSize(0))
           << "] (one per output channel of the layer weight "
           << formatShape(layerWeight) << "), got " << formatShape(perChannel);
  return success();
}

LogicalResult BatchNormFoldBiasOp::verify() {
  if (rankedType(getWeight()).getRank() != 1)
    return emitOpError("operands must be [channels], got ")
           << formatShape(rankedType(getWeight()));
  return success();
}
