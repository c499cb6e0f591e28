//===- NNOps.td - Operations of the nn dialect --------------*- tablegen -*-===//
//
// Forward ops implement DifferentiableOpInterface; their gradient ops are
// ordinary ops of this dialect and say which forward values they consume.
// Result types are inferred (InferTypeOpAdaptor): the shape rules live in
// NNOps.cpp, once, and both builders and the verifier use them.
//
//===----------------------------------------------------------------------===//
#ifndef NETC_NN_OPS_TD
#define NETC_NN_OPS_TD

include "compiler/dialect/NNDialect.td"
include "compiler/dialect/NNInterfaces.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "mlir/Interfaces/InferTypeOpInterface.td"

def NN_F32Tensor : RankedTensorOf<[F32]>;
def NN_F32Scalar : 0DTensorOf<[F32]>;

class NN_Op<string mnemonic, list<Trait> traits = []>
    : Op<NN_Dialect, mnemonic, !listconcat([Pure], traits)>;

//===----------------------------------------------------------------------===//
// Layers
//===----------------------------------------------------------------------===//

def NN_LinearOp : NN_Op<"linear", [InferTypeOpAdaptor,
    DeclareOpInterfaceMethods<NN_DifferentiableOpInterface>]> {
  let summary = "Fully connected layer: y = x · Wᵀ + b";
  let description = [{
    `input` is `[N, in]`, `weight` is `[out, in]` (PyTorch's layout, so
    checkpoints move unchanged), the optional `bias` is `[out]`; the result is
    `[N, out]`.

    ```mlir
    %y = nn.linear %x, %w, %b : (tensor<?x3xf32>, tensor<2x3xf32>, tensor<2xf32>) -> tensor<?x2xf32>
    ```
  }];
  let arguments = (ins NN_F32Tensor:$input, NN_F32Tensor:$weight,
                       Optional<NN_F32Tensor>:$bias);
  let results = (outs NN_F32Tensor:$result);
  let assemblyFormat = [{
    $input `,` $weight (`,` $bias^)? attr-dict `:` functional-type(operands, results)
  }];
}

class NN_ActivationOp<string mnemonic, string formula>
    : NN_Op<mnemonic, [SameOperandsAndResultType,
        DeclareOpInterfaceMethods<NN_DifferentiableOpInterface>]> {
  let summary = "Elementwise " # formula;
  let arguments = (ins NN_F32Tensor:$input);
  let results = (outs NN_F32Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input)";
}

def NN_ReluOp : NN_ActivationOp<"relu", "max(x, 0)"> {
  let description = [{
    ```mlir
    %y = nn.relu %x : tensor<?x4xf32>
    ```
  }];
}

def NN_SigmoidOp : NN_ActivationOp<"sigmoid", "1 / (1 + exp(-x))"> {
  let description = [{
    ```mlir
    %y = nn.sigmoid %x : tensor<?x1xf32>
    ```
  }];
}

def NN_TanhOp : NN_ActivationOp<"tanh", "tanh(x)"> {
  let description = [{
    ```mlir
    %y = nn.tanh %x : tensor<?x8xf32>
    ```
  }];
}

def NN_AddOp : NN_Op<"add", [SameOperandsAndResultType, Commutative,
    DeclareOpInterfaceMethods<NN_DifferentiableOpInterface>]> {
  let summary = "Elementwise sum of two tensors of one type";
  let description = [{
    Residual connections, and the accumulation of gradients of a value used
    more than once.

    ```mlir
    %s = nn.add %a, %b : tensor<?x4xf32>
    ```
  }];
  let arguments = (ins NN_F32Tensor:$lhs, NN_F32Tensor:$rhs);
  let results = (outs NN_F32Tensor:$result);
  let assemblyFormat = "$lhs `,` $rhs attr-dict `:` type($result)";
}

//===----------------------------------------------------------------------===//
// Losses: the mean (or, with reduction = "sum", the sum) over every
// element, a scalar result.
//===----------------------------------------------------------------------===//

/// PyTorch's `reduction` of a loss: "mean" (the default, left out when
/// printed) or "sum".
def NN_ReductionAttr : DefaultValuedStrAttr<ConfinedAttr<StrAttr, [
    AttrConstraint<CPred<"::llvm::is_contained({\"mean\", \"sum\"}, "
                         "::llvm::cast<::mlir::StringAttr>($_self).getValue())">,
                   "whose value is \"mean\" or \"sum\"">]>, "mean">;

class NN_LossOp<string mnemonic, string formula>
    : NN_Op<mnemonic, [InferTypeOpAdaptor,
        DeclareOpInterfaceMethods<NN_DifferentiableOpInterface>]> {
  let summary = "Mean (or sum) of " # formula # " over all elements";
  let arguments = (ins NN_F32Tensor:$prediction, NN_F32Tensor:$target,
                       NN_ReductionAttr:$reduction);
  let results = (outs NN_F32Scalar:$result);
  let assemblyFormat = [{
    $prediction `,` $target attr-dict `:` type($prediction) `,` type($target) `->` type($result)
  }];
  let extraClassDeclaration = [{
    /// True for reduction = "sum"; false for the mean.
    bool isSumReduction() { return getReduction() == "sum"; }
  }];
}

def NN_MSELossOp : NN_LossOp<"mse_loss", "(p - t)²"> {
  let description = [{
    PyTorch's `MSELoss`. Prediction and target have one shape (the batch
    dimension may be dynamic in either). `reduction` is PyTorch's: "mean"
    (the default) divides the sum by the number of elements, "sum" does not.

    ```mlir
    %l = nn.mse_loss %p, %t : tensor<?x1xf32>, tensor<?x1xf32> -> tensor<f32>
    %s = nn.mse_loss %p, %t {reduction = "sum"} : tensor<?x1xf32>, tensor<?x1xf32> -> tensor<f32>
    ```
  }];
}

def NN_BCELossOp : NN_LossOp<"bce_loss", "-(t·log p + (1 - t)·log(1 - p))"> {
  let description = [{
    PyTorch's `BCELoss` on probabilities, `reduction` as for `nn.mse_loss`;
    like PyTorch the logarithms are clamped at -100 so p = 0 or 1 gives a
    finite loss.

    ```mlir
    %l = nn.bce_loss %p, %t : tensor<?x1xf32>, tensor<?x1xf32> -> tensor<f32>
    ```
  }];
}

//===----------------------------------------------------------------------===//
// Gradient ops (built by nn-differentiate)
//===----------------------------------------------------------------------===//

def NN_LinearGradInputOp : NN_Op<"linear_grad_input", [InferTypeOpAdaptor]> {
  let summary = "Gradient of nn.linear w.r.t. its input: dx = dy · W";
  let description = [{
    Consumes the result gradient `dy` `[N, out]` and the forward `weight`
    `[out, in]`; yields `[N, in]`.

    ```mlir
    %dx = nn.linear_grad_input %dy, %w : (tensor<?x2xf32>, tensor<2x3xf32>) -> tensor<?x3xf32>
    ```
  }];
  let arguments = (ins NN_F32Tensor:$result_grad, NN_F32Tensor:$weight);
  let results = (outs NN_F32Tensor:$result);
  let assemblyFormat = "$result_grad `,` $weight attr-dict `:` functional-type(operands, results)";
}

def NN_LinearGradWeightOp : NN_Op<"linear_grad_weight", [InferTypeOpAdaptor]> {
  let summary = "Gradient of nn.linear w.r.t. its weight: dW = dyᵀ · x";
  let description = [{
    Consumes the result gradient `dy` `[N, out]` and the forward `input`
    `[N, in]`; yields `[out, in]`, summed over the batch.

    ```mlir
    %dw = nn.linear_grad_weight %dy, %x : (tensor<?x2xf32>, tensor<?x3xf32>) -> tensor<2x3xf32>
    ```
  }];
  let arguments = (ins NN_F32Tensor:$result_grad, NN_F32Tensor:$input);
  let results = (outs NN_F32Tensor:$result);
  let assemblyFormat = "$result_grad `,` $input attr-dict `:` functional-type(operands, results)";
}

def NN_LinearGradBiasOp : NN_Op<"linear_grad_bias", [InferTypeOpAdaptor]> {
  let summary = "Gradient of nn.linear w.r.t. its bias: db = Σₙ dy";
  let description = [{
    Consumes only the result gradient `dy` `[N, out]`; yields `[out]`.

    ```mlir
    %db = nn.linear_grad_bias %dy : (tensor<?x2xf32>) -> tensor<2xf32>
    ```
  }];
  let arguments = (ins NN_F32Tensor:$result_grad);
  let results = (outs NN_F32Tensor:$result);
  let assemblyFormat = "$result_grad attr-dict `:` functional-type(operands, results)";
}

class NN_ActivationGradOp<string mnemonic, string forward, string consumed,
                          string formula>
    : NN_Op<mnemonic, [SameOperandsAndResultType]> {
  let summary = "Gradient of nn." # forward # ": " # formula;
  let description = [{
    Consumes the result gradient and the forward op's }] # consumed # [{;
    all three share one type.
  }];
  let arguments = (ins NN_F32Tensor:$result_grad, NN_F32Tensor:$forward_value);
  let results = (outs NN_F32Tensor:$result);
  let assemblyFormat = "$result_grad `,` $forward_value attr-dict `:` type($result)";
}

def NN_ReluGradOp : NN_ActivationGradOp<"relu_grad", "relu", "input x",
                                        "dy · [x > 0]">;
def NN_SigmoidGradOp : NN_ActivationGradOp<"sigmoid_grad", "sigmoid",
                                           "output y", "dy · y · (1 - y)">;
def NN_TanhGradOp : NN_ActivationGradOp<"tanh_grad", "tanh", "output y",
                                        "dy · (1 - y²)">;

class NN_LossGradOp<string mnemonic, string forward, string formula>
    : NN_Op<mnemonic, [InferTypeOpAdaptor]> {
  let summary = "Gradient of nn." # forward # " w.r.t. the prediction: " # formula;
  let description = [{
    Consumes the scalar loss gradient, the forward prediction and target;
    yields a tensor of the prediction's type. `reduction` is the forward
    op's: `count` is the number of elements for "mean", 1 for "sum".
  }];
  let arguments = (ins NN_F32Scalar:$loss_grad, NN_F32Tensor:$prediction,
                       NN_F32Tensor:$target, NN_ReductionAttr:$reduction);
  let results = (outs NN_F32Tensor:$result);
  let assemblyFormat = [{
    $loss_grad `,` $prediction `,` $target attr-dict `:` functional-type(operands, results)
  }];
  let extraClassDeclaration = [{
    /// True for reduction = "sum" (no division by the count).
    bool isSumReduction() { return getReduction() == "sum"; }
  }];
}

def NN_MSELossGradOp : NN_LossGradOp<"mse_loss_grad", "mse_loss",
                                     "dl · 2(p - t) / count">;
def NN_BCELossGradOp : NN_LossGradOp<"bce_loss_grad", "bce_loss",
    "dl · (p - t) / max(p(1 - p), 1e-12) / count">;

include "compiler/dialect/NNOptimizerOps.td"

include "compiler/dialect/NNConvOps.td"

include "compiler/dialect/NNPoolOps.td"

include "compiler/dialect/NNActivationOps.td"

include "compiler/dialect/NNNormOps.td"

include "compiler/dialect/NNDropoutOps.td"

include "compiler/dialect/NNGraphOps.td"

#endif // NETC_NN_OPS_TD
