// RUN: netc-opt %s | netc-opt | FileCheck %s
// nn.concat and nn.concat_grad print and parse back unchanged; the
// concatenated extent is the sum, or dynamic if any input's is.

// CHECK-LABEL: func.func @concat_channels
// CHECK: nn.concat %{{.+}}, %{{.+}} {axis = 1} : tensor<?x4x10xf32>, tensor<?x8x10xf32> -> tensor<?x12x10xf32>
func.func @concat_channels(%a: tensor<?x4x10xf32>, %b: tensor<?x8x10xf32>) -> tensor<?x12x10xf32> {
  %y = nn.concat %a, %b {axis = 1} : tensor<?x4x10xf32>, tensor<?x8x10xf32> -> tensor<?x12x10xf32>
  return %y : tensor<?x12x10xf32>
}

// CHECK-LABEL: func.func @concat_dynamic_axis
// CHECK: nn.concat %{{.+}}, %{{.+}}, %{{.+}} {axis = -1} : tensor<?x4x?xf32>, tensor<?x4x3xf32>, tensor<?x4x2xf32> -> tensor<?x4x?xf32>
func.func @concat_dynamic_axis(%a: tensor<?x4x?xf32>, %b: tensor<?x4x3xf32>, %c: tensor<?x4x2xf32>) -> tensor<?x4x?xf32> {
  %y = nn.concat %a, %b, %c {axis = -1} : tensor<?x4x?xf32>, tensor<?x4x3xf32>, tensor<?x4x2xf32> -> tensor<?x4x?xf32>
  return %y : tensor<?x4x?xf32>
}

// CHECK-LABEL: func.func @concat_grad
// CHECK: nn.concat_grad %{{.+}}, %{{.+}}, %{{.+}} {axis = 1, index = 1} : tensor<?x12x10xf32>, tensor<?x4x10xf32>, tensor<?x8x10xf32> -> tensor<?x8x10xf32>
func.func @concat_grad(%dy: tensor<?x12x10xf32>, %a: tensor<?x4x10xf32>, %b: tensor<?x8x10xf32>) -> tensor<?x8x10xf32> {
  %db = nn.concat_grad %dy, %a, %b {axis = 1, index = 1} : tensor<?x12x10xf32>, tensor<?x4x10xf32>, tensor<?x8x10xf32> -> tensor<?x8x10xf32>
  return %db : tensor<?x8x10xf32>
}

// CHECK-LABEL: func.func @residual_add
// CHECK: nn.add %{{.+}}, %{{.+}} : tensor<?x16x10xf32>
func.func @residual_add(%h: tensor<?x16x10xf32>, %x: tensor<?x16x10xf32>) -> tensor<?x16x10xf32> {
  %y = nn.add %h, %x : tensor<?x16x10xf32>
  return %y : tensor<?x16x10xf32>
}
