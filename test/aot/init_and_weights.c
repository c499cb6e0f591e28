/* The library's answers agree with `netc build`'s: its ABI version is the
 * header's, init(seed of the train block) reproduces the shipped weights
 * file (argv[1]) bit for bit, weights survive save and load, and a valid
 * training step succeeds with a finite loss and moves the parameters. */
#include <math.h>

#include "seqnet_fixture.h"

static float from_file[SEQNET_PARAM_COUNT], again[SEQNET_PARAM_COUNT];

int main(int argc, char **argv) {
  netc_status s;
  int i, same = 1, moved = 0;
  if (argc != 3) return 2;
  memset(&s, 0, sizeof s);
  CHECK(seqnet_abi_version() == SEQNET_ABI_VERSION);
  CHECK(strcmp(seqnet_netc_version(), SEQNET_NETC_VERSION) == 0);
  CHECK(seqnet_load_weights(argv[1], from_file, &s) == NETC_OK);
  CHECK(seqnet_init(11, params, &s) == NETC_OK); /* seed: 11 in seqnet.net */
  for (i = 0; i < SEQNET_PARAM_COUNT; ++i) same &= params[i] == from_file[i];
  CHECK(same);
  CHECK(seqnet_init(12, again, &s) == NETC_OK);
  CHECK(memcmp(again, params, sizeof params) != 0);
  CHECK(seqnet_save_weights(argv[2], params, &s) == NETC_OK);
  CHECK(seqnet_load_weights(argv[2], again, &s) == NETC_OK);
  CHECK(memcmp(again, params, sizeof params) == 0);

  fixture_fill();
  CHECK(seqnet_init(11, params, &s) == NETC_OK);
  CHECK(seqnet_train_step(B, L, dna, target, params, new_params, state,
                          new_state, &loss, WS, &s) == NETC_OK);
  CHECK(isfinite(loss) && loss > 0.0f);
  for (i = 0; i < SEQNET_PARAM_COUNT; ++i) moved |= new_params[i] != params[i];
  CHECK(moved);
  printf("loss %g, status %d\n", loss, (int)s.code);
  return netc_check_result();
}
