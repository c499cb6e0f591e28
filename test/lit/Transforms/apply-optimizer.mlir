// RUN: netc-opt %s --nn-apply-optimizer | FileCheck %s
// Each parameter is paired with its gradient (results after the loss, in
// argument order) and updated with the module's learning rate.

module attributes {nn.optimizer = #nn.sgd<lr = 2.500000e-01 : f32>} {
  func.func @loss_and_grad(%x: tensor<?x3xf32> {nn.input = "x"},
                           %w: tensor<2x3xf32> {nn.param = "0.weight"},
                           %b: tensor<2xf32> {nn.param = "0.bias"},
                           %t: tensor<?x2xf32> {nn.target})
      -> (tensor<f32>, tensor<2x3xf32>, tensor<2xf32>) {
    %y = nn.linear %x, %w, %b : (tensor<?x3xf32>, tensor<2x3xf32>, tensor<2xf32>) -> tensor<?x2xf32>
    %l = nn.mse_loss %y, %t : tensor<?x2xf32>, tensor<?x2xf32> -> tensor<f32>
    %one = arith.constant dense<1.0> : tensor<f32>
    %dy = nn.mse_loss_grad %one, %y, %t : (tensor<f32>, tensor<?x2xf32>, tensor<?x2xf32>) -> tensor<?x2xf32>
    %dw = nn.linear_grad_weight %dy, %x : (tensor<?x2xf32>, tensor<?x3xf32>) -> tensor<2x3xf32>
    %db = nn.linear_grad_bias %dy : (tensor<?x2xf32>) -> tensor<2xf32>
    return %l, %dw, %db : tensor<f32>, tensor<2x3xf32>, tensor<2xf32>
  }
}

// CHECK-LABEL: func.func @train_step
// CHECK-SAME: (%{{[^:]+}}: tensor<?x3xf32> {nn.input = "x"}, %[[W:[^:]+]]: tensor<2x3xf32> {nn.param = "0.weight"}, %[[B:[^:]+]]: tensor<2xf32> {nn.param = "0.bias"}
// CHECK-SAME: -> (tensor<f32>, tensor<2x3xf32>, tensor<2xf32>)
// CHECK: %[[L:.+]] = nn.mse_loss
// CHECK: %[[DW:.+]] = nn.linear_grad_weight
// CHECK: %[[DB:.+]] = nn.linear_grad_bias
// CHECK: %[[NW:.+]] = nn.sgd_update %[[W]], %[[DW]] {lr = 2.500000e-01 : f32} : tensor<2x3xf32>
// CHECK: %[[NB:.+]] = nn.sgd_update %[[B]], %[[DB]] {lr = 2.500000e-01 : f32} : tensor<2xf32>
// CHECK: return %[[L]], %[[NW]], %[[NB]]
