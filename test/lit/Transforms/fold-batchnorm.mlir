// RUN: netc-opt --nn-fold-batchnorm --split-input-file %s | netc-opt --split-input-file | FileCheck %s
// Evaluation-mode batchnorm after a linear or convolution layer folds into
// the layer's weight and bias in @infer and @evaluate, and nowhere else.

// A conv2d with bias: @infer and @evaluate fold, @train_step keeps its
// batchnorm (the pass never touches training functions).

// CHECK-LABEL: func.func @infer
// CHECK-SAME: %[[X:[^:]+]]: tensor<?x1x6x6xf32>, %[[W:[^:]+]]: tensor<4x1x3x3xf32>, %[[B:[^:]+]]: tensor<4xf32>, %[[G:[^:]+]]: tensor<4xf32>, %[[BETA:[^:]+]]: tensor<4xf32>, %[[M:[^:]+]]: tensor<4xf32>, %[[V:[^:]+]]: tensor<4xf32>
// CHECK-NOT: nn.batchnorm %
// CHECK: %[[W1:.+]] = nn.batchnorm_fold_weight %[[W]], %[[G]], %[[V]] {eps = 1.000000e-03} : tensor<4x1x3x3xf32>, tensor<4xf32>
// CHECK: %[[B1:.+]] = nn.batchnorm_fold_bias %[[G]], %[[BETA]], %[[M]], %[[V]], %[[B]] {eps = 1.000000e-03} : tensor<4xf32>
// CHECK: %[[Y:.+]] = nn.conv2d %[[X]], %[[W1]], %[[B1]] {stride = [1, 1], padding = [1, 1, 1, 1], dilation = [1, 1]}
// CHECK-NOT: nn.batchnorm %
// CHECK: %[[R:.+]] = nn.relu %[[Y]]
// CHECK: return %[[R]]
func.func @infer(%x: tensor<?x1x6x6xf32>, %w: tensor<4x1x3x3xf32>, %b: tensor<4xf32>,
                 %g: tensor<4xf32>, %beta: tensor<4xf32>, %m: tensor<4xf32>,
                 %v: tensor<4xf32>) -> tensor<?x4x6x6xf32> {
  %c = nn.conv2d %x, %w, %b {stride = [1, 1], padding = [1, 1, 1, 1], dilation = [1, 1]} : (tensor<?x1x6x6xf32>, tensor<4x1x3x3xf32>, tensor<4xf32>) -> tensor<?x4x6x6xf32>
  %n = nn.batchnorm %c, %g, %beta, %m, %v {eps = 1.0e-03, momentum = 0.1} : tensor<?x4x6x6xf32>, tensor<4xf32> -> tensor<?x4x6x6xf32>
  %r = nn.relu %n : tensor<?x4x6x6xf32>
  return %r : tensor<?x4x6x6xf32>
}

// CHECK-LABEL: func.func @evaluate
// CHECK-NOT: nn.batchnorm %
// CHECK: nn.batchnorm_fold_weight
// CHECK: nn.batchnorm_fold_bias
// CHECK: %[[Y:.+]] = nn.conv2d
// CHECK-NOT: nn.batchnorm %
// CHECK: return %[[Y]]
func.func @evaluate(%x: tensor<?x1x6x6xf32>, %w: tensor<4x1x3x3xf32>, %b: tensor<4xf32>,
                    %g: tensor<4xf32>, %beta: tensor<4xf32>, %m: tensor<4xf32>,
                    %v: tensor<4xf32>) -> tensor<?x4x6x6xf32> {
  %c = nn.conv2d %x, %w, %b {stride = [1, 1], padding = [1, 1, 1, 1], dilation = [1, 1]} : (tensor<?x1x6x6xf32>, tensor<4x1x3x3xf32>, tensor<4xf32>) -> tensor<?x4x6x6xf32>
  %n = nn.batchnorm %c, %g, %beta, %m, %v {eps = 1.0e-03, momentum = 0.1} : tensor<?x4x6x6xf32>, tensor<4xf32> -> tensor<?x4x6x6xf32>
  return %n : tensor<?x4x6x6xf32>
}

// CHECK-LABEL: func.func @train_step
// CHECK: %[[C:.+]] = nn.conv2d
// CHECK: %[[N:.+]] = nn.batchnorm %[[C]]
// CHECK: return %[[N]]
// CHECK-NOT: nn.batchnorm_fold
func.func @train_step(%x: tensor<?x1x6x6xf32>, %w: tensor<4x1x3x3xf32>, %b: tensor<4xf32>,
                      %g: tensor<4xf32>, %beta: tensor<4xf32>, %m: tensor<4xf32>,
                      %v: tensor<4xf32>) -> tensor<?x4x6x6xf32> {
  %c = nn.conv2d %x, %w, %b {stride = [1, 1], padding = [1, 1, 1, 1], dilation = [1, 1]} : (tensor<?x1x6x6xf32>, tensor<4x1x3x3xf32>, tensor<4xf32>) -> tensor<?x4x6x6xf32>
  %n = nn.batchnorm %c, %g, %beta, %m, %v {eps = 1.0e-03, momentum = 0.1} : tensor<?x4x6x6xf32>, tensor<4xf32> -> tensor<?x4x6x6xf32>
  return %n : tensor<?x4x6x6xf32>
}

// -----

// A linear layer without bias: b' has no layer bias to start from (b = 0),
// and the folded layer gains one.

// CHECK-LABEL: func.func @infer
// CHECK-SAME: %[[X:[^:]+]]: tensor<?x3xf32>, %[[W:[^:]+]]: tensor<2x3xf32>, %[[G:[^:]+]]: tensor<2xf32>, %[[BETA:[^:]+]]: tensor<2xf32>, %[[M:[^:]+]]: tensor<2xf32>, %[[V:[^:]+]]: tensor<2xf32>
// CHECK: %[[W1:.+]] = nn.batchnorm_fold_weight %[[W]], %[[G]], %[[V]] {eps = 9.99999974E-6} : tensor<2x3xf32>, tensor<2xf32>
// CHECK: %[[B1:.+]] = nn.batchnorm_fold_bias %[[G]], %[[BETA]], %[[M]], %[[V]] {eps = 9.99999974E-6} : tensor<2xf32>
// CHECK: %[[Y:.+]] = nn.linear %[[X]], %[[W1]], %[[B1]] : (tensor<?x3xf32>, tensor<2x3xf32>, tensor<2xf32>) -> tensor<?x2xf32>
// CHECK-NOT: nn.batchnorm %
// CHECK: return %[[Y]]
func.func @infer(%x: tensor<?x3xf32>, %w: tensor<2x3xf32>, %g: tensor<2xf32>,
                 %beta: tensor<2xf32>, %m: tensor<2xf32>, %v: tensor<2xf32>) -> tensor<?x2xf32> {
  %y = nn.linear %x, %w : (tensor<?x3xf32>, tensor<2x3xf32>) -> tensor<?x2xf32>
  %n = nn.batchnorm %y, %g, %beta, %m, %v {eps = 1.0e-05, momentum = 0.1} : tensor<?x2xf32>, tensor<2xf32> -> tensor<?x2xf32>
  return %n : tensor<?x2xf32>
}

// -----

// conv1d then two batchnorms in a row: the first folds into the layer, the
// second into the folded layer.

// CHECK-LABEL: func.func @infer
// CHECK-SAME: %[[X:[^:]+]]: tensor<?x4x9xf32>, %[[W:[^:]+]]: tensor<8x4x3xf32>, %[[B:[^:]+]]: tensor<8xf32>, %[[G:[^:]+]]: tensor<8xf32>, %[[BETA:[^:]+]]: tensor<8xf32>, %[[M:[^:]+]]: tensor<8xf32>, %[[V:[^:]+]]: tensor<8xf32>
// CHECK: %[[W1:.+]] = nn.batchnorm_fold_weight %[[W]], %[[G]], %[[V]]
// CHECK: %[[B1:.+]] = nn.batchnorm_fold_bias %[[G]], %[[BETA]], %[[M]], %[[V]], %[[B]]
// CHECK: %[[W2:.+]] = nn.batchnorm_fold_weight %[[W1]], %[[G]], %[[V]]
// CHECK: %[[B2:.+]] = nn.batchnorm_fold_bias %[[G]], %[[BETA]], %[[M]], %[[V]], %[[B1]]
// CHECK: %[[Y:.+]] = nn.conv1d %[[X]], %[[W2]], %[[B2]] {stride = 3, padding = [0, 0], dilation = 1}
// CHECK-NOT: nn.batchnorm %
// CHECK: return %[[Y]]
func.func @infer(%x: tensor<?x4x9xf32>, %w: tensor<8x4x3xf32>, %b: tensor<8xf32>,
                 %g: tensor<8xf32>, %beta: tensor<8xf32>, %m: tensor<8xf32>,
                 %v: tensor<8xf32>) -> tensor<?x8x3xf32> {
  %c = nn.conv1d %x, %w, %b {stride = 3, padding = [0, 0], dilation = 1} : (tensor<?x4x9xf32>, tensor<8x4x3xf32>, tensor<8xf32>) -> tensor<?x8x3xf32>
  %n = nn.batchnorm %c, %g, %beta, %m, %v {eps = 1.0e-05, momentum = 0.1} : tensor<?x8x3xf32>, tensor<8xf32> -> tensor<?x8x3xf32>
  %n2 = nn.batchnorm %n, %g, %beta, %m, %v {eps = 1.0e-05, momentum = 0.1} : tensor<?x8x3xf32>, tensor<8xf32> -> tensor<?x8x3xf32>
  return %n2 : tensor<?x8x3xf32>
}

// -----

// The conv1d's output has a second user (a residual sum): folding would
// leave the unfolded layer in place as well, so the batchnorm stays. So
// does a batchnorm that follows no layer (here a relu).

// CHECK-LABEL: func.func @infer
// CHECK: %[[C:.+]] = nn.conv1d %{{[^,]+}}, %{{[^,]+}}, %{{[^ ]+}} {stride = 1
// CHECK: %[[N:.+]] = nn.batchnorm %[[C]]
// CHECK: %[[S:.+]] = nn.add %[[N]], %[[C]]
// CHECK: %[[R:.+]] = nn.relu %[[S]]
// CHECK: %[[N2:.+]] = nn.batchnorm %[[R]]
// CHECK-NOT: nn.batchnorm_fold
// CHECK: return %[[N2]]
func.func @infer(%x: tensor<?x4x9xf32>, %w: tensor<4x4x1xf32>, %b: tensor<4xf32>,
                 %g: tensor<4xf32>, %beta: tensor<4xf32>, %m: tensor<4xf32>,
                 %v: tensor<4xf32>) -> tensor<?x4x9xf32> {
  %c = nn.conv1d %x, %w, %b {stride = 1, padding = [0, 0], dilation = 1} : (tensor<?x4x9xf32>, tensor<4x4x1xf32>, tensor<4xf32>) -> tensor<?x4x9xf32>
  %n = nn.batchnorm %c, %g, %beta, %m, %v {eps = 1.0e-05, momentum = 0.1} : tensor<?x4x9xf32>, tensor<4xf32> -> tensor<?x4x9xf32>
  %s = nn.add %n, %c : tensor<?x4x9xf32>
  %r = nn.relu %s : tensor<?x4x9xf32>
  %n2 = nn.batchnorm %r, %g, %beta, %m, %v {eps = 1.0e-05, momentum = 0.1} : tensor<?x4x9xf32>, tensor<4xf32> -> tensor<?x4x9xf32>
  return %n2 : tensor<?x4x9xf32>
}
