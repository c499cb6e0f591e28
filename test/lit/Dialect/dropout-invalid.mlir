// RUN: netc-opt %s --split-input-file --verify-diagnostics
// p is a probability; the step counter is one float.

func.func @p_above_one(%x: tensor<?x8xf32>, %s: tensor<1xf32>) -> tensor<?x8xf32> {
  // expected-error @+1 {{'nn.dropout' op p must be a probability in [0, 1], got 1.5}}
  %y = nn.dropout %x, %s {p = 1.5, seed = 0} : tensor<?x8xf32>, tensor<1xf32>
  return %y : tensor<?x8xf32>
}

// -----

func.func @step_shape(%x: tensor<?x8xf32>, %s: tensor<2xf32>) -> tensor<?x8xf32> {
  // expected-error @+1 {{'nn.dropout_train' op step must be the [1] step counter, got 2}}
  %y = nn.dropout_train %x, %s {p = 0.5, seed = 0} : tensor<?x8xf32>, tensor<2xf32>
  return %y : tensor<?x8xf32>
}
