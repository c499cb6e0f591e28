// RUN: netc-opt %s | netc-opt | FileCheck %s
// Every activation, logit loss and gradient op prints in a form that parses
// back to itself. Axes stay as written (negative ones too); a loss's
// default reduction, "mean", is left out.

// CHECK-LABEL: func.func @pointwise
// CHECK-SAME: (%[[X:[^:]+]]: tensor<?x6xf32>, %[[DY:[^:]+]]: tensor<?x6xf32>)
func.func @pointwise(%x: tensor<?x6xf32>, %dy: tensor<?x6xf32>) -> (tensor<?x6xf32>, tensor<?x6xf32>) {
  // CHECK: %[[A:.+]] = nn.leaky_relu %[[X]] {slope = 2.000000e-01} : tensor<?x6xf32>
  %a = nn.leaky_relu %x {slope = 0.2} : tensor<?x6xf32>
  // CHECK: %[[B:.+]] = nn.elu %[[A]] {alpha = 1.000000e+00} : tensor<?x6xf32>
  %b = nn.elu %a {alpha = 1.0} : tensor<?x6xf32>
  // CHECK: %[[DA:.+]] = nn.elu_grad %[[DY]], %[[A]] {alpha = 1.000000e+00} : tensor<?x6xf32>
  %da = nn.elu_grad %dy, %a {alpha = 1.0} : tensor<?x6xf32>
  // CHECK: nn.leaky_relu_grad %[[DA]], %[[X]] {slope = 2.000000e-01} : tensor<?x6xf32>
  %dx = nn.leaky_relu_grad %da, %x {slope = 0.2} : tensor<?x6xf32>
  return %b, %dx : tensor<?x6xf32>, tensor<?x6xf32>
}

// CHECK-LABEL: func.func @axis_ops
// CHECK-SAME: (%[[X:[^:]+]]: tensor<?x21x?xf32>, %[[DY:[^:]+]]: tensor<?x21x?xf32>)
func.func @axis_ops(%x: tensor<?x21x?xf32>, %dy: tensor<?x21x?xf32>) -> (tensor<?x21x?xf32>, tensor<?x21x?xf32>) {
  // CHECK: %[[S:.+]] = nn.softmax %[[X]] {axis = 1} : tensor<?x21x?xf32>
  %s = nn.softmax %x {axis = 1} : tensor<?x21x?xf32>
  // CHECK: %[[L:.+]] = nn.log_softmax %[[S]] {axis = -1} : tensor<?x21x?xf32>
  %l = nn.log_softmax %s {axis = -1} : tensor<?x21x?xf32>
  // CHECK: %[[DS:.+]] = nn.log_softmax_grad %[[DY]], %[[L]] {axis = -1} : tensor<?x21x?xf32>
  %ds = nn.log_softmax_grad %dy, %l {axis = -1} : tensor<?x21x?xf32>
  // CHECK: nn.softmax_grad %[[DS]], %[[S]] {axis = 1} : tensor<?x21x?xf32>
  %dx = nn.softmax_grad %ds, %s {axis = 1} : tensor<?x21x?xf32>
  return %l, %dx : tensor<?x21x?xf32>, tensor<?x21x?xf32>
}

// Maxout divides axis 1 by the pieces; a dynamic axis 1 stays dynamic.
// CHECK-LABEL: func.func @maxout
func.func @maxout(%x: tensor<?x6x5xf32>, %dy: tensor<?x2x5xf32>, %z: tensor<?x?xf32>) -> (tensor<?x2x5xf32>, tensor<?x6x5xf32>, tensor<?x?xf32>) {
  // CHECK: nn.maxout %{{.+}} {pieces = 3} : tensor<?x6x5xf32> -> tensor<?x2x5xf32>
  %y = nn.maxout %x {pieces = 3} : tensor<?x6x5xf32> -> tensor<?x2x5xf32>
  // CHECK: nn.maxout_grad %{{.+}}, %{{.+}} {pieces = 3} : (tensor<?x2x5xf32>, tensor<?x6x5xf32>) -> tensor<?x6x5xf32>
  %dx = nn.maxout_grad %dy, %x {pieces = 3} : (tensor<?x2x5xf32>, tensor<?x6x5xf32>) -> tensor<?x6x5xf32>
  // CHECK: nn.maxout %{{.+}} {pieces = 2} : tensor<?x?xf32> -> tensor<?x?xf32>
  %w = nn.maxout %z {pieces = 2} : tensor<?x?xf32> -> tensor<?x?xf32>
  return %y, %dx, %w : tensor<?x2x5xf32>, tensor<?x6x5xf32>, tensor<?x?xf32>
}

// CHECK-LABEL: func.func @losses
// CHECK-SAME: (%[[P:[^:]+]]: tensor<?x4x?xf32>, %[[T:[^:]+]]: tensor<?x4x?xf32>, %[[DL:[^:]+]]: tensor<f32>)
func.func @losses(%p: tensor<?x4x?xf32>, %t: tensor<?x4x?xf32>, %dl: tensor<f32>) -> (tensor<f32>, tensor<f32>, tensor<f32>, tensor<?x4x?xf32>, tensor<?x4x?xf32>) {
  // CHECK: nn.cross_entropy_loss %[[P]], %[[T]] : tensor<?x4x?xf32>, tensor<?x4x?xf32> -> tensor<f32>
  %ce = nn.cross_entropy_loss %p, %t {reduction = "mean"} : tensor<?x4x?xf32>, tensor<?x4x?xf32> -> tensor<f32>
  // CHECK: nn.bce_with_logits_loss %[[P]], %[[T]] {reduction = "sum"} : tensor<?x4x?xf32>, tensor<?x4x?xf32> -> tensor<f32>
  %bl = nn.bce_with_logits_loss %p, %t {reduction = "sum"} : tensor<?x4x?xf32>, tensor<?x4x?xf32> -> tensor<f32>
  // The dense losses take the reduction too.
  // CHECK: nn.mse_loss %[[P]], %[[T]] {reduction = "sum"} : tensor<?x4x?xf32>, tensor<?x4x?xf32> -> tensor<f32>
  %ms = nn.mse_loss %p, %t {reduction = "sum"} : tensor<?x4x?xf32>, tensor<?x4x?xf32> -> tensor<f32>
  // CHECK: nn.cross_entropy_loss_grad %[[DL]], %[[P]], %[[T]] {reduction = "sum"} : (tensor<f32>, tensor<?x4x?xf32>, tensor<?x4x?xf32>) -> tensor<?x4x?xf32>
  %dce = nn.cross_entropy_loss_grad %dl, %p, %t {reduction = "sum"} : (tensor<f32>, tensor<?x4x?xf32>, tensor<?x4x?xf32>) -> tensor<?x4x?xf32>
  // CHECK: nn.bce_with_logits_loss_grad %[[DL]], %[[P]], %[[T]] : (tensor<f32>, tensor<?x4x?xf32>, tensor<?x4x?xf32>) -> tensor<?x4x?xf32>
  %dbl = nn.bce_with_logits_loss_grad %dl, %p, %t : (tensor<f32>, tensor<?x4x?xf32>, tensor<?x4x?xf32>) -> tensor<?x4x?xf32>
  return %ce, %bl, %ms, %dce, %dbl : tensor<f32>, tensor<f32>, tensor<f32>, tensor<?x4x?xf32>, tensor<?x4x?xf32>
}
