// RUN: netc-opt %s --split-input-file --verify-diagnostics
// A schedule's settings are checked where the op is built; the epoch and
// the factor are scalars.

func.func @step_size_zero(%e: tensor<f32>) -> tensor<f32> {
  // expected-error @+1 {{'nn.lr_schedule' op step_size must be at least 1, got 0}}
  %s = nn.lr_schedule %e {base_lr = 0.1 : f32, schedule = #nn.step_lr<step_size = 0, gamma = 0.5 : f32>} : tensor<f32>
  return %s : tensor<f32>
}

// -----

func.func @gamma_negative(%e: tensor<f32>) -> tensor<f32> {
  // expected-error @+1 {{'nn.lr_schedule' op gamma must be positive and finite, got -5.000000e-01}}
  %s = nn.lr_schedule %e {base_lr = 0.1 : f32, schedule = #nn.step_lr<step_size = 2, gamma = -0.5 : f32>} : tensor<f32>
  return %s : tensor<f32>
}

// -----

func.func @t_max_zero(%e: tensor<f32>) -> tensor<f32> {
  // expected-error @+1 {{'nn.lr_schedule' op t_max must be at least 1, got 0}}
  %s = nn.lr_schedule %e {base_lr = 0.1 : f32, schedule = #nn.cosine_lr<t_max = 0, eta_min = 0.0 : f32>} : tensor<f32>
  return %s : tensor<f32>
}

// -----

func.func @eta_min_negative(%e: tensor<f32>) -> tensor<f32> {
  // expected-error @+1 {{'nn.lr_schedule' op eta_min must be non-negative and finite, got -1.000000e-02}}
  %s = nn.lr_schedule %e {base_lr = 0.1 : f32, schedule = #nn.cosine_lr<t_max = 4, eta_min = -0.01 : f32>} : tensor<f32>
  return %s : tensor<f32>
}

// -----

func.func @base_lr_zero(%e: tensor<f32>) -> tensor<f32> {
  // expected-error @+1 {{'nn.lr_schedule' op base learning rate must be positive and finite, got 0.000000e+00}}
  %s = nn.lr_schedule %e {base_lr = 0.0 : f32, schedule = #nn.cosine_lr<t_max = 4, eta_min = 0.0 : f32>} : tensor<f32>
  return %s : tensor<f32>
}

// -----

func.func @not_a_schedule(%e: tensor<f32>) -> tensor<f32> {
  // expected-error @+1 {{'nn.lr_schedule' op attribute 'schedule' failed to satisfy constraint}}
  %s = nn.lr_schedule %e {base_lr = 0.1 : f32, schedule = 3 : i64} : tensor<f32>
  return %s : tensor<f32>
}

// -----

func.func @epoch_not_scalar(%e: tensor<1xf32>) -> tensor<1xf32> {
  // expected-error @+1 {{'nn.lr_schedule' op operand #0 must be 0D tensor of 32-bit float values}}
  %s = nn.lr_schedule %e {base_lr = 0.1 : f32, schedule = #nn.step_lr<step_size = 2, gamma = 0.5 : f32>} : tensor<1xf32>
  return %s : tensor<1xf32>
}
