//===- NNConvGradients.cpp - Vector-Jacobian products of conv ops ---------===//
//
// A convolution's gradients are three ops that carry the forward op's
// stride, padding and dilation: the input gradient (a gather, so it needs
// the weight and the input's shape), the weight gradient (input and result
// gradient) and the bias gradient (the result gradient alone). flatten and
// reshape only move elements, so their gradient is a reshape back.
//
//===----------------------------------------------------------------------===//
#include "compiler/dialect/NNDialect.h"

using namespace mlir;
using namespace netc::nn;

namespace {

/// The weight's kernel extents (every dimension after [O, C]), which the
/// weight gradient records as its `kernel` attribute.
FailureOr<SmallVector<int64_t>> staticKernel(Operation *op, Value weight) {
  ArrayRef<int64_t> kernel =
      cast<RankedTensorType>(weight.getType()).getShape().drop_front(2);
  if (llvm::any_of(kernel, ShapedType::isDynamic))
    return op->emitError("cannot differentiate a convolution whose kernel "
                         "size is not known at compile time");
  return SmallVector<int64_t>(kernel);
}

} // namespace

LogicalResult Conv1dOp::buildVJP(OpBuilder &b, Value dy,
                                 SmallVectorImpl<Value> &grads) {
  FailureOr<SmallVector<int64_t>> kernel = staticKernel(*this, getWeight());
  if (failed(kernel))
    return failure();
  Location loc = getLoc();
  grads.push_back(b.create<Conv1dGradInputOp>(
      loc, dy, getWeight(), getInput(), getStrideAttr(), getPaddingAttr(),
      getDilationAttr()));
  grads.push_back(b.create<Conv1dGradWeightOp>(
      loc, dy, getInput(), b.getI64IntegerAttr((*kernel)[0]),
      getStrideAttr(), getPaddingAttr(), getDilationAttr()));
  if (getBias())
    grads.push_back(b.create<Conv1dGradBiasOp>(loc, dy));
  return success();
}

LogicalResult Conv2dOp::buildVJP(OpBuilder &b, Value dy,
                                 SmallVectorImpl<Value> &grads) {
  FailureOr<SmallVector<int64_t>> kernel = staticKernel(*this, getWeight());
  if (failed(kernel))
    return failure();
  Location loc = getLoc();
  grads.push_back(b.create<Conv2dGradInputOp>(
      loc, dy, getWeight(), getInput(), getStrideAttr(), getPaddingAttr(),
      getDilationAttr()));
  grads.push_back(b.create<Conv2dGradWeightOp>(
      loc, dy, getInput(), b.getDenseI64ArrayAttr(*kernel), getStrideAttr(),
      getPaddingAttr(), getDilationAttr()));
  if (getBias())
    grads.push_back(b.create<Conv2dGradBiasOp>(loc, dy));
  return success();
}

LogicalResult FlattenOp::buildVJP(OpBuilder &b, Value dy,
                                  SmallVectorImpl<Value> &grads) {
  // Flattening keeps every element in place: the gradient is dy seen in
  // the input's shape, which nn.reshape can rebuild when at most one extent
  // after the batch is dynamic.
  auto type = cast<RankedTensorType>(getInput().getType());
  if (llvm::count_if(type.getShape().drop_front(), ShapedType::isDynamic) > 1)
    return emitError("cannot differentiate flatten of a tensor with more than "
                     "one dynamic extent after the batch");
  grads.push_back(
      b.create<ReshapeOp>(getLoc(), getInput().getType(), dy).getResult());
  return success();
}

LogicalResult ReshapeOp::buildVJP(OpBuilder &b, Value dy,
                                  SmallVectorImpl<Value> &grads) {
  grads.push_back(
      b.create<ReshapeOp>(getLoc(), getInput().getType(), dy).getResult());
  return success();
}
