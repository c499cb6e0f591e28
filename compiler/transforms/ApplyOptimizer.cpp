//===- ApplyOptimizer.cpp - @loss_and_grad + optimizer -> @train_step -----===//
//
// Preconditions: @loss_and_grad as built by nn-differentiate (loss first,
// then one gradient per `nn.param` argument, in argument order) and a module
// attribute `nn.optimizer` (#nn.sgd or #nn.adam); optionally a module
// attribute `nn.lr_schedule` (#nn.step_lr or #nn.cosine_lr).
//
// Algorithm:
//  1. Clone @loss_and_grad as @train_step.
//  2. Pair each `nn.param` argument with its gradient (results 1..P).
//  3. Append the optimizer's state as arguments tagged `nn.state`, named
//     like PyTorch's optimizer state ("<param>.momentum_buffer",
//     "<param>.exp_avg", "<param>.exp_avg_sq", and "step"); all start at 0.
//     With a schedule, the first is "epoch" (the trainer writes the epoch
//     index there; @train_step returns it unchanged), and an
//     nn.lr_schedule of it scales every update's learning rate.
//  4. Build each parameter's update (and its state's) from optimizer ops.
//  5. Return the loss, the updated parameters, then the updated state in
//     argument order, then any `nn.prediction` results (tag kept); drop
//     any input gradients. A buffer parameter
//     (`nn.buffer`) is not optimized: its slot already holds its new value.
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

float valueOr(FloatAttr attr, float otherwise) {
  return attr ? attr.getValue().convertToFloat() : otherwise;
}

/// Builds the updates inside @train_step, adding state arguments as needed.
class UpdateBuilder {
public:
  UpdateBuilder(func::FuncOp step, OpBuilder &b) : step(step), b(b) {}

  /// A new state argument `name`, shaped like `like`, and its slot among
  /// the results.
  Value addState(const std::string &name, Type type, Location loc) {
    unsigned index = step.getNumArguments();
    (void)step.insertArgument(
        index, type,
        b.getDictionaryAttr(
            b.getNamedAttr(kStateAttr, b.getStringAttr(name))),
        loc);
    return step.getArgument(index);
  }

  void setState(Value newValue) { newState.push_back(newValue); }
  ArrayRef<Value> updatedState() const { return newState; }

  func::FuncOp step;
  OpBuilder &b;

private:
  SmallVector<Value> newState;
};

Value buildSGD(UpdateBuilder &u, SGDAttr sgd, StringRef name, Value param,
               Value grad, Value lrScale) {
  Location loc = param.getLoc();
  OpBuilder &b = u.b;
  float lr = sgd.getLr().getValue().convertToFloat();
  float momentum = valueOr(sgd.getMomentum(), 0.0f);
  float decay = valueOr(sgd.getWeightDecay(), 0.0f);
  if (momentum == 0.0f)
    return b.create<SGDUpdateOp>(loc, param, grad, lrScale,
                                 b.getF32FloatAttr(lr),
                                 b.getF32FloatAttr(decay));
  Value buffer = u.addState((name + ".momentum_buffer").str(), param.getType(),
                            loc);
  Value next = b.create<MomentumBufferOp>(loc, buffer, grad, param,
                                          b.getF32FloatAttr(momentum),
                                          b.getF32FloatAttr(decay));
  u.setState(next);
  if (sgd.getNesterov() && sgd.getNesterov().getValue())
    return b.create<NesterovUpdateOp>(loc, param, grad, next, lrScale,
                                      b.getF32FloatAttr(lr),
                                      b.getF32FloatAttr(momentum),
                                      b.getF32FloatAttr(decay));
  return b.create<SGDUpdateOp>(loc, param, next, lrScale,
                               b.getF32FloatAttr(lr), b.getF32FloatAttr(0.0f));
}

Value buildAdam(UpdateBuilder &u, AdamAttr adam, StringRef name, Value param,
                Value grad, Value stepCount, Value lrScale) {
  Location loc = param.getLoc();
  OpBuilder &b = u.b;
  FloatAttr decay = b.getF32FloatAttr(valueOr(adam.getWeightDecay(), 0.0f));
  Value m = u.addState((name + ".exp_avg").str(), param.getType(), loc);
  Value v = u.addState((name + ".exp_avg_sq").str(), param.getType(), loc);
  Value m1 = b.create<AdamMomentOp>(loc, m, grad, param, adam.getBeta1(),
                                    decay, /*squared=*/UnitAttr());
  Value v1 = b.create<AdamMomentOp>(loc, v, grad, param, adam.getBeta2(),
                                    decay, /*squared=*/b.getUnitAttr());
  u.setState(m1);
  u.setState(v1);
  return b.create<AdamUpdateOp>(loc, param, m1, v1, stepCount, lrScale,
                                adam.getLr(),
                                adam.getBeta1(), adam.getBeta2(),
                                adam.getEps());
}

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
    if (!isa<SGDAttr, AdamAttr>(optimizer)) {
      module.emitError("unsupported optimizer ") << optimizer;
      return signalPassFailure();
    }

    // 1. Clone.
    func::FuncOp step = lossAndGrad.clone();
    step.setName(kTrainStepFn);
    module.push_back(step);
    auto ret = cast<func::ReturnOp>(step.getBody().front().getTerminator());
    OpBuilder b(ret);
    UpdateBuilder updates(step, b);

    auto scalar = RankedTensorType::get({}, b.getF32Type());
    Value lrScale;
    if (Attribute schedule = module->getAttr(kLRScheduleAttr)) {
      if (!isa<StepLRAttr, CosineLRAttr>(schedule)) {
        module.emitError("unsupported learning-rate schedule ") << schedule;
        return signalPassFailure();
      }
      float baseLr = isa<SGDAttr>(optimizer)
                         ? cast<SGDAttr>(optimizer).getLr().getValueAsDouble()
                         : cast<AdamAttr>(optimizer).getLr().getValueAsDouble();
      Value epoch = updates.addState(kEpochState.str(), scalar, step.getLoc());
      lrScale = b.create<LRScheduleOp>(step.getLoc(), epoch, schedule,
                                       b.getF32FloatAttr(baseLr));
      updates.setState(epoch); // the trainer's to change, not the step's
    }

    // Adam counts steps, for its bias corrections.
    Value stepCount;
    if (isa<AdamAttr>(optimizer)) {
      Value count = updates.addState("step", scalar, step.getLoc());
      stepCount = b.create<IncrementOp>(step.getLoc(), count);
      updates.setState(stepCount);
    }

    // 2-4. One update per parameter.
    SmallVector<Value> results{ret.getOperand(0)};
    unsigned gradIndex = 1;
    unsigned numArgs = step.getNumArguments();
    for (unsigned i = 0; i < numArgs; ++i) {
      auto name = step.getArgAttrOfType<StringAttr>(i, kParamAttr);
      if (!name)
        continue;
      if (gradIndex >= ret.getNumOperands()) {
        step.emitError("@loss_and_grad returns fewer gradients than there "
                       "are parameters");
        return signalPassFailure();
      }
      Value param = step.getArgument(i);
      Value grad = ret.getOperand(gradIndex++);
      if (step.getArgAttr(i, kBufferAttr)) {
        results.push_back(grad); // its updated value, see nn.buffer
        continue;
      }
      if (auto sgd = dyn_cast<SGDAttr>(optimizer))
        results.push_back(buildSGD(updates, sgd, name, param, grad, lrScale));
      else
        results.push_back(buildAdam(updates, cast<AdamAttr>(optimizer), name,
                                    param, grad, stepCount, lrScale));
    }

    // 5. New terminator and signature.
    llvm::append_range(results, updates.updatedState());
    SmallVector<std::pair<unsigned, DictionaryAttr>> predictions;
    for (unsigned i = 0; i < ret.getNumOperands(); ++i)
      if (lossAndGrad.getResultAttr(i, kPredictionAttr)) {
        predictions.push_back(
            {unsigned(results.size()), lossAndGrad.getResultAttrDict(i)});
        results.push_back(ret.getOperand(i));
      }
    b.create<func::ReturnOp>(ret.getLoc(), results);
    ret.erase();
    step.setFunctionType(b.getFunctionType(step.getArgumentTypes(),
                                           ValueRange(results).getTypes()));
    // The clone carried @loss_and_grad's result attributes, which no longer
    // line up with the results.
    step.setAllResultAttrs(ArrayRef<DictionaryAttr>{});
    for (auto [index, attrs] : predictions)
      step.setResultAttrs(index, attrs);
  }
};

} // namespace
