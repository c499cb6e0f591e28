// RUN: netc-opt %s --nn-differentiate | FileCheck %s
// Reverse mode through linear -> tanh -> linear -> mse: the backward pass
// visits the ops in reverse and each VJP consumes the forward values it
// needs (tanh's output, the linear layers' inputs and weights).

module {
  func.func @infer(%x: tensor<?x3xf32> {nn.input = "x"},
                   %w0: tensor<4x3xf32> {nn.param = "0.weight"},
                   %b0: tensor<4xf32> {nn.param = "0.bias"},
                   %w1: tensor<1x4xf32> {nn.param = "2.weight"}) -> tensor<?x1xf32> {
    %h = nn.linear %x, %w0, %b0 : (tensor<?x3xf32>, tensor<4x3xf32>, tensor<4xf32>) -> tensor<?x4xf32>
    %a = nn.tanh %h : tensor<?x4xf32>
    %y = nn.linear %a, %w1 : (tensor<?x4xf32>, tensor<1x4xf32>) -> tensor<?x1xf32>
    return %y : tensor<?x1xf32>
  }
  func.func @loss(%p: tensor<?x1xf32>, %t: tensor<?x1xf32> {nn.target}) -> tensor<f32> {
    %l = nn.mse_loss %p, %t : tensor<?x1xf32>, tensor<?x1xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
}

// CHECK-LABEL: func.func @loss_and_grad
// CHECK-SAME: (%[[X:[^:]+]]: tensor<?x3xf32> {nn.input = "x"}, %[[W0:[^:]+]]: tensor<4x3xf32> {nn.param = "0.weight"}, %[[B0:[^:]+]]: tensor<4xf32> {nn.param = "0.bias"}, %[[W1:[^:]+]]: tensor<1x4xf32> {nn.param = "2.weight"}, %[[T:[^:]+]]: tensor<?x1xf32> {nn.target})
// CHECK-SAME: -> (tensor<f32>, tensor<4x3xf32>, tensor<4xf32>, tensor<1x4xf32>)
// Forward pass and loss, cloned:
// CHECK: %[[H:.+]] = nn.linear %[[X]], %[[W0]], %[[B0]]
// CHECK: %[[A:.+]] = nn.tanh %[[H]]
// CHECK: %[[Y:.+]] = nn.linear %[[A]], %[[W1]]
// CHECK: %[[L:.+]] = nn.mse_loss %[[Y]], %[[T]]
// Seed, then the VJPs in reverse order:
// CHECK: %[[ONE:.+]] = arith.constant dense<1.000000e+00> : tensor<f32>
// CHECK: %[[DY:.+]] = nn.mse_loss_grad %[[ONE]], %[[Y]], %[[T]]
// CHECK: %[[DA:.+]] = nn.linear_grad_input %[[DY]], %[[W1]]
// CHECK: %[[DW1:.+]] = nn.linear_grad_weight %[[DY]], %[[A]]
// CHECK: %[[DH:.+]] = nn.tanh_grad %[[DA]], %[[A]]
// CHECK: nn.linear_grad_input %[[DH]], %[[W0]]
// CHECK: %[[DW0:.+]] = nn.linear_grad_weight %[[DH]], %[[X]]
// CHECK: %[[DB0:.+]] = nn.linear_grad_bias %[[DH]]
// CHECK: return %[[L]], %[[DW0]], %[[DB0]], %[[DW1]]
