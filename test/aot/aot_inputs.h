/* aot_inputs.h - The deterministic inputs shared by the AOT test program and
 * the GoogleTest that checks it against the JIT, so both sides compute on
 * identical numbers without exchanging them. */
#ifndef NETC_TEST_AOT_INPUTS_H
#define NETC_TEST_AOT_INPUTS_H

#include <math.h>

/* Odd on purpose: not a multiple of any vector width. */
#define NETC_AOT_BATCH 5

static inline float netc_aot_input(int i) { return 0.5f + 0.5f * sinf(0.37f * (float)i); }
static inline float netc_aot_param(int i) { return 0.1f * cosf(0.11f * (float)i + 0.3f); }
static inline float netc_aot_target(int i) { return (float)(i % 2); }

#endif
