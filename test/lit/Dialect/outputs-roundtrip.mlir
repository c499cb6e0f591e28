// RUN: netc-opt %s | netc-opt | FileCheck %s
// The ops of a model with several outputs print and parse back unchanged:
// nn.columns (one output's columns of the target row) and nn.scale (a
// loss's weight).

// CHECK-LABEL: func.func @split_and_weigh
// CHECK: nn.columns %{{.+}} {offset = 3} : tensor<?x4xf32> -> tensor<?x1xf32>
// CHECK: nn.scale %{{.+}} {factor = 5.000000e-01 : f32} : tensor<f32>
func.func @split_and_weigh(%row: tensor<?x4xf32>, %p: tensor<?x1xf32>) -> tensor<f32> {
  %t = nn.columns %row {offset = 3} : tensor<?x4xf32> -> tensor<?x1xf32>
  %l = nn.mse_loss %p, %t : tensor<?x1xf32>, tensor<?x1xf32> -> tensor<f32>
  %w = nn.scale %l {factor = 5.000000e-01 : f32} : tensor<f32>
  return %w : tensor<f32>
}
