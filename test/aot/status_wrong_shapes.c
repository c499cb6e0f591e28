/* Symbols that make a tensor empty or too large are NETC_ERROR_SHAPE with
 * the dimension and the symbols' values; a valid call still succeeds. */
#include "seqnet_fixture.h"

int main(void) {
  netc_status s;
  fixture_fill();
  CHECK_STATUS(seqnet_infer(0, L, dna, params, output, WS, &s), s,
               NETC_ERROR_SHAPE, "N is 0; it must be at least 1");
  CHECK_STATUS(seqnet_infer(B, -3, dna, params, output, WS, &s), s,
               NETC_ERROR_SHAPE, "L is -3; it must be at least 1");
  /* L = 4 leaves the output L - 4 = 0 positions. */
  CHECK_STATUS(seqnet_infer(B, 4, dna, params, output, WS, &s), s,
               NETC_ERROR_SHAPE,
               "dimension 3 of 'output' (L - 4) is 0 for N = 2, L = 4");
  CHECK_STATUS(seqnet_train_step(B, 2, dna, target, params, new_params, state,
                                 new_state, &loss, WS, &s), s,
               NETC_ERROR_SHAPE, "(L - 4) is -2");
  CHECK_STATUS(seqnet_infer(1 << 20, 1 << 12, dna, params, output, WS, &s), s,
               NETC_ERROR_SHAPE, "more than 2^31 elements");
  memset(&s, 0, sizeof s);
  CHECK(seqnet_infer(B, L, dna, params, output, WS, &s) == NETC_OK);
  CHECK(s.code == NETC_OK);
  /* The smallest valid length. */
  CHECK(seqnet_infer(1, 5, dna, params, output, WS, &s) == NETC_OK);
  return netc_check_result();
}
