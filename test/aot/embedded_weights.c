/* --embed-weights: the library carries the weights file's numbers (argv[1])
 * and they work as `params` without any file. */
#include "seqnet_fixture.h"

static float from_file[SEQNET_PARAM_COUNT], copied[SEQNET_PARAM_COUNT];

int main(int argc, char **argv) {
  netc_status s;
  if (argc != 2) return 2;
  memset(&s, 0, sizeof s);
  CHECK(SEQNET_HAS_EMBEDDED_WEIGHTS == 1);
  CHECK(seqnet_load_weights(argv[1], from_file, &s) == NETC_OK);
  CHECK(memcmp(seqnet_embedded_weights(), from_file, sizeof from_file) == 0);
  CHECK(seqnet_copy_embedded_weights(copied, &s) == NETC_OK);
  CHECK(memcmp(copied, from_file, sizeof from_file) == 0);
  fixture_fill();
  CHECK(seqnet_infer(B, L, dna, seqnet_embedded_weights(), output, WS, &s) == NETC_OK);
  return netc_check_result();
}
