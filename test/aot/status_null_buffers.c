/* A NULL buffer anywhere is NETC_ERROR_INVALID_ARGUMENT naming it; nothing
 * is written. */
#include "seqnet_fixture.h"

int main(void) {
  netc_status s;
  fixture_fill();
  output[0] = 42.0f;
  CHECK_STATUS(seqnet_infer(B, L, NULL, params, output, WS, &s), s,
               NETC_ERROR_INVALID_ARGUMENT, "'dna' is NULL");
  CHECK_STATUS(seqnet_infer(B, L, dna, NULL, output, WS, &s), s,
               NETC_ERROR_INVALID_ARGUMENT, "'params' is NULL");
  CHECK_STATUS(seqnet_infer(B, L, dna, params, NULL, WS, &s), s,
               NETC_ERROR_INVALID_ARGUMENT, "'output' is NULL");
  CHECK(output[0] == 42.0f);
  CHECK_STATUS(seqnet_train_step(B, L, dna, NULL, params, new_params, state,
                                 new_state, &loss, WS, &s), s,
               NETC_ERROR_INVALID_ARGUMENT, "'target' is NULL");
  CHECK_STATUS(seqnet_train_step(B, L, dna, target, params, NULL, state,
                                 new_state, &loss, WS, &s), s,
               NETC_ERROR_INVALID_ARGUMENT, "'new_params' is NULL");
  CHECK_STATUS(seqnet_train_step(B, L, dna, target, params, new_params, NULL,
                                 new_state, &loss, WS, &s), s,
               NETC_ERROR_INVALID_ARGUMENT, "'state' is NULL");
  CHECK_STATUS(seqnet_train_step(B, L, dna, target, params, new_params, state,
                                 new_state, NULL, WS, &s), s,
               NETC_ERROR_INVALID_ARGUMENT, "'loss' is NULL");
  CHECK_STATUS(seqnet_init(1, NULL, &s), s, NETC_ERROR_INVALID_ARGUMENT,
               "'params' is NULL");
  CHECK_STATUS(seqnet_load_weights(NULL, params, &s), s,
               NETC_ERROR_INVALID_ARGUMENT, "'path' is NULL");
  /* A NULL status is allowed: the code alone comes back. */
  CHECK(seqnet_infer(B, L, NULL, params, output, WS, NULL) == NETC_ERROR_INVALID_ARGUMENT);
  return netc_check_result();
}
