// RUN: netc-opt %s --verify-diagnostics --nn-apply-optimizer

// expected-error @+1 {{the module has no 'nn.optimizer' attribute}}
module {
  func.func @loss_and_grad(%w: tensor<2xf32> {nn.param = "w"}) -> (tensor<f32>, tensor<2xf32>) {
    %l = arith.constant dense<0.0> : tensor<f32>
    return %l, %w : tensor<f32>, tensor<2xf32>
  }
}
