//===- ConvLayers.cpp - conv1d, conv2d, flatten and reshape --------------===//
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
  if (failed(c.applyInits(operands[1],
                          operands.size() > 2 ? operands[2] : Value())))
    return failure();

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

/// `[4, -1]`, `[?, 30]`: extents as the user reads them.
std::string formatExtents(ArrayRef<int64_t> extents) {
  std::string text = "[";
  llvm::raw_string_ostream os(text);
  llvm::interleaveComma(extents, os, [&](int64_t d) {
    os << (ShapedType::isDynamic(d) ? std::string("?") : std::to_string(d));
  });
  return text + "]";
}

/// An element count: `300`, or `30 * ?` when some extents are dynamic.
std::string formatCount(ArrayRef<int64_t> extents) {
  int64_t known = 1;
  bool dynamic = false;
  for (int64_t d : extents) {
    if (ShapedType::isDynamic(d))
      dynamic = true;
    else
      known *= d;
  }
  if (!dynamic)
    return std::to_string(known);
  return known == 1 ? "?" : std::to_string(known) + " * ?";
}

/// reshape(d1, ..., dk): [N, e1, ..., em] to [N, d1, ..., dk], row-major.
/// The counts must be provably equal when the model is built: with static
/// input extents they are compared (a -1 takes the quotient); with dynamic
/// ones only a -1 can absorb them, and only when the product of the known
/// target extents divides that of the input's static extents.
FailureOr<Value> buildReshape(LayerContext &c, Value input) {
  auto type = cast<RankedTensorType>(input.getType());
  if (type.getRank() < 1)
    return c.emitError() << "reshape needs a batch dimension, got a scalar";
  ArrayRef<int64_t> example = type.getShape().drop_front();
  SmallVector<int64_t> target = c.perDimensionArg("shape", 0);
  int64_t known = 1, inputKnown = 1;
  bool infer = false, inputDynamic = false;
  for (int64_t d : target) {
    if (d == -1)
      infer = true;
    else
      known *= d;
  }
  for (int64_t d : example) {
    if (ShapedType::isDynamic(d))
      inputDynamic = true;
    else
      inputKnown *= d;
  }
  std::string to = formatExtents(target), from = formatExtents(example);
  if (!infer && (inputDynamic || inputKnown != known))
    return c.emitError() << "reshape to " << to << " holds " << known
                         << " elements per example, but the input's "
                         << from << " holds " << formatCount(example)
                         << (inputDynamic ? " (not provably equal; write -1 "
                                            "for the extent to infer)"
                                          : "");
  if (infer && inputKnown % known != 0)
    return c.emitError() << "reshape to " << to << " cannot infer -1: the "
                         << "input's " << from << " holds "
                         << formatCount(example)
                         << " elements per example, not "
                         << (inputDynamic ? "provably " : "")
                         << "a multiple of " << known;

  SmallVector<int64_t> shape{type.getDimSize(0)};
  for (int64_t d : target)
    shape.push_back(d != -1        ? d
                    : inputDynamic ? ShapedType::kDynamic
                                   : inputKnown / known);
  auto resultType = RankedTensorType::get(shape, type.getElementType());
  return c.builder.create<ReshapeOp>(c.loc, resultType, input).getResult();
}

const LayerBuilderEntry kConvLayers[] = {
    {"conv1d", buildConv1d},
    {"conv2d", buildConv2d},
    {"flatten", buildFlatten},
    {"reshape", buildReshape},
};

} // namespace

llvm::ArrayRef<LayerBuilderEntry> convLayerBuilders() { return kConvLayers; }

} // namespace netc
