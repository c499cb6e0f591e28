// RUN: netc-opt %s --split-input-file --verify-diagnostics
// Axis, maxout and loss errors name every value involved. Shape errors of
// ops with inferred result types come with MLIR's generic "failed to infer
// returned types" after them.

func.func @softmax_axis_too_large(%x: tensor<?x4x7xf32>) -> tensor<?x4x7xf32> {
  // expected-error @+1 {{'nn.softmax' op axis 3 is out of range for a rank-3 input (expected -3 to 2)}}
  %y = nn.softmax %x {axis = 3} : tensor<?x4x7xf32>
  return %y : tensor<?x4x7xf32>
}

// -----

func.func @log_softmax_axis_too_negative(%x: tensor<?x10xf32>) -> tensor<?x10xf32> {
  // expected-error @+1 {{'nn.log_softmax' op axis -3 is out of range for a rank-2 input (expected -2 to 1)}}
  %y = nn.log_softmax %x {axis = -3} : tensor<?x10xf32>
  return %y : tensor<?x10xf32>
}

// -----

func.func @softmax_grad_axis(%dy: tensor<?x10xf32>, %y: tensor<?x10xf32>) -> tensor<?x10xf32> {
  // expected-error @+1 {{'nn.softmax_grad' op axis 2 is out of range for a rank-2 operand (expected -2 to 1)}}
  %dx = nn.softmax_grad %dy, %y {axis = 2} : tensor<?x10xf32>
  return %dx : tensor<?x10xf32>
}

// -----

func.func @softmax_types(%x: tensor<?x10xf32>) -> tensor<?x9xf32> {
  // expected-error @+1 {{'nn.softmax' op requires the same type for all operands and results}}
  %y = "nn.softmax"(%x) {axis = 1} : (tensor<?x10xf32>) -> tensor<?x9xf32>
  return %y : tensor<?x9xf32>
}

// -----

func.func @maxout_not_a_multiple(%x: tensor<?x5xf32>) -> tensor<?x2xf32> {
  // expected-error @+2 {{'nn.maxout' op axis 1 has 5 features, not a multiple of pieces (2)}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = nn.maxout %x {pieces = 2} : tensor<?x5xf32> -> tensor<?x2xf32>
  return %y : tensor<?x2xf32>
}

// -----

func.func @maxout_pieces(%x: tensor<?x4xf32>) -> tensor<?x4xf32> {
  // expected-error @+2 {{'nn.maxout' op pieces must be positive, got 0}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = nn.maxout %x {pieces = 0} : tensor<?x4xf32> -> tensor<?x4xf32>
  return %y : tensor<?x4xf32>
}

// -----

func.func @maxout_rank(%x: tensor<?xf32>) -> tensor<?xf32> {
  // expected-error @+2 {{'nn.maxout' op expects an input of rank 2 or more ([batch, features, ...]), got ? (rank 1)}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = nn.maxout %x {pieces = 2} : tensor<?xf32> -> tensor<?xf32>
  return %y : tensor<?xf32>
}

// -----

func.func @maxout_declared_result(%x: tensor<?x6xf32>) -> tensor<?x2xf32> {
  // expected-error @+2 {{'nn.maxout' op inferred type(s) 'tensor<?x3xf32>' are incompatible with return type(s) of operation 'tensor<?x2xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = nn.maxout %x {pieces = 2} : tensor<?x6xf32> -> tensor<?x2xf32>
  return %y : tensor<?x2xf32>
}

// -----

func.func @maxout_grad_shape(%dy: tensor<?x2xf32>, %x: tensor<?x6xf32>) -> tensor<?x6xf32> {
  // expected-error @+2 {{'nn.maxout_grad' op result_grad shape ?x2 does not match the maxout of the input (?x3)}}
  // expected-error @+1 {{failed to infer returned types}}
  %dx = nn.maxout_grad %dy, %x {pieces = 2} : (tensor<?x2xf32>, tensor<?x6xf32>) -> tensor<?x6xf32>
  return %dx : tensor<?x6xf32>
}

// -----

func.func @cross_entropy_rank(%p: tensor<?xf32>, %t: tensor<?xf32>) -> tensor<f32> {
  // expected-error @+2 {{'nn.cross_entropy_loss' op expects a prediction of rank 2 or more ([batch, classes, ...]), got ? (rank 1)}}
  // expected-error @+1 {{failed to infer returned types}}
  %l = nn.cross_entropy_loss %p, %t : tensor<?xf32>, tensor<?xf32> -> tensor<f32>
  return %l : tensor<f32>
}

// -----

func.func @cross_entropy_shapes(%p: tensor<?x10xf32>, %t: tensor<?x9xf32>) -> tensor<f32> {
  // expected-error @+2 {{'nn.cross_entropy_loss' op prediction shape ?x10 does not match target shape ?x9}}
  // expected-error @+1 {{failed to infer returned types}}
  %l = nn.cross_entropy_loss %p, %t : tensor<?x10xf32>, tensor<?x9xf32> -> tensor<f32>
  return %l : tensor<f32>
}

// -----

func.func @bce_with_logits_grad_shapes(%dl: tensor<f32>, %p: tensor<?x1xf32>, %t: tensor<?x2xf32>) -> tensor<?x1xf32> {
  // expected-error @+2 {{'nn.bce_with_logits_loss_grad' op prediction shape ?x1 does not match target shape ?x2}}
  // expected-error @+1 {{failed to infer returned types}}
  %dx = nn.bce_with_logits_loss_grad %dl, %p, %t : (tensor<f32>, tensor<?x1xf32>, tensor<?x2xf32>) -> tensor<?x1xf32>
  return %dx : tensor<?x1xf32>
}

// -----

func.func @unknown_reduction(%p: tensor<?x1xf32>, %t: tensor<?x1xf32>) -> tensor<f32> {
  // expected-error @+1 {{'nn.mse_loss' op attribute 'reduction' failed to satisfy constraint: string attribute whose value is "mean" or "sum"}}
  %l = nn.mse_loss %p, %t {reduction = "max"} : tensor<?x1xf32>, tensor<?x1xf32> -> tensor<f32>
  return %l : tensor<f32>
}
