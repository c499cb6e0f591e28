// RUN: netc-opt %s --split-input-file --nn-differentiate | FileCheck %s
// Reverse mode through convolutions and flatten: each conv VJP is an input
// gradient (dy, the forward weight, the forward input for its shape), a
// weight gradient (dy, the forward input, the kernel) and, with a bias, a
// bias gradient (dy alone), all carrying the forward stride, padding and
// dilation; flatten's gradient is a reshape back to the input's shape.

module {
  func.func @infer(%x: tensor<?x2x9xf32> {nn.input = "x"},
                   %w0: tensor<3x2x3xf32> {nn.param = "0.weight"},
                   %b0: tensor<3xf32> {nn.param = "0.bias"},
                   %w1: tensor<4x3x2xf32> {nn.param = "2.weight"},
                   %w2: tensor<1x12xf32> {nn.param = "4.weight"}) -> tensor<?x1xf32> {
    %h = nn.conv1d %x, %w0, %b0 {stride = 2, padding = [1, 1], dilation = 1} : (tensor<?x2x9xf32>, tensor<3x2x3xf32>, tensor<3xf32>) -> tensor<?x3x5xf32>
    %a = nn.relu %h : tensor<?x3x5xf32>
    %c = nn.conv1d %a, %w1 {stride = 1, padding = [0, 0], dilation = 2} : (tensor<?x3x5xf32>, tensor<4x3x2xf32>) -> tensor<?x4x3xf32>
    %f = nn.flatten %c : tensor<?x4x3xf32> -> tensor<?x12xf32>
    %y = nn.linear %f, %w2 : (tensor<?x12xf32>, tensor<1x12xf32>) -> tensor<?x1xf32>
    return %y : tensor<?x1xf32>
  }
  func.func @loss(%p: tensor<?x1xf32>, %t: tensor<?x1xf32> {nn.target}) -> tensor<f32> {
    %l = nn.mse_loss %p, %t : tensor<?x1xf32>, tensor<?x1xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
}

// CHECK-LABEL: func.func @loss_and_grad
// CHECK-SAME: (%[[X:[^:]+]]: tensor<?x2x9xf32> {nn.input = "x"}, %[[W0:[^:]+]]: tensor<3x2x3xf32> {nn.param = "0.weight"}, %[[B0:[^:]+]]: tensor<3xf32> {nn.param = "0.bias"}, %[[W1:[^:]+]]: tensor<4x3x2xf32> {nn.param = "2.weight"}, %[[W2:[^:]+]]: tensor<1x12xf32> {nn.param = "4.weight"}, %[[T:[^:]+]]: tensor<?x1xf32> {nn.target})
// CHECK-SAME: -> (tensor<f32>, tensor<3x2x3xf32>, tensor<3xf32>, tensor<4x3x2xf32>, tensor<1x12xf32>)
// Forward pass and loss, cloned:
// CHECK: %[[H:.+]] = nn.conv1d %[[X]], %[[W0]], %[[B0]] {stride = 2, padding = [1, 1], dilation = 1}
// CHECK: %[[A:.+]] = nn.relu %[[H]]
// CHECK: %[[C:.+]] = nn.conv1d %[[A]], %[[W1]] {stride = 1, padding = [0, 0], dilation = 2}
// CHECK: %[[F:.+]] = nn.flatten %[[C]]
// CHECK: %[[Y:.+]] = nn.linear %[[F]], %[[W2]]
// CHECK: %[[L:.+]] = nn.mse_loss %[[Y]], %[[T]]
// The VJPs in reverse order:
// CHECK: %[[DY:.+]] = nn.mse_loss_grad %{{.+}}, %[[Y]], %[[T]]
// CHECK: %[[DF:.+]] = nn.linear_grad_input %[[DY]], %[[W2]]
// CHECK: %[[DW2:.+]] = nn.linear_grad_weight %[[DY]], %[[F]]
// CHECK: %[[DC:.+]] = nn.reshape %[[DF]] : tensor<?x12xf32> -> tensor<?x4x3xf32>
// CHECK: %[[DA:.+]] = nn.conv1d_grad_input %[[DC]], %[[W1]], %[[A]] {stride = 1, padding = [0, 0], dilation = 2} : (tensor<?x4x3xf32>, tensor<4x3x2xf32>, tensor<?x3x5xf32>) -> tensor<?x3x5xf32>
// CHECK: %[[DW1:.+]] = nn.conv1d_grad_weight %[[DC]], %[[A]] {kernel = 2, stride = 1, padding = [0, 0], dilation = 2} : (tensor<?x4x3xf32>, tensor<?x3x5xf32>) -> tensor<4x3x2xf32>
// CHECK-NOT: nn.conv1d_grad_bias %[[DC]]
// CHECK: %[[DH:.+]] = nn.relu_grad %[[DA]], %[[H]]
// CHECK: nn.conv1d_grad_input %[[DH]], %[[W0]], %[[X]] {stride = 2, padding = [1, 1], dilation = 1}
// CHECK: %[[DW0:.+]] = nn.conv1d_grad_weight %[[DH]], %[[X]] {kernel = 3, stride = 2, padding = [1, 1], dilation = 1}
// CHECK: %[[DB0:.+]] = nn.conv1d_grad_bias %[[DH]] : (tensor<?x3x5xf32>) -> tensor<3xf32>
// CHECK: return %[[L]], %[[DW0]], %[[DB0]], %[[DW1]], %[[DW2]]

// -----

module {
  func.func @infer(%x: tensor<?x1x5x6xf32> {nn.input = "x"},
                   %w: tensor<2x1x3x2xf32> {nn.param = "0.weight"},
                   %b: tensor<2xf32> {nn.param = "0.bias"}) -> tensor<?x2x3x3xf32> {
    %y = nn.conv2d %x, %w, %b {stride = [2, 2], padding = [1, 1, 0, 1], dilation = [1, 1]} : (tensor<?x1x5x6xf32>, tensor<2x1x3x2xf32>, tensor<2xf32>) -> tensor<?x2x3x3xf32>
    return %y : tensor<?x2x3x3xf32>
  }
  func.func @loss(%p: tensor<?x2x3x3xf32>, %t: tensor<?x2x3x3xf32> {nn.target}) -> tensor<f32> {
    %l = nn.mse_loss %p, %t : tensor<?x2x3x3xf32>, tensor<?x2x3x3xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
}

// CHECK-LABEL: func.func @loss_and_grad
// CHECK-SAME: (%[[X:[^:]+]]: tensor<?x1x5x6xf32> {nn.input = "x"}, %[[W:[^:]+]]: tensor<2x1x3x2xf32> {nn.param = "0.weight"}, %[[B:[^:]+]]: tensor<2xf32> {nn.param = "0.bias"}, %[[T:[^:]+]]: tensor<?x2x3x3xf32> {nn.target})
// CHECK: %[[Y:.+]] = nn.conv2d %[[X]], %[[W]], %[[B]] {stride = [2, 2], padding = [1, 1, 0, 1], dilation = [1, 1]}
// CHECK: %[[DY:.+]] = nn.mse_loss_grad %{{.+}}, %[[Y]], %[[T]]
// CHECK: nn.conv2d_grad_input %[[DY]], %[[W]], %[[X]] {stride = [2, 2], padding = [1, 1, 0, 1], dilation = [1, 1]} : (tensor<?x2x3x3xf32>, tensor<2x1x3x2xf32>, tensor<?x1x5x6xf32>) -> tensor<?x1x5x6xf32>
// CHECK: %[[DW:.+]] = nn.conv2d_grad_weight %[[DY]], %[[X]] {kernel = [3, 2], stride = [2, 2], padding = [1, 1, 0, 1], dilation = [1, 1]} : (tensor<?x2x3x3xf32>, tensor<?x1x5x6xf32>) -> tensor<2x1x3x2xf32>
// CHECK: %[[DB:.+]] = nn.conv2d_grad_bias %[[DY]] : (tensor<?x2x3x3xf32>) -> tensor<2xf32>
// CHECK: return %{{.+}}, %[[DW]], %[[DB]]
