// RUN: netc-opt %s --split-input-file --verify-diagnostics
// Shape and attribute errors of convolutions, flatten and reshape name both
// values that disagree; an empty output names every quantity that decides
// it. Shape errors come with MLIR's generic "failed to infer returned types".

func.func @conv1d_channels(%x: tensor<?x4x12xf32>, %w: tensor<8x3x3xf32>) -> tensor<?x8x10xf32> {
  // expected-error @+2 {{'nn.conv1d' op input has 4 channels but the weight (8x3x3) expects 3}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = nn.conv1d %x, %w {stride = 1, padding = [0, 0], dilation = 1} : (tensor<?x4x12xf32>, tensor<8x3x3xf32>) -> tensor<?x8x10xf32>
  return %y : tensor<?x8x10xf32>
}

// -----

func.func @conv1d_empty_output(%x: tensor<?x4x4xf32>, %w: tensor<8x4x3xf32>) -> tensor<?x8x1xf32> {
  // expected-error @+2 {{'nn.conv1d' op output length would be 0 (input length 4, kernel 3, stride 1, padding [0, 0], dilation 2)}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = nn.conv1d %x, %w {stride = 1, padding = [0, 0], dilation = 2} : (tensor<?x4x4xf32>, tensor<8x4x3xf32>) -> tensor<?x8x1xf32>
  return %y : tensor<?x8x1xf32>
}

// -----

func.func @conv2d_empty_width(%x: tensor<?x3x8x2xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<?x4x6x1xf32> {
  // expected-error @+2 {{'nn.conv2d' op output width would be 0 (input width 2, kernel 3, stride 2, padding [0, 0], dilation 1)}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = nn.conv2d %x, %w {stride = [1, 2], padding = [0, 0, 0, 0], dilation = [1, 1]} : (tensor<?x3x8x2xf32>, tensor<4x3x3x3xf32>) -> tensor<?x4x6x1xf32>
  return %y : tensor<?x4x6x1xf32>
}

// -----

func.func @conv1d_bias(%x: tensor<?x4x12xf32>, %w: tensor<8x4x3xf32>, %b: tensor<5xf32>) -> tensor<?x8x10xf32> {
  // expected-error @+2 {{'nn.conv1d' op bias has 5 elements but the weight has 8 outputs}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = nn.conv1d %x, %w, %b {stride = 1, padding = [0, 0], dilation = 1} : (tensor<?x4x12xf32>, tensor<8x4x3xf32>, tensor<5xf32>) -> tensor<?x8x10xf32>
  return %y : tensor<?x8x10xf32>
}

// -----

func.func @conv1d_input_rank(%x: tensor<?x4x5x5xf32>, %w: tensor<8x4x3xf32>) -> tensor<?x8x3xf32> {
  // expected-error @+2 {{'nn.conv1d' op expects input of rank 3, got ?x4x5x5 (rank 4)}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = nn.conv1d %x, %w {stride = 1, padding = [0, 0], dilation = 1} : (tensor<?x4x5x5xf32>, tensor<8x4x3xf32>) -> tensor<?x8x3xf32>
  return %y : tensor<?x8x3xf32>
}

// -----

func.func @conv1d_padding_length(%x: tensor<?x4x12xf32>, %w: tensor<8x4x3xf32>) -> tensor<?x8x11xf32> {
  // expected-error @+2 {{'nn.conv1d' op expects padding of 2 values ([begin, end]), got [1]}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = nn.conv1d %x, %w {stride = 1, padding = [1], dilation = 1} : (tensor<?x4x12xf32>, tensor<8x4x3xf32>) -> tensor<?x8x11xf32>
  return %y : tensor<?x8x11xf32>
}

// -----

func.func @conv1d_zero_stride(%x: tensor<?x4x12xf32>, %w: tensor<8x4x3xf32>) -> tensor<?x8x10xf32> {
  // expected-error @+2 {{'nn.conv1d' op stride must be positive, got 0}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = nn.conv1d %x, %w {stride = 0, padding = [0, 0], dilation = 1} : (tensor<?x4x12xf32>, tensor<8x4x3xf32>) -> tensor<?x8x10xf32>
  return %y : tensor<?x8x10xf32>
}

// -----

func.func @conv2d_negative_padding(%x: tensor<?x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<?x4x6x6xf32> {
  // expected-error @+2 {{'nn.conv2d' op padding must be non-negative, got [0, -1, 0, 0]}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = nn.conv2d %x, %w {stride = [1, 1], padding = [0, -1, 0, 0], dilation = [1, 1]} : (tensor<?x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<?x4x6x6xf32>
  return %y : tensor<?x4x6x6xf32>
}

// -----

func.func @conv2d_stride_length(%x: tensor<?x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<?x4x6x6xf32> {
  // expected-error @+2 {{'nn.conv2d' op expects stride of 2 values ([height, width]), got [1]}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = nn.conv2d %x, %w {stride = [1], padding = [0, 0, 0, 0], dilation = [1, 1]} : (tensor<?x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<?x4x6x6xf32>
  return %y : tensor<?x4x6x6xf32>
}

// -----

func.func @conv1d_declared_result(%x: tensor<?x4x12xf32>, %w: tensor<8x4x3xf32>) -> tensor<?x8x12xf32> {
  // expected-error @+2 {{'nn.conv1d' op inferred type(s) 'tensor<?x8x10xf32>' are incompatible with return type(s) of operation 'tensor<?x8x12xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = nn.conv1d %x, %w {stride = 1, padding = [0, 0], dilation = 1} : (tensor<?x4x12xf32>, tensor<8x4x3xf32>) -> tensor<?x8x12xf32>
  return %y : tensor<?x8x12xf32>
}

// -----

func.func @grad_input_length(%dy: tensor<?x8x5xf32>, %w: tensor<8x4x3xf32>, %x: tensor<?x4x12xf32>) -> tensor<?x4x12xf32> {
  // expected-error @+2 {{'nn.conv1d_grad_input' op result_grad has length 5 but the convolution of the input has 4}}
  // expected-error @+1 {{failed to infer returned types}}
  %dx = nn.conv1d_grad_input %dy, %w, %x {stride = 3, padding = [0, 0], dilation = 1} : (tensor<?x8x5xf32>, tensor<8x4x3xf32>, tensor<?x4x12xf32>) -> tensor<?x4x12xf32>
  return %dx : tensor<?x4x12xf32>
}

// -----

func.func @grad_input_channels(%dy: tensor<?x7x4xf32>, %w: tensor<8x4x3xf32>, %x: tensor<?x4x12xf32>) -> tensor<?x4x12xf32> {
  // expected-error @+2 {{'nn.conv1d_grad_input' op result_grad has 7 channels but the weight (8x4x3) has 8 outputs}}
  // expected-error @+1 {{failed to infer returned types}}
  %dx = nn.conv1d_grad_input %dy, %w, %x {stride = 3, padding = [0, 0], dilation = 1} : (tensor<?x7x4xf32>, tensor<8x4x3xf32>, tensor<?x4x12xf32>) -> tensor<?x4x12xf32>
  return %dx : tensor<?x4x12xf32>
}

// -----

func.func @grad_weight_kernel(%dy: tensor<?x8x4xf32>, %x: tensor<?x4x12xf32>) -> tensor<8x4x0xf32> {
  // expected-error @+2 {{'nn.conv1d_grad_weight' op kernel must be positive, got 0}}
  // expected-error @+1 {{failed to infer returned types}}
  %dw = nn.conv1d_grad_weight %dy, %x {kernel = 0, stride = 3, padding = [0, 0], dilation = 1} : (tensor<?x8x4xf32>, tensor<?x4x12xf32>) -> tensor<8x4x0xf32>
  return %dw : tensor<8x4x0xf32>
}

// -----

func.func @grad_weight_rank(%dy: tensor<2x8x4xf32>, %x: tensor<3x4x12xf32>) -> tensor<8x4x3xf32> {
  // expected-error @+2 {{'nn.conv2d_grad_weight' op expects input of rank 4, got 3x4x12 (rank 3)}}
  // expected-error @+1 {{failed to infer returned types}}
  %dw = nn.conv2d_grad_weight %dy, %x {kernel = [3, 3], stride = [1, 1], padding = [0, 0, 0, 0], dilation = [1, 1]} : (tensor<2x8x4xf32>, tensor<3x4x12xf32>) -> tensor<8x4x3xf32>
  return %dw : tensor<8x4x3xf32>
}

// -----

func.func @grad_weight_batch(%dy: tensor<2x8x4xf32>, %x: tensor<3x4x12xf32>) -> tensor<8x4x3xf32> {
  // expected-error @+2 {{'nn.conv1d_grad_weight' op result_grad has batch 2 but the input has 3}}
  // expected-error @+1 {{failed to infer returned types}}
  %dw = nn.conv1d_grad_weight %dy, %x {kernel = 3, stride = 3, padding = [0, 0], dilation = 1} : (tensor<2x8x4xf32>, tensor<3x4x12xf32>) -> tensor<8x4x3xf32>
  return %dw : tensor<8x4x3xf32>
}

// -----

func.func @flatten_rank(%x: tensor<?xf32>) -> tensor<?x1xf32> {
  // expected-error @+2 {{'nn.flatten' op expects input of rank at least 2 ([batch, ...]), got ? (rank 1)}}
  // expected-error @+1 {{failed to infer returned types}}
  %f = nn.flatten %x : tensor<?xf32> -> tensor<?x1xf32>
  return %f : tensor<?x1xf32>
}

// -----

func.func @flatten_declared_result(%x: tensor<?x8x4xf32>) -> tensor<?x31xf32> {
  // expected-error @+2 {{'nn.flatten' op inferred type(s) 'tensor<?x32xf32>' are incompatible with return type(s) of operation 'tensor<?x31xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %f = nn.flatten %x : tensor<?x8x4xf32> -> tensor<?x31xf32>
  return %f : tensor<?x31xf32>
}

// -----

func.func @reshape_count(%x: tensor<?x12xf32>) -> tensor<?x3x5xf32> {
  // expected-error @+1 {{'nn.reshape' op input has 12 elements per example but the result shape ?x3x5 holds 15}}
  %r = nn.reshape %x : tensor<?x12xf32> -> tensor<?x3x5xf32>
  return %r : tensor<?x3x5xf32>
}

// -----

func.func @reshape_two_dynamic(%x: tensor<?x12xf32>) -> tensor<?x?x?xf32> {
  // expected-error @+1 {{'nn.reshape' op result shape ?x?x? has 2 dynamic extents after the batch; at most one can be inferred}}
  %r = nn.reshape %x : tensor<?x12xf32> -> tensor<?x?x?xf32>
  return %r : tensor<?x?x?xf32>
}

// -----

func.func @reshape_not_a_multiple(%x: tensor<?x12xf32>) -> tensor<?x5x?xf32> {
  // expected-error @+1 {{'nn.reshape' op input has 12 elements per example, not a multiple of 5 (the static extents of ?x5x?)}}
  %r = nn.reshape %x : tensor<?x12xf32> -> tensor<?x5x?xf32>
  return %r : tensor<?x5x?xf32>
}

// -----

func.func @reshape_batch(%x: tensor<3x12xf32>) -> tensor<4x12xf32> {
  // expected-error @+1 {{'nn.reshape' op result batch 4 differs from the input batch 3}}
  %r = nn.reshape %x : tensor<3x12xf32> -> tensor<4x12xf32>
  return %r : tensor<4x12xf32>
}
