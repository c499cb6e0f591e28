/* Loading the weights file of another model (argv[1]: the MLP's) fails
 * naming the first tensor that disagrees, and leaves `params` untouched;
 * a missing file is NETC_ERROR_IO. argv[2] is seqnet's own file. */
#include "seqnet_fixture.h"

int main(int argc, char **argv) {
  netc_status s;
  int i, untouched = 1;
  if (argc != 3) return 2;
  fixture_fill();
  CHECK_STATUS(seqnet_load_weights(argv[1], params, &s), s, NETC_ERROR_SHAPE,
               "tensor '0.weight' has shape [32, 64], the model expects [6, 4, 5]");
  for (i = 0; i < SEQNET_PARAM_COUNT; ++i)
    untouched &= params[i] == netc_aot_param(i);
  CHECK(untouched);
  CHECK_STATUS(seqnet_load_weights("/nonexistent/w.safetensors", params, &s), s,
               NETC_ERROR_IO, "/nonexistent/w.safetensors");
  memset(&s, 0, sizeof s);
  CHECK(seqnet_load_weights(argv[2], params, &s) == NETC_OK);
  return netc_check_result();
}
