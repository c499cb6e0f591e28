//===- Differentiate.cpp - Reverse-mode autodiff over nn ops --------------===//
//
// Preconditions: the module holds `func.func @infer` (one result per model
// output; arguments tagged `nn.input` or `nn.param`) and `func.func @loss`
// (the predictions, then the target -> tensor<f32>), both verified.
//
// Algorithm:
//  1. Create @loss_and_grad(<@infer's arguments>, %target).
//  2. Clone @infer's body into it, then @loss's body with the predictions
//     mapped to the cloned forward results: the forward pass and the loss
//     (with several outputs, their weighted sum: one seed reaches all).
//  3. Seed the adjoint of the loss with 1.0.
//  4. Walk the cloned ops in reverse. For each op whose result has an
//     adjoint, ask its DifferentiableOpInterface for the operands'
//     gradients; a value used several times accumulates them with nn.add.
//  5. Return the loss, then the adjoint of every parameter (zeros if a
//     parameter does not reach the loss) and, optionally, of every input.
//     A buffer parameter (`nn.buffer`: batchnorm's running statistics) is
//     not trained by gradients: its slot carries its updated value.
//     Optionally (with-predictions) the forward outputs follow, tagged
//     `nn.prediction`: the trainer's running metrics read them.
//
// Training mode: step 2 turns each nn.batchnorm (running statistics) into
// nn.batchnorm_train (the batch's), and computes the buffers' updates with
// nn.running_stat; each nn.dropout (the identity) into nn.dropout_train,
// its step counter's update being step + 1.
//
//===----------------------------------------------------------------------===//
#include "compiler/transforms/Passes.h"

#include "compiler/transforms/Composition.h"

#include <algorithm>


namespace netc::nn {
#define GEN_PASS_DEF_DIFFERENTIATE
#include "compiler/transforms/Passes.h.inc"
} // namespace netc::nn

using namespace mlir;
using namespace netc::nn;

namespace {

Value zerosLike(OpBuilder &b, Location loc, Type type) {
  auto tensorType = cast<RankedTensorType>(type);
  return b.create<arith::ConstantOp>(
      loc, DenseElementsAttr::get(tensorType, b.getF32FloatAttr(0.0f)));
}

class DifferentiatePass
    : public netc::nn::impl::DifferentiateBase<DifferentiatePass> {
public:
  using DifferentiateBase::DifferentiateBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    auto infer = module.lookupSymbol<func::FuncOp>(kInferFn);
    auto loss = module.lookupSymbol<func::FuncOp>(kLossFn);
    if (!infer || !loss) {
      module.emitError("nn-differentiate needs functions @")
          << kInferFn << " and @" << kLossFn << " in the module";
      return signalPassFailure();
    }
    if (infer.getNumResults() < 1 ||
        loss.getNumArguments() != infer.getNumResults() + 1 ||
        loss.getNumResults() != 1) {
      infer.emitError("@loss must map one prediction per result of @infer, "
                      "then the target, to one scalar");
      return signalPassFailure();
    }
    if (module.lookupSymbol(kLossAndGradFn)) {
      module.emitError("the module already has @") << kLossAndGradFn;
      return signalPassFailure();
    }
    if (failed(buildLossAndGrad(module, infer, loss)))
      signalPassFailure();
  }

private:
  /// Replaces every nn.batchnorm in `block` by nn.batchnorm_train and every
  /// nn.dropout by nn.dropout_train; returns the updated value of each
  /// buffer argument (running statistics, step counters). A replaced
  /// result among `tracked` is swapped for its replacement.
  static DenseMap<Value, Value>
  switchToTrainingMode(OpBuilder &b, Block &block,
                       MutableArrayRef<Value> tracked) {
    DenseMap<Value, Value> updated;
    auto replace = [&](Value old, Value replacement) {
      old.replaceAllUsesWith(replacement);
      std::replace(tracked.begin(), tracked.end(), old, replacement);
    };
    SmallVector<BatchNormOp> evalOps;
    block.walk([&](BatchNormOp op) { evalOps.push_back(op); });
    for (BatchNormOp op : evalOps) {
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPoint(op);
      Value y = b.create<BatchNormTrainOp>(op.getLoc(), op.getInput(),
                                           op.getWeight(), op.getBias(),
                                           op.getEpsAttr());
      updated[op.getRunningMean()] = b.create<RunningStatOp>(
          op.getLoc(), op.getRunningMean(), op.getInput(),
          b.getStringAttr("mean"), op.getMomentumAttr());
      updated[op.getRunningVar()] = b.create<RunningStatOp>(
          op.getLoc(), op.getRunningVar(), op.getInput(),
          b.getStringAttr("var"), op.getMomentumAttr());
      replace(op.getResult(), y);
      op.erase();
    }
    // Dropout masks in training; each layer's step counter comes back + 1,
    // so the next step draws a new mask.
    SmallVector<DropoutOp> dropouts;
    block.walk([&](DropoutOp op) { dropouts.push_back(op); });
    for (DropoutOp op : dropouts) {
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPoint(op);
      Value y = b.create<DropoutTrainOp>(op.getLoc(), op.getType(),
                                         op.getInput(), op.getStep(),
                                         op.getPAttr(), op.getSeedAttr());
      Value &next = updated[op.getStep()];
      if (!next) {
        auto type = cast<RankedTensorType>(op.getStep().getType());
        Value one = b.create<arith::ConstantOp>(
            op.getLoc(), DenseElementsAttr::get(type, b.getF32FloatAttr(1)));
        next = b.create<AddOp>(op.getLoc(), op.getStep(), one);
      }
      replace(op.getResult(), y);
      op.erase();
    }
    return updated;
  }

  LogicalResult buildLossAndGrad(ModuleOp module, func::FuncOp infer,
                                 func::FuncOp loss) {
    OpBuilder b(module.getContext());
    b.setInsertionPointToEnd(module.getBody());
    Location loc = infer.getLoc();

    // 1. Signature: @infer's arguments, then the target.
    unsigned outputs = infer.getNumResults();
    SmallVector<Type> argTypes(infer.getArgumentTypes());
    argTypes.push_back(loss.getArgumentTypes()[outputs]);
    auto fn = b.create<func::FuncOp>(loc, kLossAndGradFn,
                                     b.getFunctionType(argTypes, {}));
    Block *entry = fn.addEntryBlock();
    for (unsigned i = 0; i < infer.getNumArguments(); ++i)
      fn.setArgAttrs(i, infer.getArgAttrDict(i));
    unsigned targetIndex = infer.getNumArguments();
    fn.setArgAttrs(targetIndex, loss.getArgAttrDict(outputs));
    fn.setArgAttr(targetIndex, kTargetAttr, b.getUnitAttr());
    b.setInsertionPointToStart(entry);

    // 2. Forward pass, then the loss.
    IRMapping mapping;
    for (unsigned i = 0; i < infer.getNumArguments(); ++i)
      mapping.map(infer.getArgument(i), fn.getArgument(i));
    SmallVector<Value> predictions = inlineBody(b, infer, mapping);
    IRMapping lossMapping;
    for (unsigned i = 0; i < outputs; ++i)
      lossMapping.map(loss.getArgument(i), predictions[i]);
    lossMapping.map(loss.getArgument(outputs), fn.getArgument(targetIndex));
    Value lossValue = inlineBody(b, loss, lossMapping).front();
    // After the loss is in place: a switched op may be the prediction
    // itself (a model ending in dropout), whose uses the switch rewires;
    // `predictions` follow it to the training-mode values.
    DenseMap<Value, Value> updatedBuffers =
        switchToTrainingMode(b, *entry, predictions);

    // Ops of the forward pass and loss, to walk backwards.
    SmallVector<Operation *> forwardOps;
    for (Operation &op : *entry)
      forwardOps.push_back(&op);

    // 3. Seed.
    DenseMap<Value, Value> adjoint;
    adjoint[lossValue] = b.create<arith::ConstantOp>(
        loc, DenseElementsAttr::get(
                 cast<RankedTensorType>(lossValue.getType()),
                 b.getF32FloatAttr(1.0f)));

    // 4. Reverse sweep.
    for (Operation *op : llvm::reverse(forwardOps)) {
      if (op->getNumResults() != 1)
        continue;
      auto it = adjoint.find(op->getResult(0));
      if (it == adjoint.end())
        continue; // does not reach the loss
      auto differentiable = dyn_cast<DifferentiableOpInterface>(op);
      if (!differentiable)
        return op->emitError("cannot differentiate '")
               << op->getName() << "': it has no gradient rule";
      SmallVector<Value> operandGrads;
      if (failed(differentiable.buildVJP(b, it->second, operandGrads)))
        return failure();
      if (operandGrads.size() != op->getNumOperands())
        return op->emitError("gradient rule returned ")
               << operandGrads.size() << " gradients for "
               << op->getNumOperands() << " operands";
      for (auto [operand, grad] : llvm::zip(op->getOperands(), operandGrads)) {
        if (!grad)
          continue;
        Value &slot = adjoint[operand];
        slot = slot ? b.create<AddOp>(op->getLoc(), slot, grad).getResult()
                    : grad;
      }
    }

    // 5. Results.
    SmallVector<Value> results{lossValue};
    auto collect = [&](StringRef tag) {
      for (unsigned i = 0; i < infer.getNumArguments(); ++i) {
        if (!infer.getArgAttr(i, tag))
          continue;
        Value arg = fn.getArgument(i);
        if (infer.getArgAttr(i, kBufferAttr)) {
          Value updated = updatedBuffers.lookup(arg);
          results.push_back(updated ? updated : arg);
          continue;
        }
        Value grad = adjoint.lookup(arg);
        results.push_back(grad ? grad : zerosLike(b, loc, arg.getType()));
      }
    };
    collect(kParamAttr);
    if (withInputGrads)
      collect(kInputAttr);
    unsigned firstPrediction = results.size();
    if (withPredictions)
      llvm::append_range(results, predictions);
    b.create<func::ReturnOp>(loc, results);
    fn.setFunctionType(
        b.getFunctionType(argTypes, ValueRange(results).getTypes()));
    if (withPredictions)
      for (unsigned k = 0; k < outputs; ++k) {
        auto name = infer.getResultAttrOfType<StringAttr>(k, kOutputAttr);
        fn.setResultAttr(firstPrediction + k, kPredictionAttr,
                         name ? name : b.getStringAttr("output"));
        if (Attribute dims = infer.getResultAttr(k, kDimsAttr))
          fn.setResultAttr(firstPrediction + k, kDimsAttr, dims);
      }
    return success();
  }
};

} // namespace
