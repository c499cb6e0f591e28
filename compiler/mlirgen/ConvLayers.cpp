//===- ConvLayers.cpp - conv1d, conv2d and flatten ------------------------===//
//
// Arguments arrive canonical (dsl::checkFile): kernel, stride and dilation
// are a positive integer or, for conv2d, a list [h, w]; padding is a
// non-negative integer, a list [h, w], or the name `same`, which is resolved
// here to explicit amounts as PyTorch does for stride 1: d·(k - 1) zeros in
// all, half before (rounded down) and the rest after.
//
//===----------------------------------------------------------------------===//
#include "compiler/dialect/NNDialect.h"
#include "compiler/mlirgen/LayerBuilder.h"

using namespace mlir;
using namespace netc::nn;

namespace netc {
namespace {

template <typename OpT>
FailureOr<Value> buildConv(LayerContext &c, Value input, unsigned rank) {
  StringRef layer = c.stmt.name;
  auto type = cast<RankedTensorType>(input.getType());
  if (failed(c.expectSpatialInput(type, rank)))
    return failure();
  int64_t channels = type.getDimSize(1);
  if (ShapedType::isDynamic(channels))
    return c.emitError() << layer
                         << " needs a known number of input channels";

  SmallVector<int64_t> kernel = c.perDimensionArg("kernel", rank);
  SmallVector<int64_t> stride = c.perDimensionArg("stride", rank);
  SmallVector<int64_t> dilation = c.perDimensionArg("dilation", rank);
  SmallVector<int64_t> padding;
  const ast::Expr &pad = c.arg("padding");
  if (pad.kind == ast::Expr::Kind::Identifier) { // `same`
    for (unsigned i = 0; i < rank; ++i) {
      if (stride[i] != 1)
        return c.emitError()
               << layer << " with padding 'same' needs stride 1 (as in "
               << "PyTorch), got stride " << stride[i];
      int64_t total = dilation[i] * (kernel[i] - 1);
      padding.push_back(total / 2);
      padding.push_back(total - total / 2);
    }
  } else {
    for (int64_t p : c.perDimensionArg("padding", rank)) {
      padding.push_back(p);
      padding.push_back(p);
    }
  }

  int64_t out = c.intArg("out");
  int64_t fanIn = channels;
  for (int64_t k : kernel)
    fanIn *= k;
  SmallVector<int64_t> weightShape{out, channels};
  weightShape.append(kernel.begin(), kernel.end());
  SmallVector<Value> operands{input, c.addParam("weight", weightShape, fanIn)};
  if (c.boolArg("bias"))
    operands.push_back(c.addParam("bias", {out}, fanIn));

  Builder &b = c.builder;
  auto ints = [&](ArrayRef<int64_t> values) -> Attribute {
    if (rank == 1)
      return b.getI64IntegerAttr(values[0]);
    return b.getDenseI64ArrayAttr(values);
  };
  NamedAttribute attrs[] = {
      b.getNamedAttr("stride", ints(stride)),
      b.getNamedAttr("padding", b.getDenseI64ArrayAttr(padding)),
      b.getNamedAttr("dilation", ints(dilation))};
  return c.createInferred<OpT>(operands, attrs);
}

FailureOr<Value> buildConv1d(LayerContext &c, Value input) {
  return buildConv<Conv1dOp>(c, input, 1);
}

FailureOr<Value> buildConv2d(LayerContext &c, Value input) {
  return buildConv<Conv2dOp>(c, input, 2);
}

FailureOr<Value> buildFlatten(LayerContext &c, Value input) {
  return c.createInferred<FlattenOp>(input);
}

const LayerBuilderEntry kConvLayers[] = {
    {"conv1d", buildConv1d},
    {"conv2d", buildConv2d},
    {"flatten", buildFlatten},
};

} // namespace

llvm::ArrayRef<LayerBuilderEntry> convLayerBuilders() { return kConvLayers; }

} // namespace netc
