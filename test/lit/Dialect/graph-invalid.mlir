// RUN: netc-opt %s --split-input-file --verify-diagnostics
// Concatenation errors print both shapes (or the axis and its range).
// Shape errors of ops with inferred result types come with MLIR's generic
// "failed to infer returned types" after them.

func.func @concat_other_axis_differs(%a: tensor<?x4x10xf32>, %b: tensor<?x8x9xf32>) -> tensor<?x12x10xf32> {
  // expected-error @+2 {{'nn.concat' op input 1 of shape ?x8x9 does not match input 0 of shape ?x4x10 on the axes other than 1}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = nn.concat %a, %b {axis = 1} : tensor<?x4x10xf32>, tensor<?x8x9xf32> -> tensor<?x12x10xf32>
  return %y : tensor<?x12x10xf32>
}

// -----

func.func @concat_rank_differs(%a: tensor<?x4x10xf32>, %b: tensor<?x8xf32>) -> tensor<?x12x10xf32> {
  // expected-error @+2 {{'nn.concat' op input 1 of shape ?x8 does not match input 0 of shape ?x4x10 on the axes other than 1}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = nn.concat %a, %b {axis = 1} : tensor<?x4x10xf32>, tensor<?x8xf32> -> tensor<?x12x10xf32>
  return %y : tensor<?x12x10xf32>
}

// -----

func.func @concat_axis_out_of_range(%a: tensor<?x4xf32>, %b: tensor<?x8xf32>) -> tensor<?x12xf32> {
  // expected-error @+2 {{'nn.concat' op axis 2 is out of range for rank-2 inputs (expected -2 to 1)}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = nn.concat %a, %b {axis = 2} : tensor<?x4xf32>, tensor<?x8xf32> -> tensor<?x12xf32>
  return %y : tensor<?x12xf32>
}

// -----

func.func @concat_wrong_result(%a: tensor<?x4xf32>, %b: tensor<?x8xf32>) -> tensor<?x11xf32> {
  // expected-error @+2 {{'nn.concat' op inferred type(s) 'tensor<?x12xf32>' are incompatible with return type(s) of operation 'tensor<?x11xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = nn.concat %a, %b {axis = 1} : tensor<?x4xf32>, tensor<?x8xf32> -> tensor<?x11xf32>
  return %y : tensor<?x11xf32>
}

// -----

func.func @concat_grad_dy_shape(%dy: tensor<?x11xf32>, %a: tensor<?x4xf32>, %b: tensor<?x8xf32>) -> tensor<?x4xf32> {
  // expected-error @+2 {{'nn.concat_grad' op result_grad shape ?x11 does not match the concat of the inputs (?x12)}}
  // expected-error @+1 {{failed to infer returned types}}
  %da = nn.concat_grad %dy, %a, %b {axis = 1, index = 0} : tensor<?x11xf32>, tensor<?x4xf32>, tensor<?x8xf32> -> tensor<?x4xf32>
  return %da : tensor<?x4xf32>
}

// -----

func.func @concat_grad_index(%dy: tensor<?x12xf32>, %a: tensor<?x4xf32>, %b: tensor<?x8xf32>) -> tensor<?x4xf32> {
  // expected-error @+2 {{'nn.concat_grad' op index 2 is out of range for 2 inputs}}
  // expected-error @+1 {{failed to infer returned types}}
  %da = nn.concat_grad %dy, %a, %b {axis = 1, index = 2} : tensor<?x12xf32>, tensor<?x4xf32>, tensor<?x8xf32> -> tensor<?x4xf32>
  return %da : tensor<?x4xf32>
}

// -----

func.func @add_shapes_differ(%a: tensor<?x4xf32>, %b: tensor<?x5xf32>) -> tensor<?x4xf32> {
  // expected-error @+1 {{'nn.add' op requires the same type for all operands and results}}
  %y = "nn.add"(%a, %b) : (tensor<?x4xf32>, tensor<?x5xf32>) -> tensor<?x4xf32>
  return %y : tensor<?x4xf32>
}
