//===- NNOptimizerOps.td - Optimizer updates ----------------*- tablegen -*-===//
//
// Built by nn-apply-optimizer from the module's optimizer attribute. Each is
// elementwise over one parameter, so a whole update fuses into one loop.
// The formulas are PyTorch's (torch.optim.SGD and Adam, in their documented
// order of operations) so that training matches it step for step.
// A learning-rate schedule scales `lr` by a scalar operand, `lr_scale`,
// computed by `nn.lr_schedule` from the epoch.
//
//===----------------------------------------------------------------------===//
#ifndef NETC_NN_OPTIMIZER_OPS_TD
#define NETC_NN_OPTIMIZER_OPS_TD

def NN_SGDUpdateOp : NN_Op<"sgd_update", [AllTypesMatch<["param", "direction", "result"]>]> {
  let summary = "SGD step: p' = p - lr · s · (d + weight_decay · p)";
  let description = [{
    `direction` is the gradient, or the momentum buffer when SGD has
    momentum (whose weight decay is then already inside the buffer).
    `s` is the optional scalar `lr_scale` (a schedule's factor), else 1.

    ```mlir
    %w1 = nn.sgd_update %w, %dw {lr = 1.000000e-01 : f32} : tensor<2x3xf32>
    %w2 = nn.sgd_update %w, %dw scaled %s {lr = 1.000000e-01 : f32} : tensor<2x3xf32>, tensor<f32>
    ```
  }];
  let arguments = (ins NN_F32Tensor:$param, NN_F32Tensor:$direction,
                       Optional<NN_F32Scalar>:$lr_scale,
                       F32Attr:$lr,
                       DefaultValuedAttr<F32Attr, "0.0f">:$weight_decay);
  let results = (outs NN_F32Tensor:$result);
  let assemblyFormat = [{
    $param `,` $direction (`scaled` $lr_scale^)? attr-dict `:` type($result)
    (`,` type($lr_scale)^)?
  }];
  let hasVerifier = 1;
}

def NN_MomentumBufferOp : NN_Op<"momentum_buffer", [SameOperandsAndResultType]> {
  let summary = "SGD momentum buffer: b' = momentum · b + g + weight_decay · p";
  let description = [{
    Consumes the previous buffer (optimizer state, zero before the first
    step, which makes PyTorch's "b = g on the first step" hold), the
    gradient and the parameter.

    ```mlir
    %b1 = nn.momentum_buffer %b, %dw, %w {momentum = 9.000000e-01 : f32} : tensor<2x3xf32>
    ```
  }];
  let arguments = (ins NN_F32Tensor:$buffer, NN_F32Tensor:$grad,
                       NN_F32Tensor:$param, F32Attr:$momentum,
                       DefaultValuedAttr<F32Attr, "0.0f">:$weight_decay);
  let results = (outs NN_F32Tensor:$result);
  let assemblyFormat = "$buffer `,` $grad `,` $param attr-dict `:` type($result)";
}

def NN_NesterovUpdateOp : NN_Op<"nesterov_update", [AllTypesMatch<["param", "grad", "buffer", "result"]>]> {
  let summary = "Nesterov SGD step: p' = p - lr · s · (g + weight_decay · p + momentum · b')";
  let description = [{
    Consumes the parameter, its gradient and the momentum buffer after this
    step's update; `s` is the optional scalar `lr_scale`, else 1.

    ```mlir
    %w1 = nn.nesterov_update %w, %dw, %b1 {lr = 1.000000e-01 : f32, momentum = 9.000000e-01 : f32} : tensor<2x3xf32>
    ```
  }];
  let arguments = (ins NN_F32Tensor:$param, NN_F32Tensor:$grad,
                       NN_F32Tensor:$buffer, Optional<NN_F32Scalar>:$lr_scale,
                       F32Attr:$lr, F32Attr:$momentum,
                       DefaultValuedAttr<F32Attr, "0.0f">:$weight_decay);
  let results = (outs NN_F32Tensor:$result);
  let assemblyFormat = [{
    $param `,` $grad `,` $buffer (`scaled` $lr_scale^)? attr-dict `:`
    type($result) (`,` type($lr_scale)^)?
  }];
}

def NN_AdamMomentOp : NN_Op<"adam_moment", [SameOperandsAndResultType]> {
  let summary = "Adam moment: m' = β · m + (1 - β) · g (or g² with `squared`)";
  let description = [{
    g is the gradient plus weight_decay · p. Consumes the previous moment
    (optimizer state), the gradient and the parameter.

    ```mlir
    %m1 = nn.adam_moment %m, %dw, %w {beta = 9.000000e-01 : f32} : tensor<2x3xf32>
    %v1 = nn.adam_moment %v, %dw, %w {beta = 9.990000e-01 : f32, squared} : tensor<2x3xf32>
    ```
  }];
  let arguments = (ins NN_F32Tensor:$moment, NN_F32Tensor:$grad,
                       NN_F32Tensor:$param, F32Attr:$beta,
                       DefaultValuedAttr<F32Attr, "0.0f">:$weight_decay,
                       UnitAttr:$squared);
  let results = (outs NN_F32Tensor:$result);
  let assemblyFormat = "$moment `,` $grad `,` $param attr-dict `:` type($result)";
}

def NN_AdamUpdateOp : NN_Op<"adam_update", [AllTypesMatch<["param", "exp_avg", "exp_avg_sq", "result"]>]> {
  let summary = "Adam step: p' = p - lr · s / (1 - β1ᵗ) · m' / (sqrt(v') / sqrt(1 - β2ᵗ) + eps)";
  let description = [{
    Consumes the parameter, both moments after this step's update and the
    step count t (a scalar, already incremented); `s` is the optional
    scalar `lr_scale` (`scaled %s` after t), else 1.

    ```mlir
    %w1 = nn.adam_update %w, %m1, %v1, %t1 {lr = 1.000000e-03 : f32, beta1 = 9.000000e-01 : f32, beta2 = 9.990000e-01 : f32, eps = 9.99999993E-9 : f32} : tensor<2x3xf32>, tensor<f32>
    ```
  }];
  let arguments = (ins NN_F32Tensor:$param, NN_F32Tensor:$exp_avg,
                       NN_F32Tensor:$exp_avg_sq, NN_F32Scalar:$step,
                       Optional<NN_F32Scalar>:$lr_scale, F32Attr:$lr, F32Attr:$beta1, F32Attr:$beta2,
                       F32Attr:$eps);
  let results = (outs NN_F32Tensor:$result);
  let assemblyFormat = [{
    $param `,` $exp_avg `,` $exp_avg_sq `,` $step (`scaled` $lr_scale^)?
    attr-dict `:` type($result) `,` type($step) (`,` type($lr_scale)^)?
  }];
}

def NN_IncrementOp : NN_Op<"increment", [SameOperandsAndResultType]> {
  let summary = "x + 1: the optimizer's step count";
  let description = [{
    ```mlir
    %t1 = nn.increment %t : tensor<f32>
    ```
  }];
  let arguments = (ins NN_F32Tensor:$input);
  let results = (outs NN_F32Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($result)";
}

def NN_LRScheduleOp : NN_Op<"lr_schedule", [SameOperandsAndResultType]> {
  let summary = "Learning-rate factor of an epoch: lr(e) / base_lr";
  let description = [{
    Consumes the epoch index e (a scalar, from 0: optimizer state written
    by the trainer) and yields the factor s that the update ops multiply
    their `lr` (= `base_lr`) by, as PyTorch's schedulers stepped once per
    epoch:

    - `#nn.step_lr<step_size, gamma>` (StepLR): s = gamma^floor(e / step_size);
    - `#nn.cosine_lr<t_max, eta_min>` (CosineAnnealingLR):
      s = (eta_min + (base_lr - eta_min) · (1 + cos(π · e / t_max)) / 2) / base_lr.

    Epoch 0 always gives 1: a state region left at zero trains at base_lr.

    ```mlir
    %s = nn.lr_schedule %epoch {base_lr = 1.000000e-01 : f32, schedule = #nn.step_lr<step_size = 10 : i64, gamma = 5.000000e-01 : f32>} : tensor<f32>
    ```
  }];
  let arguments = (ins NN_F32Scalar:$epoch,
                       AnyAttrOf<[NN_StepLRAttr, NN_CosineLRAttr]>:$schedule,
                       F32Attr:$base_lr);
  let results = (outs NN_F32Scalar:$result);
  let assemblyFormat = "$epoch attr-dict `:` type($result)";
  let hasVerifier = 1;
}

#endif // NETC_NN_OPTIMIZER_OPS_TD
