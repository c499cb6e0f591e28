//===- ReshapeTest.cpp - nn.reshape's values and gradient -----------------===//
//
// The forward pass against torch.reshape's row-major rule written out here
// (element i of an example keeps its flat index i), through the .net front
// end with a static shape and with a -1 over a length known only when the
// model runs. The gradient against central differences (GradientChecker.h):
// each reshape sits between ops whose weights differ by position, so a
// VJP that renumbered elements wrongly would move gradient to the wrong
// weight.
//
//===----------------------------------------------------------------------===//
#include "GradientChecker.h"
#include "TestSupport.h"

#include "compiler/driver/Frontend.h"

#include <gtest/gtest.h>

#include <fstream>
#include <numeric>

using namespace netc;

namespace {

const test::GradientCase kGradientCases[] = {
    // [?, 12] -> [?, 3, 4]: conv1d then sees 3 channels of length 4.
    {"linear_reshape_conv1d", R"(module {
  func.func @infer(%x: tensor<?x5xf32> {nn.input = "x"}, %v: tensor<12x5xf32> {nn.param = "v"}, %w: tensor<2x3x2xf32> {nn.param = "w"}, %b: tensor<2xf32> {nn.param = "b"}) -> tensor<?x2x3xf32> {
    %h = nn.linear %x, %v : (tensor<?x5xf32>, tensor<12x5xf32>) -> tensor<?x12xf32>
    %r = nn.reshape %h : tensor<?x12xf32> -> tensor<?x3x4xf32>
    %y = nn.conv1d %r, %w, %b {stride = 1, padding = [0, 0], dilation = 1} : (tensor<?x3x4xf32>, tensor<2x3x2xf32>, tensor<2xf32>) -> tensor<?x2x3xf32>
    return %y : tensor<?x2x3xf32>
  }
  func.func @loss(%p: tensor<?x2x3xf32>, %t: tensor<?x2x3xf32> {nn.target}) -> tensor<f32> {
    %l = nn.mse_loss %p, %t : tensor<?x2x3xf32>, tensor<?x2x3xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
})"},
    // Rank 3 to rank 3 with other extents ([2, 6] -> [4, 3]), then a
    // reshape to rank 1 for linear.
    {"conv1d_reshape_tanh_reshape_linear", R"(module {
  func.func @infer(%x: tensor<?x1x7xf32> {nn.input = "x"}, %w: tensor<2x1x2xf32> {nn.param = "w"}, %v: tensor<2x12xf32> {nn.param = "v"}) -> tensor<?x2xf32> {
    %c = nn.conv1d %x, %w {stride = 1, padding = [0, 0], dilation = 1} : (tensor<?x1x7xf32>, tensor<2x1x2xf32>) -> tensor<?x2x6xf32>
    %r = nn.reshape %c : tensor<?x2x6xf32> -> tensor<?x4x3xf32>
    %a = nn.tanh %r : tensor<?x4x3xf32>
    %f = nn.reshape %a : tensor<?x4x3xf32> -> tensor<?x12xf32>
    %y = nn.linear %f, %v : (tensor<?x12xf32>, tensor<2x12xf32>) -> tensor<?x2xf32>
    return %y : tensor<?x2xf32>
  }
  func.func @loss(%p: tensor<?x2xf32>, %t: tensor<?x2xf32> {nn.target}) -> tensor<f32> {
    %l = nn.mse_loss %p, %t : tensor<?x2xf32>, tensor<?x2xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
})"},
};

class ReshapeGradientCheck
    : public ::testing::TestWithParam<test::GradientCase> {};

TEST_P(ReshapeGradientCheck, BatchOne) { test::checkGradients(GetParam(), 1); }
TEST_P(ReshapeGradientCheck, BatchThree) {
  test::checkGradients(GetParam(), 3);
}

INSTANTIATE_TEST_SUITE_P(
    Ops, ReshapeGradientCheck, ::testing::ValuesIn(kGradientCases),
    [](const ::testing::TestParamInfo<test::GradientCase> &info) {
      return std::string(info.param.name);
    });

/// Runs @infer of the .net `source` on `x` of shape `in`, writing a result
/// of shape `out`.
std::vector<float> runNet(const char *source, std::vector<int64_t> in,
                          std::vector<float> x, std::vector<int64_t> out) {
  std::string path = test::tempPath("reshape.net");
  std::ofstream(path) << source;
  driver::Compilation compilation;
  if (compilation.load(path) || compilation.generate()) {
    ADD_FAILURE() << "could not compile:\n" << source;
    return {};
  }
  auto fn = test::jitFunction(compilation.module(), "infer");
  EXPECT_TRUE(fn);
  if (!fn)
    return {};
  std::vector<float> y(x.size());
  llvm::Error err = fn->run({{x.data(), std::move(in)}},
                            {{y.data(), std::move(out)}});
  EXPECT_FALSE(err) << llvm::toString(std::move(err));
  return y;
}

// Row-major reshape moves no element: y's flat index within an example is
// x's. x holds 0, 1, 2, ...; softmax-free models keep the values exact.
TEST(ReshapeForward, KeepsRowMajorOrder) {
  std::vector<float> x(2 * 200);
  std::iota(x.begin(), x.end(), 0.0f);
  std::vector<float> y = runNet(R"(model m(x: f32[N, 200]) -> f32[N, 4, 50] {
  reshape(4, 50)
}
)",
                                {2, 200}, x, {2, 4, 50});
  EXPECT_EQ(y, x);
}

// A -1 over a symbolic length: [N, 4, L] -> [N, 2, 2 * L] (torch:
// x.reshape(N, 2, -1)). Element [n, c, l] of the input is element
// [n, c / 2, (c % 2) * L + l] of the result; relu keeps the values.
TEST(ReshapeForward, InfersTheExtentOfASymbolicLength) {
  const int64_t N = 2, L = 5;
  std::vector<float> x(N * 4 * L);
  std::iota(x.begin(), x.end(), 1.0f);
  std::vector<float> y =
      runNet(R"(model m(x: f32[N, 4, L]) -> f32[N, 2, 2 * L] {
  reshape(2, -1)
  relu
}
)",
             {N, 4, L}, x, {N, 2, 2 * L});
  ASSERT_EQ(y.size(), x.size());
  for (int64_t n = 0; n < N; ++n)
    for (int64_t c = 0; c < 4; ++c)
      for (int64_t l = 0; l < L; ++l)
        EXPECT_EQ(y[(n * 2 + c / 2) * 2 * L + (c % 2) * L + l],
                  x[(n * 4 + c) * L + l])
            << n << " " << c << " " << l;
}

} // namespace
