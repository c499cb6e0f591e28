// RUN: netc-opt %s | netc-opt | FileCheck %s
// nn.lr_schedule and the updates scaled by its factor print in a form that
// parses back to itself; an update without `scaled` prints as before.

// CHECK-LABEL: func.func @scheduled
// CHECK-SAME: (%[[E:[^:]+]]: tensor<f32>, %[[W:[^:]+]]: tensor<2x3xf32>, %[[G:[^:]+]]: tensor<2x3xf32>, %[[T:[^:]+]]: tensor<f32>)
func.func @scheduled(%e: tensor<f32>, %w: tensor<2x3xf32>, %g: tensor<2x3xf32>, %t: tensor<f32>)
    -> (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>) {
  // CHECK: %[[S:.+]] = nn.lr_schedule %[[E]] {base_lr = 1.000000e-01 : f32, schedule = #nn.step_lr<step_size = 2 : i64, gamma = 5.000000e-01 : f32>} : tensor<f32>
  %s = nn.lr_schedule %e {base_lr = 0.1 : f32, schedule = #nn.step_lr<step_size = 2, gamma = 0.5 : f32>} : tensor<f32>
  // CHECK: nn.lr_schedule %[[E]] {base_lr = 1.000000e-01 : f32, schedule = #nn.cosine_lr<t_max = 20 : i64, eta_min = 0.000000e+00 : f32>} : tensor<f32>
  %c = nn.lr_schedule %e {base_lr = 0.1 : f32, schedule = #nn.cosine_lr<t_max = 20, eta_min = 0.0 : f32>} : tensor<f32>
  // CHECK: nn.sgd_update %[[W]], %[[G]] scaled %[[S]] {lr = 1.000000e-01 : f32} : tensor<2x3xf32>, tensor<f32>
  %w1 = nn.sgd_update %w, %g scaled %s {lr = 0.1 : f32} : tensor<2x3xf32>, tensor<f32>
  // CHECK: nn.sgd_update %[[W]], %[[G]] {lr = 1.000000e-01 : f32} : tensor<2x3xf32>{{$}}
  %w2 = nn.sgd_update %w, %g {lr = 0.1 : f32} : tensor<2x3xf32>
  // CHECK: nn.nesterov_update %[[W]], %[[G]], %[[G]] scaled %[[S]] {lr = 1.000000e-01 : f32, momentum = 0.899999976 : f32} : tensor<2x3xf32>, tensor<f32>
  %w3 = nn.nesterov_update %w, %g, %g scaled %s {lr = 0.1 : f32, momentum = 0.9 : f32} : tensor<2x3xf32>, tensor<f32>
  // CHECK: nn.adam_update %[[W]], %[[G]], %[[G]], %[[T]] scaled %[[S]] {{{.*}}} : tensor<2x3xf32>, tensor<f32>, tensor<f32>
  %w4 = nn.adam_update %w, %g, %g, %t scaled %s {lr = 0.001 : f32, beta1 = 0.9 : f32, beta2 = 0.999 : f32, eps = 1.0e-8 : f32} : tensor<2x3xf32>, tensor<f32>, tensor<f32>
  return %w1, %w2, %w3, %w4 : tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>
}
