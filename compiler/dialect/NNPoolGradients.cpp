//===- NNPoolGradients.cpp - Vector-Jacobian products of pooling ops ------===//
//
// Each pooling op has one operand, its input; its gradient op takes the
// result gradient and the forward input (max pooling reads its values to
// find each window's first maximum; average pooling only its shape, since
// the input extent cannot be recovered from the pooled one).
//
//===----------------------------------------------------------------------===//
#include "compiler/dialect/NNDialect.h"

using namespace mlir;
using namespace netc::nn;

namespace {

template <typename GradOp, typename PoolOp>
LogicalResult windowedVJP(PoolOp op, OpBuilder &b, Value dy,
                          SmallVectorImpl<Value> &grads) {
  grads.push_back(b.create<GradOp>(op.getLoc(), dy, op.getInput(),
                                   op.getKernelAttr(), op.getStrideAttr()));
  return success();
}

template <typename GradOp, typename PoolOp>
LogicalResult globalVJP(PoolOp op, OpBuilder &b, Value dy,
                        SmallVectorImpl<Value> &grads) {
  grads.push_back(b.create<GradOp>(op.getLoc(), dy, op.getInput()));
  return success();
}

} // namespace

LogicalResult MaxPool1dOp::buildVJP(OpBuilder &b, Value dy,
                                    SmallVectorImpl<Value> &grads) {
  return windowedVJP<MaxPool1dGradOp>(*this, b, dy, grads);
}

LogicalResult AvgPool1dOp::buildVJP(OpBuilder &b, Value dy,
                                    SmallVectorImpl<Value> &grads) {
  return windowedVJP<AvgPool1dGradOp>(*this, b, dy, grads);
}

LogicalResult MaxPool2dOp::buildVJP(OpBuilder &b, Value dy,
                                    SmallVectorImpl<Value> &grads) {
  return windowedVJP<MaxPool2dGradOp>(*this, b, dy, grads);
}

LogicalResult AvgPool2dOp::buildVJP(OpBuilder &b, Value dy,
                                    SmallVectorImpl<Value> &grads) {
  return windowedVJP<AvgPool2dGradOp>(*this, b, dy, grads);
}

LogicalResult GlobalMaxPoolOp::buildVJP(OpBuilder &b, Value dy,
                                        SmallVectorImpl<Value> &grads) {
  return globalVJP<GlobalMaxPoolGradOp>(*this, b, dy, grads);
}

LogicalResult GlobalAvgPoolOp::buildVJP(OpBuilder &b, Value dy,
                                        SmallVectorImpl<Value> &grads) {
  return globalVJP<GlobalAvgPoolGradOp>(*this, b, dy, grads);
}
