//===- ApplyOptimizer.cpp - @loss_and_grad + optimizer -> @train_step -----===//
//
// Preconditions: @loss_and_grad as built by nn-differentiate (loss first,
// then one gradient per `nn.param` argument, in argument order) and a module
// attribute `nn.optimizer`.
//
// Algorithm:
//  1. Clone @loss_and_grad as @train_step.
//  2. Pair each `nn.param` argument with its gradient (results 1..P).
//  3. Build the optimizer's update for each pair.
//  4. Return the loss and the updated parameters; drop any input gradients.
//
//===----------------------------------------------------------------------===//
#include "compiler/transforms/Passes.h"

namespace netc::nn {
#define GEN_PASS_DEF_APPLYOPTIMIZER
#include "compiler/transforms/Passes.h.inc"
} // namespace netc::nn

using namespace mlir;
using namespace netc::nn;

namespace {

class ApplyOptimizerPass
    : public netc::nn::impl::ApplyOptimizerBase<ApplyOptimizerPass> {
public:
  void runOnOperation() override {
    ModuleOp module = getOperation();
    auto lossAndGrad = module.lookupSymbol<func::FuncOp>(kLossAndGradFn);
    if (!lossAndGrad) {
      module.emitError("nn-apply-optimizer needs @")
          << kLossAndGradFn << " (run nn-differentiate first)";
      return signalPassFailure();
    }
    Attribute optimizer = module->getAttr(kOptimizerAttr);
    if (!optimizer) {
      module.emitError("the module has no '") << kOptimizerAttr
                                              << "' attribute";
      return signalPassFailure();
    }
    auto sgd = dyn_cast<SGDAttr>(optimizer);
    if (!sgd) {
      module.emitError("unsupported optimizer ") << optimizer;
      return signalPassFailure();
    }

    // 1. Clone.
    func::FuncOp step = lossAndGrad.clone();
    step.setName(kTrainStepFn);
    module.push_back(step);
    auto ret = cast<func::ReturnOp>(step.getBody().front().getTerminator());

    // 2-3. One update per parameter.
    OpBuilder b(ret);
    SmallVector<Value> results{ret.getOperand(0)};
    unsigned gradIndex = 1;
    for (BlockArgument arg : step.getArguments()) {
      if (!step.getArgAttr(arg.getArgNumber(), kParamAttr))
        continue;
      if (gradIndex >= ret.getNumOperands()) {
        step.emitError("@loss_and_grad returns fewer gradients than there "
                       "are parameters");
        return signalPassFailure();
      }
      Value grad = ret.getOperand(gradIndex++);
      results.push_back(b.create<SGDUpdateOp>(arg.getLoc(), arg, grad,
                                              sgd.getLr()));
    }

    // 4. New terminator and signature.
    b.create<func::ReturnOp>(ret.getLoc(), results);
    ret.erase();
    step.setFunctionType(b.getFunctionType(step.getArgumentTypes(),
                                           ValueRange(results).getTypes()));
  }
};

} // namespace
