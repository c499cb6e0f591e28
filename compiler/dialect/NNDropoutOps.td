//===- NNDropoutOps.td - Dropout ---------------------------*- tablegen -*-===//
//
// PyTorch's Dropout(p): in training each element is zeroed with probability
// p and the kept ones are scaled by 1/(1 - p); in evaluation it is the
// identity.
//
// Two modes, two ops, as for batchnorm (NNNormOps.td). @infer holds
// `nn.dropout` (the identity). nn-differentiate replaces each one by
// `nn.dropout_train` and advances the layer's step counter, an `nn.buffer`
// parameter that comes back in its gradient slot as step + 1, so the mask
// changes at every training step without state outside the parameters.
//
// The mask is a pure function of (seed, step, element index): a
// counter-based hash, no random-number state. The backward pass applies
// the same op to the gradient, so it recomputes the forward mask exactly.
// Verifiers in NNDropoutOps.cpp, the VJP there too; lowering in
// compiler/lowering/LowerDropoutOps.cpp.
//
// Included at the end of NNOps.td.
//
//===----------------------------------------------------------------------===//
#ifndef NETC_NN_DROPOUT_OPS_TD
#define NETC_NN_DROPOUT_OPS_TD

class NN_DropoutBase<string mnemonic, list<Trait> traits = []>
    : NN_Op<mnemonic, !listconcat([AllTypesMatch<["input", "result"]>],
                                  traits)> {
  let arguments = (ins NN_F32Tensor:$input, NN_F32Tensor:$step,
                       F32Attr:$p, I64Attr:$seed);
  let results = (outs NN_F32Tensor:$result);
  let assemblyFormat = [{
    $input `,` $step ` ` `{` `p` `=` $p `,` `seed` `=` $seed `}` attr-dict
    `:` type($input) `,` type($step)
  }];
  let hasVerifier = 1;
}

def NN_DropoutOp : NN_DropoutBase<"dropout"> {
  let summary = "Dropout in evaluation: the identity";
  let description = [{
    PyTorch's `Dropout(p)` in `eval()` mode: `y = x`. `step` (the layer's
    step counter, a `[1]` buffer parameter), `p` in [0, 1] and the layer's
    `seed` are kept for nn-differentiate, which turns the op into
    `nn.dropout_train`.

    ```mlir
    %y = nn.dropout %x, %step {p = 0.5, seed = 1} : tensor<?x8xf32>, tensor<1xf32>
    ```
  }];
}

def NN_DropoutTrainOp : NN_DropoutBase<"dropout_train", [
    DeclareOpInterfaceMethods<NN_DifferentiableOpInterface>]> {
  let summary = "Dropout in training: keep · x / (1 - p)";
  let description = [{
    `y[i] = x[i] / (1 - p)` where `keep(seed, step, i)`, else 0, for `i`
    the element's row-major index: `keep` is true when a 32-bit hash of
    (seed, the bits of step[0], i) mapped to [0, 1) is at least `p`, so an
    element is dropped with probability p. p = 1 drops everything (y = 0).
    The mask depends on nothing else: the same (seed, step) gives the same
    mask, a new step a new one. Linear in x, so its VJP is the same op on
    the result gradient (the same mask); `step` gets no gradient.

    ```mlir
    %y = nn.dropout_train %x, %step {p = 0.5, seed = 1} : tensor<?x8xf32>, tensor<1xf32>
    ```
  }];
}

#endif // NETC_NN_DROPOUT_OPS_TD
