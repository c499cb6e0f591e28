// RUN: netc-opt %s --split-input-file --verify-diagnostics
// Shape and attribute errors name both values that disagree. Shape errors
// come with MLIR's generic "failed to infer returned types" after them.

func.func @linear_features(%x: tensor<?x4xf32>, %w: tensor<2x3xf32>) -> tensor<?x2xf32> {
  // expected-error @+2 {{'nn.linear' op input has 4 features but the weight (2x3) expects 3}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = nn.linear %x, %w : (tensor<?x4xf32>, tensor<2x3xf32>) -> tensor<?x2xf32>
  return %y : tensor<?x2xf32>
}

// -----

func.func @linear_bias(%x: tensor<?x3xf32>, %w: tensor<2x3xf32>, %b: tensor<5xf32>) -> tensor<?x2xf32> {
  // expected-error @+2 {{'nn.linear' op bias has 5 elements but the weight has 2 outputs}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = nn.linear %x, %w, %b : (tensor<?x3xf32>, tensor<2x3xf32>, tensor<5xf32>) -> tensor<?x2xf32>
  return %y : tensor<?x2xf32>
}

// -----

func.func @linear_rank(%x: tensor<?x3x5xf32>, %w: tensor<2x3xf32>) -> tensor<?x2xf32> {
  // expected-error @+2 {{'nn.linear' op expects input of rank 2, got ?x3x5 (rank 3)}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = nn.linear %x, %w : (tensor<?x3x5xf32>, tensor<2x3xf32>) -> tensor<?x2xf32>
  return %y : tensor<?x2xf32>
}

// -----

func.func @linear_declared_result(%x: tensor<?x3xf32>, %w: tensor<2x3xf32>) -> tensor<?x7xf32> {
  // expected-error @+2 {{'nn.linear' op inferred type(s) 'tensor<?x2xf32>' are incompatible with return type(s) of operation 'tensor<?x7xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = nn.linear %x, %w : (tensor<?x3xf32>, tensor<2x3xf32>) -> tensor<?x7xf32>
  return %y : tensor<?x7xf32>
}

// -----

func.func @loss_shapes(%p: tensor<?x2xf32>, %t: tensor<?x3xf32>) -> tensor<f32> {
  // expected-error @+2 {{'nn.mse_loss' op prediction shape ?x2 does not match target shape ?x3}}
  // expected-error @+1 {{failed to infer returned types}}
  %l = nn.mse_loss %p, %t : tensor<?x2xf32>, tensor<?x3xf32> -> tensor<f32>
  return %l : tensor<f32>
}

// -----

func.func @relu_types(%x: tensor<?x2xf32>) -> tensor<?x3xf32> {
  // expected-error @+1 {{'nn.relu' op requires the same type for all operands and results}}
  %y = "nn.relu"(%x) : (tensor<?x2xf32>) -> tensor<?x3xf32>
  return %y : tensor<?x3xf32>
}

// -----

func.func @sgd_lr(%w: tensor<2xf32>, %g: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{learning rate must be positive and finite, got -1}}
  %u = nn.sgd_update %w, %g {lr = -1.0 : f32} : tensor<2xf32>
  return %u : tensor<2xf32>
}

// -----

func.func @f64_rejected(%x: tensor<?x2xf64>) -> tensor<?x2xf64> {
  // expected-error @+1 {{must be ranked tensor of 32-bit float values}}
  %y = nn.relu %x : tensor<?x2xf64>
  return %y : tensor<?x2xf64>
}
