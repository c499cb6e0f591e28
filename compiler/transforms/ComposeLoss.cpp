//===- ComposeLoss.cpp - @infer + @loss -> @evaluate ----------------------===//
//
// Preconditions: @infer (one result per model output) and @loss (one
// prediction per output, then the target -> scalar), as MLIRGen builds
// them.
//
// Algorithm:
//  1. Create @evaluate(<@infer's arguments>, %target).
//  2. Clone @infer's body, then @loss's with the predictions mapped to the
//     forward results.
//  3. Return the loss and the predictions, in @infer's order.
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
    if (!infer || !loss || infer.getNumResults() < 1 ||
        loss.getNumArguments() != infer.getNumResults() + 1) {
      module.emitError("nn-compose-loss needs @")
          << kInferFn << " and @" << kLossFn
          << "(<one prediction per result of @" << kInferFn << ">, target)";
      return signalPassFailure();
    }
    OpBuilder b(module.getContext());
    b.setInsertionPointToEnd(module.getBody());
    unsigned outputs = infer.getNumResults();

    // 1. Signature: @infer's arguments, then the target.
    SmallVector<Type> argTypes(infer.getArgumentTypes());
    argTypes.push_back(loss.getArgumentTypes()[outputs]);
    auto fn = b.create<func::FuncOp>(infer.getLoc(), kEvaluateFn,
                                     b.getFunctionType(argTypes, {}));
    Block *entry = fn.addEntryBlock();
    for (unsigned i = 0; i < infer.getNumArguments(); ++i)
      fn.setArgAttrs(i, infer.getArgAttrDict(i));
    fn.setArgAttrs(infer.getNumArguments(), loss.getArgAttrDict(outputs));
    b.setInsertionPointToStart(entry);

    // 2. Forward pass, then the loss.
    IRMapping mapping;
    for (unsigned i = 0; i < infer.getNumArguments(); ++i)
      mapping.map(infer.getArgument(i), fn.getArgument(i));
    SmallVector<Value> predictions = inlineBody(b, infer, mapping);
    IRMapping lossMapping;
    for (unsigned i = 0; i < outputs; ++i)
      lossMapping.map(loss.getArgument(i), predictions[i]);
    lossMapping.map(loss.getArgument(outputs),
                    fn.getArgument(infer.getNumArguments()));
    Value lossValue = inlineBody(b, loss, lossMapping).front();

    // 3. Results: the loss, then every prediction.
    SmallVector<Value> results{lossValue};
    results.append(predictions);
    b.create<func::ReturnOp>(infer.getLoc(), results);
    fn.setFunctionType(
        b.getFunctionType(argTypes, ValueRange(results).getTypes()));
    for (unsigned i = 0; i < outputs; ++i)
      if (DictionaryAttr dims = infer.getResultAttrDict(i))
        fn.setResultAttrs(i + 1, dims);
  }
};

} // namespace
