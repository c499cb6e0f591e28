//===- NNOptimizerOps.td - Optimizer updates ----------------*- tablegen -*-===//
//
// Built by nn-apply-optimizer from the module's optimizer attribute. Each is
// elementwise over one parameter, so a whole update fuses into one loop.
// The formulas are PyTorch's (torch.optim.SGD and Adam, in their documented
// order of operations) so that training matches it step for step.
//
//===----------------------------------------------------------------------===//
#ifndef NETC_NN_OPTIMIZER_OPS_TD
#define NETC_NN_OPTIMIZER_OPS_TD

def NN_SGDUpdateOp : NN_Op<"sgd_update", [SameOperandsAndResultType]> {
  let summary = "SGD step: p' = p - lr · (d + weight_decay · p)";
  let description = [{
    `direction` is the gradient, or the momentum buffer when SGD has
    momentum (whose weight decay is then already inside the buffer).

    ```mlir
    %w1 = nn.sgd_update %w, %dw {lr = 1.000000e-01 : f32} : tensor<2x3xf32>
    ```
  }];
  let arguments = (ins NN_F32Tensor:$param, NN_F32Tensor:$direction,
                       F32Attr:$lr,
                       DefaultValuedAttr<F32Attr, "0.0f">:$weight_decay);
  let results = (outs NN_F32Tensor:$result);
  let assemblyFormat = "$param `,` $direction attr-dict `:` type($result)";
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

def NN_NesterovUpdateOp : NN_Op<"nesterov_update", [SameOperandsAndResultType]> {
  let summary = "Nesterov SGD step: p' = p - lr · (g + weight_decay · p + momentum · b')";
  let description = [{
    Consumes the parameter, its gradient and the momentum buffer after this
    step's update.

    ```mlir
    %w1 = nn.nesterov_update %w, %dw, %b1 {lr = 1.000000e-01 : f32, momentum = 9.000000e-01 : f32} : tensor<2x3xf32>
    ```
  }];
  let arguments = (ins NN_F32Tensor:$param, NN_F32Tensor:$grad,
                       NN_F32Tensor:$buffer, F32Attr:$lr, F32Attr:$momentum,
                       DefaultValuedAttr<F32Attr, "0.0f">:$weight_decay);
  let results = (outs NN_F32Tensor:$result);
  let assemblyFormat = "$param `,` $grad `,` $buffer attr-dict `:` type($result)";
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
  let summary = "Adam step: p' = p - lr / (1 - β1ᵗ) · m' / (sqrt(v') / sqrt(1 - β2ᵗ) + eps)";
  let description = [{
    Consumes the parameter, both moments after this step's update and the
    step count t (a scalar, already incremented).

    ```mlir
    %w1 = nn.adam_update %w, %m1, %v1, %t1 {lr = 1.000000e-03 : f32, beta1 = 9.000000e-01 : f32, beta2 = 9.990000e-01 : f32, eps = 9.99999993E-9 : f32} : tensor<2x3xf32>, tensor<f32>
    ```
  }];
  let arguments = (ins NN_F32Tensor:$param, NN_F32Tensor:$exp_avg,
                       NN_F32Tensor:$exp_avg_sq, NN_F32Scalar:$step,
                       F32Attr:$lr, F32Attr:$beta1, F32Attr:$beta2,
                       F32Attr:$eps);
  let results = (outs NN_F32Tensor:$result);
  let assemblyFormat = [{
    $param `,` $exp_avg `,` $exp_avg_sq `,` $step attr-dict `:` type($result) `,` type($step)
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

#endif // NETC_NN_OPTIMIZER_OPS_TD
