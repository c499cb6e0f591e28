// RUN: netc-opt %s --nn-differentiate | FileCheck %s
// A residual block with a concatenation: %h feeds both the concat and the
// residual nn.add, so its adjoint is the sum of the residual gradient and
// its slice of the concat's gradient; the other concat input, %x, gets the
// second slice (index 1) and, through the linear, more.

module {
  func.func @infer(%x: tensor<?x2xf32> {nn.input = "x"},
                   %w: tensor<4x4xf32> {nn.param = "0.weight"}) -> tensor<?x4xf32> {
    %h = nn.relu %x : tensor<?x2xf32>
    %c = nn.concat %h, %x {axis = 1} : tensor<?x2xf32>, tensor<?x2xf32> -> tensor<?x4xf32>
    %l = nn.linear %c, %w : (tensor<?x4xf32>, tensor<4x4xf32>) -> tensor<?x4xf32>
    %r = nn.add %l, %c : tensor<?x4xf32>
    return %r : tensor<?x4xf32>
  }
  func.func @loss(%p: tensor<?x4xf32>, %t: tensor<?x4xf32> {nn.target}) -> tensor<f32> {
    %l = nn.mse_loss %p, %t : tensor<?x4xf32>, tensor<?x4xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
}

// CHECK-LABEL: func.func @loss_and_grad
// CHECK-SAME: (%[[X:[^:]+]]: tensor<?x2xf32> {nn.input = "x"}, %[[W:[^:]+]]: tensor<4x4xf32>
// CHECK: %[[H:.+]] = nn.relu %[[X]]
// CHECK: %[[C:.+]] = nn.concat %[[H]], %[[X]] {axis = 1}
// CHECK: %[[DR:.+]] = nn.mse_loss_grad
// The add passes its gradient to both operands; the linear's input
// gradient joins the residual one on %c.
// CHECK: %[[DLIN:.+]] = nn.linear_grad_input %[[DR]], %[[W]]
// CHECK: %[[DW:.+]] = nn.linear_grad_weight %[[DR]], %[[C]]
// CHECK: %[[DC:.+]] = nn.add %[[DR]], %[[DLIN]] : tensor<?x4xf32>
// CHECK: %[[DH:.+]] = nn.concat_grad %[[DC]], %[[H]], %[[X]] {axis = 1, index = 0} : tensor<?x4xf32>, tensor<?x2xf32>, tensor<?x2xf32> -> tensor<?x2xf32>
// CHECK: nn.concat_grad %[[DC]], %[[H]], %[[X]] {axis = 1, index = 1}
// CHECK: nn.relu_grad %[[DH]], %[[X]]
// CHECK: return %{{.+}}, %[[DW]] : tensor<f32>, tensor<4x4xf32>
