/* netc_rng.c - PCG32 and the distributions built on it; see netc_rng.h. */
#include "netc_rng.h"

#include <math.h>
#include <stddef.h>

#define NETC_PCG32_MULTIPLIER UINT64_C(6364136223846793005)
/* The reference demo's stream: any fixed odd increment would do. */
#define NETC_PCG32_DEFAULT_STREAM UINT64_C(54)

/* The first output of SplitMix64 started at `x`: a bijective 64-bit mix in
 * which every input bit affects every output bit. */
static uint64_t netc_splitmix64(uint64_t x) {
  uint64_t z = x + UINT64_C(0x9e3779b97f4a7c15);
  z = (z ^ (z >> 30u)) * UINT64_C(0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27u)) * UINT64_C(0x94d049bb133111eb);
  return z ^ (z >> 31u);
}

void netc_rng_seed_pcg32(netc_rng *rng, uint64_t initstate,
                         uint64_t initseq) {
  /* pcg32_srandom_r: pick the stream, step once, add the state, step. */
  rng->state = 0u;
  rng->inc = (initseq << 1u) | 1u;
  (void)netc_rng_next_u32(rng);
  rng->state += initstate;
  (void)netc_rng_next_u32(rng);
}

void netc_rng_seed(netc_rng *rng, uint64_t seed) {
  netc_rng_seed_pcg32(rng, netc_splitmix64(seed), NETC_PCG32_DEFAULT_STREAM);
}

uint32_t netc_rng_next_u32(netc_rng *rng) {
  uint64_t old = rng->state;
  rng->state = old * NETC_PCG32_MULTIPLIER + rng->inc;
  uint32_t xorshifted = (uint32_t)(((old >> 18u) ^ old) >> 27u);
  uint32_t rot = (uint32_t)(old >> 59u);
  return (xorshifted >> rot) | (xorshifted << ((0u - rot) & 31u));
}

uint64_t netc_rng_next_below(netc_rng *rng, uint64_t bound) {
  if (bound <= 1u) return 0u;
  if (bound <= UINT64_C(0xffffffff)) {
    uint32_t b = (uint32_t)bound;
    /* 2^32 mod b: the raw values below it would make small results more
     * likely, so they are redrawn. Fewer than half the draws are rejected. */
    uint32_t threshold = (0u - b) % b;
    for (;;) {
      uint32_t r = netc_rng_next_u32(rng);
      if (r >= threshold) return r % b;
    }
  }
  if (bound == UINT64_C(0x100000000)) return netc_rng_next_u32(rng);
  uint64_t threshold = (0u - bound) % bound;
  for (;;) {
    uint64_t high = netc_rng_next_u32(rng);
    uint64_t r = (high << 32u) | netc_rng_next_u32(rng);
    if (r >= threshold) return r % bound;
  }
}

float netc_rng_uniform(netc_rng *rng, float lo, float hi) {
  uint32_t bits = netc_rng_next_u32(rng) >> 8u;
  if (!(lo < hi) || !isfinite(lo) || !isfinite(hi)) return lo;
  double unit = (double)bits * (1.0 / 16777216.0); /* exact, in [0, 1) */
  /* `volatile` stops the compiler fusing the multiply and the add into an
   * FMA on targets that have one: fused and unfused round differently, and
   * the sequence must not depend on the target. */
  volatile double scaled = ((double)hi - (double)lo) * unit;
  float value = (float)((double)lo + scaled);
  if (value >= hi) value = nextafterf(hi, lo);
  return value;
}

void netc_rng_shuffle(netc_rng *rng, int64_t *indices, int64_t count) {
  if (indices == NULL || count <= 1) return;
  for (int64_t i = count - 1; i > 0; --i) {
    int64_t j = (int64_t)netc_rng_next_below(rng, (uint64_t)i + 1u);
    int64_t tmp = indices[i];
    indices[i] = indices[j];
    indices[j] = tmp;
  }
}

void netc_init_uniform(netc_rng *rng, float *values, int64_t count,
                       float bound) {
  if (values == NULL || count <= 0) return;
  if (!(bound > 0.0f) || !isfinite(bound)) {
    for (int64_t i = 0; i < count; ++i) values[i] = 0.0f;
    return;
  }
  for (int64_t i = 0; i < count; ++i) {
    values[i] = netc_rng_uniform(rng, -bound, bound);
  }
}

float netc_init_fan_in_bound(int64_t fan_in) {
  if (fan_in <= 0) return 0.0f;
  return (float)(1.0 / sqrt((double)fan_in));
}

double netc_rng_normal(netc_rng *rng) {
  const double two_pi = 6.283185307179586476925286766559;
  double u1 = ((double)netc_rng_next_u32(rng) + 1.0) * 0x1p-32;
  double u2 = (double)netc_rng_next_u32(rng) * 0x1p-32;
  return sqrt(-2.0 * log(u1)) * cos(two_pi * u2);
}

/* N(mean, std^2) per element; zeros without drawing for a bad std. */
static void init_normal(netc_rng *rng, float *values, int64_t count,
                        double mean, double std) {
  int64_t i;
  if (!(std > 0.0) || !isfinite(std) || !isfinite(mean)) {
    for (i = 0; i < count; ++i) values[i] = 0.0f;
    return;
  }
  for (i = 0; i < count; ++i) {
    /* volatile: no FMA (see netc_rng_uniform). */
    volatile double scaled = std * netc_rng_normal(rng);
    values[i] = (float)(mean + scaled);
  }
}

/* torch.nn.init.calculate_gain('leaky_relu', a) * 1 / sqrt(fan). */
static double kaiming_std(const double *param, int64_t fan_in,
                          int64_t fan_out) {
  double a = param ? param[0] : 0.0;
  int64_t fan = param && param[1] == 1.0 ? fan_out : fan_in;
  volatile double a2 = a * a; /* no FMA (see netc_rng_uniform) */
  if (fan <= 0) return 0.0;
  return sqrt(2.0 / (1.0 + a2)) / sqrt((double)fan);
}

/* gain * sqrt(2 / (fan_in + fan_out)). */
static double xavier_std(const double *param, int64_t fan_in,
                         int64_t fan_out) {
  double gain = param ? param[0] : 1.0;
  if (fan_in + fan_out <= 0) return 0.0;
  return gain * sqrt(2.0 / (double)(fan_in + fan_out));
}

void netc_init_parameter(netc_rng *rng, netc_init_kind kind, int64_t fan_in,
                         int64_t fan_out, const double *param, float *values,
                         int64_t count) {
  const double sqrt3 = 1.7320508075688772935274463415059;
  int64_t i;
  if (values == NULL || count <= 0) return;
  switch (kind) {
  case NETC_INIT_ZEROS:
  case NETC_INIT_ONES:
    for (i = 0; i < count; ++i)
      values[i] = kind == NETC_INIT_ONES ? 1.0f : 0.0f;
    return;
  case NETC_INIT_KAIMING_UNIFORM:
    netc_init_uniform(rng, values, count,
                      (float)(sqrt3 * kaiming_std(param, fan_in, fan_out)));
    return;
  case NETC_INIT_KAIMING_NORMAL:
    init_normal(rng, values, count, 0.0, kaiming_std(param, fan_in, fan_out));
    return;
  case NETC_INIT_XAVIER_UNIFORM:
    netc_init_uniform(rng, values, count,
                      (float)(sqrt3 * xavier_std(param, fan_in, fan_out)));
    return;
  case NETC_INIT_XAVIER_NORMAL:
    init_normal(rng, values, count, 0.0, xavier_std(param, fan_in, fan_out));
    return;
  case NETC_INIT_NORMAL:
    init_normal(rng, values, count, param ? param[0] : 0.0,
                param ? param[1] : 1.0);
    return;
  case NETC_INIT_UNIFORM: {
    float low = param ? (float)param[0] : 0.0f;
    float high = param ? (float)param[1] : 1.0f;
    for (i = 0; i < count; ++i) values[i] = netc_rng_uniform(rng, low, high);
    return;
  }
  case NETC_INIT_UNIFORM_FAN_IN:
  default:
    netc_init_uniform(rng, values, count, netc_init_fan_in_bound(fan_in));
    return;
  }
}
