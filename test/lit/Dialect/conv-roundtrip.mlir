// RUN: netc-opt %s | netc-opt | FileCheck %s
// Convolutions, their gradients, flatten and reshape print in a form that
// parses back to itself; a dynamic length stays dynamic.

// CHECK-LABEL: func.func @conv1d
// CHECK-SAME: (%[[X:[^:]+]]: tensor<?x4x12xf32>, %[[W:[^:]+]]: tensor<8x4x3xf32>, %[[B:[^:]+]]: tensor<8xf32>)
func.func @conv1d(%x: tensor<?x4x12xf32>, %w: tensor<8x4x3xf32>, %b: tensor<8xf32>) -> tensor<?x32xf32> {
  // CHECK: %[[Y:.+]] = nn.conv1d %[[X]], %[[W]], %[[B]] {stride = 3, padding = [0, 0], dilation = 1} : (tensor<?x4x12xf32>, tensor<8x4x3xf32>, tensor<8xf32>) -> tensor<?x8x4xf32>
  %y = nn.conv1d %x, %w, %b {stride = 3, padding = [0, 0], dilation = 1} : (tensor<?x4x12xf32>, tensor<8x4x3xf32>, tensor<8xf32>) -> tensor<?x8x4xf32>
  // CHECK: nn.conv1d %[[X]], %[[W]] {stride = 1, padding = [1, 2], dilation = 2} : (tensor<?x4x12xf32>, tensor<8x4x3xf32>) -> tensor<?x8x11xf32>
  %nobias = nn.conv1d %x, %w {stride = 1, padding = [1, 2], dilation = 2} : (tensor<?x4x12xf32>, tensor<8x4x3xf32>) -> tensor<?x8x11xf32>
  // CHECK: %[[F:.+]] = nn.flatten %[[Y]] : tensor<?x8x4xf32> -> tensor<?x32xf32>
  %f = nn.flatten %y : tensor<?x8x4xf32> -> tensor<?x32xf32>
  return %f : tensor<?x32xf32>
}

// CHECK-LABEL: func.func @conv1d_dynamic_length
func.func @conv1d_dynamic_length(%x: tensor<?x4x?xf32>, %w: tensor<8x4x3xf32>) -> tensor<?x?xf32> {
  // CHECK: %[[Y:.+]] = nn.conv1d %{{.+}}, %{{.+}} {stride = 3, padding = [0, 0], dilation = 1} : (tensor<?x4x?xf32>, tensor<8x4x3xf32>) -> tensor<?x8x?xf32>
  %y = nn.conv1d %x, %w {stride = 3, padding = [0, 0], dilation = 1} : (tensor<?x4x?xf32>, tensor<8x4x3xf32>) -> tensor<?x8x?xf32>
  // CHECK: %[[F:.+]] = nn.flatten %[[Y]] : tensor<?x8x?xf32> -> tensor<?x?xf32>
  %f = nn.flatten %y : tensor<?x8x?xf32> -> tensor<?x?xf32>
  // CHECK: nn.reshape %[[F]] : tensor<?x?xf32> -> tensor<?x8x?xf32>
  %r = nn.reshape %f : tensor<?x?xf32> -> tensor<?x8x?xf32>
  return %f : tensor<?x?xf32>
}

// CHECK-LABEL: func.func @conv1d_gradients
func.func @conv1d_gradients(%dy: tensor<?x8x4xf32>, %w: tensor<8x4x3xf32>, %x: tensor<?x4x12xf32>) -> (tensor<?x4x12xf32>, tensor<8x4x3xf32>, tensor<8xf32>) {
  // CHECK: nn.conv1d_grad_input %{{.+}}, %{{.+}}, %{{.+}} {stride = 3, padding = [0, 0], dilation = 1} : (tensor<?x8x4xf32>, tensor<8x4x3xf32>, tensor<?x4x12xf32>) -> tensor<?x4x12xf32>
  %dx = nn.conv1d_grad_input %dy, %w, %x {stride = 3, padding = [0, 0], dilation = 1} : (tensor<?x8x4xf32>, tensor<8x4x3xf32>, tensor<?x4x12xf32>) -> tensor<?x4x12xf32>
  // CHECK: nn.conv1d_grad_weight %{{.+}}, %{{.+}} {kernel = 3, stride = 3, padding = [0, 0], dilation = 1} : (tensor<?x8x4xf32>, tensor<?x4x12xf32>) -> tensor<8x4x3xf32>
  %dw = nn.conv1d_grad_weight %dy, %x {kernel = 3, stride = 3, padding = [0, 0], dilation = 1} : (tensor<?x8x4xf32>, tensor<?x4x12xf32>) -> tensor<8x4x3xf32>
  // CHECK: nn.conv1d_grad_bias %{{.+}} : (tensor<?x8x4xf32>) -> tensor<8xf32>
  %db = nn.conv1d_grad_bias %dy : (tensor<?x8x4xf32>) -> tensor<8xf32>
  return %dx, %dw, %db : tensor<?x4x12xf32>, tensor<8x4x3xf32>, tensor<8xf32>
}

// CHECK-LABEL: func.func @conv2d
func.func @conv2d(%x: tensor<?x3x8x9xf32>, %w: tensor<4x3x3x2xf32>, %b: tensor<4xf32>) -> tensor<?x4x8x4xf32> {
  // CHECK: nn.conv2d %{{.+}}, %{{.+}}, %{{.+}} {stride = [1, 2], padding = [1, 1, 0, 0], dilation = [1, 1]} : (tensor<?x3x8x9xf32>, tensor<4x3x3x2xf32>, tensor<4xf32>) -> tensor<?x4x8x4xf32>
  %y = nn.conv2d %x, %w, %b {stride = [1, 2], padding = [1, 1, 0, 0], dilation = [1, 1]} : (tensor<?x3x8x9xf32>, tensor<4x3x3x2xf32>, tensor<4xf32>) -> tensor<?x4x8x4xf32>
  return %y : tensor<?x4x8x4xf32>
}

// CHECK-LABEL: func.func @conv2d_gradients
func.func @conv2d_gradients(%dy: tensor<?x4x8x4xf32>, %w: tensor<4x3x3x2xf32>, %x: tensor<?x3x8x9xf32>) -> (tensor<?x3x8x9xf32>, tensor<4x3x3x2xf32>, tensor<4xf32>) {
  // CHECK: nn.conv2d_grad_input %{{.+}}, %{{.+}}, %{{.+}} {stride = [1, 2], padding = [1, 1, 0, 0], dilation = [1, 1]} : (tensor<?x4x8x4xf32>, tensor<4x3x3x2xf32>, tensor<?x3x8x9xf32>) -> tensor<?x3x8x9xf32>
  %dx = nn.conv2d_grad_input %dy, %w, %x {stride = [1, 2], padding = [1, 1, 0, 0], dilation = [1, 1]} : (tensor<?x4x8x4xf32>, tensor<4x3x3x2xf32>, tensor<?x3x8x9xf32>) -> tensor<?x3x8x9xf32>
  // CHECK: nn.conv2d_grad_weight %{{.+}}, %{{.+}} {kernel = [3, 2], stride = [1, 2], padding = [1, 1, 0, 0], dilation = [1, 1]} : (tensor<?x4x8x4xf32>, tensor<?x3x8x9xf32>) -> tensor<4x3x3x2xf32>
  %dw = nn.conv2d_grad_weight %dy, %x {kernel = [3, 2], stride = [1, 2], padding = [1, 1, 0, 0], dilation = [1, 1]} : (tensor<?x4x8x4xf32>, tensor<?x3x8x9xf32>) -> tensor<4x3x3x2xf32>
  // CHECK: nn.conv2d_grad_bias %{{.+}} : (tensor<?x4x8x4xf32>) -> tensor<4xf32>
  %db = nn.conv2d_grad_bias %dy : (tensor<?x4x8x4xf32>) -> tensor<4xf32>
  return %dx, %dw, %db : tensor<?x3x8x9xf32>, tensor<4x3x3x2xf32>, tensor<4xf32>
}
