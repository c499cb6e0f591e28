// RUN: netc-opt %s --split-input-file --verify-diagnostics
// Pooling shape and attribute errors name every value involved. Shape
// errors come with MLIR's generic "failed to infer returned types" after
// them.

func.func @kernel_longer_than_input(%x: tensor<?x2x3xf32>) -> tensor<?x2x1xf32> {
  // expected-error @+2 {{'nn.maxpool1d' op output length would be -1 (input length 3, kernel 5, stride 1)}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = nn.maxpool1d %x {kernel = 5, stride = 1} : tensor<?x2x3xf32> -> tensor<?x2x1xf32>
  return %y : tensor<?x2x1xf32>
}

// -----

func.func @height_too_short(%x: tensor<?x1x4x9xf32>) -> tensor<?x1x1x4xf32> {
  // expected-error @+2 {{'nn.maxpool2d' op output height would be 0 (input height 4, kernel 5, stride 2)}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = nn.maxpool2d %x {kernel = [5, 2], stride = [2, 2]} : tensor<?x1x4x9xf32> -> tensor<?x1x1x4xf32>
  return %y : tensor<?x1x1x4xf32>
}

// -----

func.func @pool2d_rank(%x: tensor<?x2x8xf32>) -> tensor<?x2x4xf32> {
  // expected-error @+2 {{'nn.maxpool2d' op expects a [batch, channels, height, width] input of rank 4, got ?x2x8 (rank 3)}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = nn.maxpool2d %x {kernel = [2, 2], stride = [2, 2]} : tensor<?x2x8xf32> -> tensor<?x2x4xf32>
  return %y : tensor<?x2x4xf32>
}

// -----

func.func @pool1d_rank(%x: tensor<?x8xf32>) -> tensor<?x4xf32> {
  // expected-error @+2 {{'nn.avgpool1d' op expects a [batch, channels, length] input of rank 3, got ?x8 (rank 2)}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = nn.avgpool1d %x {kernel = 2, stride = 2} : tensor<?x8xf32> -> tensor<?x4xf32>
  return %y : tensor<?x4xf32>
}

// -----

func.func @kernel_values(%x: tensor<?x2x8x8xf32>) -> tensor<?x2x4x4xf32> {
  // expected-error @+2 {{'nn.avgpool2d' op expects kernel of 2 values ([height, width]), got [2, 2, 2]}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = nn.avgpool2d %x {kernel = [2, 2, 2], stride = [2, 2]} : tensor<?x2x8x8xf32> -> tensor<?x2x4x4xf32>
  return %y : tensor<?x2x4x4xf32>
}

// -----

func.func @stride_zero(%x: tensor<?x2x8xf32>) -> tensor<?x2x4xf32> {
  // expected-error @+2 {{'nn.avgpool1d' op stride must be positive, got 0}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = nn.avgpool1d %x {kernel = 2, stride = 0} : tensor<?x2x8xf32> -> tensor<?x2x4xf32>
  return %y : tensor<?x2x4xf32>
}

// -----

func.func @kernel_negative(%x: tensor<?x2x8x8xf32>) -> tensor<?x2x4x4xf32> {
  // expected-error @+2 {{'nn.maxpool2d' op kernel must be positive, got [2, -1]}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = nn.maxpool2d %x {kernel = [2, -1], stride = [2, 2]} : tensor<?x2x8x8xf32> -> tensor<?x2x4x4xf32>
  return %y : tensor<?x2x4x4xf32>
}

// -----

func.func @declared_result(%x: tensor<?x2x12xf32>) -> tensor<?x2x6xf32> {
  // expected-error @+2 {{'nn.maxpool1d' op inferred type(s) 'tensor<?x2x5xf32>' are incompatible with return type(s) of operation 'tensor<?x2x6xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = nn.maxpool1d %x {kernel = 3, stride = 2} : tensor<?x2x12xf32> -> tensor<?x2x6xf32>
  return %y : tensor<?x2x6xf32>
}

// -----

func.func @grad_shape(%dy: tensor<?x2x4xf32>, %x: tensor<?x2x12xf32>) -> tensor<?x2x12xf32> {
  // expected-error @+2 {{'nn.maxpool1d_grad' op result_grad shape ?x2x4 does not match the pooled input shape ?x2x5}}
  // expected-error @+1 {{failed to infer returned types}}
  %dx = nn.maxpool1d_grad %dy, %x {kernel = 3, stride = 2} : (tensor<?x2x4xf32>, tensor<?x2x12xf32>) -> tensor<?x2x12xf32>
  return %dx : tensor<?x2x12xf32>
}

// -----

func.func @grad_result_type(%dy: tensor<?x3x4x3xf32>, %x: tensor<?x3x8x7xf32>) -> tensor<?x3x8x8xf32> {
  // expected-error @+2 {{'nn.avgpool2d_grad' op inferred type(s) 'tensor<?x3x8x7xf32>' are incompatible with return type(s) of operation 'tensor<?x3x8x8xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %dx = nn.avgpool2d_grad %dy, %x {kernel = [2, 2], stride = [2, 2]} : (tensor<?x3x4x3xf32>, tensor<?x3x8x7xf32>) -> tensor<?x3x8x8xf32>
  return %dx : tensor<?x3x8x8xf32>
}

// -----

func.func @global_rank(%x: tensor<?x4xf32>) -> tensor<?x4xf32> {
  // expected-error @+2 {{'nn.global_avgpool' op expects a [batch, channels, spatial...] input of rank 3 or more, got ?x4 (rank 2)}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = nn.global_avgpool %x : tensor<?x4xf32> -> tensor<?x4xf32>
  return %y : tensor<?x4xf32>
}

// -----

func.func @global_empty(%x: tensor<?x4x0xf32>) -> tensor<?x4xf32> {
  // expected-error @+2 {{'nn.global_maxpool' op has no spatial position to pool in ?x4x0}}
  // expected-error @+1 {{failed to infer returned types}}
  %y = nn.global_maxpool %x : tensor<?x4x0xf32> -> tensor<?x4xf32>
  return %y : tensor<?x4xf32>
}

// -----

func.func @global_grad_shape(%dy: tensor<?x3xf32>, %x: tensor<?x4x5x5xf32>) -> tensor<?x4x5x5xf32> {
  // expected-error @+2 {{'nn.global_maxpool_grad' op result_grad shape ?x3 does not match the pooled input shape ?x4}}
  // expected-error @+1 {{failed to infer returned types}}
  %dx = nn.global_maxpool_grad %dy, %x : (tensor<?x3xf32>, tensor<?x4x5x5xf32>) -> tensor<?x4x5x5xf32>
  return %dx : tensor<?x4x5x5xf32>
}
