/* netc_rng.h - the deterministic random numbers behind weight initialization
 * and data shuffling, identical on every platform for a given seed.
 *
 * Generator: PCG32, the XSH-RR variant from M. O'Neill, "PCG: A Family of
 * Simple Fast Space-Efficient Statistically Good Algorithms for Random
 * Number Generation" (pcg-random.org): 64-bit LCG state with multiplier
 * 6364136223846793005, 32-bit output by xorshift-high then random rotation.
 * netc_rng_seed_pcg32 is exactly the reference pcg32_srandom_r, so
 * (42, 54) yields 0xa15c02b7, 0x7b47f409, ... as printed by pcg32-demo.
 *
 * netc_rng_seed(rng, seed) first scrambles the seed with one SplitMix64
 * step (Steele, Lea, Flood 2014; the finalizer of java.util.SplittableRandom)
 * and then calls netc_rng_seed_pcg32(rng, splitmix64(seed), 54). Seeding
 * pcg32 with the raw seed adds it to the state linearly, and related seeds
 * then start alike: seeds s and 2s + 109 give the same first output (0..999
 * has four such pairs); the scramble breaks that structure.
 *
 * Every derived quantity below is defined by integer arithmetic or by a
 * fixed sequence of IEEE-754 double operations (never fused into an FMA),
 * so results do not depend on the compiler, its flags or the host.
 *
 * Error and ownership rules: see netc_status.h. None of these functions can
 * fail; a netc_rng is plain data the caller owns (a copy replays the same
 * stream).
 */
#ifndef NETC_RUNTIME_NETC_RNG_H_
#define NETC_RUNTIME_NETC_RNG_H_

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* PCG32 state. Initialize with netc_rng_seed() before use. */
typedef struct netc_rng {
  uint64_t state;
  uint64_t inc; /* stream selector; always odd */
} netc_rng;

/* Seeds `rng` from any 64-bit value, related or not (0, 1, 2, ... are
 * fine): netc_rng_seed_pcg32(rng, splitmix64(seed), 54), where
 * splitmix64(x) is the first output of SplitMix64 started at x. */
void netc_rng_seed(netc_rng *rng, uint64_t seed);

/* The reference pcg32_srandom_r: `initstate` is the starting state, the
 * low 63 bits of `initseq` choose one of 2^63 streams. For cross-checking
 * with other PCG implementations; prefer netc_rng_seed. */
void netc_rng_seed_pcg32(netc_rng *rng, uint64_t initstate, uint64_t initseq);

/* The next 32 uniformly distributed bits. */
uint32_t netc_rng_next_u32(netc_rng *rng);

/* Uniform in [0, bound), without modulo bias: rejection of the lowest
 * (2^k mod bound) raw values (k = 32 when bound <= 2^32, taking one draw
 * per attempt; else k = 64, taking two draws, high word first).
 * Returns 0 when bound is 0 or 1 (and then draws nothing). */
uint64_t netc_rng_next_below(netc_rng *rng, uint64_t bound);

/* Uniform float in [lo, hi), from 24 random bits: the top 24 bits u of one
 * draw give lo + (hi - lo) * u * 2^-24, evaluated in double and rounded to
 * float once; a result that rounds up to `hi` is replaced by the largest
 * float below `hi`. Requires lo < hi; returns `lo` otherwise (also for
 * NaN), still consuming one draw so streams stay aligned. */
float netc_rng_uniform(netc_rng *rng, float lo, float hi);

/* Shuffles indices[0..count) in place with Fisher-Yates: for i from
 * count-1 down to 1, swap indices[i] with indices[netc_rng_next_below(rng,
 * i + 1)]. Every permutation is equally likely. count <= 1 does nothing. */
void netc_rng_shuffle(netc_rng *rng, int64_t *indices, int64_t count);

/* Fills values[0..count) with netc_rng_uniform(rng, -bound, bound), in
 * order. PyTorch's default initialization of nn.Linear's weight and bias
 * is this distribution with bound = netc_init_fan_in_bound(in_features).
 * A bound that is not positive and finite writes zeros without drawing. */
void netc_init_uniform(netc_rng *rng, float *values, int64_t count,
                       float bound);

/* 1 / sqrt(fan_in), the bound PyTorch uses for nn.Linear (weight:
 * kaiming_uniform_ with a = sqrt(5); bias: 1/sqrt(fan_in)) and for
 * nn.Conv2d with fan_in = in_channels * kernel_h * kernel_w.
 * Returns 0 for fan_in <= 0. */
float netc_init_fan_in_bound(int64_t fan_in);

/* How one parameter tensor starts: PyTorch's layer defaults, or one of
 * torch.nn.init's initialisers (`init:` and `bias_init:` in .net). Each
 * uses fan_in and fan_out as torch._calculate_fan_in_and_fan_out defines
 * them (a weight [out, in, k...]: fan_in = in * k..., fan_out = out *
 * k...) and param[0], param[1] as noted. */
typedef enum netc_init_kind {
  NETC_INIT_UNIFORM_FAN_IN = 0, /* U(+-1/sqrt(fan_in)): linear, conv */
  NETC_INIT_ZEROS = 1,          /* batchnorm bias, running_mean; zeros_ */
  NETC_INIT_ONES = 2,           /* batchnorm weight, running_var; ones_ */
  /* kaiming_uniform_: U(+-gain * sqrt(3 / fan)), gain = sqrt(2 / (1 +
   * a^2)) (leaky_relu), a = param[0]; fan = fan_in, or fan_out when
   * param[1] is 1 (mode='fan_out'). */
  NETC_INIT_KAIMING_UNIFORM = 3,
  /* kaiming_normal_: N(0, std^2), std = gain / sqrt(fan); as above. */
  NETC_INIT_KAIMING_NORMAL = 4,
  /* xavier_uniform_: U(+-gain * sqrt(6 / (fan_in + fan_out))), gain =
   * param[0]. */
  NETC_INIT_XAVIER_UNIFORM = 5,
  /* xavier_normal_: N(0, std^2), std = gain * sqrt(2 / (fan_in +
   * fan_out)), gain = param[0]. */
  NETC_INIT_XAVIER_NORMAL = 6,
  /* normal_: N(mean = param[0], std = param[1]^2). */
  NETC_INIT_NORMAL = 7,
  /* uniform_: U(low = param[0], high = param[1]). */
  NETC_INIT_UNIFORM = 8
} netc_init_kind;

/* A standard normal sample by Box-Muller's cosine branch from two draws:
 * u1 = (next_u32 + 1) * 2^-32 in (0, 1], u2 = next_u32 * 2^-32,
 * z = sqrt(-2 ln u1) * cos(2 pi u2), in double. |z| < 6.67. The libm's
 * log, sqrt and cos decide the last bits, so two hosts with different
 * libms may differ there; one host is always self-consistent. */
double netc_rng_normal(netc_rng *rng);

/* Initialises values[0..count) by `kind` (see netc_init_kind; `param` may
 * be NULL for the kinds that read none). Uniform kinds draw one value per
 * element as netc_rng_uniform does, normal kinds two (netc_rng_normal,
 * then mean + std * z rounded to float once); zeros and ones draw nothing,
 * so constant tensors do not shift later draws. A bound or std that is not
 * positive and finite (fan 0) writes zeros without drawing. The trainer,
 * `netc build`'s weights file and the generated <model>_init all call
 * this, so they agree bit for bit. */
void netc_init_parameter(netc_rng *rng, netc_init_kind kind, int64_t fan_in,
                         int64_t fan_out, const double *param, float *values,
                         int64_t count);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* NETC_RUNTIME_NETC_RNG_H_ */
