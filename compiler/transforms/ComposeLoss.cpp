//===- ComposeLoss.cpp - @infer + @loss -> @evaluate ----------------------===//
//
// Preconditions: @infer (one result) and @loss (prediction, target ->
// scalar), as MLIRGen builds them.
//
// Algorithm:
//  1. Create @evaluate(<@infer's arguments>, %target).
//  2. Clone @infer's body, then @loss's with the prediction mapped to the
//     forward result.
//  3. Return the loss and the prediction.
//
// Validation and evaluation run it: the loss of held-out data without the
// cost of a backward pass, and the predictions for the metrics.
//
//===----------------------------------------------------------------------===//
#include "compiler/transforms/Passes.h"

#include "compiler/transforms/Composition.h"

namespace netc::nn {
#define GEN_PASS_DEF_COMPOSELOSS
#include "compiler/transforms/Passes.h.inc"
} // namespace netc::nn

using namespace mlir;
using namespace netc::nn;

namespace {

class ComposeLossPass
    : public netc::nn::impl::ComposeLossBase<ComposeLossPass> {
public:
  void runOnOperation() override {
    ModuleOp module = getOperation();
    auto infer = module.lookupSymbol<func::FuncOp>(kInferFn);
    auto loss = module.lookupSymbol<func::FuncOp>(kLossFn);
    if (!infer || !loss || infer.getNumResults() != 1 ||
        loss.getNumArguments() != 2) {
      module.emitError("nn-compose-loss needs @")
          << kInferFn << " with one result and @" << kLossFn
          << "(prediction, target)";
      return signalPassFailure();
    }
    OpBuilder b(module.getContext());
    b.setInsertionPointToEnd(module.getBody());

    // 1. Signature: @infer's arguments, then the target.
    SmallVector<Type> argTypes(infer.getArgumentTypes());
    argTypes.push_back(loss.getArgumentTypes()[1]);
    auto fn = b.create<func::FuncOp>(infer.getLoc(), kEvaluateFn,
                                     b.getFunctionType(argTypes, {}));
    Block *entry = fn.addEntryBlock();
    for (unsigned i = 0; i < infer.getNumArguments(); ++i)
      fn.setArgAttrs(i, infer.getArgAttrDict(i));
    fn.setArgAttrs(infer.getNumArguments(), loss.getArgAttrDict(1));
    b.setInsertionPointToStart(entry);

    // 2. Forward pass, then the loss.
    IRMapping mapping;
    for (unsigned i = 0; i < infer.getNumArguments(); ++i)
      mapping.map(infer.getArgument(i), fn.getArgument(i));
    Value prediction = inlineBody(b, infer, mapping).front();
    IRMapping lossMapping;
    lossMapping.map(loss.getArgument(0), prediction);
    lossMapping.map(loss.getArgument(1),
                    fn.getArgument(infer.getNumArguments()));
    Value lossValue = inlineBody(b, loss, lossMapping).front();

    // 3. Results.
    b.create<func::ReturnOp>(infer.getLoc(), ValueRange{lossValue, prediction});
    fn.setFunctionType(b.getFunctionType(
        argTypes, TypeRange{lossValue.getType(), prediction.getType()}));
    if (DictionaryAttr dims = infer.getResultAttrDict(0))
      fn.setResultAttrs(1, dims);
  }
};

} // namespace
