// RUN: netc-opt %s --split-input-file --nn-differentiate=with-input-grads | FileCheck %s
// Reverse mode through the activation family. Each gradient op consumes
// the forward value its formula needs and keeps the forward attributes:
// softmax and log_softmax their output (y · (dy - Σ dy·y), dy - exp(y)·Σ dy)
// and axis; leaky_relu, elu and maxout their input; the losses the
// prediction, the target and the reduction.

module {
  func.func @infer(%x: tensor<?x3xf32> {nn.input = "x"},
                   %w0: tensor<4x3xf32> {nn.param = "0.weight"},
                   %b0: tensor<4xf32> {nn.param = "0.bias"},
                   %w1: tensor<5x4xf32> {nn.param = "2.weight"}) -> tensor<?x5xf32> {
    %h = nn.linear %x, %w0, %b0 : (tensor<?x3xf32>, tensor<4x3xf32>, tensor<4xf32>) -> tensor<?x4xf32>
    %a = nn.leaky_relu %h {slope = 0.1} : tensor<?x4xf32>
    %z = nn.linear %a, %w1 : (tensor<?x4xf32>, tensor<5x4xf32>) -> tensor<?x5xf32>
    %y = nn.softmax %z {axis = 1} : tensor<?x5xf32>
    return %y : tensor<?x5xf32>
  }
  func.func @loss(%p: tensor<?x5xf32>, %t: tensor<?x5xf32> {nn.target}) -> tensor<f32> {
    %l = nn.mse_loss %p, %t {reduction = "sum"} : tensor<?x5xf32>, tensor<?x5xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
}

// CHECK-LABEL: func.func @loss_and_grad
// CHECK-SAME: (%[[X:[^:]+]]: tensor<?x3xf32> {nn.input = "x"}, %[[W0:[^:]+]]: tensor<4x3xf32> {nn.param = "0.weight"}, %[[B0:[^:]+]]: tensor<4xf32> {nn.param = "0.bias"}, %[[W1:[^:]+]]: tensor<5x4xf32> {nn.param = "2.weight"}, %[[T:[^:]+]]: tensor<?x5xf32> {nn.target})
// CHECK-SAME: -> (tensor<f32>, tensor<4x3xf32>, tensor<4xf32>, tensor<5x4xf32>, tensor<?x3xf32>)
// Forward pass and loss, cloned:
// CHECK: %[[H:.+]] = nn.linear %[[X]], %[[W0]], %[[B0]]
// CHECK: %[[A:.+]] = nn.leaky_relu %[[H]] {slope = 1.000000e-01}
// CHECK: %[[Z:.+]] = nn.linear %[[A]], %[[W1]]
// CHECK: %[[Y:.+]] = nn.softmax %[[Z]] {axis = 1}
// CHECK: %[[L:.+]] = nn.mse_loss %[[Y]], %[[T]] {reduction = "sum"}
// The VJPs in reverse order:
// CHECK: %[[ONE:.+]] = arith.constant dense<1.000000e+00> : tensor<f32>
// CHECK: %[[DY:.+]] = nn.mse_loss_grad %[[ONE]], %[[Y]], %[[T]] {reduction = "sum"}
// CHECK: %[[DZ:.+]] = nn.softmax_grad %[[DY]], %[[Y]] {axis = 1} : tensor<?x5xf32>
// CHECK: %[[DA:.+]] = nn.linear_grad_input %[[DZ]], %[[W1]]
// CHECK: %[[DW1:.+]] = nn.linear_grad_weight %[[DZ]], %[[A]]
// CHECK: %[[DH:.+]] = nn.leaky_relu_grad %[[DA]], %[[H]] {slope = 1.000000e-01} : tensor<?x4xf32>
// CHECK: %[[DX:.+]] = nn.linear_grad_input %[[DH]], %[[W0]]
// CHECK: %[[DW0:.+]] = nn.linear_grad_weight %[[DH]], %[[X]]
// CHECK: %[[DB0:.+]] = nn.linear_grad_bias %[[DH]]
// CHECK: return %[[L]], %[[DW0]], %[[DB0]], %[[DW1]], %[[DX]]

// -----

// A sequence model: maxout over channels, then elu and a log_softmax over
// the classes counted from the end, into a cross-entropy (whose own
// log_softmax leaves log-probabilities unchanged).
module {
  func.func @infer(%x: tensor<?x6x?xf32> {nn.input = "x"}) -> tensor<?x3x?xf32> {
    %m = nn.maxout %x {pieces = 2} : tensor<?x6x?xf32> -> tensor<?x3x?xf32>
    %e = nn.elu %m {alpha = 1.0} : tensor<?x3x?xf32>
    %y = nn.log_softmax %e {axis = -2} : tensor<?x3x?xf32>
    return %y : tensor<?x3x?xf32>
  }
  func.func @loss(%p: tensor<?x3x?xf32>, %t: tensor<?x3x?xf32> {nn.target}) -> tensor<f32> {
    %l = nn.cross_entropy_loss %p, %t : tensor<?x3x?xf32>, tensor<?x3x?xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
}

// CHECK-LABEL: func.func @loss_and_grad
// CHECK-SAME: (%[[X:[^:]+]]: tensor<?x6x?xf32> {nn.input = "x"}, %[[T:[^:]+]]: tensor<?x3x?xf32> {nn.target})
// CHECK-SAME: -> (tensor<f32>, tensor<?x6x?xf32>)
// CHECK: %[[M:.+]] = nn.maxout %[[X]] {pieces = 2}
// CHECK: %[[E:.+]] = nn.elu %[[M]] {alpha = 1.000000e+00}
// CHECK: %[[Y:.+]] = nn.log_softmax %[[E]] {axis = -2}
// CHECK: %[[L:.+]] = nn.cross_entropy_loss %[[Y]], %[[T]] :
// CHECK: %[[ONE:.+]] = arith.constant dense<1.000000e+00> : tensor<f32>
// CHECK: %[[DY:.+]] = nn.cross_entropy_loss_grad %[[ONE]], %[[Y]], %[[T]] :
// CHECK: %[[DE:.+]] = nn.log_softmax_grad %[[DY]], %[[Y]] {axis = -2} : tensor<?x3x?xf32>
// CHECK: %[[DM:.+]] = nn.elu_grad %[[DE]], %[[M]] {alpha = 1.000000e+00} : tensor<?x3x?xf32>
// CHECK: %[[DX:.+]] = nn.maxout_grad %[[DM]], %[[X]] {pieces = 2} : (tensor<?x3x?xf32>, tensor<?x6x?xf32>) -> tensor<?x6x?xf32>
// CHECK: return %[[L]], %[[DX]]
