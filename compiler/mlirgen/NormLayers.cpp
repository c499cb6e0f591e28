//===- NormLayers.cpp - batchnorm -----------------------------------------===//
//
// `batchnorm` on [N, C, ...] (PyTorch's BatchNorm1d on [N, C] and
// [N, C, L], BatchNorm2d on [N, C, H, W]): weight (ones), bias (zeros) and
// the buffers running_mean (zeros) and running_var (ones), named as in
// PyTorch's state_dict. @infer normalises with the running statistics;
// nn-differentiate switches training to the batch's.
//
//===----------------------------------------------------------------------===//
#include "compiler/mlirgen/LayerBuilder.h"

#include "compiler/dialect/NNDialect.h"

using namespace mlir;
using namespace netc::nn;

namespace netc {
namespace {

FailureOr<Value> buildBatchNorm(LayerContext &c, Value input) {
  auto type = cast<RankedTensorType>(input.getType());
  if (type.getRank() < 2)
    return c.emitError() << "batchnorm expects a [batch, channels, ...] "
                            "input, got rank "
                         << type.getRank();
  int64_t channels = type.getDimSize(1);
  if (ShapedType::isDynamic(channels))
    return c.emitError() << "batchnorm needs a fixed number of channels "
                            "(axis 1)";
  Value weight = c.addConstantParam("weight", {channels}, "ones", false);
  Value bias = c.addConstantParam("bias", {channels}, "zeros", false);
  Value mean = c.addConstantParam("running_mean", {channels}, "zeros", true);
  Value var = c.addConstantParam("running_var", {channels}, "ones", true);
  NamedAttribute attrs[] = {
      c.builder.getNamedAttr(
          "eps", c.builder.getF32FloatAttr(c.floatArg("eps"))),
      c.builder.getNamedAttr(
          "momentum", c.builder.getF32FloatAttr(c.floatArg("momentum")))};
  return c.createInferred<BatchNormOp>({input, weight, bias, mean, var},
                                       attrs);
}

const LayerBuilderEntry kNormLayers[] = {
    {"batchnorm", buildBatchNorm},
};

} // namespace

llvm::ArrayRef<LayerBuilderEntry> normLayerBuilders() { return kNormLayers; }

} // namespace netc
