//===- NNActivationGradients.cpp - VJPs of activations and logit losses ---===//
//
// Each gradient op keeps the forward value its formula needs: leaky_relu,
// elu and maxout their input (its sign, or the position of each group's
// maximum); softmax and log_softmax their output (the probabilities, or
// log-probabilities whose exp is softmax(x), so nothing is recomputed);
// the losses the logits and the target, plus the forward reduction.
//
//===----------------------------------------------------------------------===//
#include "compiler/dialect/NNDialect.h"

using namespace mlir;
using namespace netc::nn;

LogicalResult LeakyReluOp::buildVJP(OpBuilder &b, Value dy,
                                    SmallVectorImpl<Value> &grads) {
  grads.push_back(
      b.create<LeakyReluGradOp>(getLoc(), dy, getInput(), getSlopeAttr()));
  return success();
}

LogicalResult EluOp::buildVJP(OpBuilder &b, Value dy,
                              SmallVectorImpl<Value> &grads) {
  grads.push_back(
      b.create<EluGradOp>(getLoc(), dy, getInput(), getAlphaAttr()));
  return success();
}

LogicalResult SoftmaxOp::buildVJP(OpBuilder &b, Value dy,
                                  SmallVectorImpl<Value> &grads) {
  grads.push_back(
      b.create<SoftmaxGradOp>(getLoc(), dy, getResult(), getAxisAttr()));
  return success();
}

LogicalResult LogSoftmaxOp::buildVJP(OpBuilder &b, Value dy,
                                     SmallVectorImpl<Value> &grads) {
  grads.push_back(
      b.create<LogSoftmaxGradOp>(getLoc(), dy, getResult(), getAxisAttr()));
  return success();
}

LogicalResult MaxoutOp::buildVJP(OpBuilder &b, Value dy,
                                 SmallVectorImpl<Value> &grads) {
  grads.push_back(
      b.create<MaxoutGradOp>(getLoc(), dy, getInput(), getPiecesAttr()));
  return success();
}

LogicalResult BCEWithLogitsLossOp::buildVJP(OpBuilder &b, Value dl,
                                            SmallVectorImpl<Value> &grads) {
  grads.push_back(b.create<BCEWithLogitsLossGradOp>(
      getLoc(), dl, getPrediction(), getTarget(), getReductionAttr()));
  grads.push_back(Value()); // targets are data, not trained
  return success();
}

LogicalResult CrossEntropyLossOp::buildVJP(OpBuilder &b, Value dl,
                                           SmallVectorImpl<Value> &grads) {
  grads.push_back(b.create<CrossEntropyLossGradOp>(
      getLoc(), dl, getPrediction(), getTarget(), getReductionAttr()));
  grads.push_back(Value());
  return success();
}

LogicalResult CrossEntropyIndexLossOp::buildVJP(OpBuilder &b, Value dl,
                                                SmallVectorImpl<Value> &grads) {
  grads.push_back(b.create<CrossEntropyIndexLossGradOp>(
      getLoc(), dl, getPrediction(), getTarget(), getReductionAttr()));
  grads.push_back(Value()); // class indices are data, not trained
  return success();
}
