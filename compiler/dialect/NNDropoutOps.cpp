//===- NNDropoutOps.cpp - Verifiers and VJP of dropout --------------------===//
//
// `p` is a probability and `step` the layer's [1] counter; dropout_train is
// linear in its input with a mask fixed by (seed, step), so its VJP is the
// same op on the result gradient.
//
//===----------------------------------------------------------------------===//
#include "compiler/dialect/NNDialect.h"
#include "compiler/dialect/ShapeRules.h"

using namespace mlir;
using namespace netc::nn;

namespace {

template <typename OpT> LogicalResult verifyDropout(OpT op) {
  float p = op.getP().convertToFloat();
  if (!(p >= 0.0f && p <= 1.0f))
    return op.emitOpError("p must be a probability in [0, 1], got ") << p;
  auto step = rankedType(op.getStep());
  if (!step || step.getShape() != ArrayRef<int64_t>{1})
    return op.emitOpError("step must be the [1] step counter, got ")
           << (step ? formatShape(step) : std::string("an unranked value"));
  return success();
}

} // namespace

LogicalResult DropoutOp::verify() { return verifyDropout(*this); }
LogicalResult DropoutTrainOp::verify() { return verifyDropout(*this); }

LogicalResult DropoutTrainOp::buildVJP(OpBuilder &b, Value dy,
                                       SmallVectorImpl<Value> &grads) {
  grads.push_back(b.create<DropoutTrainOp>(getLoc(), dy.getType(), dy,
                                           getStep(), getPAttr(),
                                           getSeedAttr()));
  grads.push_back(Value()); // the step counter is not trained
  return success();
}
