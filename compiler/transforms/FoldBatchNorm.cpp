//===- FoldBatchNorm.cpp - Fold eval-mode batchnorm into its layer --------===//
//
// Preconditions: the inference functions @infer and (when nn-compose-loss
// has run) @evaluate hold `nn.batchnorm`, the evaluation-mode op with the
// running statistics. Training functions (@loss_and_grad, @train_step) are
// never touched: they normalise with the batch's statistics
// (`nn.batchnorm_train`) and need the unfolded layer for their gradients. So
// in the driver this pass runs after the training pipeline has copied @infer.
//
// With s[o] = weight[o] / sqrt(var[o] + eps), batchnorm of a layer's output
// channel o is y·s[o] + (bias[o] - mean[o]·s[o]): affine in y. A linear or
// convolution layer is linear in its weight and bias, so the batchnorm
// folds into them and the per-activation pass over [N, C, ...] disappears.
//
// Algorithm, for each `nn.batchnorm` of @infer and @evaluate, in order:
//  1. Skip it unless its input is the result of nn.linear, nn.conv1d or
//     nn.conv2d that has no other user (another user needs the unfolded
//     output, so folding would compute the layer twice).
//  2. Build W' = nn.batchnorm_fold_weight(W, weight, var) and
//     b' = nn.batchnorm_fold_bias(weight, bias, mean, var, b), b left out
//     when the layer has none. Parameters are run-time arguments, so W' and
//     b' are computed in the graph: O(parameters) work per call.
//  3. Clone the layer with W' and b', replace the batchnorm by it, and erase
//     the batchnorm and the old layer. A second batchnorm after the first
//     now reads the new layer and folds in its turn.
//
//===----------------------------------------------------------------------===//
#include "compiler/transforms/Passes.h"

#include "llvm/ADT/TypeSwitch.h"

namespace netc::nn {
#define GEN_PASS_DEF_FOLDBATCHNORM
#include "compiler/transforms/Passes.h.inc"
} // namespace netc::nn

using namespace mlir;
using namespace netc::nn;

namespace {

/// Operand positions shared by nn.linear, nn.conv1d and nn.conv2d:
/// (input, weight, bias?).
constexpr unsigned kWeightOperand = 1;
constexpr unsigned kBiasOperand = 2;

/// The layer a batchnorm can fold into, or null.
Operation *foldableLayer(BatchNormOp bn) {
  Operation *layer = bn.getInput().getDefiningOp();
  if (!isa_and_nonnull<LinearOp, Conv1dOp, Conv2dOp>(layer))
    return nullptr;
  // 1. The unfolded output must not be needed elsewhere.
  if (!layer->getResult(0).hasOneUse())
    return nullptr;
  return layer;
}

void fold(BatchNormOp bn, Operation *layer) {
  OpBuilder b(bn);
  Value weight = layer->getOperand(kWeightOperand);
  Value bias = layer->getNumOperands() > kBiasOperand
                   ? layer->getOperand(kBiasOperand)
                   : Value();
  // 2. W' and b' from the parameters.
  Value foldedWeight = b.create<BatchNormFoldWeightOp>(
      bn.getLoc(), weight.getType(), weight, bn.getWeight(),
      bn.getRunningVar(), bn.getEpsAttr());
  Value foldedBias = b.create<BatchNormFoldBiasOp>(
      bn.getLoc(), bn.getWeight().getType(), bn.getWeight(), bn.getBias(),
      bn.getRunningMean(), bn.getRunningVar(), bias, bn.getEpsAttr());
  // 3. The layer again, on W' and b'. Without a bias the optional operand
  //    is appended: none of the three ops has other optional operands.
  Operation *folded = b.clone(*layer);
  folded->setOperand(kWeightOperand, foldedWeight);
  if (bias)
    folded->setOperand(kBiasOperand, foldedBias);
  else
    folded->insertOperands(kBiasOperand, foldedBias);
  bn.getResult().replaceAllUsesWith(folded->getResult(0));
  bn.erase();
  layer->erase();
}

class FoldBatchNormPass
    : public netc::nn::impl::FoldBatchNormBase<FoldBatchNormPass> {
public:
  void runOnOperation() override {
    ModuleOp module = getOperation();
    for (llvm::StringRef name : {kInferFn, kEvaluateFn}) {
      auto fn = module.lookupSymbol<func::FuncOp>(name);
      if (!fn)
        continue;
      SmallVector<BatchNormOp> norms;
      fn.walk([&](BatchNormOp bn) { norms.push_back(bn); });
      for (BatchNormOp bn : norms)
        if (Operation *layer = foldableLayer(bn))
          fold(bn, layer);
    }
  }
};

} // namespace
