// RUN: netc-opt %s --nn-differentiate=with-predictions --nn-apply-optimizer | FileCheck %s
// RUN: netc-opt %s --nn-differentiate --nn-apply-optimizer | FileCheck %s --check-prefix=PLAIN
// with-predictions: @loss_and_grad and @train_step also return the forward
// output, after the gradients (and the optimizer's state), tagged with its
// name and dims. The output here is a dropout, which training switches to
// nn.dropout_train: the returned prediction is the training-mode value the
// loss read, not the erased identity.

module attributes {nn.optimizer = #nn.adam<lr = 1.000000e-03 : f32, beta1 = 9.000000e-01 : f32, beta2 = 9.990000e-01 : f32, eps = 9.99999993E-9 : f32>} {
  func.func @infer(%x: tensor<?x3xf32> {nn.input = "x"},
                   %w: tensor<2x3xf32> {nn.param = "0.weight"},
                   %s: tensor<1xf32> {nn.buffer, nn.param = "1.step"})
      -> (tensor<?x2xf32> {nn.dims = ["N", "2"]}) {
    %y = nn.linear %x, %w : (tensor<?x3xf32>, tensor<2x3xf32>) -> tensor<?x2xf32>
    %d = nn.dropout %y, %s {p = 0.5, seed = 7} : tensor<?x2xf32>, tensor<1xf32>
    return %d : tensor<?x2xf32>
  }
  func.func @loss(%p: tensor<?x2xf32>, %t: tensor<?x2xf32> {nn.target}) -> tensor<f32> {
    %l = nn.mse_loss %p, %t : tensor<?x2xf32>, tensor<?x2xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
}

// CHECK-LABEL: func.func @loss_and_grad
// CHECK-SAME: -> (tensor<f32>, tensor<2x3xf32>, tensor<1xf32>, tensor<?x2xf32> {nn.dims = ["N", "2"], nn.prediction = "output"})
// CHECK: %[[D:.+]] = nn.dropout_train
// CHECK: %[[L:.+]] = nn.mse_loss %[[D]]
// CHECK: return %[[L]], %{{.+}}, %{{.+}}, %[[D]] :

// The loss, the new weight, the new step counter, Adam's step count and
// moments, then the prediction.
// CHECK-LABEL: func.func @train_step
// CHECK-SAME: -> (tensor<f32>, tensor<2x3xf32>, tensor<1xf32>, tensor<f32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<?x2xf32> {nn.dims = ["N", "2"], nn.prediction = "output"})
// CHECK: %[[TD:.+]] = nn.dropout_train
// CHECK: return %{{.+}}, %{{.+}}, %{{.+}}, %{{.+}}, %{{.+}}, %{{.+}}, %[[TD]] :

// Without the option neither function returns it.
// PLAIN-NOT: nn.prediction
