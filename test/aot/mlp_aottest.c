/* mlp_aottest.c - A plain C program that links the static library `netc
 * build` made from examples/mlp/mlp.net, and nothing else but libc, libm,
 * libpthread and libdl. It runs inference and one training step on fixed
 * inputs, each in a workspace of exactly digits_<entry>_workspace_bytes(B)
 * bytes, and writes every number it got, one per line, to argv[1]; the
 * GoogleTest AotTest.MatchesJit compares them with the JIT. */
#include <stdio.h>
#include <stdlib.h>

#include "aot_inputs.h"
#include "digits.h"

int main(int argc, char **argv) {
  enum { B = NETC_AOT_BATCH };
  static float x[B * DIGITS_X_FEATURES], target[B * DIGITS_OUTPUT_FEATURES];
  static float params[DIGITS_PARAM_COUNT], new_params[DIGITS_PARAM_COUNT];
  float output[B * DIGITS_OUTPUT_FEATURES], loss = 0.0f;
  FILE *out;
  int i, infer_rc, step_rc;
  size_t infer_ws = digits_infer_workspace_bytes(B);
  size_t step_ws = digits_train_step_workspace_bytes(B);
  /* Rounded up for aligned_alloc; only the exact size is passed. */
  size_t most = infer_ws > step_ws ? infer_ws : step_ws;
  void *ws = aligned_alloc(DIGITS_WORKSPACE_ALIGNMENT,
                           (most / DIGITS_WORKSPACE_ALIGNMENT + 1) * DIGITS_WORKSPACE_ALIGNMENT);

  if (argc != 2) {
    fprintf(stderr, "usage: %s OUTPUT\n", argv[0]);
    return 2;
  }
  for (i = 0; i < B * DIGITS_X_FEATURES; ++i) x[i] = netc_aot_input(i);
  for (i = 0; i < B * DIGITS_OUTPUT_FEATURES; ++i) target[i] = netc_aot_target(i);
  for (i = 0; i < DIGITS_PARAM_COUNT; ++i) params[i] = netc_aot_param(i);

  infer_rc = digits_infer(B, x, params, output, ws, infer_ws, NULL);
  step_rc = digits_train_step(B, x, target, params, new_params, &loss, ws, step_ws, NULL);
  if (infer_rc != 0 || step_rc != 0) {
    fprintf(stderr, "infer returned %d, train_step returned %d\n", infer_rc, step_rc);
    return 1;
  }

  free(ws);
  out = fopen(argv[1], "w");
  if (!out) {
    perror(argv[1]);
    return 1;
  }
  for (i = 0; i < B * DIGITS_OUTPUT_FEATURES; ++i) fprintf(out, "%.9g\n", output[i]);
  fprintf(out, "%.9g\n", loss);
  for (i = 0; i < DIGITS_PARAM_COUNT; ++i) fprintf(out, "%.9g\n", new_params[i]);
  return fclose(out) == 0 ? 0 : 1;
}
