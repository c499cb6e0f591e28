//===- DropoutLayers.cpp - dropout ----------------------------------------===//
//
// `dropout(p)`: nn.dropout, the identity in @infer, with a step counter
// "<index>.step" (a [1] buffer starting at zero) that nn-differentiate
// advances once per training step. The op's seed mixes the layer's `seed`
// with its position, so two dropout layers draw different masks.
//
//===----------------------------------------------------------------------===//
#include "compiler/mlirgen/LayerBuilder.h"

#include "compiler/dialect/NNDialect.h"

using namespace mlir;
using namespace netc::nn;

namespace netc {
namespace {

FailureOr<Value> buildDropout(LayerContext &c, Value input) {
  double p = c.floatArg("p"); // in [0, 1]: the catalog's Probability
  Value step = c.addConstantParam("step", {1}, "zeros", /*buffer=*/true);
  int64_t seed = c.intArg("seed") * 1000003 + c.layerIndex;
  return c.builder
      .create<DropoutOp>(c.loc, input.getType(), input, step,
                         c.builder.getF32FloatAttr(p),
                         c.builder.getI64IntegerAttr(seed))
      .getResult();
}

const LayerBuilderEntry kDropoutLayers[] = {
    {"dropout", buildDropout},
};

} // namespace

llvm::ArrayRef<LayerBuilderEntry> dropoutLayerBuilders() {
  return kDropoutLayers;
}

} // namespace netc
