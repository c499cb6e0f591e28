/* The lowering's requirements, checked by the entry point before the
 * pipeline runs (Halide's own assert of them would answer with an error
 * code): pairs.net's maxout needs an even F. An odd F is NETC_ERROR_SHAPE
 * with maxout's own words and the symbols, and the output is untouched;
 * an even F computes the pairwise maxima. */
#include <stdint.h>

#include "aot_check.h"
#include "pairs.h"

int main(void) {
  static _Alignas(PAIRS_WORKSPACE_ALIGNMENT) unsigned char ws[1 << 16];
  static const float x[2 * 6] = {1, -2, 3, 7, -1, -5, 0, 4, 9, 8, -3, -4};
  static const float expected[2 * 3] = {1, 7, -1, 4, 9, -3};
  float output[2 * 3], params[1] = {0};
  netc_status s;
  int i;

  for (i = 0; i < 6; ++i) output[i] = 12345.0f;
  CHECK_STATUS(pairs_infer(2, 5, x, params, output, ws, sizeof ws, &s), s, NETC_ERROR_SHAPE,
               "pairs_infer: maxout: axis 1 has 5 features, not a multiple of pieces (2) "
               "(for N = 2, F = 5)");
  for (i = 0; i < 6; ++i) CHECK(output[i] == 12345.0f);

  CHECK(pairs_infer_workspace_bytes(2, 6) <= sizeof ws);
  CHECK(pairs_infer(2, 6, x, params, output, ws, sizeof ws, &s) == NETC_OK);
  for (i = 0; i < 6; ++i) CHECK(output[i] == expected[i]);
  return netc_check_result();
}
