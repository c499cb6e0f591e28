//===- DropoutTest.cpp - Dropout's masks, scaling and gradient ------------===//
//
// nn.dropout_train JIT-compiled on its own:
//  - p = 0 is the identity, p = 1 zeroes everything;
//  - over 64 000 elements the fraction of zeros is p within 0.01 (the
//    binomial standard deviation is below 0.002), and every kept element is
//    exactly x · 1/(1 - p);
//  - the same (seed, step) gives the same mask, another step or another
//    seed a different one (about 2p(1 - p) of the elements differ);
// nn.dropout (evaluation) is the identity; after nn-differentiate the step
// counter comes back as step + 1; and the VJP, through a linear layer,
// against central finite differences with the step fixed (it is a buffer:
// the checker leaves it alone).
//
//===----------------------------------------------------------------------===//
#include "GradientChecker.h"
#include "TestSupport.h"

#include "compiler/dialect/NNDialect.h"
#include "compiler/transforms/Passes.h"

#include "mlir/Pass/PassManager.h"

#include <gtest/gtest.h>

#include <random>

using namespace netc;

namespace {

constexpr int64_t kRows = 64, kCols = 1000;

/// @drop(x [?, 1000], step [1]) -> dropout_train(x) with `p` and `seed`.
std::string dropModule(const char *op, float p, int64_t seed) {
  return std::string("module {\n  func.func @drop(%x: tensor<?x1000xf32>, "
                     "%s: tensor<1xf32>) -> tensor<?x1000xf32> {\n    %y = nn.") +
         op + " %x, %s {p = " + std::to_string(p) +
         ", seed = " + std::to_string(seed) +
         "} : tensor<?x1000xf32>, tensor<1xf32>\n    return %y : "
         "tensor<?x1000xf32>\n  }\n}\n";
}

std::vector<float> input() {
  std::mt19937 rng(7);
  std::uniform_real_distribution<float> away(0.5f, 2.0f); // never 0
  std::vector<float> x(kRows * kCols);
  for (float &v : x)
    v = away(rng);
  return x;
}

/// The op's output for `x` at `step`.
std::vector<float> run(const char *op, float p, int64_t seed, float step,
                       const std::vector<float> &x) {
  auto context = test::makeContext();
  auto module = test::parseModule(*context, dropModule(op, p, seed));
  EXPECT_TRUE(module);
  if (!module)
    return {};
  auto fn = test::jitFunction(*module, "drop");
  EXPECT_TRUE(fn);
  std::vector<float> y(x.size(), -1.0f);
  if (fn)
    EXPECT_FALSE(fn->run(kRows, {x.data(), &step}, {y.data()}));
  return y;
}

double zeroFraction(const std::vector<float> &y) {
  return double(std::count(y.begin(), y.end(), 0.0f)) / y.size();
}

int64_t masksDiffer(const std::vector<float> &a, const std::vector<float> &b) {
  int64_t n = 0;
  for (size_t i = 0; i < a.size(); ++i)
    n += (a[i] == 0.0f) != (b[i] == 0.0f);
  return n;
}

TEST(Dropout, ZeroProbabilityIsTheIdentity) {
  std::vector<float> x = input();
  EXPECT_EQ(run("dropout_train", 0.0f, 3, 0.0f, x), x);
}

TEST(Dropout, ProbabilityOneZeroesEverything) {
  std::vector<float> y = run("dropout_train", 1.0f, 3, 0.0f, input());
  EXPECT_EQ(zeroFraction(y), 1.0);
}

TEST(Dropout, DropsAboutPAndScalesTheRestExactly) {
  std::vector<float> x = input();
  for (float p : {0.1f, 0.5f, 0.8f}) {
    SCOPED_TRACE(p);
    std::vector<float> y = run("dropout_train", p, 11, 4.0f, x);
    ASSERT_EQ(y.size(), x.size());
    EXPECT_NEAR(zeroFraction(y), p, 0.01);
    float scale = 1.0f / (1.0f - p);
    for (size_t i = 0; i < x.size(); ++i)
      if (y[i] != 0.0f)
        ASSERT_EQ(y[i], x[i] * scale) << i;
  }
}

TEST(Dropout, SameSeedAndStepSameMaskOtherwiseNew) {
  std::vector<float> x = input();
  std::vector<float> a = run("dropout_train", 0.5f, 11, 4.0f, x);
  EXPECT_EQ(run("dropout_train", 0.5f, 11, 4.0f, x), a);
  // Independent masks at p = 0.5 disagree on about half the elements.
  int64_t n = kRows * kCols;
  int64_t nextStep = masksDiffer(a, run("dropout_train", 0.5f, 11, 5.0f, x));
  int64_t otherSeed = masksDiffer(a, run("dropout_train", 0.5f, 12, 4.0f, x));
  EXPECT_NEAR(double(nextStep) / n, 0.5, 0.02);
  EXPECT_NEAR(double(otherSeed) / n, 0.5, 0.02);
}

TEST(Dropout, EvaluationIsTheIdentity) {
  std::vector<float> x = input();
  EXPECT_EQ(run("dropout", 0.5f, 11, 4.0f, x), x);
}

TEST(Dropout, TrainingAdvancesTheStepCounter) {
  auto context = test::makeContext();
  auto module = test::parseModule(*context, R"(module {
  func.func @infer(%x: tensor<?x4xf32> {nn.input = "x"},
                   %s: tensor<1xf32> {nn.buffer, nn.param = "0.step"}) -> tensor<?x4xf32> {
    %y = nn.dropout %x, %s {p = 0.5, seed = 0} : tensor<?x4xf32>, tensor<1xf32>
    return %y : tensor<?x4xf32>
  }
  func.func @loss(%p: tensor<?x4xf32>, %t: tensor<?x4xf32> {nn.target}) -> tensor<f32> {
    %l = nn.mse_loss %p, %t : tensor<?x4xf32>, tensor<?x4xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
})");
  ASSERT_TRUE(module);
  mlir::PassManager pm(context.get());
  pm.addPass(nn::createDifferentiate());
  ASSERT_TRUE(mlir::succeeded(pm.run(*module)));
  auto fn = test::jitFunction(*module, nn::kLossAndGradFn);
  ASSERT_TRUE(fn);
  std::vector<float> x = {1, 2, 3, 4, 5, 6, 7, 8}, t(8, 0.0f);
  float step = 41.0f, nextStep = -1.0f, loss = -1.0f;
  // (x, step, target) -> (loss, new step).
  ASSERT_FALSE(fn->run(2, {x.data(), &step, t.data()}, {&loss, &nextStep}));
  EXPECT_EQ(nextStep, 42.0f);
}

class DropoutGradientCheck
    : public ::testing::TestWithParam<test::GradientCase> {};

TEST_P(DropoutGradientCheck, BatchOne) { test::checkGradients(GetParam(), 1); }
TEST_P(DropoutGradientCheck, BatchThree) {
  test::checkGradients(GetParam(), 3);
}

const test::GradientCase kGradientCases[] = {
    {"dropout_then_linear", R"(module {
  func.func @infer(%x: tensor<?x9xf32> {nn.input = "x"},
                   %s: tensor<1xf32> {nn.buffer, nn.param = "0.step"},
                   %w: tensor<4x9xf32> {nn.param = "1.weight"}) -> tensor<?x4xf32> {
    %d = nn.dropout %x, %s {p = 0.4, seed = 5} : tensor<?x9xf32>, tensor<1xf32>
    %y = nn.linear %d, %w : (tensor<?x9xf32>, tensor<4x9xf32>) -> tensor<?x4xf32>
    return %y : tensor<?x4xf32>
  }
  func.func @loss(%p: tensor<?x4xf32>, %t: tensor<?x4xf32> {nn.target}) -> tensor<f32> {
    %l = nn.mse_loss %p, %t : tensor<?x4xf32>, tensor<?x4xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
})"},
    {"linear_then_dropout_rank3", R"(module {
  func.func @infer(%x: tensor<?x2x5xf32> {nn.input = "x"},
                   %s: tensor<1xf32> {nn.buffer, nn.param = "0.step"}) -> tensor<?x2x5xf32> {
    %a = nn.tanh %x : tensor<?x2x5xf32>
    %d = nn.dropout %a, %s {p = 0.7, seed = 2} : tensor<?x2x5xf32>, tensor<1xf32>
    return %d : tensor<?x2x5xf32>
  }
  func.func @loss(%p: tensor<?x2x5xf32>, %t: tensor<?x2x5xf32> {nn.target}) -> tensor<f32> {
    %l = nn.mse_loss %p, %t {reduction = "sum"} : tensor<?x2x5xf32>, tensor<?x2x5xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
})"},
};

INSTANTIATE_TEST_SUITE_P(
    Ops, DropoutGradientCheck, ::testing::ValuesIn(kGradientCases),
    [](const ::testing::TestParamInfo<test::GradientCase> &info) {
      return std::string(info.param.name);
    });

} // namespace
