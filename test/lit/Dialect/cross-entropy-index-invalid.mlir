// RUN: netc-opt %s --split-input-file --verify-diagnostics
// The class-index target must be the prediction's shape without axis 1.

func.func @index_rank(%p: tensor<?xf32>, %t: tensor<?xf32>) -> tensor<f32> {
  // expected-error @+2 {{'nn.cross_entropy_index_loss' op expects a prediction of rank 2 or more ([batch, classes, ...]), got ? (rank 1)}}
  // expected-error @+1 {{failed to infer returned types}}
  %l = nn.cross_entropy_index_loss %p, %t : tensor<?xf32>, tensor<?xf32> -> tensor<f32>
  return %l : tensor<f32>
}

// -----

func.func @one_hot_shaped_target(%p: tensor<?x10xf32>, %t: tensor<?x10xf32>) -> tensor<f32> {
  // expected-error @+2 {{'nn.cross_entropy_index_loss' op class-index target shape ?x10 is not the prediction shape ?x10 without its class axis (?)}}
  // expected-error @+1 {{failed to infer returned types}}
  %l = nn.cross_entropy_index_loss %p, %t : tensor<?x10xf32>, tensor<?x10xf32> -> tensor<f32>
  return %l : tensor<f32>
}

// -----

func.func @grad_positions(%dl: tensor<f32>, %p: tensor<?x4x6xf32>, %t: tensor<?x5xf32>) -> tensor<?x4x6xf32> {
  // expected-error @+2 {{'nn.cross_entropy_index_loss_grad' op class-index target shape ?x5 is not the prediction shape ?x4x6 without its class axis (?x6)}}
  // expected-error @+1 {{failed to infer returned types}}
  %d = nn.cross_entropy_index_loss_grad %dl, %p, %t : (tensor<f32>, tensor<?x4x6xf32>, tensor<?x5xf32>) -> tensor<?x4x6xf32>
  return %d : tensor<?x4x6xf32>
}
