// RUN: netc-opt %s --split-input-file --nn-apply-optimizer | FileCheck %s
// A learning-rate schedule adds the scalar state "epoch" first (before
// Adam's "step"), returned unchanged, and one nn.lr_schedule of it that
// scales every update; the base lr is the optimizer's.

module attributes {nn.optimizer = #nn.adam<lr = 2.000000e-03 : f32, beta1 = 9.000000e-01 : f32, beta2 = 9.990000e-01 : f32, eps = 9.99999993E-9 : f32>, nn.lr_schedule = #nn.cosine_lr<t_max = 20, eta_min = 1.000000e-04 : f32>} {
  func.func @loss_and_grad(%x: tensor<?x3xf32> {nn.input = "x"},
                           %b: tensor<2xf32> {nn.param = "0.bias"},
                           %t: tensor<?x3xf32> {nn.target})
      -> (tensor<f32>, tensor<2xf32>) {
    %l = nn.mse_loss %x, %t : tensor<?x3xf32>, tensor<?x3xf32> -> tensor<f32>
    return %l, %b : tensor<f32>, tensor<2xf32>
  }
}

// CHECK-LABEL: func.func @train_step
// CHECK-SAME: %[[B:[^:]+]]: tensor<2xf32> {nn.param = "0.bias"}
// CHECK-SAME: %[[E:[^:]+]]: tensor<f32> {nn.state = "epoch"}, %[[STEP:[^:]+]]: tensor<f32> {nn.state = "step"}, %[[M:[^:]+]]: tensor<2xf32> {nn.state = "0.bias.exp_avg"}, %[[V:[^:]+]]: tensor<2xf32> {nn.state = "0.bias.exp_avg_sq"})
// CHECK-SAME: -> (tensor<f32>, tensor<2xf32>, tensor<f32>, tensor<f32>, tensor<2xf32>, tensor<2xf32>)
// CHECK: %[[S:.+]] = nn.lr_schedule %[[E]] {base_lr = 2.000000e-03 : f32, schedule = #nn.cosine_lr<t_max = 20 : i64, eta_min = 9.99999974E-5 : f32>} : tensor<f32>
// CHECK: %[[T1:.+]] = nn.increment %[[STEP]]
// CHECK: %[[B1:.+]] = nn.adam_update %[[B]], %{{.+}}, %{{.+}}, %[[T1]] scaled %[[S]] {{{.*}}lr = 2.000000e-03 : f32{{.*}}} : tensor<2xf32>, tensor<f32>, tensor<f32>
// CHECK: return %{{.+}}, %[[B1]], %[[E]], %[[T1]], %{{.+}}, %{{.+}} :

// -----

module attributes {nn.optimizer = #nn.sgd<lr = 1.000000e-01 : f32, momentum = 9.000000e-01 : f32, nesterov = true>, nn.lr_schedule = #nn.step_lr<step_size = 3, gamma = 5.000000e-01 : f32>} {
  func.func @loss_and_grad(%x: tensor<?x3xf32> {nn.input = "x"},
                           %b: tensor<2xf32> {nn.param = "0.bias"},
                           %t: tensor<?x3xf32> {nn.target})
      -> (tensor<f32>, tensor<2xf32>) {
    %l = nn.mse_loss %x, %t : tensor<?x3xf32>, tensor<?x3xf32> -> tensor<f32>
    return %l, %b : tensor<f32>, tensor<2xf32>
  }
}

// CHECK-LABEL: func.func @train_step
// CHECK-SAME: %[[E:[^:]+]]: tensor<f32> {nn.state = "epoch"}, %[[BUF:[^:]+]]: tensor<2xf32> {nn.state = "0.bias.momentum_buffer"})
// CHECK: %[[S:.+]] = nn.lr_schedule %[[E]] {base_lr = 1.000000e-01 : f32, schedule = #nn.step_lr<step_size = 3 : i64, gamma = 5.000000e-01 : f32>} : tensor<f32>
// CHECK: %[[NEXT:.+]] = nn.momentum_buffer %[[BUF]]
// CHECK: %[[B1:.+]] = nn.nesterov_update %{{.+}}, %{{.+}}, %[[NEXT]] scaled %[[S]] {lr = 1.000000e-01 : f32, momentum = 0.899999976 : f32} : tensor<2xf32>, tensor<f32>
// CHECK: return %{{.+}}, %[[B1]], %[[E]], %[[NEXT]] :

// -----

module attributes {nn.optimizer = #nn.sgd<lr = 1.000000e-01 : f32>, nn.lr_schedule = #nn.step_lr<step_size = 3, gamma = 5.000000e-01 : f32>} {
  func.func @loss_and_grad(%b: tensor<2xf32> {nn.param = "0.bias"}) -> (tensor<f32>, tensor<2xf32>) {
    %l = arith.constant dense<0.0> : tensor<f32>
    return %l, %b : tensor<f32>, tensor<2xf32>
  }
}

// Plain SGD keeps no other state: "epoch" is the only slot.
// CHECK-LABEL: func.func @train_step
// CHECK-SAME: %[[B:[^:]+]]: tensor<2xf32> {nn.param = "0.bias"}, %[[E:[^:]+]]: tensor<f32> {nn.state = "epoch"})
// CHECK: %[[S:.+]] = nn.lr_schedule %[[E]]
// CHECK: %[[B1:.+]] = nn.sgd_update %[[B]], %[[B]] scaled %[[S]] {lr = 1.000000e-01 : f32} : tensor<2xf32>, tensor<f32>
// CHECK: return %{{.+}}, %[[B1]], %[[E]] :
