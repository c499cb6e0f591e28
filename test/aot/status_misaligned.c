/* A region that is not float-aligned, or an output region that overlaps
 * what a training step reads, is NETC_ERROR_INVALID_ARGUMENT. */
#include "seqnet_fixture.h"

static unsigned char bytes[4 * (SEQNET_PARAM_COUNT + 1)];

int main(void) {
  netc_status s;
  /* Aligned storage, then one byte off. */
  float *aligned = (float *)(void *)bytes;
  float *odd = (float *)(void *)(bytes + 1);
  fixture_fill();
  memcpy(aligned, params, sizeof params);
  CHECK(seqnet_infer(B, L, dna, aligned, output, WS, &s) == NETC_OK);
  CHECK_STATUS(seqnet_infer(B, L, dna, odd, output, WS, &s), s,
               NETC_ERROR_INVALID_ARGUMENT, "is not aligned to 4 bytes");
  CHECK_STATUS(seqnet_infer(B, L, (const float *)(void *)((unsigned char *)dna + 2),
                            params, output, WS, &s), s,
               NETC_ERROR_INVALID_ARGUMENT, "'dna'");
  CHECK_STATUS(seqnet_init(3, odd, &s), s, NETC_ERROR_INVALID_ARGUMENT,
               "is not aligned");
  CHECK_STATUS(seqnet_train_step(B, L, dna, target, params, params, state,
                                 new_state, &loss, WS, &s), s,
               NETC_ERROR_INVALID_ARGUMENT, "'new_params' overlaps 'params'");
  CHECK_STATUS(seqnet_train_step(B, L, dna, target, params, new_params, state,
                                 state, &loss, WS, &s), s,
               NETC_ERROR_INVALID_ARGUMENT, "'new_state' overlaps 'state'");
  CHECK_STATUS(seqnet_train_step(B, L, dna, target, params, new_params, state,
                                 new_state, &new_params[3], WS, &s), s,
               NETC_ERROR_INVALID_ARGUMENT, "'loss' overlaps 'new_params'");
  return netc_check_result();
}
