// RUN: netc-opt %s | netc-opt | FileCheck %s
// The class-index cross-entropy and its gradient print in a form that
// parses back to itself: the target is the prediction without axis 1
// ([N] for [N, C], [N, L] for [N, C, L]); the default reduction is left out.

// CHECK-LABEL: func.func @rank2
// CHECK-SAME: (%[[P:[^:]+]]: tensor<?x10xf32>, %[[T:[^:]+]]: tensor<?xf32>, %[[DL:[^:]+]]: tensor<f32>)
func.func @rank2(%p: tensor<?x10xf32>, %t: tensor<?xf32>, %dl: tensor<f32>) -> (tensor<f32>, tensor<?x10xf32>) {
  // CHECK: nn.cross_entropy_index_loss %[[P]], %[[T]] : tensor<?x10xf32>, tensor<?xf32> -> tensor<f32>
  %l = nn.cross_entropy_index_loss %p, %t {reduction = "mean"} : tensor<?x10xf32>, tensor<?xf32> -> tensor<f32>
  // CHECK: nn.cross_entropy_index_loss_grad %[[DL]], %[[P]], %[[T]] : (tensor<f32>, tensor<?x10xf32>, tensor<?xf32>) -> tensor<?x10xf32>
  %d = nn.cross_entropy_index_loss_grad %dl, %p, %t : (tensor<f32>, tensor<?x10xf32>, tensor<?xf32>) -> tensor<?x10xf32>
  return %l, %d : tensor<f32>, tensor<?x10xf32>
}

// CHECK-LABEL: func.func @per_position
// CHECK-SAME: (%[[P:[^:]+]]: tensor<?x21x?xf32>, %[[T:[^:]+]]: tensor<?x?xf32>, %[[DL:[^:]+]]: tensor<f32>)
func.func @per_position(%p: tensor<?x21x?xf32>, %t: tensor<?x?xf32>, %dl: tensor<f32>) -> (tensor<f32>, tensor<?x21x?xf32>) {
  // CHECK: nn.cross_entropy_index_loss %[[P]], %[[T]] {reduction = "sum"} : tensor<?x21x?xf32>, tensor<?x?xf32> -> tensor<f32>
  %l = nn.cross_entropy_index_loss %p, %t {reduction = "sum"} : tensor<?x21x?xf32>, tensor<?x?xf32> -> tensor<f32>
  // CHECK: nn.cross_entropy_index_loss_grad %[[DL]], %[[P]], %[[T]] {reduction = "sum"} : (tensor<f32>, tensor<?x21x?xf32>, tensor<?x?xf32>) -> tensor<?x21x?xf32>
  %d = nn.cross_entropy_index_loss_grad %dl, %p, %t {reduction = "sum"} : (tensor<f32>, tensor<?x21x?xf32>, tensor<?x?xf32>) -> tensor<?x21x?xf32>
  return %l, %d : tensor<f32>, tensor<?x21x?xf32>
}
