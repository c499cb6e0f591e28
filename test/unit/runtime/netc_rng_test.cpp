// Tests for runtime/netc_rng.h: PCG32 against the reference, determinism,
// and the statistics of uniform floats, bounded integers and shuffles.
//
// Every test uses a fixed seed, so the statistical checks are deterministic:
// a tolerance here guards against a wrong formula, not against bad luck.
#include "netc_rng.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <numeric>
#include <vector>

#include <gtest/gtest.h>

namespace {

// Pearson's chi-square statistic of observed counts against equal expected
// counts.
double ChiSquareUniform(const std::vector<int64_t> &counts) {
  double total = 0;
  for (int64_t c : counts) total += static_cast<double>(c);
  double expected = total / static_cast<double>(counts.size());
  double chi2 = 0;
  for (int64_t c : counts) {
    double d = static_cast<double>(c) - expected;
    chi2 += d * d / expected;
  }
  return chi2;
}

// The index of a permutation of 0..n-1 in a dense table of n^n slots.
int64_t PermutationKey(const std::vector<int64_t> &p) {
  int64_t key = 0;
  for (int64_t v : p) key = key * static_cast<int64_t>(p.size()) + v;
  return key;
}

TEST(NetcRng, MatchesThePcg32ReferenceDemo) {
  // pcg32-demo from pcg-random.org: pcg32_srandom_r(&rng, 42u, 54u).
  netc_rng rng;
  netc_rng_seed_pcg32(&rng, 42, 54);
  const uint32_t expected[] = {0xa15c02b7u, 0x7b47f409u, 0xba1d3330u,
                               0x83d2f293u, 0xbfa4784bu, 0xcbed606eu};
  for (uint32_t value : expected) EXPECT_EQ(netc_rng_next_u32(&rng), value);
}

TEST(NetcRng, SeedIsSplitMix64ThenPcg32) {
  // SplitMix64's first output for 1234567 is 6457827717110365317 (the
  // published test value of the reference splitmix64.c).
  netc_rng a, b;
  netc_rng_seed(&a, 1234567);
  netc_rng_seed_pcg32(&b, UINT64_C(6457827717110365317), 54);
  for (int i = 0; i < 10; ++i)
    EXPECT_EQ(netc_rng_next_u32(&a), netc_rng_next_u32(&b));
}

TEST(NetcRng, SeedIsPinnedAcrossPlatforms) {
  // From an independent Python model of SplitMix64 + PCG32.
  netc_rng rng;
  netc_rng_seed(&rng, 42);
  const uint32_t expected[] = {0xcd0fae4eu, 0xc3363e40u, 0xc448683du,
                               0x69675842u};
  for (uint32_t value : expected) EXPECT_EQ(netc_rng_next_u32(&rng), value);
}

TEST(NetcRng, SameSeedSameSequence) {
  netc_rng a, b;
  netc_rng_seed(&a, 123456789);
  netc_rng_seed(&b, 123456789);
  for (int i = 0; i < 10000; ++i) {
    ASSERT_EQ(netc_rng_next_u32(&a), netc_rng_next_u32(&b)) << "draw " << i;
  }
}

TEST(NetcRng, CopyForksTheStream) {
  netc_rng a;
  netc_rng_seed(&a, 5);
  netc_rng_next_u32(&a);
  netc_rng b = a;
  for (int i = 0; i < 100; ++i)
    EXPECT_EQ(netc_rng_next_u32(&a), netc_rng_next_u32(&b));
}

TEST(NetcRng, DifferentSeedsDiffer) {
  // Neighbouring seeds must give unrelated streams: almost no position of
  // 1000 draws agrees (1000 / 2^32 expected).
  for (uint64_t seed = 0; seed < 20; ++seed) {
    netc_rng a, b;
    netc_rng_seed(&a, seed);
    netc_rng_seed(&b, seed + 1);
    int equal = 0;
    for (int i = 0; i < 1000; ++i)
      equal += netc_rng_next_u32(&a) == netc_rng_next_u32(&b);
    EXPECT_LE(equal, 1) << "seeds " << seed << " and " << seed + 1;
  }
  // First outputs of 1000 seeds are distinct. (Raw pcg32 seeding fails
  // this: seeds s and 2s + 109 share their first output.)
  std::vector<uint32_t> firsts;
  for (uint64_t seed = 0; seed < 1000; ++seed) {
    netc_rng r;
    netc_rng_seed(&r, seed);
    firsts.push_back(netc_rng_next_u32(&r));
  }
  std::sort(firsts.begin(), firsts.end());
  EXPECT_EQ(std::adjacent_find(firsts.begin(), firsts.end()), firsts.end());
  for (uint64_t seed = 0; seed < 1000; ++seed) {
    netc_rng a, b;
    netc_rng_seed(&a, seed);
    netc_rng_seed(&b, 2 * seed + 109);
    EXPECT_NE(netc_rng_next_u32(&a), netc_rng_next_u32(&b)) << seed;
  }
}

TEST(NetcRng, UniformUsesTheTop24Bits) {
  // Pins the float mapping, not just the integer stream.
  netc_rng rng;
  netc_rng_seed_pcg32(&rng, 42, 54);
  EXPECT_EQ(netc_rng_uniform(&rng, 0.0f, 1.0f),
            static_cast<float>(0xa15c02b7u >> 8) / 16777216.0f);
  EXPECT_EQ(netc_rng_uniform(&rng, 0.0f, 2.0f),
            2.0f * static_cast<float>(0x7b47f409u >> 8) / 16777216.0f);
}

TEST(NetcRng, UniformStaysInHalfOpenRangeWithRightMoments) {
  netc_rng rng;
  netc_rng_seed(&rng, 2024);
  const float lo = -3.0f, hi = 5.0f;
  const int n = 1000000;
  double sum = 0, sum_sq = 0;
  float min_seen = hi, max_seen = lo;
  for (int i = 0; i < n; ++i) {
    float v = netc_rng_uniform(&rng, lo, hi);
    ASSERT_GE(v, lo);
    ASSERT_LT(v, hi);
    min_seen = std::min(min_seen, v);
    max_seen = std::max(max_seen, v);
    sum += v;
    sum_sq += static_cast<double>(v) * v;
  }
  double mean = sum / n;
  double variance = sum_sq / n - mean * mean;
  double width = hi - lo;
  // U(lo, hi): mean (lo+hi)/2, variance width^2/12. The standard error of
  // the mean is sqrt(width^2/12/n) ~ 0.0023; allow 5 of them. The sample
  // variance's standard error is ~width^2 * sqrt(1/180/n) ~ 0.0048.
  EXPECT_NEAR(mean, (lo + hi) / 2.0, 5 * std::sqrt(width * width / 12 / n));
  EXPECT_NEAR(variance, width * width / 12.0, 0.03);
  // The ends are reached.
  EXPECT_LT(min_seen, lo + 0.001f);
  EXPECT_GT(max_seen, hi - 0.001f);
}

TEST(NetcRng, UniformBucketsAreEven) {
  netc_rng rng;
  netc_rng_seed(&rng, 99);
  std::vector<int64_t> counts(20, 0);
  for (int i = 0; i < 200000; ++i) {
    float v = netc_rng_uniform(&rng, 0.0f, 1.0f);
    counts[static_cast<size_t>(v * 20.0f)] += 1;
  }
  // 19 degrees of freedom: P(chi2 > 43.8) = 0.001.
  EXPECT_LT(ChiSquareUniform(counts), 43.8);
}

TEST(NetcRng, UniformNeverReturnsHiOnANarrowRange) {
  // [1, next float after 1) holds a single float; rounding must not reach hi.
  netc_rng rng;
  netc_rng_seed(&rng, 3);
  const float hi = std::nextafter(1.0f, 2.0f);
  for (int i = 0; i < 10000; ++i)
    ASSERT_EQ(netc_rng_uniform(&rng, 1.0f, hi), 1.0f);
  // A wide range whose width is not exact in float either.
  for (int i = 0; i < 10000; ++i) {
    float v = netc_rng_uniform(&rng, -1e-30f, 1e30f);
    ASSERT_GE(v, -1e-30f);
    ASSERT_LT(v, 1e30f);
  }
}

TEST(NetcRng, UniformEmptyRangeReturnsLoAndStillDraws) {
  netc_rng a, b;
  netc_rng_seed(&a, 8);
  netc_rng_seed(&b, 8);
  EXPECT_EQ(netc_rng_uniform(&a, 2.0f, 2.0f), 2.0f);
  EXPECT_EQ(netc_rng_uniform(&a, 3.0f, 1.0f), 3.0f);
  EXPECT_EQ(netc_rng_uniform(&a, 0.0f, NAN), 0.0f);
  netc_rng_next_u32(&b);
  netc_rng_next_u32(&b);
  netc_rng_next_u32(&b);
  EXPECT_EQ(netc_rng_next_u32(&a), netc_rng_next_u32(&b));
}

TEST(NetcRng, NextBelowSmallBoundsIsUnbiased) {
  netc_rng rng;
  netc_rng_seed(&rng, 11);
  EXPECT_EQ(netc_rng_next_below(&rng, 0), 0u);
  EXPECT_EQ(netc_rng_next_below(&rng, 1), 0u);
  std::vector<int64_t> counts(7, 0);
  for (int i = 0; i < 140000; ++i) {
    uint64_t v = netc_rng_next_below(&rng, 7);
    ASSERT_LT(v, 7u);
    counts[v] += 1;
  }
  // 6 degrees of freedom: P(chi2 > 22.46) = 0.001.
  EXPECT_LT(ChiSquareUniform(counts), 22.46);
}

TEST(NetcRng, NextBelowLargeBounds) {
  // Pinned against an independent Python model of the same algorithm.
  netc_rng rng;
  netc_rng_seed(&rng, 7);
  EXPECT_EQ(netc_rng_next_below(&rng, UINT64_C(1000000000000)),
            UINT64_C(105431274862));
  EXPECT_EQ(netc_rng_next_below(&rng, UINT64_C(1000000000000)),
            UINT64_C(896165858044));
  EXPECT_EQ(netc_rng_next_below(&rng, UINT64_C(1000000000000)),
            UINT64_C(838801768780));

  // 3 * 2^31 does not divide 2^64, so modulo without rejection would favour
  // the low two thirds; check the three thirds come out even.
  const uint64_t bound = UINT64_C(3) << 31;
  std::vector<int64_t> thirds(3, 0);
  for (int i = 0; i < 30000; ++i) {
    uint64_t v = netc_rng_next_below(&rng, bound);
    ASSERT_LT(v, bound);
    thirds[v / (UINT64_C(1) << 31)] += 1;
  }
  EXPECT_LT(ChiSquareUniform(thirds), 13.8);  // 2 dof, p = 0.001
  uint64_t v = netc_rng_next_below(&rng, UINT64_C(1) << 32);
  EXPECT_LT(v, UINT64_C(1) << 32);
}

TEST(NetcRng, ShuffleIsPinnedAcrossPlatforms) {
  // Pinned against an independent Python model of Fisher-Yates on PCG32.
  netc_rng rng;
  netc_rng_seed(&rng, 42);
  std::vector<int64_t> v(10);
  std::iota(v.begin(), v.end(), 0);
  netc_rng_shuffle(&rng, v.data(), static_cast<int64_t>(v.size()));
  EXPECT_EQ(v, (std::vector<int64_t>{7, 6, 4, 0, 8, 9, 1, 5, 3, 2}));
}

TEST(NetcRng, ShuffleIsAPermutation) {
  netc_rng rng;
  netc_rng_seed(&rng, 1);
  std::vector<int64_t> v(1000);
  std::iota(v.begin(), v.end(), 0);
  netc_rng_shuffle(&rng, v.data(), static_cast<int64_t>(v.size()));
  std::vector<int64_t> identity(1000);
  std::iota(identity.begin(), identity.end(), 0);
  EXPECT_NE(v, identity);
  std::vector<int64_t> sorted = v;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(sorted, identity);
}

TEST(NetcRng, ShuffleOfZeroOrOneElementDoesNothing) {
  netc_rng a, b;
  netc_rng_seed(&a, 4);
  netc_rng_seed(&b, 4);
  int64_t one = 17;
  netc_rng_shuffle(&a, &one, 1);
  netc_rng_shuffle(&a, nullptr, 0);
  EXPECT_EQ(one, 17);
  EXPECT_EQ(netc_rng_next_u32(&a), netc_rng_next_u32(&b));  // nothing drawn
}

// Runs `shuffle` many times on 0..n-1 and returns the chi-square of the
// permutation counts against n! equally likely outcomes.
template <typename Shuffle>
double PermutationChiSquare(int64_t n, int trials, Shuffle shuffle) {
  std::map<int64_t, int64_t> seen;
  std::vector<int64_t> p(static_cast<size_t>(n));
  for (int t = 0; t < trials; ++t) {
    std::iota(p.begin(), p.end(), 0);
    shuffle(p.data(), n);
    seen[PermutationKey(p)] += 1;
  }
  int64_t factorial = 1;
  for (int64_t i = 2; i <= n; ++i) factorial *= i;
  std::vector<int64_t> counts;
  for (const auto &entry : seen) counts.push_back(entry.second);
  counts.resize(static_cast<size_t>(factorial), 0);  // unseen permutations
  return ChiSquareUniform(counts);
}

TEST(NetcRng, ShuffleHasNoBiasOnSmallN) {
  netc_rng rng;
  netc_rng_seed(&rng, 31337);
  auto fisher_yates = [&rng](int64_t *p, int64_t n) {
    netc_rng_shuffle(&rng, p, n);
  };
  // n = 3: 6 permutations, 5 dof, P(chi2 > 20.52) = 0.001.
  EXPECT_LT(PermutationChiSquare(3, 60000, fisher_yates), 20.52);
  // n = 4: 24 permutations, 23 dof, P(chi2 > 49.73) = 0.001.
  EXPECT_LT(PermutationChiSquare(4, 240000, fisher_yates), 49.73);
}

TEST(NetcRng, ChiSquareCheckWouldCatchTheClassicBiasedShuffle) {
  // The test above has teeth: swapping with any position (not just 0..i)
  // yields n^n equally likely paths onto n! permutations, which is biased.
  netc_rng rng;
  netc_rng_seed(&rng, 31337);
  auto naive = [&rng](int64_t *p, int64_t n) {
    for (int64_t i = 0; i < n; ++i) {
      int64_t j = static_cast<int64_t>(
          netc_rng_next_below(&rng, static_cast<uint64_t>(n)));
      std::swap(p[i], p[j]);
    }
  };
  EXPECT_GT(PermutationChiSquare(3, 60000, naive), 100.0);
}

TEST(NetcRng, InitUniformFillsWithinBound) {
  netc_rng rng;
  netc_rng_seed(&rng, 10);
  const float bound = netc_init_fan_in_bound(784);
  EXPECT_FLOAT_EQ(bound, 1.0f / 28.0f);
  std::vector<float> w(100000);
  netc_init_uniform(&rng, w.data(), static_cast<int64_t>(w.size()), bound);
  double sum = 0;
  for (float x : w) {
    ASSERT_GE(x, -bound);
    ASSERT_LT(x, bound);
    sum += x;
  }
  EXPECT_NEAR(sum / w.size(), 0.0,
              5 * bound / std::sqrt(3.0 * static_cast<double>(w.size())));
  EXPECT_GT(*std::max_element(w.begin(), w.end()), 0.99f * bound);
  EXPECT_LT(*std::min_element(w.begin(), w.end()), -0.99f * bound);
}

TEST(NetcRng, InitUniformEqualsSuccessiveUniformDraws) {
  netc_rng a, b;
  netc_rng_seed(&a, 77);
  netc_rng_seed(&b, 77);
  float w[16];
  netc_init_uniform(&a, w, 16, 0.25f);
  for (float x : w) EXPECT_EQ(x, netc_rng_uniform(&b, -0.25f, 0.25f));
}

TEST(NetcRng, InitUniformWithZeroBoundWritesZeros) {
  netc_rng a, b;
  netc_rng_seed(&a, 6);
  netc_rng_seed(&b, 6);
  float w[4] = {1, 2, 3, 4};
  netc_init_uniform(&a, w, 4, 0.0f);
  for (float x : w) EXPECT_EQ(x, 0.0f);
  EXPECT_EQ(netc_rng_next_u32(&a), netc_rng_next_u32(&b));
}

TEST(NetcRng, FanInBound) {
  EXPECT_FLOAT_EQ(netc_init_fan_in_bound(1), 1.0f);
  EXPECT_FLOAT_EQ(netc_init_fan_in_bound(4), 0.5f);
  EXPECT_FLOAT_EQ(netc_init_fan_in_bound(25 * 6), 1.0f / std::sqrt(150.0f));
  EXPECT_EQ(netc_init_fan_in_bound(0), 0.0f);
  EXPECT_EQ(netc_init_fan_in_bound(-3), 0.0f);
}

}  // namespace

// Batchnorm's constants do not draw, so the weights after them get the
// same values as without them; the uniform kind is netc_init_uniform.
TEST(NetcRng, InitParameterConstantsDoNotDraw) {
  netc_rng a, b;
  netc_rng_seed(&a, 11);
  netc_rng_seed(&b, 11);
  float ones[3], zeros[3] = {5, 5, 5}, w[8], expected[8];
  netc_init_parameter(&a, NETC_INIT_ONES, 0, 0, nullptr, ones, 3);
  netc_init_parameter(&a, NETC_INIT_ZEROS, 0, 0, nullptr, zeros, 3);
  netc_init_parameter(&a, NETC_INIT_UNIFORM_FAN_IN, 16, 0, nullptr, w, 8);
  netc_init_uniform(&b, expected, 8, 0.25f);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(ones[i], 1.0f);
    EXPECT_EQ(zeros[i], 0.0f);
  }
  for (int i = 0; i < 8; ++i)
    EXPECT_EQ(w[i], expected[i]);
}

//===----------------------------------------------------------------------===//
// torch.nn.init's initialisers: exact constants, bounds, and sample mean and
// standard deviation against torch's formulas, computed by hand below for a
// linear weight [out 64, in 256] (fan_in 256, fan_out 64) unless noted.
// With n = 200000 samples, the sample mean is within 5 standard errors
// (sigma / sqrt(n)) of the true mean and the sample standard deviation
// within 1% of the true one (its standard error is under 0.2%).
//===----------------------------------------------------------------------===//

namespace {

constexpr int64_t kSamples = 200000;

struct Moments {
  double mean = 0, std = 0, lo = 0, hi = 0;
  double withinOneStd = 0; ///< fraction of samples within mean ± std
};

Moments SampleInit(netc_init_kind kind, int64_t fan_in, int64_t fan_out,
                   const double *param) {
  std::vector<float> v(kSamples);
  netc_rng rng;
  netc_rng_seed(&rng, 2024);
  netc_init_parameter(&rng, kind, fan_in, fan_out, param, v.data(), kSamples);
  Moments m;
  double sum = 0, sq = 0;
  m.lo = m.hi = v[0];
  for (float x : v) {
    sum += x;
    m.lo = std::min<double>(m.lo, x);
    m.hi = std::max<double>(m.hi, x);
  }
  m.mean = sum / kSamples;
  for (float x : v) sq += (x - m.mean) * (x - m.mean);
  m.std = std::sqrt(sq / (kSamples - 1));
  int64_t inside = 0;
  for (float x : v) inside += std::fabs(x - m.mean) <= m.std;
  m.withinOneStd = static_cast<double>(inside) / kSamples;
  return m;
}

void ExpectUniform(const Moments &m, double lo, double hi) {
  double std = (hi - lo) / std::sqrt(12.0);
  // The bound is rounded to float once: within 1e-7 of the formula.
  EXPECT_GE(m.lo, lo - 1e-7 * (hi - lo));
  EXPECT_LE(m.hi, hi + 1e-7 * (hi - lo));
  // 200000 draws reach within 0.01% of each end.
  EXPECT_LT(m.lo, lo + 1e-4 * (hi - lo));
  EXPECT_GT(m.hi, hi - 1e-4 * (hi - lo));
  EXPECT_NEAR(m.mean, (lo + hi) / 2, 5 * std / std::sqrt(kSamples));
  EXPECT_NEAR(m.std, std, 0.01 * std);
  // Uniform: 1/sqrt(3) = 57.7% of the mass lies within one std.
  EXPECT_NEAR(m.withinOneStd, 0.5774, 0.005);
}

void ExpectNormal(const Moments &m, double mean, double std) {
  EXPECT_NEAR(m.mean, mean, 5 * std / std::sqrt(kSamples));
  EXPECT_NEAR(m.std, std, 0.01 * std);
  // Normal: 68.27% within one std (a uniform would give 57.7%), and
  // Box-Muller on 32-bit draws never exceeds 6.67 std.
  EXPECT_NEAR(m.withinOneStd, 0.6827, 0.005);
  EXPECT_GT(m.lo, mean - 6.67 * std);
  EXPECT_LT(m.hi, mean + 6.67 * std);
  EXPECT_LT(m.lo, mean - 3.5 * std);
  EXPECT_GT(m.hi, mean + 3.5 * std);
}

} // namespace

TEST(NetcInit, ZerosAndOnesAreExactAndDrawNothing) {
  netc_rng a, b;
  netc_rng_seed(&a, 5);
  netc_rng_seed(&b, 5);
  std::vector<float> zeros(1000, 7.0f), ones(1000, 7.0f);
  const double unused[2] = {3, 4};
  netc_init_parameter(&a, NETC_INIT_ZEROS, 256, 64, unused, zeros.data(),
                      1000);
  netc_init_parameter(&a, NETC_INIT_ONES, 256, 64, unused, ones.data(), 1000);
  for (int i = 0; i < 1000; ++i) {
    ASSERT_EQ(zeros[i], 0.0f);
    ASSERT_EQ(ones[i], 1.0f);
  }
  EXPECT_EQ(netc_rng_next_u32(&a), netc_rng_next_u32(&b));
}

// gain sqrt(2) (a = 0), bound sqrt(2) * sqrt(3 / 256) = sqrt(6 / 256)
// = 0.153093109.
TEST(NetcInit, KaimingUniformFanIn) {
  const double param[2] = {0, 0};
  ExpectUniform(SampleInit(NETC_INIT_KAIMING_UNIFORM, 256, 64, param),
                -0.153093109, 0.153093109);
}

// mode fan_out: bound sqrt(6 / 64) = 0.306186218.
TEST(NetcInit, KaimingUniformFanOut) {
  const double param[2] = {0, 1};
  ExpectUniform(SampleInit(NETC_INIT_KAIMING_UNIFORM, 256, 64, param),
                -0.306186218, 0.306186218);
}

// a = sqrt(5): gain sqrt(2 / 6), bound sqrt(1/3) * sqrt(3 / fan_in) =
// 1 / sqrt(fan_in), PyTorch's default for nn.Linear's weight: the same
// draws as NETC_INIT_UNIFORM_FAN_IN, up to the last bit of the bound.
TEST(NetcInit, KaimingUniformWithASqrt5IsPyTorchsLinearDefault) {
  const double param[2] = {std::sqrt(5.0), 0};
  std::vector<float> kaiming(64), fallback(64);
  netc_rng a, b;
  netc_rng_seed(&a, 9);
  netc_rng_seed(&b, 9);
  netc_init_parameter(&a, NETC_INIT_KAIMING_UNIFORM, 256, 64, param,
                      kaiming.data(), 64);
  netc_init_parameter(&b, NETC_INIT_UNIFORM_FAN_IN, 256, 64, nullptr,
                      fallback.data(), 64);
  for (int i = 0; i < 64; ++i)
    EXPECT_NEAR(kaiming[i], fallback[i], 1e-7) << i;
}

// std = sqrt(2) / sqrt(256) = 0.0883883476; a = 1 (gain 1): 0.0625.
TEST(NetcInit, KaimingNormal) {
  const double relu[2] = {0, 0}, slope1[2] = {1, 0};
  ExpectNormal(SampleInit(NETC_INIT_KAIMING_NORMAL, 256, 64, relu), 0,
               0.0883883476);
  ExpectNormal(SampleInit(NETC_INIT_KAIMING_NORMAL, 256, 64, slope1), 0,
               0.0625);
}

// A conv2d weight [8, 3, 5, 5]: fan_in 75, fan_out 200. Bound
// gain * sqrt(6 / 275) = 0.147709789 for gain 1; gain 2 doubles it.
TEST(NetcInit, XavierUniform) {
  const double gain1[2] = {1, 0}, gain2[2] = {2, 0};
  ExpectUniform(SampleInit(NETC_INIT_XAVIER_UNIFORM, 75, 200, gain1),
                -0.147709789, 0.147709789);
  ExpectUniform(SampleInit(NETC_INIT_XAVIER_UNIFORM, 75, 200, gain2),
                -0.295419578, 0.295419578);
}

// std = sqrt(2 / (256 + 64)) = 0.0790569415.
TEST(NetcInit, XavierNormal) {
  const double gain1[2] = {1, 0};
  ExpectNormal(SampleInit(NETC_INIT_XAVIER_NORMAL, 256, 64, gain1), 0,
               0.0790569415);
}

TEST(NetcInit, NormalMeanAndStd) {
  const double gpt[2] = {0, 0.02}, shifted[2] = {0.5, 2};
  ExpectNormal(SampleInit(NETC_INIT_NORMAL, 256, 64, gpt), 0, 0.02);
  ExpectNormal(SampleInit(NETC_INIT_NORMAL, 256, 64, shifted), 0.5, 2);
}

TEST(NetcInit, UniformLowHigh) {
  const double param[2] = {-2, 3};
  ExpectUniform(SampleInit(NETC_INIT_UNIFORM, 256, 64, param), -2, 3);
}

// One stream, fixed: the same seed gives the same tensor, and a normal
// kind takes two draws per element.
TEST(NetcInit, NormalTakesTwoDrawsPerElement) {
  const double param[2] = {0, 1};
  netc_rng a, b;
  netc_rng_seed(&a, 3);
  netc_rng_seed(&b, 3);
  float v[10];
  netc_init_parameter(&a, NETC_INIT_NORMAL, 1, 1, param, v, 10);
  for (int i = 0; i < 20; ++i) netc_rng_next_u32(&b);
  EXPECT_EQ(netc_rng_next_u32(&a), netc_rng_next_u32(&b));
  netc_rng_seed(&b, 3);
  EXPECT_EQ(v[0], (float)netc_rng_normal(&b));
}
