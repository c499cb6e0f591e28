//===- NNActivationOps.td - Activations and logit losses ----*- tablegen -*-===//
//
// PyTorch's LeakyReLU, ELU, Softmax, LogSoftmax, a Maxout, and the losses
// that take logits (BCEWithLogitsLoss, CrossEntropyLoss with probability
// or class-index targets). Shape rules and verifiers live in NNActivationOps.cpp, VJPs in
// NNActivationGradients.cpp.
//
// Axes follow PyTorch: `axis` counts from 0 at the batch, and a negative
// axis counts from the end (-1 is the last); an axis outside
// [-rank, rank) is an error. Ops keep the axis as written; the lowering
// resolves it.
//
// Included at the end of NNOps.td, so NN_Op, the tensor types, the loss
// classes and NN_ReductionAttr are defined.
//
//===----------------------------------------------------------------------===//
#ifndef NETC_NN_ACTIVATION_OPS_TD
#define NETC_NN_ACTIVATION_OPS_TD

//===----------------------------------------------------------------------===//
// Pointwise activations with a parameter
//===----------------------------------------------------------------------===//

def NN_LeakyReluOp : NN_Op<"leaky_relu", [SameOperandsAndResultType,
    DeclareOpInterfaceMethods<NN_DifferentiableOpInterface>]> {
  let summary = "Elementwise x if x > 0, else slope · x (PyTorch's LeakyReLU)";
  let description = [{
    `slope` is PyTorch's `negative_slope` (default 0.01 in the language).

    ```mlir
    %y = nn.leaky_relu %x {slope = 0.01} : tensor<?x4xf32>
    ```
  }];
  let arguments = (ins NN_F32Tensor:$input, F32Attr:$slope);
  let results = (outs NN_F32Tensor:$result);
  let assemblyFormat = [{
    $input ` ` `{` `slope` `=` $slope `}` attr-dict `:` type($input)
  }];
}

def NN_EluOp : NN_Op<"elu", [SameOperandsAndResultType,
    DeclareOpInterfaceMethods<NN_DifferentiableOpInterface>]> {
  let summary = "Elementwise x if x > 0, else alpha · (exp(x) - 1) (PyTorch's ELU)";
  let description = [{
    ```mlir
    %y = nn.elu %x {alpha = 1.0} : tensor<?x4xf32>
    ```
  }];
  let arguments = (ins NN_F32Tensor:$input, F32Attr:$alpha);
  let results = (outs NN_F32Tensor:$result);
  let assemblyFormat = [{
    $input ` ` `{` `alpha` `=` $alpha `}` attr-dict `:` type($input)
  }];
}

//===----------------------------------------------------------------------===//
// Normalisations along an axis
//===----------------------------------------------------------------------===//

class NN_AxisOp<string mnemonic, string formula>
    : NN_Op<mnemonic, [SameOperandsAndResultType,
        DeclareOpInterfaceMethods<NN_DifferentiableOpInterface>]> {
  let summary = formula # " along one axis";
  let arguments = (ins NN_F32Tensor:$input, I64Attr:$axis);
  let results = (outs NN_F32Tensor:$result);
  let assemblyFormat = [{
    $input ` ` `{` `axis` `=` $axis `}` attr-dict `:` type($input)
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// The axis counted from 0 (a negative axis counts from the end).
    int64_t getResolvedAxis() {
      int64_t rank = ::llvm::cast<::mlir::RankedTensorType>(getType()).getRank();
      int64_t axis = getAxisAttr().getInt(); // getAxis() is unsigned
      return axis < 0 ? axis + rank : axis;
    }
  }];
}

def NN_SoftmaxOp : NN_AxisOp<"softmax", "exp(x) / Σ exp(x)"> {
  let description = [{
    PyTorch's `Softmax(dim=axis)`: every slice along `axis` becomes a
    probability distribution. Computed as `exp(x - m) / Σ exp(x - m)` with
    `m` the slice's maximum, so large logits do not overflow.

    ```mlir
    %y = nn.softmax %x {axis = 1} : tensor<?x10xf32>
    ```
  }];
}

def NN_LogSoftmaxOp : NN_AxisOp<"log_softmax", "x - log Σ exp(x)"> {
  let description = [{
    PyTorch's `LogSoftmax(dim=axis)`, numerically stable:
    `x - m - log Σ exp(x - m)` with `m` the slice's maximum.

    ```mlir
    %y = nn.log_softmax %x {axis = -1} : tensor<?x4x7xf32>
    ```
  }];
}

def NN_MaxoutOp : NN_Op<"maxout", [InferTypeOpAdaptor,
    DeclareOpInterfaceMethods<NN_DifferentiableOpInterface>]> {
  let summary = "Maximum over groups of `pieces` consecutive features of axis 1";
  let description = [{
    Goodfellow et al.'s maxout on `[N, C, ...]`: axis 1 is split into
    `C / pieces` groups of `pieces` consecutive features, and
    `y[n, j, ...] = max over k < pieces of x[n, j·pieces + k, ...]` — in
    PyTorch, `x.unflatten(1, (C // pieces, pieces)).max(2).values`, whose
    gradient, like nn.maxout_grad's, goes to the first maximum of a group.
    `C` must be a multiple of `pieces`; the result is `[N, C / pieces, ...]`.

    ```mlir
    %y = nn.maxout %x {pieces = 2} : tensor<?x6xf32> -> tensor<?x3xf32>
    ```
  }];
  let arguments = (ins NN_F32Tensor:$input, I64Attr:$pieces);
  let results = (outs NN_F32Tensor:$result);
  let assemblyFormat = [{
    $input ` ` `{` `pieces` `=` $pieces `}` attr-dict `:` type($input) `->` type($result)
  }];
}

//===----------------------------------------------------------------------===//
// Losses on logits
//===----------------------------------------------------------------------===//

def NN_BCEWithLogitsLossOp : NN_LossOp<"bce_with_logits_loss",
    "-(t·log σ(x) + (1 - t)·log(1 - σ(x)))"> {
  let description = [{
    PyTorch's `BCEWithLogitsLoss`: binary cross-entropy of the sigmoid of
    logits `x`, in the stable form `max(x, 0) - x·t + log(1 + exp(-|x|))`.
    Prediction and target have one shape. `reduction` as for `nn.mse_loss`.

    ```mlir
    %l = nn.bce_with_logits_loss %x, %t {reduction = "sum"} : tensor<?x1xf32>, tensor<?x1xf32> -> tensor<f32>
    ```
  }];
}

def NN_CrossEntropyLossOp : NN_LossOp<"cross_entropy_loss",
    "-Σ_c t·log_softmax(x)"> {
  let summary = "Cross-entropy of logits against class probabilities, axis 1";
  let description = [{
    PyTorch's `CrossEntropyLoss` with probability (or one-hot) targets: the
    prediction `x` is logits `[N, C]` or `[N, C, d...]` with the classes on
    axis 1, the target has the same shape, and each position `(n, d...)`
    contributes `-Σ_c t[n, c, d...] · log_softmax(x)[n, c, d...]`.
    `reduction = "mean"` (the default) divides the sum by the number of
    positions, `N · d...` (not by the number of elements), as PyTorch does;
    `"sum"` returns the sum.

    ```mlir
    %l = nn.cross_entropy_loss %x, %t : tensor<?x21x?xf32>, tensor<?x21x?xf32> -> tensor<f32>
    ```
  }];
}

def NN_CrossEntropyIndexLossOp : NN_LossOp<"cross_entropy_index_loss",
    "lse(x) - x[target class]"> {
  let summary = "Cross-entropy of logits against class indices, axis 1";
  let description = [{
    PyTorch's `CrossEntropyLoss` with class-index targets (a LongTensor in
    PyTorch, f32 integers here): the prediction `x` is logits `[N, C]` or
    `[N, C, d...]` with the classes on axis 1, the target is `[N]` or
    `[N, d...]` (the prediction's shape without axis 1) holding one class
    in [0, C) per position, and each position contributes
    `log Σ_c exp(x[n, c, d...]) - x[n, t[n, d...], d...]`. Indices are
    checked when the data is loaded; the lowering clamps them into range.
    `reduction` as for `nn.cross_entropy_loss` (the mean is over positions).

    ```mlir
    %l = nn.cross_entropy_index_loss %x, %t : tensor<?x10xf32>, tensor<?xf32> -> tensor<f32>
    ```
  }];
}

//===----------------------------------------------------------------------===//
// Gradient ops (built by nn-differentiate)
//===----------------------------------------------------------------------===//

def NN_LeakyReluGradOp : NN_Op<"leaky_relu_grad", [SameOperandsAndResultType]> {
  let summary = "Gradient of nn.leaky_relu: dy if x > 0, else slope · dy";
  let description = [{
    Consumes the result gradient `dy` and the forward input `x` (the sign
    of x picks the branch; x = 0 takes `slope`, as PyTorch does).

    ```mlir
    %dx = nn.leaky_relu_grad %dy, %x {slope = 0.01} : tensor<?x4xf32>
    ```
  }];
  let arguments = (ins NN_F32Tensor:$result_grad, NN_F32Tensor:$input,
                       F32Attr:$slope);
  let results = (outs NN_F32Tensor:$result);
  let assemblyFormat = [{
    $result_grad `,` $input ` ` `{` `slope` `=` $slope `}` attr-dict `:` type($result)
  }];
}

def NN_EluGradOp : NN_Op<"elu_grad", [SameOperandsAndResultType]> {
  let summary = "Gradient of nn.elu: dy if x > 0, else alpha · exp(x) · dy";
  let description = [{
    Consumes the result gradient `dy` and the forward input `x`. The input,
    not the output, is kept: with a negative `alpha` the output's sign no
    longer tells the branch.

    ```mlir
    %dx = nn.elu_grad %dy, %x {alpha = 1.0} : tensor<?x4xf32>
    ```
  }];
  let arguments = (ins NN_F32Tensor:$result_grad, NN_F32Tensor:$input,
                       F32Attr:$alpha);
  let results = (outs NN_F32Tensor:$result);
  let assemblyFormat = [{
    $result_grad `,` $input ` ` `{` `alpha` `=` $alpha `}` attr-dict `:` type($result)
  }];
}

class NN_AxisGradOp<string mnemonic, string forward, string formula>
    : NN_Op<mnemonic, [SameOperandsAndResultType]> {
  let summary = "Gradient of nn." # forward # ": " # formula;
  let arguments = (ins NN_F32Tensor:$result_grad, NN_F32Tensor:$output,
                       I64Attr:$axis);
  let results = (outs NN_F32Tensor:$result);
  let assemblyFormat = [{
    $result_grad `,` $output ` ` `{` `axis` `=` $axis `}` attr-dict `:` type($result)
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// The axis counted from 0 (a negative axis counts from the end).
    int64_t getResolvedAxis() {
      int64_t rank = ::llvm::cast<::mlir::RankedTensorType>(getType()).getRank();
      int64_t axis = getAxisAttr().getInt(); // getAxis() is unsigned
      return axis < 0 ? axis + rank : axis;
    }
  }];
}

def NN_SoftmaxGradOp : NN_AxisGradOp<"softmax_grad", "softmax",
                                     "y · (dy - Σ dy·y)"> {
  let description = [{
    Consumes the result gradient `dy` and the forward output `y` (the
    probabilities); the sum runs along `axis`, the forward op's axis.

    ```mlir
    %dx = nn.softmax_grad %dy, %y {axis = 1} : tensor<?x10xf32>
    ```
  }];
}

def NN_LogSoftmaxGradOp : NN_AxisGradOp<"log_softmax_grad", "log_softmax",
                                        "dy - exp(y) · Σ dy"> {
  let description = [{
    Consumes the result gradient `dy` and the forward output `y` (the
    log-probabilities, so `exp(y)` is softmax(x) without recomputing it);
    the sum runs along `axis`, the forward op's axis.

    ```mlir
    %dx = nn.log_softmax_grad %dy, %y {axis = -1} : tensor<?x4x7xf32>
    ```
  }];
}

def NN_MaxoutGradOp : NN_Op<"maxout_grad", [InferTypeOpAdaptor]> {
  let summary = "Gradient of nn.maxout w.r.t. its input";
  let description = [{
    Consumes the result gradient `dy` `[N, C / pieces, ...]` and the forward
    input `x` `[N, C, ...]`, whose values locate each group's maximum: the
    whole of `dy[n, j, ...]` goes to `x[n, j·pieces + k, ...]` for the
    first k (smallest) holding the group's maximum, every other element
    gets 0. Yields a tensor of the input's type.

    ```mlir
    %dx = nn.maxout_grad %dy, %x {pieces = 2} : (tensor<?x3xf32>, tensor<?x6xf32>) -> tensor<?x6xf32>
    ```
  }];
  let arguments = (ins NN_F32Tensor:$result_grad, NN_F32Tensor:$input,
                       I64Attr:$pieces);
  let results = (outs NN_F32Tensor:$result);
  let assemblyFormat = [{
    $result_grad `,` $input ` ` `{` `pieces` `=` $pieces `}` attr-dict
    `:` functional-type(operands, results)
  }];
}

def NN_BCEWithLogitsLossGradOp : NN_LossGradOp<"bce_with_logits_loss_grad",
    "bce_with_logits_loss", "dl · (σ(x) - t) / count">;

def NN_CrossEntropyLossGradOp : NN_LossGradOp<"cross_entropy_loss_grad",
    "cross_entropy_loss", "dl · (softmax(x) · Σ_c t - t) / count"> {
  let description = [{
    Consumes the scalar loss gradient, the forward prediction (logits; the
    softmax along axis 1 is recomputed from them) and the target; yields a
    tensor of the prediction's type. `count` is the number of positions
    for `reduction = "mean"`, 1 for `"sum"`. `Σ_c t` is 1 for probability
    targets; kept so that any target gets PyTorch's gradient.
  }];
}

def NN_CrossEntropyIndexLossGradOp : NN_LossGradOp<"cross_entropy_index_loss_grad",
    "cross_entropy_index_loss", "dl · (softmax(x) - onehot(t)) / count"> {
  let description = [{
    Consumes the scalar loss gradient, the forward prediction (logits; the
    softmax along axis 1 is recomputed from them) and the class-index
    target (the prediction's shape without axis 1); yields a tensor of the
    prediction's type. `count` is the number of positions for
    `reduction = "mean"`, 1 for `"sum"`.

    ```mlir
    %dx = nn.cross_entropy_index_loss_grad %dl, %x, %t : (tensor<f32>, tensor<?x10xf32>, tensor<?xf32>) -> tensor<?x10xf32>
    ```
  }];
}

#endif // NETC_NN_ACTIVATION_OPS_TD
