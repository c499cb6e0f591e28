//===- NNConvOps.td - Convolutions and reshapes of the nn dialect -*- tablegen -*-===//
//
// conv1d and conv2d in PyTorch's layouts (input [N, C, L] / [N, C, H, W],
// weight [O, C, K] / [O, C, KH, KW], bias [O]), so weights load unchanged
// from a torch state_dict; flatten and the reshape its gradient needs.
//
// Padding is explicit zero padding with separate amounts before and after
// each spatial dimension: MLIRGen resolves `padding: same` to them (an even
// kernel pads one more after than before, as PyTorch does). Every spatial
// extent may be dynamic (a sequence length); an output extent that depends
// on a dynamic one is dynamic. Shape rules live in NNConvOps.cpp, VJPs in
// NNConvGradients.cpp.
//
// Included at the end of NNOps.td, so NN_Op and the tensor types are defined.
//
//===----------------------------------------------------------------------===//
#ifndef NETC_NN_CONV_OPS_TD
#define NETC_NN_CONV_OPS_TD

//===----------------------------------------------------------------------===//
// Forward ops
//===----------------------------------------------------------------------===//

def NN_Conv1dOp : NN_Op<"conv1d", [InferTypeOpAdaptor,
    DeclareOpInterfaceMethods<NN_DifferentiableOpInterface>]> {
  let summary = "1-D convolution (cross-correlation), PyTorch's Conv1d";
  let description = [{
    `input` is `[N, C, L]`, `weight` is `[O, C, K]`, the optional `bias` is
    `[O]`; the result is `[N, O, L']` with

        L' = (L + padding[0] + padding[1] - dilation·(K - 1) - 1) / stride + 1

    (floor), which must be positive. `padding` is `[begin, end]` zeros added
    around the input; `stride` and `dilation` are positive. L may be dynamic
    (`?`); then so is L'.

    ```mlir
    %y = nn.conv1d %x, %w, %b {stride = 3, padding = [0, 0], dilation = 1} : (tensor<?x4x12xf32>, tensor<8x4x3xf32>, tensor<8xf32>) -> tensor<?x8x4xf32>
    ```
  }];
  let arguments = (ins NN_F32Tensor:$input, NN_F32Tensor:$weight,
                       Optional<NN_F32Tensor>:$bias, I64Attr:$stride,
                       DenseI64ArrayAttr:$padding, I64Attr:$dilation);
  let results = (outs NN_F32Tensor:$result);
  let assemblyFormat = [{
    $input `,` $weight (`,` $bias^)?
    ` ` `{` `stride` `=` $stride `,` `padding` `=` $padding `,` `dilation` `=` $dilation `}`
    attr-dict `:` functional-type(operands, results)
  }];
}

def NN_Conv2dOp : NN_Op<"conv2d", [InferTypeOpAdaptor,
    DeclareOpInterfaceMethods<NN_DifferentiableOpInterface>]> {
  let summary = "2-D convolution (cross-correlation), PyTorch's Conv2d";
  let description = [{
    `input` is `[N, C, H, W]`, `weight` is `[O, C, KH, KW]`, the optional
    `bias` is `[O]`; the result is `[N, O, H', W']`, each output extent given
    by conv1d's rule for its dimension. `stride` and `dilation` are
    `[height, width]`; `padding` is `[top, bottom, left, right]`.

    ```mlir
    %y = nn.conv2d %x, %w {stride = [1, 1], padding = [1, 1, 1, 1], dilation = [1, 1]} : (tensor<?x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<?x4x8x8xf32>
    ```
  }];
  let arguments = (ins NN_F32Tensor:$input, NN_F32Tensor:$weight,
                       Optional<NN_F32Tensor>:$bias, DenseI64ArrayAttr:$stride,
                       DenseI64ArrayAttr:$padding,
                       DenseI64ArrayAttr:$dilation);
  let results = (outs NN_F32Tensor:$result);
  let assemblyFormat = [{
    $input `,` $weight (`,` $bias^)?
    ` ` `{` `stride` `=` $stride `,` `padding` `=` $padding `,` `dilation` `=` $dilation `}`
    attr-dict `:` functional-type(operands, results)
  }];
}

def NN_FlattenOp : NN_Op<"flatten", [InferTypeOpAdaptor,
    DeclareOpInterfaceMethods<NN_DifferentiableOpInterface>]> {
  let summary = "Collapses every dimension after the batch into one";
  let description = [{
    `[N, d1, d2, ...]` becomes `[N, d1·d2·...]` in row-major order (PyTorch's
    `Flatten()`); the feature count is dynamic if any `dᵢ` is.

    ```mlir
    %f = nn.flatten %x : tensor<?x8x4xf32> -> tensor<?x32xf32>
    ```
  }];
  let arguments = (ins NN_F32Tensor:$input);
  let results = (outs NN_F32Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
}

def NN_ReshapeOp : NN_Op<"reshape", [
    DeclareOpInterfaceMethods<NN_DifferentiableOpInterface>]> {
  let summary = "Reinterprets each example's elements in a new shape";
  let description = [{
    Keeps the batch (dimension 0) and the row-major order of the elements of
    each example; the result type gives the new shape. At most one non-batch
    result extent may be dynamic: it is the example's element count divided
    by the others (like -1 in torch.reshape). Built by the `reshape` layer
    (reshape(4, 50) of f32[N, 200] below) and as the gradient of nn.flatten
    and of nn.reshape itself (the reshape back). The verifier prints both
    element counts when they differ.

    ```mlir
    %x = nn.reshape %f : tensor<?x32xf32> -> tensor<?x8x4xf32>
    %y = nn.reshape %g : tensor<?x200xf32> -> tensor<?x4x50xf32>
    ```
  }];
  let arguments = (ins NN_F32Tensor:$input);
  let results = (outs NN_F32Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Gradient ops (built by nn-differentiate)
//===----------------------------------------------------------------------===//

def NN_Conv1dGradInputOp : NN_Op<"conv1d_grad_input", [InferTypeOpAdaptor]> {
  let summary = "Gradient of nn.conv1d w.r.t. its input";
  let description = [{
    dx[n, c, l] = Σ_{o, k} dy[n, o, (l + padding[0] - dilation·k) / stride] ·
    w[o, c, k] over the (o, k) where the division is exact and in range.
    Consumes the result gradient `dy` `[N, O, L']`, the forward `weight`
    `[O, C, K]` and the forward `input` `[N, C, L]`, of which only the shape
    is read (L is not recoverable from L' when the stride does not divide
    it); yields the input's type. Attributes are the forward op's.

    ```mlir
    %dx = nn.conv1d_grad_input %dy, %w, %x {stride = 3, padding = [0, 0], dilation = 1} : (tensor<?x8x4xf32>, tensor<8x4x3xf32>, tensor<?x4x12xf32>) -> tensor<?x4x12xf32>
    ```
  }];
  let arguments = (ins NN_F32Tensor:$result_grad, NN_F32Tensor:$weight,
                       NN_F32Tensor:$input, I64Attr:$stride,
                       DenseI64ArrayAttr:$padding, I64Attr:$dilation);
  let results = (outs NN_F32Tensor:$result);
  let assemblyFormat = [{
    $result_grad `,` $weight `,` $input
    ` ` `{` `stride` `=` $stride `,` `padding` `=` $padding `,` `dilation` `=` $dilation `}`
    attr-dict `:` functional-type(operands, results)
  }];
}

def NN_Conv1dGradWeightOp : NN_Op<"conv1d_grad_weight", [InferTypeOpAdaptor]> {
  let summary = "Gradient of nn.conv1d w.r.t. its weight";
  let description = [{
    dw[o, c, k] = Σ_{n, l'} dy[n, o, l'] · x_padded[n, c, l'·stride +
    k·dilation]. Consumes the result gradient `dy` `[N, O, L']` and the
    forward `input` `[N, C, L]`; `kernel` is K (the weight's last extent);
    yields `[O, C, K]`.

    ```mlir
    %dw = nn.conv1d_grad_weight %dy, %x {kernel = 3, stride = 3, padding = [0, 0], dilation = 1} : (tensor<?x8x4xf32>, tensor<?x4x12xf32>) -> tensor<8x4x3xf32>
    ```
  }];
  let arguments = (ins NN_F32Tensor:$result_grad, NN_F32Tensor:$input,
                       I64Attr:$kernel, I64Attr:$stride,
                       DenseI64ArrayAttr:$padding, I64Attr:$dilation);
  let results = (outs NN_F32Tensor:$result);
  let assemblyFormat = [{
    $result_grad `,` $input
    ` ` `{` `kernel` `=` $kernel `,` `stride` `=` $stride `,` `padding` `=` $padding `,` `dilation` `=` $dilation `}`
    attr-dict `:` functional-type(operands, results)
  }];
}

def NN_Conv1dGradBiasOp : NN_Op<"conv1d_grad_bias", [InferTypeOpAdaptor]> {
  let summary = "Gradient of nn.conv1d w.r.t. its bias: db = Σ_{n, l} dy";
  let description = [{
    Consumes only the result gradient `dy` `[N, O, L']`; yields `[O]`.

    ```mlir
    %db = nn.conv1d_grad_bias %dy : (tensor<?x8x4xf32>) -> tensor<8xf32>
    ```
  }];
  let arguments = (ins NN_F32Tensor:$result_grad);
  let results = (outs NN_F32Tensor:$result);
  let assemblyFormat = "$result_grad attr-dict `:` functional-type(operands, results)";
}

def NN_Conv2dGradInputOp : NN_Op<"conv2d_grad_input", [InferTypeOpAdaptor]> {
  let summary = "Gradient of nn.conv2d w.r.t. its input";
  let description = [{
    conv1d_grad_input's gather in both spatial dimensions. Consumes the
    result gradient `dy` `[N, O, H', W']`, the forward `weight`
    `[O, C, KH, KW]` and the forward `input` `[N, C, H, W]` (its shape only);
    yields the input's type. Attributes are the forward op's.

    ```mlir
    %dx = nn.conv2d_grad_input %dy, %w, %x {stride = [1, 1], padding = [1, 1, 1, 1], dilation = [1, 1]} : (tensor<?x4x8x8xf32>, tensor<4x3x3x3xf32>, tensor<?x3x8x8xf32>) -> tensor<?x3x8x8xf32>
    ```
  }];
  let arguments = (ins NN_F32Tensor:$result_grad, NN_F32Tensor:$weight,
                       NN_F32Tensor:$input, DenseI64ArrayAttr:$stride,
                       DenseI64ArrayAttr:$padding,
                       DenseI64ArrayAttr:$dilation);
  let results = (outs NN_F32Tensor:$result);
  let assemblyFormat = [{
    $result_grad `,` $weight `,` $input
    ` ` `{` `stride` `=` $stride `,` `padding` `=` $padding `,` `dilation` `=` $dilation `}`
    attr-dict `:` functional-type(operands, results)
  }];
}

def NN_Conv2dGradWeightOp : NN_Op<"conv2d_grad_weight", [InferTypeOpAdaptor]> {
  let summary = "Gradient of nn.conv2d w.r.t. its weight";
  let description = [{
    Consumes the result gradient `dy` `[N, O, H', W']` and the forward
    `input` `[N, C, H, W]`; `kernel` is `[KH, KW]`; yields `[O, C, KH, KW]`,
    summed over the batch and the output positions.

    ```mlir
    %dw = nn.conv2d_grad_weight %dy, %x {kernel = [3, 3], stride = [1, 1], padding = [1, 1, 1, 1], dilation = [1, 1]} : (tensor<?x4x8x8xf32>, tensor<?x3x8x8xf32>) -> tensor<4x3x3x3xf32>
    ```
  }];
  let arguments = (ins NN_F32Tensor:$result_grad, NN_F32Tensor:$input,
                       DenseI64ArrayAttr:$kernel, DenseI64ArrayAttr:$stride,
                       DenseI64ArrayAttr:$padding,
                       DenseI64ArrayAttr:$dilation);
  let results = (outs NN_F32Tensor:$result);
  let assemblyFormat = [{
    $result_grad `,` $input
    ` ` `{` `kernel` `=` $kernel `,` `stride` `=` $stride `,` `padding` `=` $padding `,` `dilation` `=` $dilation `}`
    attr-dict `:` functional-type(operands, results)
  }];
}

def NN_Conv2dGradBiasOp : NN_Op<"conv2d_grad_bias", [InferTypeOpAdaptor]> {
  let summary = "Gradient of nn.conv2d w.r.t. its bias: db = Σ_{n, h, w} dy";
  let description = [{
    Consumes only the result gradient `dy` `[N, O, H', W']`; yields `[O]`.

    ```mlir
    %db = nn.conv2d_grad_bias %dy : (tensor<?x4x8x8xf32>) -> tensor<4xf32>
    ```
  }];
  let arguments = (ins NN_F32Tensor:$result_grad);
  let results = (outs NN_F32Tensor:$result);
  let assemblyFormat = "$result_grad attr-dict `:` functional-type(operands, results)";
}

#endif // NETC_NN_CONV_OPS_TD
