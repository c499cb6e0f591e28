//===- NNGraphOps.td - Ops that join the branches of a graph -*- tablegen -*-===//
//
// The graph form of the language joins values: `y = h + x` is `nn.add`
// (NNOps.td, also the accumulation of fan-out gradients), and
// `concat(a, b, axis: 1)` is `nn.concat`, defined here with the op its VJP
// needs. Shape rules and verifiers in NNGraphOps.cpp, the VJP in
// NNGraphGradients.cpp.
//
// Axes follow PyTorch (as in NNActivationOps.td): counted from 0 at the
// batch, negative from the end, valid in [-rank, rank).
//
// Included at the end of NNOps.td.
//
//===----------------------------------------------------------------------===//
#ifndef NETC_NN_GRAPH_OPS_TD
#define NETC_NN_GRAPH_OPS_TD

def NN_ConcatOp : NN_Op<"concat", [InferTypeOpAdaptor,
    DeclareOpInterfaceMethods<NN_DifferentiableOpInterface>]> {
  let summary = "Concatenation of tensors along one axis (PyTorch's torch.cat)";
  let description = [{
    Every input has one rank and the same extents on every axis but `axis`;
    the result's `axis` extent is the sum of the inputs' (dynamic if any of
    them is). Inputs are laid end to end in operand order.

    ```mlir
    %y = nn.concat %a, %b {axis = 1} : tensor<?x4x10xf32>, tensor<?x8x10xf32> -> tensor<?x12x10xf32>
    ```
  }];
  let arguments = (ins Variadic<NN_F32Tensor>:$inputs, I64Attr:$axis);
  let results = (outs NN_F32Tensor:$result);
  let assemblyFormat = [{
    $inputs ` ` `{` `axis` `=` $axis `}` attr-dict `:` type($inputs) `->` type($result)
  }];
  let extraClassDeclaration = [{
    /// The axis counted from 0 (a negative axis counts from the end).
    int64_t getResolvedAxis() {
      int64_t rank = ::llvm::cast<::mlir::RankedTensorType>(getType()).getRank();
      int64_t axis = getAxisAttr().getInt();
      return axis < 0 ? axis + rank : axis;
    }
  }];
}

def NN_ConcatGradOp : NN_Op<"concat_grad", [InferTypeOpAdaptor]> {
  let summary = "Gradient of nn.concat w.r.t. one input: its slice of dy";
  let description = [{
    Consumes the result gradient `dy` and the forward `inputs` of the
    nn.concat, of which only the extents are read (they locate input
    `index`'s slice along `axis`, also when an extent is dynamic); yields a
    tensor of input `index`'s type.

    ```mlir
    %da = nn.concat_grad %dy, %a, %b {axis = 1, index = 0}
        : tensor<?x12x10xf32>, tensor<?x4x10xf32>, tensor<?x8x10xf32> -> tensor<?x4x10xf32>
    ```
  }];
  let arguments = (ins NN_F32Tensor:$result_grad,
                   Variadic<NN_F32Tensor>:$inputs, I64Attr:$axis,
                   I64Attr:$index);
  let results = (outs NN_F32Tensor:$result);
  let assemblyFormat = [{
    $result_grad `,` $inputs ` ` `{` `axis` `=` $axis `,` `index` `=` $index `}`
    attr-dict `:` type($result_grad) `,` type($inputs) `->` type($result)
  }];
  let extraClassDeclaration = [{
    /// The axis counted from 0 (a negative axis counts from the end).
    int64_t getResolvedAxis() {
      int64_t rank = ::llvm::cast<::mlir::RankedTensorType>(getType()).getRank();
      int64_t axis = getAxisAttr().getInt();
      return axis < 0 ? axis + rank : axis;
    }
  }];
}

//===----------------------------------------------------------------------===//
// Several outputs (docs/language.md, "Graph form"): a loss per output,
// summed, with a weight each; each loss reads its columns of the target.
//===----------------------------------------------------------------------===//

def NN_ScaleOp : NN_Op<"scale", [SameOperandsAndResultType,
    DeclareOpInterfaceMethods<NN_DifferentiableOpInterface>]> {
  let summary = "Elementwise factor · x, for a constant factor";
  let description = [{
    Weights one output's loss in the sum of a model with several outputs
    (`loss: cross_entropy(output: cls) + 0.5 * mse(output: score)`). Its
    VJP is nn.scale of dy by the same factor; it consumes no forward value.

    ```mlir
    %w = nn.scale %l {factor = 5.000000e-01 : f32} : tensor<f32>
    ```
  }];
  let arguments = (ins NN_F32Tensor:$input, F32Attr:$factor);
  let results = (outs NN_F32Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input)";
}

def NN_ColumnsOp : NN_Op<"columns"> {
  let summary = "Columns [offset, offset + C) of a [N, F] tensor: [N, C]";
  let description = [{
    The target of a model with several outputs is one row per example,
    holding each output's target in declaration order; each output's loss
    reads its own columns (then nn.reshape gives them the output's shape).
    The result type gives C. Targets are data, not trained: no VJP. The
    verifier prints both shapes when the columns do not fit.

    ```mlir
    %t1 = nn.columns %target {offset = 3} : tensor<?x4xf32> -> tensor<?x1xf32>
    ```
  }];
  let arguments = (ins NN_F32Tensor:$input, I64Attr:$offset);
  let results = (outs NN_F32Tensor:$result);
  let assemblyFormat = [{
    $input ` ` `{` `offset` `=` $offset `}` attr-dict `:` type($input) `->` type($result)
  }];
  let hasVerifier = 1;
}

#endif // NETC_NN_GRAPH_OPS_TD
