/* Every initialiser through the generated library: initnet_init(seed of
 * the train block) equals the weights `netc build` shipped (argv[1], the
 * trainer's initialisation) bit for bit, and each slot keeps its kind's
 * constants and bounds (offsets in initnet.net). */
#include <math.h>
#include <stdio.h>

#include "aot_check.h"
#include "initnet.h"

static float params[INITNET_PARAM_COUNT]
    __attribute__((aligned(INITNET_PARAM_ALIGNMENT)));
static float shipped[INITNET_PARAM_COUNT]
    __attribute__((aligned(INITNET_PARAM_ALIGNMENT)));

/* Every value of [begin, end) within (lo, hi). */
static int all_within(int begin, int end, float lo, float hi) {
  int i;
  for (i = begin; i < end; ++i)
    if (!(params[i] > lo && params[i] < hi)) return 0;
  return 1;
}

int main(int argc, char **argv) {
  netc_status s;
  int i, same = 1;
  if (argc != 2) return 2;
  memset(&s, 0, sizeof s);
  CHECK(INITNET_PARAM_COUNT == 243);
  CHECK(initnet_load_weights(argv[1], shipped, &s) == NETC_OK);
  CHECK(initnet_init(5, params, &s) == NETC_OK); /* seed: 5 */
  for (i = 0; i < INITNET_PARAM_COUNT; ++i) same &= params[i] == shipped[i];
  CHECK(same);
  for (i = 24; i < 28; ++i) CHECK(params[i] == 0.0f);
  for (i = 60; i < 64; ++i) CHECK(params[i] == 1.0f);
  CHECK(all_within(0, 24, -1.0f, 1.0f));
  CHECK(all_within(64, 160, -0.5477226f, 0.5477226f));
  CHECK(all_within(216, 222, -0.1f, 0.1f));
  /* normal(0.5, 0.01): 18 samples within 6.67 std of the mean. */
  CHECK(all_within(222, 240, 0.5f - 0.0667f, 0.5f + 0.0667f));
  CHECK(all_within(240, 243, -0.4082483f, 0.4082483f));
  printf("init kinds: %d parameters agree\n", INITNET_PARAM_COUNT);
  return netc_check_result();
}
