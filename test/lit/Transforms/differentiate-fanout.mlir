// RUN: netc-opt %s --nn-differentiate=with-input-grads | FileCheck %s
// A value used twice (a residual connection) receives the sum of both
// gradients; with-input-grads also returns the gradient of the input.

module {
  func.func @infer(%x: tensor<?x2xf32> {nn.input = "x"}) -> tensor<?x2xf32> {
    %r = nn.relu %x : tensor<?x2xf32>
    %s = nn.add %r, %x : tensor<?x2xf32>
    return %s : tensor<?x2xf32>
  }
  func.func @loss(%p: tensor<?x2xf32>, %t: tensor<?x2xf32> {nn.target}) -> tensor<f32> {
    %l = nn.mse_loss %p, %t : tensor<?x2xf32>, tensor<?x2xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
}

// CHECK-LABEL: func.func @loss_and_grad
// CHECK-SAME: (%[[X:[^:]+]]: tensor<?x2xf32> {nn.input = "x"}
// CHECK-SAME: -> (tensor<f32>, tensor<?x2xf32>)
// CHECK: %[[DS:.+]] = nn.mse_loss_grad
// CHECK: %[[DR:.+]] = nn.relu_grad %[[DS]], %[[X]]
// CHECK: %[[DX:.+]] = nn.add %[[DS]], %[[DR]] : tensor<?x2xf32>
// CHECK: return %{{.+}}, %[[DX]]
