// RUN: netc-opt %s | netc-opt | FileCheck %s
// The batchnorm ops print and parse back unchanged.

// CHECK-LABEL: func.func @eval
func.func @eval(%x: tensor<?x8x10xf32>, %w: tensor<8xf32>, %b: tensor<8xf32>,
                %m: tensor<8xf32>, %v: tensor<8xf32>) -> tensor<?x8x10xf32> {
  // CHECK: nn.batchnorm %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} {eps = 9.99999974E-6, momentum = 1.000000e-01} : tensor<?x8x10xf32>, tensor<8xf32> -> tensor<?x8x10xf32>
  %y = nn.batchnorm %x, %w, %b, %m, %v {eps = 1.0e-05, momentum = 0.1} : tensor<?x8x10xf32>, tensor<8xf32> -> tensor<?x8x10xf32>
  return %y : tensor<?x8x10xf32>
}

// CHECK-LABEL: func.func @train
func.func @train(%x: tensor<?x8xf32>, %w: tensor<8xf32>, %b: tensor<8xf32>,
                 %m: tensor<8xf32>, %dy: tensor<?x8xf32>)
    -> (tensor<?x8xf32>, tensor<?x8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) {
  // CHECK: nn.batchnorm_train
  %y = nn.batchnorm_train %x, %w, %b {eps = 1.0e-05} : tensor<?x8xf32>, tensor<8xf32> -> tensor<?x8xf32>
  // CHECK: nn.batchnorm_input_grad
  %dx = nn.batchnorm_input_grad %dy, %x, %w {eps = 1.0e-05} : tensor<?x8xf32>, tensor<?x8xf32>, tensor<8xf32> -> tensor<?x8xf32>
  // CHECK: nn.batchnorm_weight_grad
  %dw = nn.batchnorm_weight_grad %dy, %x {eps = 1.0e-05} : tensor<?x8xf32>, tensor<?x8xf32> -> tensor<8xf32>
  // CHECK: nn.channel_sum
  %db = nn.channel_sum %dy : tensor<?x8xf32> -> tensor<8xf32>
  // CHECK: nn.running_stat %{{.*}}, %{{.*}} {statistic = "var", momentum = 1.000000e-01}
  %m1 = nn.running_stat %m, %x {statistic = "var", momentum = 0.1} : tensor<8xf32>, tensor<?x8xf32>
  return %y, %dx, %dw, %db, %m1 : tensor<?x8xf32>, tensor<?x8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>
}
