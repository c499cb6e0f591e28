/* seqnet_fixture.h - valid arguments for every entry point of seqnet.net
 * (test/aot), so each test breaks exactly one of them. */
#ifndef NETC_TEST_AOT_SEQNET_FIXTURE_H
#define NETC_TEST_AOT_SEQNET_FIXTURE_H

#include "aot_check.h"
#include "aot_inputs.h"
#include "seqnet.h"

enum { B = 2, L = 12, OUT_L = L - 4 };

static float dna[B * 4 * L], target[B * 3 * OUT_L], output[B * 3 * OUT_L];
static float params[SEQNET_PARAM_COUNT], new_params[SEQNET_PARAM_COUNT];
static float state[SEQNET_STATE_COUNT], new_state[SEQNET_STATE_COUNT];
static float loss;
/* Scratch for every call: far more than seqnet_workspace_bytes(B, L). */
static _Alignas(SEQNET_WORKSPACE_ALIGNMENT) unsigned char workspace[1 << 20];
#define WS workspace, sizeof workspace

static void fixture_fill(void) {
  int i;
  for (i = 0; i < B * 4 * L; ++i) dna[i] = netc_aot_input(i);
  for (i = 0; i < B * 3 * OUT_L; ++i) target[i] = netc_aot_target(i);
  for (i = 0; i < SEQNET_PARAM_COUNT; ++i) params[i] = netc_aot_param(i);
  memset(state, 0, sizeof state);
}

#endif
