// RUN: netc-opt %s --split-input-file --verify-diagnostics
// nn.columns reads columns of a [N, F] row that exist, with a static
// count; the errors print the shapes.

func.func @columns_out_of_range(%row: tensor<?x4xf32>) -> tensor<?x2xf32> {
  // expected-error @+1 {{'nn.columns' op columns [3, 5) of ?x4 are out of range}}
  %t = nn.columns %row {offset = 3} : tensor<?x4xf32> -> tensor<?x2xf32>
  return %t : tensor<?x2xf32>
}

// -----

func.func @columns_not_a_row(%t: tensor<?x4x2xf32>) -> tensor<?x2xf32> {
  // expected-error @+1 {{'nn.columns' op takes and yields [N, F] tensors, got ?x4x2 -> ?x2}}
  %c = nn.columns %t {offset = 0} : tensor<?x4x2xf32> -> tensor<?x2xf32>
  return %c : tensor<?x2xf32>
}

// -----

func.func @columns_dynamic_count(%row: tensor<?x4xf32>) -> tensor<?x?xf32> {
  // expected-error @+1 {{'nn.columns' op needs a non-negative offset and a static column count, got offset 0 and ?x?}}
  %c = nn.columns %row {offset = 0} : tensor<?x4xf32> -> tensor<?x?xf32>
  return %c : tensor<?x?xf32>
}
