// RUN: netc-opt %s --split-input-file --verify-diagnostics --nn-differentiate
// Preconditions of nn-differentiate are reported, not asserted.

// expected-error @+1 {{nn-differentiate needs functions @infer and @loss in the module}}
module {
  func.func @infer(%x: tensor<?x2xf32> {nn.input = "x"}) -> tensor<?x2xf32> {
    return %x : tensor<?x2xf32>
  }
}

// -----

module {
  func.func @infer(%x: tensor<?x2xf32> {nn.input = "x"}, %w: tensor<2x3xf32> {nn.param = "w"}) -> tensor<?x3xf32> {
    // expected-error @+1 {{cannot differentiate 'nn.linear_grad_input': it has no gradient rule}}
    %g = nn.linear_grad_input %x, %w : (tensor<?x2xf32>, tensor<2x3xf32>) -> tensor<?x3xf32>
    return %g : tensor<?x3xf32>
  }
  func.func @loss(%p: tensor<?x3xf32>, %t: tensor<?x3xf32> {nn.target}) -> tensor<f32> {
    %l = nn.mse_loss %p, %t : tensor<?x3xf32>, tensor<?x3xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
}
