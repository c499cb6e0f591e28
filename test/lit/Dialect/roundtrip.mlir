// RUN: netc-opt %s | netc-opt | FileCheck %s
// Every nn op prints in a form that parses back to itself.

// CHECK-LABEL: func.func @layers
// CHECK-SAME: (%[[X:.+]]: tensor<?x3xf32>, %[[W:.+]]: tensor<2x3xf32>, %[[B:.+]]: tensor<2xf32>)
func.func @layers(%x: tensor<?x3xf32>, %w: tensor<2x3xf32>, %b: tensor<2xf32>) -> tensor<?x2xf32> {
  // CHECK: %[[Y:.+]] = nn.linear %[[X]], %[[W]], %[[B]] : (tensor<?x3xf32>, tensor<2x3xf32>, tensor<2xf32>) -> tensor<?x2xf32>
  %y = nn.linear %x, %w, %b : (tensor<?x3xf32>, tensor<2x3xf32>, tensor<2xf32>) -> tensor<?x2xf32>
  // CHECK: %[[NB:.+]] = nn.linear %[[X]], %[[W]] : (tensor<?x3xf32>, tensor<2x3xf32>) -> tensor<?x2xf32>
  %nobias = nn.linear %x, %w : (tensor<?x3xf32>, tensor<2x3xf32>) -> tensor<?x2xf32>
  // CHECK: %[[R:.+]] = nn.relu %[[Y]] : tensor<?x2xf32>
  %r = nn.relu %y : tensor<?x2xf32>
  // CHECK: %[[S:.+]] = nn.sigmoid %[[R]] : tensor<?x2xf32>
  %s = nn.sigmoid %r : tensor<?x2xf32>
  // CHECK: %[[T:.+]] = nn.tanh %[[S]] : tensor<?x2xf32>
  %t = nn.tanh %s : tensor<?x2xf32>
  // CHECK: nn.add %[[T]], %[[NB]] : tensor<?x2xf32>
  %a = nn.add %t, %nobias : tensor<?x2xf32>
  return %a : tensor<?x2xf32>
}

// CHECK-LABEL: func.func @losses
func.func @losses(%p: tensor<?x1xf32>, %t: tensor<?x1xf32>) -> (tensor<f32>, tensor<f32>) {
  // CHECK: nn.mse_loss %{{.+}}, %{{.+}} : tensor<?x1xf32>, tensor<?x1xf32> -> tensor<f32>
  %m = nn.mse_loss %p, %t : tensor<?x1xf32>, tensor<?x1xf32> -> tensor<f32>
  // CHECK: nn.bce_loss %{{.+}}, %{{.+}} : tensor<?x1xf32>, tensor<?x1xf32> -> tensor<f32>
  %b = nn.bce_loss %p, %t : tensor<?x1xf32>, tensor<?x1xf32> -> tensor<f32>
  return %m, %b : tensor<f32>, tensor<f32>
}

// CHECK-LABEL: func.func @gradients
func.func @gradients(%dy: tensor<?x2xf32>, %x: tensor<?x3xf32>, %w: tensor<2x3xf32>, %dl: tensor<f32>, %p: tensor<?x2xf32>) -> (tensor<?x3xf32>, tensor<2x3xf32>, tensor<2xf32>, tensor<?x2xf32>, tensor<2x3xf32>) {
  // CHECK: nn.linear_grad_input %{{.+}}, %{{.+}} : (tensor<?x2xf32>, tensor<2x3xf32>) -> tensor<?x3xf32>
  %dx = nn.linear_grad_input %dy, %w : (tensor<?x2xf32>, tensor<2x3xf32>) -> tensor<?x3xf32>
  // CHECK: nn.linear_grad_weight %{{.+}}, %{{.+}} : (tensor<?x2xf32>, tensor<?x3xf32>) -> tensor<2x3xf32>
  %dw = nn.linear_grad_weight %dy, %x : (tensor<?x2xf32>, tensor<?x3xf32>) -> tensor<2x3xf32>
  // CHECK: nn.linear_grad_bias %{{.+}} : (tensor<?x2xf32>) -> tensor<2xf32>
  %db = nn.linear_grad_bias %dy : (tensor<?x2xf32>) -> tensor<2xf32>
  // CHECK: nn.relu_grad
  %g1 = nn.relu_grad %dy, %p : tensor<?x2xf32>
  // CHECK: nn.sigmoid_grad
  %g2 = nn.sigmoid_grad %g1, %p : tensor<?x2xf32>
  // CHECK: nn.tanh_grad
  %g3 = nn.tanh_grad %g2, %p : tensor<?x2xf32>
  // CHECK: nn.mse_loss_grad %{{.+}}, %{{.+}}, %{{.+}} : (tensor<f32>, tensor<?x2xf32>, tensor<?x2xf32>) -> tensor<?x2xf32>
  %g4 = nn.mse_loss_grad %dl, %g3, %p : (tensor<f32>, tensor<?x2xf32>, tensor<?x2xf32>) -> tensor<?x2xf32>
  // CHECK: nn.bce_loss_grad
  %g5 = nn.bce_loss_grad %dl, %g4, %p : (tensor<f32>, tensor<?x2xf32>, tensor<?x2xf32>) -> tensor<?x2xf32>
  // CHECK: nn.sgd_update %{{.+}}, %{{.+}} {lr = 5.000000e-02 : f32} : tensor<2x3xf32>
  %w1 = nn.sgd_update %w, %dw {lr = 0.05 : f32} : tensor<2x3xf32>
  return %dx, %dw, %db, %g5, %w1 : tensor<?x3xf32>, tensor<2x3xf32>, tensor<2xf32>, tensor<?x2xf32>, tensor<2x3xf32>
}

// CHECK: module attributes {nn.optimizer = #nn.sgd<lr = 1.000000e-01 : f32>}
module attributes {nn.optimizer = #nn.sgd<lr = 0.1 : f32>} {}
