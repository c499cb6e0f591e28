// RUN: netc-opt %s --nn-differentiate | FileCheck %s
// The class-index cross-entropy's VJP keeps the logits, the index target
// and the reduction; the target gets no gradient.

module {
  func.func @infer(%x: tensor<?x3xf32> {nn.input = "x"},
                   %w: tensor<5x3xf32> {nn.param = "0.weight"}) -> tensor<?x5xf32> {
    %z = nn.linear %x, %w : (tensor<?x3xf32>, tensor<5x3xf32>) -> tensor<?x5xf32>
    return %z : tensor<?x5xf32>
  }
  func.func @loss(%p: tensor<?x5xf32>, %t: tensor<?xf32> {nn.target}) -> tensor<f32> {
    %l = nn.cross_entropy_index_loss %p, %t {reduction = "sum"} : tensor<?x5xf32>, tensor<?xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
}

// CHECK-LABEL: func.func @loss_and_grad
// CHECK-SAME: %[[T:[^:]+]]: tensor<?xf32> {nn.target})
// CHECK: %[[Z:.+]] = nn.linear
// CHECK: %[[L:.+]] = nn.cross_entropy_index_loss %[[Z]], %[[T]] {reduction = "sum"}
// CHECK: %[[DZ:.+]] = nn.cross_entropy_index_loss_grad %{{.+}}, %[[Z]], %[[T]] {reduction = "sum"} : (tensor<f32>, tensor<?x5xf32>, tensor<?xf32>) -> tensor<?x5xf32>
// CHECK: nn.linear_grad_weight %[[DZ]]
