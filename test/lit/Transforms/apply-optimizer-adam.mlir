// RUN: netc-opt %s --nn-apply-optimizer | FileCheck %s
// Adam keeps a step count and two moments per parameter as optimizer state:
// new arguments tagged nn.state (zero before the first step) whose updated
// values @train_step returns after the parameters.

module attributes {nn.optimizer = #nn.adam<lr = 1.000000e-03 : f32, beta1 = 9.000000e-01 : f32, beta2 = 9.990000e-01 : f32, eps = 9.99999993E-9 : f32>} {
  func.func @loss_and_grad(%x: tensor<?x3xf32> {nn.input = "x"},
                           %w: tensor<2x3xf32> {nn.param = "0.weight"},
                           %t: tensor<?x2xf32> {nn.target})
      -> (tensor<f32>, tensor<2x3xf32>) {
    %y = nn.linear %x, %w : (tensor<?x3xf32>, tensor<2x3xf32>) -> tensor<?x2xf32>
    %l = nn.mse_loss %y, %t : tensor<?x2xf32>, tensor<?x2xf32> -> tensor<f32>
    %one = arith.constant dense<1.0> : tensor<f32>
    %dy = nn.mse_loss_grad %one, %y, %t : (tensor<f32>, tensor<?x2xf32>, tensor<?x2xf32>) -> tensor<?x2xf32>
    %dw = nn.linear_grad_weight %dy, %x : (tensor<?x2xf32>, tensor<?x3xf32>) -> tensor<2x3xf32>
    return %l, %dw : tensor<f32>, tensor<2x3xf32>
  }
}

// CHECK-LABEL: func.func @train_step
// CHECK-SAME: %[[W:[^:]+]]: tensor<2x3xf32> {nn.param = "0.weight"}
// CHECK-SAME: %[[STEP:[^:]+]]: tensor<f32> {nn.state = "step"}, %[[M:[^:]+]]: tensor<2x3xf32> {nn.state = "0.weight.exp_avg"}, %[[V:[^:]+]]: tensor<2x3xf32> {nn.state = "0.weight.exp_avg_sq"})
// CHECK-SAME: -> (tensor<f32>, tensor<2x3xf32>, tensor<f32>, tensor<2x3xf32>, tensor<2x3xf32>)
// CHECK: %[[L:.+]] = nn.mse_loss
// CHECK: %[[DW:.+]] = nn.linear_grad_weight
// CHECK: %[[T1:.+]] = nn.increment %[[STEP]] : tensor<f32>
// CHECK: %[[M1:.+]] = nn.adam_moment %[[M]], %[[DW]], %[[W]] {beta = 0.899999976 : f32} : tensor<2x3xf32>
// CHECK: %[[V1:.+]] = nn.adam_moment %[[V]], %[[DW]], %[[W]] {beta = 9.990000e-01 : f32, squared} : tensor<2x3xf32>
// CHECK: %[[W1:.+]] = nn.adam_update %[[W]], %[[M1]], %[[V1]], %[[T1]]
// CHECK: return %[[L]], %[[W1]], %[[T1]], %[[M1]], %[[V1]]
