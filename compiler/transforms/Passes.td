//===- Passes.td - netc's passes over the nn dialect --------*- tablegen -*-===//
#ifndef NETC_TRANSFORMS_PASSES_TD
#define NETC_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def Differentiate : Pass<"nn-differentiate", "mlir::ModuleOp"> {
  let summary = "Build @loss_and_grad from @infer and @loss (reverse-mode autodiff)";
  let description = [{
    Composes the model's forward pass `@infer` with `@loss` and appends the
    backward pass, built op by op from each op's DifferentiableOpInterface.
    The new function takes @infer's arguments followed by the target and
    returns the loss followed by the gradient of every `nn.param` argument
    (and, with `with-input-grads`, of every `nn.input` argument). With
    `with-predictions` it then returns the training-mode forward outputs,
    each tagged `nn.prediction` with its output's name, so that a trainer
    can judge the batch without running the forward pass again.
  }];
  let options = [
    Option<"withInputGrads", "with-input-grads", "bool", /*default=*/"false",
           "Also return the gradients of the model's inputs">,
    Option<"withPredictions", "with-predictions", "bool", /*default=*/"false",
           "Also return the forward outputs (tagged nn.prediction)">
  ];
  let dependentDialects = ["::mlir::arith::ArithDialect", "::netc::nn::NNDialect"];
}

def ComposeLoss : Pass<"nn-compose-loss", "mlir::ModuleOp"> {
  let summary = "Build @evaluate (loss and prediction) from @infer and @loss";
  let description = [{
    The forward pass followed by the loss, without gradients: takes
    @infer's arguments and the target, returns the loss and the prediction.
    Validation and `netc eval` run it.
  }];
  let dependentDialects = ["::netc::nn::NNDialect"];
}

def ApplyOptimizer : Pass<"nn-apply-optimizer", "mlir::ModuleOp"> {
  let summary = "Build @train_step from @loss_and_grad and the module's optimizer";
  let description = [{
    Reads the module's `nn.optimizer` attribute and turns @loss_and_grad into
    @train_step, which returns the loss followed by every parameter after one
    update, then the optimizer state and then any `nn.prediction` results
    of @loss_and_grad. The caller owns all storage, so the step is a pure function of
    parameters, batch and target.
  }];
  let dependentDialects = ["::netc::nn::NNDialect"];
}

def FoldBatchNorm : Pass<"nn-fold-batchnorm", "mlir::ModuleOp"> {
  let summary = "Fold evaluation-mode batchnorm into the preceding linear or convolution";
  let description = [{
    In the inference functions @infer and @evaluate (never @train_step or
    @loss_and_grad), rewrites `nn.batchnorm(layer(x, W, b))` for layer
    nn.linear, nn.conv1d or nn.conv2d into `layer(x, W', b')` with
    s = weight / sqrt(running_var + eps), W' = W·s per output channel and
    b' = (b - running_mean)·s + bias (b = 0 when the layer has none). W' and
    b' are computed in the graph from the run-time parameters
    (`nn.batchnorm_fold_weight`, `nn.batchnorm_fold_bias`). A layer whose
    output has another user is left alone.
  }];
  let dependentDialects = ["::netc::nn::NNDialect"];
}

#endif // NETC_TRANSFORMS_PASSES_TD
