//===- NNNormGradients.cpp - VJP of batch normalisation -------------------===//
//
// Training-mode batch normalisation differentiates through the batch
// statistics (the standard formula, see nn.batchnorm_input_grad). The
// evaluation op has no VJP: nn-differentiate replaces it before the sweep.
//
//===----------------------------------------------------------------------===//
#include "compiler/dialect/NNDialect.h"

using namespace mlir;
using namespace netc::nn;

LogicalResult BatchNormTrainOp::buildVJP(OpBuilder &b, Value dy,
                                         SmallVectorImpl<Value> &grads) {
  Location loc = getLoc();
  grads.push_back(b.create<BatchNormInputGradOp>(loc, dy, getInput(),
                                                 getWeight(), getEpsAttr()));
  grads.push_back(
      b.create<BatchNormWeightGradOp>(loc, dy, getInput(), getEpsAttr()));
  grads.push_back(b.create<ChannelSumOp>(loc, dy));
  return success();
}
