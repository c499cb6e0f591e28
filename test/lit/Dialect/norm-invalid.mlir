// RUN: netc-opt %s -split-input-file -verify-diagnostics
// Shape and attribute errors of the batchnorm ops name both values.

func.func @wrong_channels(%x: tensor<?x8x10xf32>, %w: tensor<4xf32>) -> tensor<?x8x10xf32> {
  // expected-error @+2 {{'nn.batchnorm_train' op weight must be [8] (one per channel of the input ?x8x10), got 4}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = nn.batchnorm_train %x, %w, %w {eps = 1.0e-05} : tensor<?x8x10xf32>, tensor<4xf32> -> tensor<?x8x10xf32>
  return %y : tensor<?x8x10xf32>
}

// -----

func.func @rank_one(%x: tensor<8xf32>) -> tensor<8xf32> {
  // expected-error @+2 {{'nn.channel_sum' op input must be [batch, channels, ...], got 8}}
  // expected-error @+1 {{failed to infer returned types}}
  %s = nn.channel_sum %x : tensor<8xf32> -> tensor<8xf32>
  return %s : tensor<8xf32>
}

// -----

func.func @bad_statistic(%m: tensor<8xf32>, %x: tensor<?x8xf32>) -> tensor<8xf32> {
  // expected-error @+1 {{statistic must be "mean" or "var", got "median"}}
  %m1 = nn.running_stat %m, %x {statistic = "median", momentum = 0.1} : tensor<8xf32>, tensor<?x8xf32>
  return %m1 : tensor<8xf32>
}

// -----

// The folding ops of nn-fold-batchnorm: one scale per output channel of the
// layer weight (axis 0), per-channel operands of rank 1 and one type.
func.func @fold_weight_channels(%w: tensor<8x1x5x5xf32>, %g: tensor<4xf32>) -> tensor<8x1x5x5xf32> {
  // expected-error @+1 {{'nn.batchnorm_fold_weight' op weight must be [8] (one per output channel of the layer weight 8x1x5x5), got 4}}
  %w1 = nn.batchnorm_fold_weight %w, %g, %g {eps = 1.0e-05} : tensor<8x1x5x5xf32>, tensor<4xf32>
  return %w1 : tensor<8x1x5x5xf32>
}

// -----

func.func @fold_weight_of_a_vector(%w: tensor<8xf32>, %g: tensor<8xf32>) -> tensor<8xf32> {
  // expected-error @+1 {{'nn.batchnorm_fold_weight' op layer weight must be [out, in, ...] (rank 2 or more), got 8}}
  %w1 = nn.batchnorm_fold_weight %w, %g, %g {eps = 1.0e-05} : tensor<8xf32>, tensor<8xf32>
  return %w1 : tensor<8xf32>
}

// -----

func.func @fold_bias_rank(%g: tensor<8x2xf32>) -> tensor<8x2xf32> {
  // expected-error @+1 {{'nn.batchnorm_fold_bias' op operands must be [channels], got 8x2}}
  %b1 = nn.batchnorm_fold_bias %g, %g, %g, %g {eps = 1.0e-05} : tensor<8x2xf32>
  return %b1 : tensor<8x2xf32>
}

