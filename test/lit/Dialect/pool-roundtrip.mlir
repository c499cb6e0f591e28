// RUN: netc-opt %s | netc-opt | FileCheck %s
// Every pooling op and its gradient prints in a form that parses back to
// itself: kernel and stride as integers in 1-D, [height, width] in 2-D.

// CHECK-LABEL: func.func @pool1d
// CHECK-SAME: (%[[X:.+]]: tensor<?x2x12xf32>)
func.func @pool1d(%x: tensor<?x2x12xf32>) -> (tensor<?x2x5xf32>, tensor<?x2x6xf32>) {
  // CHECK: nn.maxpool1d %[[X]] {kernel = 3, stride = 2} : tensor<?x2x12xf32> -> tensor<?x2x5xf32>
  %m = nn.maxpool1d %x {kernel = 3, stride = 2} : tensor<?x2x12xf32> -> tensor<?x2x5xf32>
  // CHECK: nn.avgpool1d %[[X]] {kernel = 2, stride = 2} : tensor<?x2x12xf32> -> tensor<?x2x6xf32>
  %a = nn.avgpool1d %x {kernel = 2, stride = 2} : tensor<?x2x12xf32> -> tensor<?x2x6xf32>
  return %m, %a : tensor<?x2x5xf32>, tensor<?x2x6xf32>
}

// CHECK-LABEL: func.func @pool2d
// CHECK-SAME: (%[[X:.+]]: tensor<?x3x8x7xf32>)
func.func @pool2d(%x: tensor<?x3x8x7xf32>) -> (tensor<?x3x4x3xf32>, tensor<?x3x6x3xf32>) {
  // CHECK: nn.maxpool2d %[[X]] {kernel = [2, 2], stride = [2, 2]} : tensor<?x3x8x7xf32> -> tensor<?x3x4x3xf32>
  %m = nn.maxpool2d %x {kernel = [2, 2], stride = [2, 2]} : tensor<?x3x8x7xf32> -> tensor<?x3x4x3xf32>
  // CHECK: nn.avgpool2d %[[X]] {kernel = [3, 3], stride = [1, 2]} : tensor<?x3x8x7xf32> -> tensor<?x3x6x3xf32>
  %a = nn.avgpool2d %x {kernel = [3, 3], stride = [1, 2]} : tensor<?x3x8x7xf32> -> tensor<?x3x6x3xf32>
  return %m, %a : tensor<?x3x4x3xf32>, tensor<?x3x6x3xf32>
}

// Spatial extents may be dynamic; what depends on them is too.
// CHECK-LABEL: func.func @dynamic_length
func.func @dynamic_length(%x: tensor<?x4x?xf32>, %y: tensor<?x4x?x9xf32>) -> (tensor<?x4x?xf32>, tensor<?x4x?x4xf32>) {
  // CHECK: nn.maxpool1d %{{.+}} {kernel = 3, stride = 3} : tensor<?x4x?xf32> -> tensor<?x4x?xf32>
  %m = nn.maxpool1d %x {kernel = 3, stride = 3} : tensor<?x4x?xf32> -> tensor<?x4x?xf32>
  // CHECK: nn.avgpool2d %{{.+}} {kernel = [2, 2], stride = [2, 2]} : tensor<?x4x?x9xf32> -> tensor<?x4x?x4xf32>
  %a = nn.avgpool2d %y {kernel = [2, 2], stride = [2, 2]} : tensor<?x4x?x9xf32> -> tensor<?x4x?x4xf32>
  return %m, %a : tensor<?x4x?xf32>, tensor<?x4x?x4xf32>
}

// CHECK-LABEL: func.func @global
func.func @global(%x: tensor<?x4x5x5xf32>, %s: tensor<?x8x?xf32>) -> (tensor<?x4xf32>, tensor<?x8xf32>) {
  // CHECK: nn.global_maxpool %{{.+}} : tensor<?x4x5x5xf32> -> tensor<?x4xf32>
  %m = nn.global_maxpool %x : tensor<?x4x5x5xf32> -> tensor<?x4xf32>
  // CHECK: nn.global_avgpool %{{.+}} : tensor<?x8x?xf32> -> tensor<?x8xf32>
  %a = nn.global_avgpool %s : tensor<?x8x?xf32> -> tensor<?x8xf32>
  return %m, %a : tensor<?x4xf32>, tensor<?x8xf32>
}

// CHECK-LABEL: func.func @gradients
// CHECK-SAME: (%[[X1:[^:]+]]: tensor<?x2x12xf32>, %[[DY1:[^:]+]]: tensor<?x2x5xf32>, %[[X2:[^:]+]]: tensor<?x3x8x7xf32>, %[[DY2:[^:]+]]: tensor<?x3x4x3xf32>, %[[XG:[^:]+]]: tensor<?x4x5x5xf32>, %[[DG:[^:]+]]: tensor<?x4xf32>)
func.func @gradients(%x1: tensor<?x2x12xf32>, %dy1: tensor<?x2x5xf32>,
                     %x2: tensor<?x3x8x7xf32>, %dy2: tensor<?x3x4x3xf32>,
                     %xg: tensor<?x4x5x5xf32>, %dg: tensor<?x4xf32>)
    -> (tensor<?x2x12xf32>, tensor<?x2x12xf32>, tensor<?x3x8x7xf32>,
        tensor<?x3x8x7xf32>, tensor<?x4x5x5xf32>, tensor<?x4x5x5xf32>) {
  // CHECK: nn.maxpool1d_grad %[[DY1]], %[[X1]] {kernel = 3, stride = 2} : (tensor<?x2x5xf32>, tensor<?x2x12xf32>) -> tensor<?x2x12xf32>
  %g1 = nn.maxpool1d_grad %dy1, %x1 {kernel = 3, stride = 2} : (tensor<?x2x5xf32>, tensor<?x2x12xf32>) -> tensor<?x2x12xf32>
  // CHECK: nn.avgpool1d_grad %[[DY1]], %[[X1]] {kernel = 4, stride = 2} : (tensor<?x2x5xf32>, tensor<?x2x12xf32>) -> tensor<?x2x12xf32>
  %g2 = nn.avgpool1d_grad %dy1, %x1 {kernel = 4, stride = 2} : (tensor<?x2x5xf32>, tensor<?x2x12xf32>) -> tensor<?x2x12xf32>
  // CHECK: nn.maxpool2d_grad %[[DY2]], %[[X2]] {kernel = [2, 2], stride = [2, 2]} : (tensor<?x3x4x3xf32>, tensor<?x3x8x7xf32>) -> tensor<?x3x8x7xf32>
  %g3 = nn.maxpool2d_grad %dy2, %x2 {kernel = [2, 2], stride = [2, 2]} : (tensor<?x3x4x3xf32>, tensor<?x3x8x7xf32>) -> tensor<?x3x8x7xf32>
  // CHECK: nn.avgpool2d_grad %[[DY2]], %[[X2]] {kernel = [2, 3], stride = [2, 2]} : (tensor<?x3x4x3xf32>, tensor<?x3x8x7xf32>) -> tensor<?x3x8x7xf32>
  %g4 = nn.avgpool2d_grad %dy2, %x2 {kernel = [2, 3], stride = [2, 2]} : (tensor<?x3x4x3xf32>, tensor<?x3x8x7xf32>) -> tensor<?x3x8x7xf32>
  // CHECK: nn.global_maxpool_grad %[[DG]], %[[XG]] : (tensor<?x4xf32>, tensor<?x4x5x5xf32>) -> tensor<?x4x5x5xf32>
  %g5 = nn.global_maxpool_grad %dg, %xg : (tensor<?x4xf32>, tensor<?x4x5x5xf32>) -> tensor<?x4x5x5xf32>
  // CHECK: nn.global_avgpool_grad %[[DG]], %[[XG]] : (tensor<?x4xf32>, tensor<?x4x5x5xf32>) -> tensor<?x4x5x5xf32>
  %g6 = nn.global_avgpool_grad %dg, %xg : (tensor<?x4xf32>, tensor<?x4x5x5xf32>) -> tensor<?x4x5x5xf32>
  return %g1, %g2, %g3, %g4, %g5, %g6 : tensor<?x2x12xf32>, tensor<?x2x12xf32>, tensor<?x3x8x7xf32>, tensor<?x3x8x7xf32>, tensor<?x4x5x5xf32>, tensor<?x4x5x5xf32>
}
