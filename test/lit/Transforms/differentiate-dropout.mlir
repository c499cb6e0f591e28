// RUN: netc-opt %s --nn-differentiate | FileCheck %s
// Training switches nn.dropout to nn.dropout_train; the VJP is the same op
// (same step, p and seed: the same mask) on the result gradient; the step
// counter's slot returns step + 1. @infer keeps the identity nn.dropout.

module {
  func.func @infer(%x: tensor<?x3xf32> {nn.input = "x"},
                   %s: tensor<1xf32> {nn.buffer, nn.param = "0.step"},
                   %w: tensor<2x3xf32> {nn.param = "1.weight"}) -> tensor<?x2xf32> {
    %d = nn.dropout %x, %s {p = 0.5, seed = 7} : tensor<?x3xf32>, tensor<1xf32>
    %y = nn.linear %d, %w : (tensor<?x3xf32>, tensor<2x3xf32>) -> tensor<?x2xf32>
    return %y : tensor<?x2xf32>
  }
  func.func @loss(%p: tensor<?x2xf32>, %t: tensor<?x2xf32> {nn.target}) -> tensor<f32> {
    %l = nn.mse_loss %p, %t : tensor<?x2xf32>, tensor<?x2xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
}

// CHECK-LABEL: func.func @infer
// CHECK: nn.dropout %{{.+}}, %{{.+}} {p = 5.000000e-01, seed = 7}
// CHECK-NOT: nn.dropout_train
// CHECK-LABEL: func.func @loss_and_grad
// CHECK-SAME: (%[[X:[^:]+]]: tensor<?x3xf32> {nn.input = "x"}, %[[S:[^:]+]]: tensor<1xf32> {nn.buffer, nn.param = "0.step"}, %[[W:[^:]+]]: tensor<2x3xf32>
// CHECK-NOT: nn.dropout %
// CHECK: %[[D:.+]] = nn.dropout_train %[[X]], %[[S]] {p = 5.000000e-01, seed = 7}
// CHECK: %[[ONE:.+]] = arith.constant dense<1.000000e+00> : tensor<1xf32>
// CHECK: %[[NEXT:.+]] = nn.add %[[S]], %[[ONE]] : tensor<1xf32>
// CHECK: %[[Y:.+]] = nn.linear %[[D]], %[[W]]
// CHECK: %[[DD:.+]] = nn.linear_grad_input %{{.+}}, %[[W]]
// CHECK: nn.dropout_train %[[DD]], %[[S]] {p = 5.000000e-01, seed = 7}
// CHECK: return %{{.+}}, %[[NEXT]], %{{.+}} :
