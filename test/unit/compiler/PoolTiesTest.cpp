//===- PoolTiesTest.cpp - Max pooling's choice among equal values ---------===//
//
// PyTorch gives the whole gradient of a max window to one element: its
// first maximum in row-major window order. Finite differences say nothing
// at ties, so these tests compare netc's forward and gradient ops with
// values worked out by hand, then with a naive loop (PoolTestSupport.h) on
// tie-heavy inputs: small integers, and windows that are all one value.
// Gradients are small integers too, so every sum is exact and compared
// with ==. Also: average pooling against the same loops, and dynamic
// extents, including a length too short for the kernel.
//
//===----------------------------------------------------------------------===//
#include "PoolTestSupport.h"

#include "TestSupport.h"

#include "compiler/lowering/CallShapeCheck.h"
#include "compiler/lowering/Targets.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <limits>
#include <random>

using namespace netc;
using test::PoolSpec;
using test::PoolValues;
using ::testing::ElementsAreArray;
using ::testing::HasSubstr;

namespace {

TEST(PoolTies, MaxPool1dByHand) {
  // Windows (kernel 3, stride 2) of [5 5 1 5 2 2 0]: {5 5 1} -> element 0,
  // {1 5 2} -> 3, {2 2 0} -> 4 (not 5). dy = [10, 20, 30].
  PoolSpec spec{"maxpool1d", {3}, {2}, {1, 1, 7}};
  std::optional<PoolValues> got =
      test::runPool(spec, {5, 5, 1, 5, 2, 2, 0}, {10, 20, 30});
  ASSERT_TRUE(got);
  EXPECT_THAT(got->y, ElementsAreArray({5.0f, 5.0f, 2.0f}));
  EXPECT_THAT(got->dx, ElementsAreArray({10.0f, 0.0f, 0.0f, 20.0f, 30.0f,
                                         0.0f, 0.0f}));
}

TEST(PoolTies, OverlappingWindowsAccumulateAtTheirCommonMaximum) {
  // Kernel 3, stride 1 over [1 9 1 1 9]: windows {1 9 1}, {9 1 1} and
  // {1 1 9} pick elements 1, 1 and 4.
  PoolSpec spec{"maxpool1d", {3}, {1}, {1, 1, 5}};
  std::optional<PoolValues> got =
      test::runPool(spec, {1, 9, 1, 1, 9}, {1, 2, 4});
  ASSERT_TRUE(got);
  EXPECT_THAT(got->y, ElementsAreArray({9.0f, 9.0f, 9.0f}));
  EXPECT_THAT(got->dx, ElementsAreArray({0.0f, 3.0f, 0.0f, 0.0f, 4.0f}));
}

TEST(PoolTies, MaxPool2dFirstMaximumIsRowMajor) {
  // 3x4 input, kernel [2, 2], stride [1, 2]; windows and their picks:
  //   7 7 | 3 4      (0,0): [7 7; 7 2] -> (0,0)
  //   7 2 | 4 4      (0,1): [3 4; 4 4] -> (0,3), not (1,2) (column-major)
  //   1 7 | 4 0      (1,0): [7 2; 1 7] -> (1,0)
  //                  (1,1): [4 4; 4 0] -> (1,2)
  PoolSpec spec{"maxpool2d", {2, 2}, {1, 2}, {1, 1, 3, 4}};
  std::optional<PoolValues> got = test::runPool(
      spec, {7, 7, 3, 4, 7, 2, 4, 4, 1, 7, 4, 0}, {1, 2, 3, 4});
  ASSERT_TRUE(got);
  EXPECT_THAT(got->y, ElementsAreArray({7.0f, 4.0f, 7.0f, 4.0f}));
  EXPECT_THAT(got->dx, ElementsAreArray({1.0f, 0.0f, 0.0f, 2.0f,  //
                                         3.0f, 0.0f, 4.0f, 0.0f,  //
                                         0.0f, 0.0f, 0.0f, 0.0f}));
}

TEST(PoolTies, GlobalMaxPoolFirstMaximum) {
  // Channel 0 ([3 1 3; 0 3 2]) has three maxima, channel 1 is all zeros:
  // both give their gradient to their first element.
  PoolSpec spec{"global_maxpool", {}, {}, {1, 2, 2, 3}};
  std::optional<PoolValues> got = test::runPool(
      spec, {3, 1, 3, 0, 3, 2, 0, 0, 0, 0, 0, 0}, {5, 6});
  ASSERT_TRUE(got);
  EXPECT_THAT(got->y, ElementsAreArray({3.0f, 0.0f}));
  EXPECT_THAT(got->dx, ElementsAreArray({5.0f, 0.0f, 0.0f, 0.0f, 0.0f, 0.0f,
                                         6.0f, 0.0f, 0.0f, 0.0f, 0.0f, 0.0f}));
}

TEST(PoolTies, NegativeInfinityIsAValue) {
  // A window of -inf only: its first element is its maximum.
  const float inf = std::numeric_limits<float>::infinity();
  PoolSpec spec{"maxpool1d", {2}, {2}, {1, 1, 4}};
  std::optional<PoolValues> got =
      test::runPool(spec, {-inf, -inf, -inf, 1}, {7, 8});
  ASSERT_TRUE(got);
  EXPECT_THAT(got->y, ElementsAreArray({-inf, 1.0f}));
  EXPECT_THAT(got->dx, ElementsAreArray({7.0f, 0.0f, 0.0f, 8.0f}));
}

/// Tie-heavy values: integers in [0, 2], or all zeros.
std::vector<float> tieHeavy(int64_t count, std::mt19937 &rng, bool zeros) {
  std::uniform_int_distribution<int> value(0, 2);
  std::vector<float> v(count);
  for (float &x : v)
    x = zeros ? 0.0f : static_cast<float>(value(rng));
  return v;
}

std::vector<float> smallIntegers(int64_t count, std::mt19937 &rng) {
  std::uniform_int_distribution<int> value(1, 9);
  std::vector<float> v(count);
  for (float &x : v)
    x = static_cast<float>(value(rng));
  return v;
}

class PoolReference : public ::testing::TestWithParam<PoolSpec> {};

void PrintTo(const PoolSpec &spec, std::ostream *os) { *os << spec.op; }

TEST_P(PoolReference, MatchesNaiveLoops) {
  const PoolSpec &spec = GetParam();
  std::mt19937 rng(7);
  for (bool zeros : {false, true}) {
    SCOPED_TRACE(zeros ? "all zeros" : "integers in [0, 2]");
    std::vector<float> x = tieHeavy(test::elementCount(spec.shape), rng, zeros);
    std::vector<float> dy =
        smallIntegers(test::elementCount(spec.resultShape()), rng);
    std::optional<PoolValues> got = test::runPool(spec, x, dy);
    ASSERT_TRUE(got);
    PoolValues want = test::referencePool(spec, x, dy);
    if (spec.isMax()) {
      EXPECT_EQ(got->y, want.y);
      EXPECT_EQ(got->dx, want.dx);
    } else {
      ASSERT_EQ(got->y.size(), want.y.size());
      for (size_t i = 0; i < want.y.size(); ++i)
        EXPECT_FLOAT_EQ(got->y[i], want.y[i]) << "y[" << i << "]";
      ASSERT_EQ(got->dx.size(), want.dx.size());
      for (size_t i = 0; i < want.dx.size(); ++i)
        EXPECT_FLOAT_EQ(got->dx[i], want.dx[i]) << "dx[" << i << "]";
    }
  }
}

const PoolSpec kSpecs[] = {
    {"maxpool1d", {3}, {2}, {2, 3, 11}},  // overlap
    {"maxpool1d", {4}, {1}, {3, 2, 9}},   // four windows per element
    {"maxpool1d", {2}, {3}, {1, 2, 13}},  // gaps and an unread tail
    {"maxpool1d", {5}, {5}, {2, 1, 5}},   // one window
    {"maxpool2d", {3, 2}, {2, 1}, {2, 2, 7, 6}},
    {"maxpool2d", {2, 2}, {2, 2}, {3, 1, 6, 5}},
    {"maxpool2d", {2, 3}, {3, 4}, {1, 3, 8, 11}},
    {"maxpool2d", {3, 3}, {1, 1}, {1, 1, 5, 5}},
    {"avgpool1d", {4}, {1}, {2, 2, 9}},
    {"avgpool1d", {2}, {3}, {1, 3, 10}},
    {"avgpool2d", {2, 3}, {1, 2}, {2, 2, 5, 7}},
    {"avgpool2d", {3, 3}, {3, 3}, {1, 2, 7, 8}},
    {"global_maxpool", {}, {}, {3, 4, 7}},
    {"global_maxpool", {}, {}, {2, 3, 4, 5}},
    {"global_avgpool", {}, {}, {2, 3, 3, 4}},
};

INSTANTIATE_TEST_SUITE_P(
    Pool, PoolReference, ::testing::ValuesIn(kSpecs),
    [](const ::testing::TestParamInfo<PoolSpec> &info) {
      return info.param.op + "_" + std::to_string(info.index);
    });

// Every extent but the channels dynamic: one compiled pipeline, run at
// several lengths with the output extents computed from the input's.
TEST(PoolDynamic, OnePipelineRunsAtEveryLength) {
  PoolSpec spec{"maxpool1d", {3}, {2}, {2, 2, 11}};
  auto context = test::makeContext();
  auto module = test::parseModule(*context, spec.module(/*dynamic=*/true));
  ASSERT_TRUE(module);
  auto fwd = test::jitFunction(*module, "fwd");
  auto grad = test::jitFunction(*module, "grad");
  ASSERT_TRUE(fwd && grad);
  std::mt19937 rng(3);
  for (int64_t length : {3, 4, 11, 20}) {
    SCOPED_TRACE("L = " + std::to_string(length));
    PoolSpec at{"maxpool1d", {3}, {2}, {2, 2, length}};
    std::vector<int64_t> outShape = at.resultShape();
    std::vector<float> x = tieHeavy(test::elementCount(at.shape), rng, false);
    std::vector<float> dy = smallIntegers(test::elementCount(outShape), rng);
    std::vector<float> y(dy.size()), dx(x.size());
    ASSERT_FALSE(fwd->run({{x.data(), at.shape}}, {{y.data(), outShape}}));
    ASSERT_FALSE(grad->run({{dy.data(), outShape}, {x.data(), at.shape}},
                           {{dx.data(), at.shape}}));
    PoolValues want = test::referencePool(at, x, dy);
    EXPECT_EQ(y, want.y);
    EXPECT_EQ(dx, want.dx);
  }
}

TEST(PoolDynamic, LengthShorterThanTheKernelFailsWhenItRuns) {
  PoolSpec spec{"maxpool1d", {3}, {2}, {1, 2, 8}};
  auto context = test::makeContext();
  auto module = test::parseModule(*context, spec.module(/*dynamic=*/true));
  ASSERT_TRUE(module);
  auto fwd = test::jitFunction(*module, "fwd");
  ASSERT_TRUE(fwd);
  // floor((2 - 3) / 2) + 1 = 0 windows: the pipeline's own check says why.
  std::vector<float> x(1 * 2 * 2), y(1);
  llvm::Error err = fwd->run({{x.data(), {1, 2, 2}}}, {{y.data(), {1, 2, 0}}});
  ASSERT_TRUE(bool(err));
  EXPECT_THAT(llvm::toString(std::move(err)),
              HasSubstr("maxpool1d: the input length 2 is shorter than the "
                        "kernel 3 (stride 2)"));
  // An output that claims one window too many is refused before the
  // pipeline reads outside x (4 windows of 3 at stride 2 need 9 values):
  // the output's extent must be the one the input gives it.
  std::vector<float> x8(1 * 2 * 8), y4(1 * 2 * 4);
  err = fwd->run({{x8.data(), {1, 2, 8}}}, {{y4.data(), {1, 2, 4}}});
  ASSERT_TRUE(bool(err));
  EXPECT_THAT(llvm::toString(std::move(err)),
              HasSubstr("dimension 3 of 'output' does not match the inputs: "
                        "4 vs 3"));
  // Behind that requirement, the bounds query refuses the same call.
  lowering::LoweredFunction bare = fwd->lowered();
  bare.requirements.clear();
  err = lowering::checkCallShapes(bare, lowering::jitTarget(), {{1, 2, 8}},
                                  {{1, 2, 4}});
  ASSERT_TRUE(bool(err));
  EXPECT_THAT(llvm::toString(std::move(err)),
              HasSubstr("dimension 3 of 'arg0' is 8, but these shapes read "
                        "[0, 9) of it"));
}

} // namespace
