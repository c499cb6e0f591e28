/* target_driver.c - One C program for every target test: it links the
 * library `netc build` made for some target, runs inference and one training
 * step on the fixed inputs of test/aot/aot_inputs.h and prints every number
 * it got, one per line, so the outputs of two targets can be compared.
 *
 * The model is chosen at compile time (the header's names are per model):
 *   cc -DNETC_MODEL=digits -DNETC_MODEL_UPPER=DIGITS \
 *      -DNETC_INPUT_FEATURES=DIGITS_X_FEATURES -include digits.h ...
 * The model has one input; optimizer state, if any, starts at zero. */
#include <stdio.h>
#include <stdlib.h>

#include "aot_inputs.h"

#define NETC_CAT_(a, b) a##b
#define NETC_CAT(a, b) NETC_CAT_(a, b)
#define MODEL_FN(suffix) NETC_CAT(NETC_MODEL, suffix)
#define MODEL_CONST(suffix) NETC_CAT(NETC_MODEL_UPPER, suffix)

enum {
  B = NETC_AOT_BATCH,
  IN = NETC_INPUT_FEATURES,
  OUT = MODEL_CONST(_OUTPUT_FEATURES),
  PARAMS = MODEL_CONST(_PARAM_COUNT),
  STATE = MODEL_CONST(_STATE_COUNT) + 1 /* no zero-sized arrays */
};

int main(void) {
  static float x[B * IN], target[B * OUT], params[PARAMS], new_params[PARAMS];
  static float output[B * OUT], state[STATE], new_state[STATE];
  float loss = 0.0f;
  int i, infer_rc, step_rc;
  /* The caller-owned workspace, exactly as big as the bound of the call. */
  size_t infer_ws = MODEL_FN(_infer_workspace_bytes)(B);
  size_t step_ws = MODEL_FN(_train_step_workspace_bytes)(B);
  size_t align = MODEL_CONST(_WORKSPACE_ALIGNMENT);
  void *ws = aligned_alloc(align, ((infer_ws > step_ws ? infer_ws : step_ws) / align + 1) * align);

  for (i = 0; i < B * IN; ++i) x[i] = netc_aot_input(i);
  for (i = 0; i < B * OUT; ++i) target[i] = netc_aot_target(i);
  for (i = 0; i < PARAMS; ++i) params[i] = netc_aot_param(i);

  infer_rc = MODEL_FN(_infer)(B, x, params, output, ws, infer_ws, NULL);
#if MODEL_CONST(_STATE_COUNT) > 0
  step_rc = MODEL_FN(_train_step)(B, x, target, params, new_params, state,
                                  new_state, &loss, ws, step_ws, NULL);
#else
  step_rc = MODEL_FN(_train_step)(B, x, target, params, new_params, &loss, ws, step_ws, NULL);
#endif
  free(ws);
  if (infer_rc != 0 || step_rc != 0) {
    fprintf(stderr, "infer returned %d, train_step returned %d\n", infer_rc, step_rc);
    return 1;
  }
  printf("# output\n");
  for (i = 0; i < B * OUT; ++i) printf("%.9g\n", output[i]);
  printf("# loss\n%.9g\n# new_params\n", loss);
  for (i = 0; i < PARAMS; ++i) printf("%.9g\n", new_params[i]);
  printf("# new_state\n");
  for (i = 0; i + 1 < STATE; ++i) printf("%.9g\n", new_state[i]);
  return 0;
}
