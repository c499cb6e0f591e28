//===- NNGraphGradients.cpp - VJP of nn.concat ----------------------------===//
//
// Each input of a concatenation receives its own slice of the result
// gradient. (nn.add's VJP, both operands get dy, is in NNGradients.cpp.)
//
//===----------------------------------------------------------------------===//
#include "compiler/dialect/NNDialect.h"

using namespace mlir;
using namespace netc::nn;

LogicalResult ConcatOp::buildVJP(OpBuilder &b, Value dy,
                                 SmallVectorImpl<Value> &grads) {
  for (unsigned i = 0; i < getInputs().size(); ++i)
    grads.push_back(b.create<ConcatGradOp>(getLoc(), dy, getInputs(),
                                           getAxisAttr(),
                                           b.getI64IntegerAttr(i)));
  return success();
}

/// d(factor · x)/dx = factor.
LogicalResult ScaleOp::buildVJP(OpBuilder &b, Value dy,
                                SmallVectorImpl<Value> &grads) {
  grads.push_back(b.create<ScaleOp>(getLoc(), dy, getFactorAttr()));
  return success();
}
