//===- ActivationLayers.cpp - leaky_relu, elu, softmax, maxout, ... ------===//
//
// Arguments arrive canonical (dsl::checkFile). What the catalog cannot
// know, the input's rank, is checked here in the layer's own words and
// located at the argument that is wrong: an axis outside [-rank, rank), or
// a maxout whose features do not split into `pieces` groups.
//
//===----------------------------------------------------------------------===//
#include "compiler/dialect/NNDialect.h"
#include "compiler/mlirgen/LayerBuilder.h"
#include "compiler/mlirgen/MLIRGen.h"

using namespace mlir;
using namespace netc::nn;

namespace netc {
namespace {

/// An error at the value of argument `name` (at the statement when the
/// argument was defaulted).
InFlightDiagnostic errorAtArg(LayerContext &c, StringRef name) {
  return emitError(toLocation(*c.builder.getContext(), c.arg(name).loc));
}

FailureOr<Value> buildLeakyRelu(LayerContext &c, Value input) {
  FloatAttr slope = c.builder.getF32FloatAttr(c.floatArg("slope"));
  return c.builder.create<LeakyReluOp>(c.loc, input, slope).getResult();
}

FailureOr<Value> buildElu(LayerContext &c, Value input) {
  FloatAttr alpha = c.builder.getF32FloatAttr(c.floatArg("alpha"));
  return c.builder.create<EluOp>(c.loc, input, alpha).getResult();
}

/// softmax and log_softmax: the axis as written (negative counts from the
/// end), once it is known to exist.
template <typename OpT>
FailureOr<Value> buildAxisOp(LayerContext &c, Value input) {
  int64_t rank = cast<RankedTensorType>(input.getType()).getRank();
  int64_t axis = c.intArg("axis");
  if (axis < -rank || axis >= rank)
    return errorAtArg(c, "axis")
           << c.stmt.name << " axis " << axis << " is out of range for a rank-"
           << rank << " input (expected " << -rank << " to " << rank - 1 << ")";
  return c.builder.create<OpT>(c.loc, input, c.builder.getI64IntegerAttr(axis))
      .getResult();
}

FailureOr<Value> buildMaxout(LayerContext &c, Value input) {
  auto type = cast<RankedTensorType>(input.getType());
  if (type.getRank() < 2)
    return c.emitError() << "maxout expects a [batch, features, ...] input, "
                            "got rank "
                         << type.getRank();
  int64_t pieces = c.intArg("pieces");
  int64_t features = type.getDimSize(1);
  if (!ShapedType::isDynamic(features) && features % pieces != 0)
    return errorAtArg(c, "pieces")
           << "maxout cannot split " << features << " features (axis 1) into "
           << "groups of " << pieces << "; the features must be a multiple "
           << "of pieces";
  NamedAttribute attrs[] = {
      c.builder.getNamedAttr("pieces", c.builder.getI64IntegerAttr(pieces))};
  return c.createInferred<MaxoutOp>(input, attrs);
}

const LayerBuilderEntry kActivationLayers[] = {
    {"leaky_relu", buildLeakyRelu},
    {"elu", buildElu},
    {"softmax", buildAxisOp<SoftmaxOp>},
    {"log_softmax", buildAxisOp<LogSoftmaxOp>},
    {"maxout", buildMaxout},
};

} // namespace

llvm::ArrayRef<LayerBuilderEntry> activationLayerBuilders() {
  return kActivationLayers;
}

} // namespace netc
