// RUN: netc-opt %s --nn-apply-optimizer | FileCheck %s
// SGD with momentum and Nesterov: one momentum buffer per parameter; the
// update reads the buffer after this step's update.

module attributes {nn.optimizer = #nn.sgd<lr = 1.000000e-01 : f32, momentum = 9.000000e-01 : f32, weight_decay = 0.00999999977 : f32, nesterov = true>} {
  func.func @loss_and_grad(%x: tensor<?x3xf32> {nn.input = "x"},
                           %b: tensor<2xf32> {nn.param = "0.bias"},
                           %t: tensor<?x3xf32> {nn.target})
      -> (tensor<f32>, tensor<2xf32>) {
    %l = nn.mse_loss %x, %t : tensor<?x3xf32>, tensor<?x3xf32> -> tensor<f32>
    return %l, %b : tensor<f32>, tensor<2xf32>
  }
}

// CHECK-LABEL: func.func @train_step
// CHECK-SAME: %[[B:[^:]+]]: tensor<2xf32> {nn.param = "0.bias"}
// CHECK-SAME: %[[BUF:[^:]+]]: tensor<2xf32> {nn.state = "0.bias.momentum_buffer"})
// CHECK: %[[NEXT:.+]] = nn.momentum_buffer %[[BUF]], %[[B]], %[[B]] {momentum = 0.899999976 : f32, weight_decay = 0.00999999977 : f32}
// CHECK: %[[B1:.+]] = nn.nesterov_update %[[B]], %[[B]], %[[NEXT]] {lr = 1.000000e-01 : f32, momentum = 0.899999976 : f32, weight_decay = 0.00999999977 : f32}
// CHECK: return %{{.+}}, %[[B1]], %[[NEXT]]
