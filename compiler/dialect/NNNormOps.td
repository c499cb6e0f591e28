//===- NNNormOps.td - Batch normalisation ------------------*- tablegen -*-===//
//
// PyTorch's BatchNorm1d/2d over [N, C, ...]: statistics per channel (axis 1)
// over the batch and every other axis.
//
// Two modes, two ops. @infer holds `nn.batchnorm` (evaluation: the running
// statistics). nn-differentiate trains the model, so it replaces each one by
// `nn.batchnorm_train` (the batch's statistics, biased variance, gradients
// through them) and computes the new running statistics with
// `nn.running_stat` (PyTorch's update, unbiased variance). In inference,
// nn-fold-batchnorm folds `nn.batchnorm` into the preceding layer through
// `nn.batchnorm_fold_weight` and `nn.batchnorm_fold_bias`. Shape rules and
// verifiers in NNNormOps.cpp; VJPs in NNNormGradients.cpp.
//
// Included at the end of NNOps.td.
//
//===----------------------------------------------------------------------===//
#ifndef NETC_NN_NORM_OPS_TD
#define NETC_NN_NORM_OPS_TD

def NN_BatchNormOp : NN_Op<"batchnorm", [
    AllTypesMatch<["weight", "bias", "running_mean", "running_var"]>,
    InferTypeOpAdaptor]> {
  let summary = "Batch normalisation with running statistics (evaluation)";
  let description = [{
    `y = (x - mean[c]) / sqrt(var[c] + eps) * weight[c] + bias[c]` for
    channel c (axis 1). `mean` and `var` are the running statistics;
    `momentum` is how fast training moves them (PyTorch's `momentum`), kept
    here so nn-differentiate can build the update.

    ```mlir
    %y = nn.batchnorm %x, %w, %b, %mean, %var {eps = 1.0e-05, momentum = 0.1}
        : tensor<?x8x10xf32>, tensor<8xf32> -> tensor<?x8x10xf32>
    ```
  }];
  let arguments = (ins NN_F32Tensor:$input, NN_F32Tensor:$weight,
                   NN_F32Tensor:$bias, NN_F32Tensor:$running_mean,
                   NN_F32Tensor:$running_var, F32Attr:$eps,
                   F32Attr:$momentum);
  let results = (outs NN_F32Tensor:$result);
  let assemblyFormat = [{
    $input `,` $weight `,` $bias `,` $running_mean `,` $running_var ` `
    `{` `eps` `=` $eps `,` `momentum` `=` $momentum `}` attr-dict `:`
    type($input) `,` type($weight) `->` type($result)
  }];
}

def NN_BatchNormTrainOp : NN_Op<"batchnorm_train", [
    AllTypesMatch<["weight", "bias"]>,
    InferTypeOpAdaptor,
    DeclareOpInterfaceMethods<NN_DifferentiableOpInterface>]> {
  let summary = "Batch normalisation with the batch's statistics (training)";
  let description = [{
    As `nn.batchnorm`, with mean[c] and var[c] (biased) computed over every
    axis but 1 of this batch.

    ```mlir
    %y = nn.batchnorm_train %x, %w, %b {eps = 1.0e-05}
        : tensor<?x8x10xf32>, tensor<8xf32> -> tensor<?x8x10xf32>
    ```
  }];
  let arguments = (ins NN_F32Tensor:$input, NN_F32Tensor:$weight,
                   NN_F32Tensor:$bias, F32Attr:$eps);
  let results = (outs NN_F32Tensor:$result);
  let assemblyFormat = [{
    $input `,` $weight `,` $bias ` ` `{` `eps` `=` $eps `}` attr-dict `:`
    type($input) `,` type($weight) `->` type($result)
  }];
}

def NN_BatchNormInputGradOp : NN_Op<"batchnorm_input_grad", [
    InferTypeOpAdaptor]> {
  let summary = "Gradient of nn.batchnorm_train with respect to its input";
  let description = [{
    Consumes the forward input `x`, `weight` and the output gradient `dy`;
    recomputes the batch statistics. With x̂ = (x - mean) / sqrt(var + eps)
    and M elements per channel:
    `dx = weight / sqrt(var + eps) / M · (M·dy - Σdy - x̂·Σ(dy·x̂))`.

    ```mlir
    %dx = nn.batchnorm_input_grad %dy, %x, %w {eps = 1.0e-05}
        : tensor<?x8x10xf32>, tensor<?x8x10xf32>, tensor<8xf32>
        -> tensor<?x8x10xf32>
    ```
  }];
  let arguments = (ins NN_F32Tensor:$result_grad, NN_F32Tensor:$input,
                   NN_F32Tensor:$weight, F32Attr:$eps);
  let results = (outs NN_F32Tensor:$result);
  let assemblyFormat = [{
    $result_grad `,` $input `,` $weight ` ` `{` `eps` `=` $eps `}` attr-dict
    `:` type($result_grad) `,` type($input) `,` type($weight) `->`
    type($result)
  }];
}

def NN_BatchNormWeightGradOp : NN_Op<"batchnorm_weight_grad", [
    InferTypeOpAdaptor]> {
  let summary = "Gradient of nn.batchnorm_train with respect to weight: Σ dy·x̂";
  let description = [{
    Consumes `dy` and the forward input `x` (recomputing x̂); sums over
    every axis but 1.

    ```mlir
    %dw = nn.batchnorm_weight_grad %dy, %x {eps = 1.0e-05}
        : tensor<?x8x10xf32>, tensor<?x8x10xf32> -> tensor<8xf32>
    ```
  }];
  let arguments = (ins NN_F32Tensor:$result_grad, NN_F32Tensor:$input,
                   F32Attr:$eps);
  let results = (outs NN_F32Tensor:$result);
  let assemblyFormat = [{
    $result_grad `,` $input ` ` `{` `eps` `=` $eps `}` attr-dict `:`
    type($result_grad) `,` type($input) `->` type($result)
  }];
}

def NN_ChannelSumOp : NN_Op<"channel_sum", [
    InferTypeOpAdaptor]> {
  let summary = "Σ over every axis but 1: [N, C, ...] -> [C]";
  let description = [{
    The gradient of a per-channel bias (batchnorm's `bias`).

    ```mlir
    %db = nn.channel_sum %dy : tensor<?x8x10xf32> -> tensor<8xf32>
    ```
  }];
  let arguments = (ins NN_F32Tensor:$input);
  let results = (outs NN_F32Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
}

def NN_RunningStatOp : NN_Op<"running_stat", [
    InferTypeOpAdaptor]> {
  let summary = "PyTorch's running-statistics update of batch normalisation";
  let description = [{
    `(1 - momentum) · running + momentum · s`, where s is the per-channel
    mean of `x` (`statistic = "mean"`) or its unbiased variance
    (`statistic = "var"`, M/(M-1) times the biased one).

    ```mlir
    %m1 = nn.running_stat %m, %x {statistic = "mean", momentum = 0.1}
        : tensor<8xf32>, tensor<?x8x10xf32>
    ```
  }];
  let arguments = (ins NN_F32Tensor:$running, NN_F32Tensor:$input,
                   StrAttr:$statistic, F32Attr:$momentum);
  let results = (outs NN_F32Tensor:$result);
  let assemblyFormat = [{
    $running `,` $input ` ` `{` `statistic` `=` $statistic `,` `momentum`
    `=` $momentum `}` attr-dict `:` type($running) `,` type($input)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Folding into the preceding layer (inference only)
//===----------------------------------------------------------------------===//

// nn-fold-batchnorm rewrites `nn.batchnorm(layer(x, W, b))` into
// `layer(x, W', b')`: with s[o] = weight[o] / sqrt(var[o] + eps), the
// normalisation of output channel o is y·s[o] + (bias[o] - mean[o]·s[o]),
// affine in the layer's output, so it moves into W and b. These two ops
// compute W' and b' from the run-time parameters: O(parameters) work per
// call instead of O(activations).

def NN_BatchNormFoldWeightOp : NN_Op<"batchnorm_fold_weight", [
    AllTypesMatch<["weight", "running_var"]>,
    AllTypesMatch<["layer_weight", "result"]>]> {
  let summary = "A layer's weight scaled by a following batchnorm: W·s";
  let description = [{
    `W'[o, ...] = W[o, ...] · weight[o] / sqrt(running_var[o] + eps)`, o
    the layer's output channel (axis 0 of `layer_weight`: linear's
    `[out, in]`, conv's `[O, C, K...]`).

    ```mlir
    %w1 = nn.batchnorm_fold_weight %w, %gamma, %var {eps = 1.0e-05}
        : tensor<8x1x5x5xf32>, tensor<8xf32>
    ```
  }];
  let arguments = (ins NN_F32Tensor:$layer_weight, NN_F32Tensor:$weight,
                   NN_F32Tensor:$running_var, F32Attr:$eps);
  let results = (outs NN_F32Tensor:$result);
  let assemblyFormat = [{
    $layer_weight `,` $weight `,` $running_var ` ` `{` `eps` `=` $eps `}`
    attr-dict `:` type($layer_weight) `,` type($weight)
  }];
  let hasVerifier = 1;
}

def NN_BatchNormFoldBiasOp : NN_Op<"batchnorm_fold_bias", [
    AllTypesMatch<["weight", "bias", "running_mean", "running_var", "result"]>,
    OptionalTypesMatchWith<"layer_bias is one value per channel", "weight",
                           "layer_bias", "$_self">]> {
  let summary = "A layer's bias through a following batchnorm: (b - mean)·s + bias";
  let description = [{
    `b'[o] = (layer_bias[o] - running_mean[o]) · weight[o] /
    sqrt(running_var[o] + eps) + bias[o]`, with `layer_bias` = 0 when the
    layer has none.

    ```mlir
    %b1 = nn.batchnorm_fold_bias %gamma, %beta, %mean, %var, %b {eps = 1.0e-05}
        : tensor<8xf32>
    ```
  }];
  let arguments = (ins NN_F32Tensor:$weight, NN_F32Tensor:$bias,
                   NN_F32Tensor:$running_mean, NN_F32Tensor:$running_var,
                   Optional<NN_F32Tensor>:$layer_bias, F32Attr:$eps);
  let results = (outs NN_F32Tensor:$result);
  let assemblyFormat = [{
    $weight `,` $bias `,` $running_mean `,` $running_var (`,` $layer_bias^)?
    ` ` `{` `eps` `=` $eps `}` attr-dict `:` type($weight)
  }];
  let hasVerifier = 1;
}

#endif // NETC_NN_NORM_OPS_TD
