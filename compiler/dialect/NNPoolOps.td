//===- NNPoolOps.td - Pooling ops of the nn dialect --------*- tablegen -*-===//
//
// Included at the end of NNOps.td (it uses NN_Op and NN_F32Tensor from
// there). PyTorch's semantics without padding: a window of `kernel` elements
// slides by `stride`; along an input extent L there are
// floor((L - kernel) / stride) + 1 windows, and L < kernel is an error.
// Layouts are PyTorch's: [N, C, L] for 1-d, [N, C, H, W] for 2-d, and
// [N, C, spatial...] for the global ops. Spatial extents may be dynamic; the
// shape rules (NNPoolOps.cpp) then answer `?` for what depends on them.
//
// A gradient op's value at an input element is a sum over the windows that
// contain it, so the lowering gathers (reads) instead of scattering.
//
//===----------------------------------------------------------------------===//
#ifndef NETC_NN_POOL_OPS_TD
#define NETC_NN_POOL_OPS_TD

//===----------------------------------------------------------------------===//
// Windowed pooling
//===----------------------------------------------------------------------===//

class NN_Pool1dOp<string mnemonic, string reduction>
    : NN_Op<mnemonic, [InferTypeOpAdaptor,
        DeclareOpInterfaceMethods<NN_DifferentiableOpInterface>]> {
  let summary = reduction # " over windows along L of [N, C, L]";
  let arguments = (ins NN_F32Tensor:$input, I64Attr:$kernel, I64Attr:$stride);
  let results = (outs NN_F32Tensor:$result);
  let assemblyFormat = [{
    $input ` ` `{` `kernel` `=` $kernel `,` `stride` `=` $stride `}` attr-dict
    `:` type($input) `->` type($result)
  }];
}

class NN_Pool2dOp<string mnemonic, string reduction>
    : NN_Op<mnemonic, [InferTypeOpAdaptor,
        DeclareOpInterfaceMethods<NN_DifferentiableOpInterface>]> {
  let summary = reduction # " over [h, w] windows of [N, C, H, W]";
  let arguments = (ins NN_F32Tensor:$input, DenseI64ArrayAttr:$kernel,
                       DenseI64ArrayAttr:$stride);
  let results = (outs NN_F32Tensor:$result);
  let assemblyFormat = [{
    $input ` ` `{` `kernel` `=` $kernel `,` `stride` `=` $stride `}` attr-dict
    `:` type($input) `->` type($result)
  }];
}

def NN_MaxPool1dOp : NN_Pool1dOp<"maxpool1d", "Maximum"> {
  let description = [{
    PyTorch's `MaxPool1d(kernel, stride)` without padding or dilation:
    `y[n, c, o] = max over k < kernel of x[n, c, o·stride + k]`. The result
    is `[N, C, floor((L - kernel) / stride) + 1]`.

    ```mlir
    %y = nn.maxpool1d %x {kernel = 3, stride = 2} : tensor<?x2x12xf32> -> tensor<?x2x5xf32>
    ```
  }];
}

def NN_AvgPool1dOp : NN_Pool1dOp<"avgpool1d", "Mean"> {
  let description = [{
    PyTorch's `AvgPool1d(kernel, stride)` without padding: the sum of each
    window divided by `kernel`. Shapes as for `nn.maxpool1d`.

    ```mlir
    %y = nn.avgpool1d %x {kernel = 2, stride = 2} : tensor<?x3x8xf32> -> tensor<?x3x4xf32>
    ```
  }];
}

def NN_MaxPool2dOp : NN_Pool2dOp<"maxpool2d", "Maximum"> {
  let description = [{
    PyTorch's `MaxPool2d(kernel, stride)` without padding or dilation;
    `kernel` and `stride` are `[height, width]`. Each spatial extent E
    becomes `floor((E - kernel) / stride) + 1`.

    ```mlir
    %y = nn.maxpool2d %x {kernel = [2, 2], stride = [2, 2]} : tensor<?x3x8x7xf32> -> tensor<?x3x4x3xf32>
    ```
  }];
}

def NN_AvgPool2dOp : NN_Pool2dOp<"avgpool2d", "Mean"> {
  let description = [{
    PyTorch's `AvgPool2d(kernel, stride)` without padding: each window's sum
    divided by `kernel[0] · kernel[1]`. Shapes as for `nn.maxpool2d`.

    ```mlir
    %y = nn.avgpool2d %x {kernel = [3, 3], stride = [1, 1]} : tensor<?x2x5x5xf32> -> tensor<?x2x3x3xf32>
    ```
  }];
}

//===----------------------------------------------------------------------===//
// Global pooling
//===----------------------------------------------------------------------===//

class NN_GlobalPoolOp<string mnemonic, string reduction>
    : NN_Op<mnemonic, [InferTypeOpAdaptor,
        DeclareOpInterfaceMethods<NN_DifferentiableOpInterface>]> {
  let summary = reduction # " over every spatial position: [N, C, ...] to "
                # "[N, C]";
  let arguments = (ins NN_F32Tensor:$input);
  let results = (outs NN_F32Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
}

def NN_GlobalMaxPoolOp : NN_GlobalPoolOp<"global_maxpool", "Maximum"> {
  let description = [{
    `AdaptiveMaxPool{1,2}d(1)` followed by flattening: the input has rank 3
    or more (`[N, C, spatial...]`), the result is `[N, C]`.

    ```mlir
    %y = nn.global_maxpool %x : tensor<?x4x5x5xf32> -> tensor<?x4xf32>
    ```
  }];
}

def NN_GlobalAvgPoolOp : NN_GlobalPoolOp<"global_avgpool", "Mean"> {
  let description = [{
    `AdaptiveAvgPool{1,2}d(1)` followed by flattening: the mean over every
    spatial position. Shapes as for `nn.global_maxpool`.

    ```mlir
    %y = nn.global_avgpool %x : tensor<?x8x?xf32> -> tensor<?x8xf32>
    ```
  }];
}

//===----------------------------------------------------------------------===//
// Gradient ops (built by nn-differentiate)
//===----------------------------------------------------------------------===//

class NN_Pool1dGradOp<string mnemonic, string forward>
    : NN_Op<mnemonic, [InferTypeOpAdaptor]> {
  let summary = "Gradient of nn." # forward # " w.r.t. its input";
  let arguments = (ins NN_F32Tensor:$result_grad, NN_F32Tensor:$input,
                       I64Attr:$kernel, I64Attr:$stride);
  let results = (outs NN_F32Tensor:$result);
  let assemblyFormat = [{
    $result_grad `,` $input
    ` ` `{` `kernel` `=` $kernel `,` `stride` `=` $stride `}` attr-dict
    `:` functional-type(operands, results)
  }];
}

class NN_Pool2dGradOp<string mnemonic, string forward>
    : NN_Op<mnemonic, [InferTypeOpAdaptor]> {
  let summary = "Gradient of nn." # forward # " w.r.t. its input";
  let arguments = (ins NN_F32Tensor:$result_grad, NN_F32Tensor:$input,
                       DenseI64ArrayAttr:$kernel, DenseI64ArrayAttr:$stride);
  let results = (outs NN_F32Tensor:$result);
  let assemblyFormat = [{
    $result_grad `,` $input
    ` ` `{` `kernel` `=` $kernel `,` `stride` `=` $stride `}` attr-dict
    `:` functional-type(operands, results)
  }];
}

def NN_MaxPool1dGradOp : NN_Pool1dGradOp<"maxpool1d_grad", "maxpool1d"> {
  let description = [{
    Consumes the result gradient `dy` `[N, C, Lo]` and the forward input `x`
    `[N, C, L]`, whose values locate each window's maximum. As in PyTorch,
    the whole gradient of a window goes to one element, its first maximum
    in window order; with overlapping windows (stride < kernel) an element
    sums the gradients of every window whose maximum it is:
    `dx[i] = Σ over windows o containing i of dy[o] · [i = argmax(o)]`.

    ```mlir
    %dx = nn.maxpool1d_grad %dy, %x {kernel = 3, stride = 2} : (tensor<?x2x5xf32>, tensor<?x2x12xf32>) -> tensor<?x2x12xf32>
    ```
  }];
}

def NN_AvgPool1dGradOp : NN_Pool1dGradOp<"avgpool1d_grad", "avgpool1d"> {
  let description = [{
    Consumes the result gradient `dy` `[N, C, Lo]` and the forward input `x`
    `[N, C, L]` for its shape only (L is not determined by Lo):
    `dx[i] = Σ over windows o containing i of dy[o] / kernel`.

    ```mlir
    %dx = nn.avgpool1d_grad %dy, %x {kernel = 2, stride = 2} : (tensor<?x3x4xf32>, tensor<?x3x8xf32>) -> tensor<?x3x8xf32>
    ```
  }];
}

def NN_MaxPool2dGradOp : NN_Pool2dGradOp<"maxpool2d_grad", "maxpool2d"> {
  let description = [{
    Consumes the result gradient `dy` `[N, C, Ho, Wo]` and the forward input
    `x` `[N, C, H, W]`, whose values locate each window's maximum. Each
    window's gradient goes to its first maximum in row-major window order
    (PyTorch's choice among ties); overlapping windows accumulate.

    ```mlir
    %dx = nn.maxpool2d_grad %dy, %x {kernel = [2, 2], stride = [2, 2]} : (tensor<?x3x4x3xf32>, tensor<?x3x8x7xf32>) -> tensor<?x3x8x7xf32>
    ```
  }];
}

def NN_AvgPool2dGradOp : NN_Pool2dGradOp<"avgpool2d_grad", "avgpool2d"> {
  let description = [{
    Consumes the result gradient `dy` `[N, C, Ho, Wo]` and the forward input
    `x` `[N, C, H, W]` for its shape only: each element receives
    `dy / (kernel[0] · kernel[1])` from every window that contains it.

    ```mlir
    %dx = nn.avgpool2d_grad %dy, %x {kernel = [3, 3], stride = [1, 1]} : (tensor<?x2x3x3xf32>, tensor<?x2x5x5xf32>) -> tensor<?x2x5x5xf32>
    ```
  }];
}

def NN_GlobalMaxPoolGradOp
    : NN_Op<"global_maxpool_grad", [InferTypeOpAdaptor]> {
  let summary = "Gradient of nn.global_maxpool w.r.t. its input";
  let description = [{
    Consumes the result gradient `dy` `[N, C]` and the forward input `x`
    `[N, C, spatial...]`, whose values locate each channel's maximum:
    `dy[n, c]` goes to the first maximum of `x[n, c]` in row-major order,
    every other element gets 0. Yields a tensor of the input's type.

    ```mlir
    %dx = nn.global_maxpool_grad %dy, %x : (tensor<?x4xf32>, tensor<?x4x5x5xf32>) -> tensor<?x4x5x5xf32>
    ```
  }];
  let arguments = (ins NN_F32Tensor:$result_grad, NN_F32Tensor:$input);
  let results = (outs NN_F32Tensor:$result);
  let assemblyFormat = [{
    $result_grad `,` $input attr-dict `:` functional-type(operands, results)
  }];
}

def NN_GlobalAvgPoolGradOp
    : NN_Op<"global_avgpool_grad", [InferTypeOpAdaptor]> {
  let summary = "Gradient of nn.global_avgpool w.r.t. its input";
  let description = [{
    Consumes the result gradient `dy` `[N, C]` and the forward input `x`
    `[N, C, spatial...]` for its shape only: every element of `x[n, c]`
    receives `dy[n, c]` divided by the number of spatial positions.

    ```mlir
    %dx = nn.global_avgpool_grad %dy, %x : (tensor<?x8xf32>, tensor<?x8x?xf32>) -> tensor<?x8x?xf32>
    ```
  }];
  let arguments = (ins NN_F32Tensor:$result_grad, NN_F32Tensor:$input);
  let results = (outs NN_F32Tensor:$result);
  let assemblyFormat = [{
    $result_grad `,` $input attr-dict `:` functional-type(operands, results)
  }];
}

#endif // NETC_NN_POOL_OPS_TD
