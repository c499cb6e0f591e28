// RUN: netc-opt %s --split-input-file --nn-differentiate=with-input-grads | FileCheck %s
// Reverse mode through pooling: each gradient op takes the result gradient
// and the forward input, with the forward op's kernel and stride. Max
// pooling needs the input's values (to find each window's first maximum);
// average pooling its shape only.

module {
  func.func @infer(%x: tensor<?x2x12xf32> {nn.input = "x"},
                   %w: tensor<1x2xf32> {nn.param = "3.weight"}) -> tensor<?x1xf32> {
    %m = nn.maxpool1d %x {kernel = 3, stride = 2} : tensor<?x2x12xf32> -> tensor<?x2x5xf32>
    %a = nn.avgpool1d %m {kernel = 2, stride = 1} : tensor<?x2x5xf32> -> tensor<?x2x4xf32>
    %g = nn.global_maxpool %a : tensor<?x2x4xf32> -> tensor<?x2xf32>
    %y = nn.linear %g, %w : (tensor<?x2xf32>, tensor<1x2xf32>) -> tensor<?x1xf32>
    return %y : tensor<?x1xf32>
  }
  func.func @loss(%p: tensor<?x1xf32>, %t: tensor<?x1xf32> {nn.target}) -> tensor<f32> {
    %l = nn.mse_loss %p, %t : tensor<?x1xf32>, tensor<?x1xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
}

// CHECK-LABEL: func.func @loss_and_grad
// CHECK-SAME: (%[[X:[^:]+]]: tensor<?x2x12xf32> {nn.input = "x"}, %[[W:[^:]+]]: tensor<1x2xf32> {nn.param = "3.weight"}, %[[T:[^:]+]]: tensor<?x1xf32> {nn.target})
// CHECK-SAME: -> (tensor<f32>, tensor<1x2xf32>, tensor<?x2x12xf32>)
// CHECK: %[[M:.+]] = nn.maxpool1d %[[X]] {kernel = 3, stride = 2}
// CHECK: %[[A:.+]] = nn.avgpool1d %[[M]] {kernel = 2, stride = 1}
// CHECK: %[[G:.+]] = nn.global_maxpool %[[A]]
// CHECK: %[[Y:.+]] = nn.linear %[[G]], %[[W]]
// CHECK: %[[DY:.+]] = nn.mse_loss_grad
// CHECK: %[[DG:.+]] = nn.linear_grad_input %[[DY]], %[[W]]
// CHECK: %[[DW:.+]] = nn.linear_grad_weight %[[DY]], %[[G]]
// CHECK: %[[DA:.+]] = nn.global_maxpool_grad %[[DG]], %[[A]] : (tensor<?x2xf32>, tensor<?x2x4xf32>) -> tensor<?x2x4xf32>
// CHECK: %[[DM:.+]] = nn.avgpool1d_grad %[[DA]], %[[M]] {kernel = 2, stride = 1} : (tensor<?x2x4xf32>, tensor<?x2x5xf32>) -> tensor<?x2x5xf32>
// CHECK: %[[DX:.+]] = nn.maxpool1d_grad %[[DM]], %[[X]] {kernel = 3, stride = 2} : (tensor<?x2x5xf32>, tensor<?x2x12xf32>) -> tensor<?x2x12xf32>
// CHECK: return %{{.+}}, %[[DW]], %[[DX]]

// -----

// 2-D, with a dynamic width that flows through every shape.
module {
  func.func @infer(%x: tensor<?x1x6x?xf32> {nn.input = "x"}) -> tensor<?x1xf32> {
    %m = nn.maxpool2d %x {kernel = [2, 2], stride = [2, 2]} : tensor<?x1x6x?xf32> -> tensor<?x1x3x?xf32>
    %a = nn.avgpool2d %m {kernel = [2, 1], stride = [1, 1]} : tensor<?x1x3x?xf32> -> tensor<?x1x2x?xf32>
    %g = nn.global_avgpool %a : tensor<?x1x2x?xf32> -> tensor<?x1xf32>
    return %g : tensor<?x1xf32>
  }
  func.func @loss(%p: tensor<?x1xf32>, %t: tensor<?x1xf32> {nn.target}) -> tensor<f32> {
    %l = nn.mse_loss %p, %t : tensor<?x1xf32>, tensor<?x1xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
}

// CHECK-LABEL: func.func @loss_and_grad
// CHECK-SAME: -> (tensor<f32>, tensor<?x1x6x?xf32>)
// CHECK: %[[M:.+]] = nn.maxpool2d %[[X:[^ ]+]] {kernel = [2, 2], stride = [2, 2]}
// CHECK: %[[A:.+]] = nn.avgpool2d %[[M]] {kernel = [2, 1], stride = [1, 1]}
// CHECK: %[[G:.+]] = nn.global_avgpool %[[A]]
// CHECK: %[[DG:.+]] = nn.mse_loss_grad %{{.+}}, %[[G]]
// CHECK: %[[DA:.+]] = nn.global_avgpool_grad %[[DG]], %[[A]] : (tensor<?x1xf32>, tensor<?x1x2x?xf32>) -> tensor<?x1x2x?xf32>
// CHECK: %[[DM:.+]] = nn.avgpool2d_grad %[[DA]], %[[M]] {kernel = [2, 1], stride = [1, 1]} : (tensor<?x1x2x?xf32>, tensor<?x1x3x?xf32>) -> tensor<?x1x3x?xf32>
// CHECK: %[[DX:.+]] = nn.maxpool2d_grad %[[DM]], %[[X]] {kernel = [2, 2], stride = [2, 2]} : (tensor<?x1x3x?xf32>, tensor<?x1x6x?xf32>) -> tensor<?x1x6x?xf32>
// CHECK: return %{{.+}}, %[[DX]]
