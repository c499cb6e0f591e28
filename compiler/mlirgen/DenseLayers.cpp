//===- DenseLayers.cpp - linear and elementwise activations ---------------===//
#include "compiler/dialect/NNDialect.h"
#include "compiler/mlirgen/LayerBuilder.h"

using namespace mlir;
using namespace netc::nn;

namespace netc {
namespace {

FailureOr<Value> buildLinear(LayerContext &c, Value input) {
  auto type = cast<RankedTensorType>(input.getType());
  if (type.getRank() != 2)
    return c.emitError() << "linear expects a [batch, features] input, got "
                            "rank "
                         << type.getRank() << " (add flatten before it)";
  int64_t in = type.getDimSize(1);
  if (ShapedType::isDynamic(in))
    return c.emitError() << "linear needs a known number of input features";
  int64_t out = c.intArg("out");
  SmallVector<Value> operands{input, c.addParam("weight", {out, in}, in)};
  if (c.boolArg("bias"))
    operands.push_back(c.addParam("bias", {out}, in));
  if (failed(c.applyInits(operands[1],
                          operands.size() > 2 ? operands[2] : Value())))
    return failure();
  return c.createInferred<LinearOp>(operands);
}

template <typename OpT>
FailureOr<Value> buildActivation(LayerContext &c, Value input) {
  return c.builder.create<OpT>(c.loc, input).getResult();
}

const LayerBuilderEntry kDenseLayers[] = {
    {"linear", buildLinear},
    {"relu", buildActivation<ReluOp>},
    {"sigmoid", buildActivation<SigmoidOp>},
    {"tanh", buildActivation<TanhOp>},
};

} // namespace

llvm::ArrayRef<LayerBuilderEntry> denseLayerBuilders() { return kDenseLayers; }

} // namespace netc
