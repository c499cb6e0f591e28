//===- PoolLayers.cpp - max/avg pooling, windowed and global --------------===//
//
// Arguments arrive canonical (dsl::checkFile): `kernel` is a positive
// integer or, in 2-D, a list [h, w]; `stride` likewise, already set to the
// kernel when the model omits it. Shapes are checked here in the layer's own
// words before the op's shape rule runs, so a model gets
// "maxpool2d expects a [batch, channels, height, width] input" rather than
// an op-level message.
//
//===----------------------------------------------------------------------===//
#include "compiler/dialect/NNDialect.h"
#include "compiler/mlirgen/LayerBuilder.h"

#include "llvm/Support/MathExtras.h"

using namespace mlir;
using namespace netc::nn;

namespace netc {
namespace {

template <typename OpT>
FailureOr<Value> buildPool(LayerContext &c, Value input, unsigned rank) {
  StringRef layer = c.stmt.name;
  auto type = cast<RankedTensorType>(input.getType());
  if (failed(c.expectSpatialInput(type, rank)))
    return failure();
  SmallVector<int64_t> kernel = c.perDimensionArg("kernel", rank);
  SmallVector<int64_t> stride = c.perDimensionArg("stride", rank);
  static const char *names[2][2] = {{"length", ""}, {"height", "width"}};
  for (unsigned i = 0; i < rank; ++i) {
    int64_t in = type.getDimSize(2 + i);
    if (ShapedType::isDynamic(in))
      continue; // checked when the model runs
    int64_t out = llvm::divideFloorSigned(in - kernel[i], stride[i]) + 1;
    if (out < 1) {
      const char *dim = names[rank - 1][i];
      return c.emitError() << layer << " output " << dim << " would be " << out
                           << " (input " << dim << " " << in << ", kernel "
                           << kernel[i] << ", stride " << stride[i] << ")";
    }
  }

  Builder &b = c.builder;
  auto ints = [&](ArrayRef<int64_t> values) -> Attribute {
    if (rank == 1)
      return b.getI64IntegerAttr(values[0]);
    return b.getDenseI64ArrayAttr(values);
  };
  NamedAttribute attrs[] = {b.getNamedAttr("kernel", ints(kernel)),
                            b.getNamedAttr("stride", ints(stride))};
  return c.createInferred<OpT>(input, attrs);
}

template <typename OpT>
FailureOr<Value> buildGlobalPool(LayerContext &c, Value input) {
  auto type = cast<RankedTensorType>(input.getType());
  if (type.getRank() < 3)
    return c.emitError() << c.stmt.name
                         << " expects a [batch, channels, ...spatial] input, "
                            "got rank "
                         << type.getRank();
  return c.createInferred<OpT>(input);
}

const LayerBuilderEntry kPoolLayers[] = {
    {"maxpool1d",
     [](LayerContext &c, Value x) { return buildPool<MaxPool1dOp>(c, x, 1); }},
    {"avgpool1d",
     [](LayerContext &c, Value x) { return buildPool<AvgPool1dOp>(c, x, 1); }},
    {"maxpool2d",
     [](LayerContext &c, Value x) { return buildPool<MaxPool2dOp>(c, x, 2); }},
    {"avgpool2d",
     [](LayerContext &c, Value x) { return buildPool<AvgPool2dOp>(c, x, 2); }},
    {"global_maxpool", buildGlobalPool<GlobalMaxPoolOp>},
    {"global_avgpool", buildGlobalPool<GlobalAvgPoolOp>},
};

} // namespace

llvm::ArrayRef<LayerBuilderEntry> poolLayerBuilders() { return kPoolLayers; }

} // namespace netc
