// RUN: netc-opt %s | netc-opt | FileCheck %s
// nn.dropout (evaluation) and nn.dropout_train print in a form that parses
// back to itself: input, the [1] step counter, p and the seed.

// CHECK-LABEL: func.func @dropout
// CHECK-SAME: (%[[X:[^:]+]]: tensor<?x8xf32>, %[[S:[^:]+]]: tensor<1xf32>)
func.func @dropout(%x: tensor<?x8xf32>, %s: tensor<1xf32>) -> (tensor<?x8xf32>, tensor<?x8xf32>) {
  // CHECK: nn.dropout %[[X]], %[[S]] {p = 5.000000e-01, seed = 3} : tensor<?x8xf32>, tensor<1xf32>
  %a = nn.dropout %x, %s {p = 0.5, seed = 3} : tensor<?x8xf32>, tensor<1xf32>
  // CHECK: nn.dropout_train %[[X]], %[[S]] {p = 2.500000e-01, seed = 0} : tensor<?x8xf32>, tensor<1xf32>
  %b = nn.dropout_train %x, %s {p = 0.25, seed = 0} : tensor<?x8xf32>, tensor<1xf32>
  return %a, %b : tensor<?x8xf32>, tensor<?x8xf32>
}
