//===- NNGradients.cpp - Vector-Jacobian products of nn ops ---------------===//
//
// One buildVJP per differentiable op. Each returns the gradient of every
// operand as nn ops; nn-differentiate stitches them together in reverse.
//
//===----------------------------------------------------------------------===//
#include "compiler/dialect/NNDialect.h"

using namespace mlir;
using namespace netc::nn;

LogicalResult LinearOp::buildVJP(OpBuilder &b, Value dy,
                                 SmallVectorImpl<Value> &grads) {
  Location loc = getLoc();
  grads.push_back(b.create<LinearGradInputOp>(loc, dy, getWeight()));
  grads.push_back(b.create<LinearGradWeightOp>(loc, dy, getInput()));
  if (getBias())
    grads.push_back(b.create<LinearGradBiasOp>(loc, dy));
  return success();
}

LogicalResult ReluOp::buildVJP(OpBuilder &b, Value dy,
                               SmallVectorImpl<Value> &grads) {
  // relu' depends on the sign of the input, so keep the input.
  grads.push_back(b.create<ReluGradOp>(getLoc(), dy, getInput()));
  return success();
}

LogicalResult SigmoidOp::buildVJP(OpBuilder &b, Value dy,
                                  SmallVectorImpl<Value> &grads) {
  // σ' = σ(1 - σ): reuse the forward output instead of recomputing exp.
  grads.push_back(b.create<SigmoidGradOp>(getLoc(), dy, getResult()));
  return success();
}

LogicalResult TanhOp::buildVJP(OpBuilder &b, Value dy,
                               SmallVectorImpl<Value> &grads) {
  grads.push_back(b.create<TanhGradOp>(getLoc(), dy, getResult()));
  return success();
}

LogicalResult AddOp::buildVJP(OpBuilder &, Value dy,
                              SmallVectorImpl<Value> &grads) {
  grads.push_back(dy);
  grads.push_back(dy);
  return success();
}

LogicalResult MSELossOp::buildVJP(OpBuilder &b, Value dl,
                                  SmallVectorImpl<Value> &grads) {
  grads.push_back(
      b.create<MSELossGradOp>(getLoc(), dl, getPrediction(), getTarget(),
                                    getReductionAttr()));
  grads.push_back(Value()); // targets are data, not trained
  return success();
}

LogicalResult BCELossOp::buildVJP(OpBuilder &b, Value dl,
                                  SmallVectorImpl<Value> &grads) {
  grads.push_back(
      b.create<BCELossGradOp>(getLoc(), dl, getPrediction(), getTarget(),
                                    getReductionAttr()));
  grads.push_back(Value());
  return success();
}
