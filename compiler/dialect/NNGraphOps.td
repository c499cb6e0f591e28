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

#endif // NETC_NN_GRAPH_OPS_TD
