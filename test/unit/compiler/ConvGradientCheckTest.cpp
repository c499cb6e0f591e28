//===- ConvGradientCheckTest.cpp - Convolution VJPs and values ------------===//
//
// Every gradient of conv1d, conv2d and flatten against central differences
// of the same pipeline (GradientChecker.h), at batch 1 and 3, over odd
// sizes, strides that do and do not divide the padded length, explicit and
// `same` padding (an even kernel pads one more after than before),
// dilation, and no bias. Each case stays under ~200 perturbed elements.
//
// The forward values are checked separately against naive loops written
// here, independent of the lowering: a strided, padded conv1d by hand, a
// conv2d, `same` padding through the .net front end, and a conv1d whose
// length is only known when it runs.
//
//===----------------------------------------------------------------------===//
#include "GradientChecker.h"
#include "TestSupport.h"

#include "compiler/driver/Frontend.h"

#include "mlir/IR/AsmState.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <random>

using namespace netc;
using netc::lowering::JitFunction;

namespace {

//===----------------------------------------------------------------------===//
// Gradient checks
//===----------------------------------------------------------------------===//

/// `?x2x7xf32` for the shape {2, 7} after a dynamic batch.
std::string tensorType(std::vector<int64_t> dims) {
  std::string text = "tensor<?";
  for (int64_t d : dims)
    text += "x" + std::to_string(d);
  return text + "xf32>";
}

struct ConvCase {
  std::string name;
  std::string module;
  float lo = -1.0f, hi = 1.0f;
  bool symmetric = false;
};

std::ostream &operator<<(std::ostream &os, const ConvCase &c) {
  return os << c.name;
}

/// @infer applies `op {attrs}` to x, w (and b) and returns it; @loss is the
/// mean squared error.
ConvCase convCase(std::string name, std::string op, std::vector<int64_t> x,
                  std::vector<int64_t> w, bool bias, std::string attrs,
                  std::vector<int64_t> y) {
  std::string tx = tensorType(x), ty = tensorType(y), tw = "tensor<";
  for (int64_t d : w)
    tw += std::to_string(d) + "x";
  tw += "f32>";
  std::string tb = "tensor<" + std::to_string(w[0]) + "xf32>";
  std::string text = "module {\n  func.func @infer(%x: " + tx +
                     " {nn.input = \"x\"}, %w: " + tw +
                     " {nn.param = \"w\"}" +
                     (bias ? ", %b: " + tb + " {nn.param = \"b\"}" : "") +
                     ") -> " + ty + " {\n    %y = nn." + op + " %x, %w" +
                     (bias ? ", %b" : "") + " {" + attrs + "} : (" + tx +
                     ", " + tw + (bias ? ", " + tb : "") + ") -> " + ty +
                     "\n    return %y : " + ty +
                     "\n  }\n  func.func @loss(%p: " + ty + ", %t: " + ty +
                     " {nn.target}) -> tensor<f32> {\n    %l = nn.mse_loss "
                     "%p, %t : " +
                     ty + ", " + ty +
                     " -> tensor<f32>\n    return %l : tensor<f32>\n  }\n}\n";
  return {std::move(name), std::move(text)};
}

std::vector<ConvCase> gradientCases() {
  return {
      convCase("conv1d_plain", "conv1d", {2, 7}, {3, 2, 3}, true,
               "stride = 1, padding = [0, 0], dilation = 1", {3, 5}),
      // (8 + 2 - 3) / 2 + 1 = 4: windows start at -1, 1, 3, 5.
      convCase("conv1d_stride2_padding1", "conv1d", {2, 8}, {2, 2, 3}, true,
               "stride = 2, padding = [1, 1], dilation = 1", {2, 4}),
      // What `padding: same` gives kernel 4: 3 zeros, 1 before, 2 after.
      convCase("conv1d_same_even_kernel", "conv1d", {2, 6}, {2, 2, 4}, true,
               "stride = 1, padding = [1, 2], dilation = 1", {2, 6}),
      // Span 5, stride 3, left padding only: (9 + 2 - 5) / 3 + 1 = 3.
      convCase("conv1d_dilation_no_bias", "conv1d", {1, 9}, {2, 1, 3}, false,
               "stride = 3, padding = [2, 0], dilation = 2", {2, 3}),
      // The stride does not divide 10 - 3: the last input is never read and
      // its gradient must be exactly zero.
      convCase("conv1d_stride_leaves_tail", "conv1d", {1, 10}, {2, 1, 3},
               true, "stride = 3, padding = [0, 0], dilation = 1", {2, 3}),
      convCase("conv2d_plain", "conv2d", {2, 4, 5}, {2, 2, 3, 2}, true,
               "stride = [1, 1], padding = [0, 0, 0, 0], dilation = [1, 1]",
               {2, 2, 4}),
      // H: (6 + 1 - 1 - 1) / 2 + 1 = 3; W: (5 + 2 - 4 - 1) / 1 + 1 = 3.
      convCase("conv2d_stride_padding_dilation", "conv2d", {1, 6, 5},
               {2, 1, 2, 3}, true,
               "stride = [2, 1], padding = [1, 0, 1, 1], dilation = [1, 2]",
               {2, 3, 3}),
      // `same` for a 2x2 kernel: one zero after in each dimension.
      convCase("conv2d_same_even_kernel_no_bias", "conv2d", {1, 4, 4},
               {2, 1, 2, 2}, false,
               "stride = [1, 1], padding = [0, 1, 0, 1], dilation = [1, 1]",
               {2, 4, 4}),
      {"conv1d_tanh_flatten_linear", R"(module {
  func.func @infer(%x: tensor<?x2x5xf32> {nn.input = "x"}, %w: tensor<3x2x2xf32> {nn.param = "w"}, %b: tensor<3xf32> {nn.param = "b"}, %v: tensor<2x12xf32> {nn.param = "v"}, %c: tensor<2xf32> {nn.param = "c"}) -> tensor<?x2xf32> {
    %h = nn.conv1d %x, %w, %b {stride = 1, padding = [0, 0], dilation = 1} : (tensor<?x2x5xf32>, tensor<3x2x2xf32>, tensor<3xf32>) -> tensor<?x3x4xf32>
    %a = nn.tanh %h : tensor<?x3x4xf32>
    %f = nn.flatten %a : tensor<?x3x4xf32> -> tensor<?x12xf32>
    %y = nn.linear %f, %v, %c : (tensor<?x12xf32>, tensor<2x12xf32>, tensor<2xf32>) -> tensor<?x2xf32>
    return %y : tensor<?x2xf32>
  }
  func.func @loss(%p: tensor<?x2xf32>, %t: tensor<?x2xf32> {nn.target}) -> tensor<f32> {
    %l = nn.mse_loss %p, %t : tensor<?x2xf32>, tensor<?x2xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
})"},
      // Inputs keep at least 0.1 from relu's kink, further than h.
      {"conv2d_relu_flatten_linear", R"(module {
  func.func @infer(%x: tensor<?x1x3x4xf32> {nn.input = "x"}, %w: tensor<2x1x2x2xf32> {nn.param = "w"}, %v: tensor<1x16xf32> {nn.param = "v"}) -> tensor<?x1xf32> {
    %h = nn.relu %x : tensor<?x1x3x4xf32>
    %c = nn.conv2d %h, %w {stride = [1, 1], padding = [0, 0, 1, 0], dilation = [1, 1]} : (tensor<?x1x3x4xf32>, tensor<2x1x2x2xf32>) -> tensor<?x2x2x4xf32>
    %f = nn.flatten %c : tensor<?x2x2x4xf32> -> tensor<?x16xf32>
    %g = nn.reshape %f : tensor<?x16xf32> -> tensor<?x4x4xf32>
    %k = nn.flatten %g : tensor<?x4x4xf32> -> tensor<?x16xf32>
    %y = nn.linear %k, %v : (tensor<?x16xf32>, tensor<1x16xf32>) -> tensor<?x1xf32>
    return %y : tensor<?x1xf32>
  }
  func.func @loss(%p: tensor<?x1xf32>, %t: tensor<?x1xf32> {nn.target}) -> tensor<f32> {
    %l = nn.mse_loss %p, %t : tensor<?x1xf32>, tensor<?x1xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
})", 0.1f, 1.0f, /*symmetric=*/true},
  };
}

class ConvGradientCheck : public ::testing::TestWithParam<ConvCase> {
protected:
  void check(int64_t batch) {
    const ConvCase &c = GetParam();
    test::GradientCase g{c.name.c_str(), c.module.c_str()};
    g.lo = c.lo;
    g.hi = c.hi;
    g.symmetric = c.symmetric;
    test::checkGradients(g, batch);
  }
};

TEST_P(ConvGradientCheck, BatchOne) { check(1); }
TEST_P(ConvGradientCheck, BatchThree) { check(3); }

INSTANTIATE_TEST_SUITE_P(Ops, ConvGradientCheck,
                         ::testing::ValuesIn(gradientCases()),
                         [](const ::testing::TestParamInfo<ConvCase> &info) {
                           return info.param.name;
                         });

//===----------------------------------------------------------------------===//
// Forward values against naive loops
//===----------------------------------------------------------------------===//

struct Conv1dShape {
  int64_t n, c, l, o, k, stride, padBegin, padEnd, dilation;
  int64_t outLength() const {
    return (l + padBegin + padEnd - dilation * (k - 1) - 1) / stride + 1;
  }
};

/// y[n, o, i] = b[o] + Σ_{c, k} w[o, c, k] · x[n, c, i·s + k·d - pad], with
/// x zero outside [0, L).
std::vector<float> naiveConv1d(const Conv1dShape &s, const std::vector<float> &x,
                               const std::vector<float> &w,
                               const std::vector<float> &b) {
  int64_t lo = s.outLength();
  std::vector<float> y(s.n * s.o * lo);
  for (int64_t n = 0; n < s.n; ++n)
    for (int64_t o = 0; o < s.o; ++o)
      for (int64_t i = 0; i < lo; ++i) {
        double sum = b.empty() ? 0.0 : b[o];
        for (int64_t c = 0; c < s.c; ++c)
          for (int64_t k = 0; k < s.k; ++k) {
            int64_t at = i * s.stride + k * s.dilation - s.padBegin;
            if (at >= 0 && at < s.l)
              sum += double(w[(o * s.c + c) * s.k + k]) *
                     x[(n * s.c + c) * s.l + at];
          }
        y[(n * s.o + o) * lo + i] = float(sum);
      }
  return y;
}

std::vector<float> randomValues(size_t count, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  std::vector<float> v(count);
  for (float &f : v)
    f = dist(rng);
  return v;
}

void expectClose(const std::vector<float> &actual,
                 const std::vector<float> &expected) {
  ASSERT_EQ(actual.size(), expected.size());
  for (size_t i = 0; i < actual.size(); ++i)
    EXPECT_NEAR(actual[i], expected[i], 1e-5f + 1e-5f * std::fabs(expected[i]))
        << "element " << i;
}

// One small case worked out by hand: x = [1 2 3 4 5] (one channel), kernel
// [1 10 100], bias 0.5, stride 2, one zero each side. Windows over the
// padded [0 1 2 3 4 5 0] start at 0, 2, 4:
//   0·1 + 1·10 + 2·100 = 210,  2·1 + 3·10 + 4·100 = 432,
//   4·1 + 5·10 + 0·100 = 54;   plus 0.5 each.
TEST(ConvForward, Conv1dStrideTwoPaddingOneByHand) {
  auto context = test::makeContext();
  auto module = test::parseModule(*context, R"(module {
  func.func @infer(%x: tensor<?x1x5xf32> {nn.input = "x"}, %w: tensor<1x1x3xf32> {nn.param = "w"}, %b: tensor<1xf32> {nn.param = "b"}) -> tensor<?x1x3xf32> {
    %y = nn.conv1d %x, %w, %b {stride = 2, padding = [1, 1], dilation = 1} : (tensor<?x1x5xf32>, tensor<1x1x3xf32>, tensor<1xf32>) -> tensor<?x1x3xf32>
    return %y : tensor<?x1x3xf32>
  }
})");
  ASSERT_TRUE(module);
  auto fn = test::jitFunction(*module, "infer");
  ASSERT_TRUE(fn);
  std::vector<float> x{1, 2, 3, 4, 5}, w{1, 10, 100}, b{0.5f}, y(3);
  llvm::Error err = fn->run(1, {x.data(), w.data(), b.data()}, {y.data()});
  ASSERT_FALSE(err) << llvm::toString(std::move(err));
  EXPECT_EQ(y, (std::vector<float>{210.5f, 432.5f, 54.5f}));
  // The naive loop agrees with the hand computation.
  Conv1dShape s{1, 1, 5, 1, 3, 2, 1, 1, 1};
  EXPECT_EQ(naiveConv1d(s, x, w, b), y);
}

// Several channels and a batch, stride 2, padding 1, through flatten: the
// flattened row is the conv's [O, L'] block in row-major order.
TEST(ConvForward, Conv1dThroughFlattenMatchesNaiveLoop) {
  Conv1dShape s{3, 2, 9, 4, 3, 2, 1, 1, 1};
  ASSERT_EQ(s.outLength(), 5);
  auto context = test::makeContext();
  auto module = test::parseModule(*context, R"(module {
  func.func @infer(%x: tensor<?x2x9xf32> {nn.input = "x"}, %w: tensor<4x2x3xf32> {nn.param = "w"}, %b: tensor<4xf32> {nn.param = "b"}) -> tensor<?x20xf32> {
    %y = nn.conv1d %x, %w, %b {stride = 2, padding = [1, 1], dilation = 1} : (tensor<?x2x9xf32>, tensor<4x2x3xf32>, tensor<4xf32>) -> tensor<?x4x5xf32>
    %f = nn.flatten %y : tensor<?x4x5xf32> -> tensor<?x20xf32>
    return %f : tensor<?x20xf32>
  }
})");
  ASSERT_TRUE(module);
  auto fn = test::jitFunction(*module, "infer");
  ASSERT_TRUE(fn);
  std::vector<float> x = randomValues(3 * 2 * 9, 1), w = randomValues(24, 2),
                     b = randomValues(4, 3), y(3 * 20);
  llvm::Error err = fn->run(3, {x.data(), w.data(), b.data()}, {y.data()});
  ASSERT_FALSE(err) << llvm::toString(std::move(err));
  expectClose(y, naiveConv1d(s, x, w, b));
}

TEST(ConvForward, Conv2dMatchesNaiveLoop) {
  // x [2, 2, 5, 6], w [3, 2, 3, 2], stride [2, 1], padding [1, 0, 0, 1],
  // dilation [1, 2]: H' = (5 + 1 - 2 - 1) / 2 + 1 = 2, W' = (6 + 1 - 2 - 1)
  // / 1 + 1 = 5.
  const int64_t N = 2, C = 2, H = 5, W = 6, O = 3, KH = 3, KW = 2;
  const int64_t HO = 2, WO = 5;
  auto context = test::makeContext();
  auto module = test::parseModule(*context, R"(module {
  func.func @infer(%x: tensor<?x2x5x6xf32> {nn.input = "x"}, %w: tensor<3x2x3x2xf32> {nn.param = "w"}) -> tensor<?x3x2x5xf32> {
    %y = nn.conv2d %x, %w {stride = [2, 1], padding = [1, 0, 0, 1], dilation = [1, 2]} : (tensor<?x2x5x6xf32>, tensor<3x2x3x2xf32>) -> tensor<?x3x2x5xf32>
    return %y : tensor<?x3x2x5xf32>
  }
})");
  ASSERT_TRUE(module);
  auto fn = test::jitFunction(*module, "infer");
  ASSERT_TRUE(fn);
  std::vector<float> x = randomValues(N * C * H * W, 4),
                     w = randomValues(O * C * KH * KW, 5), y(N * O * HO * WO);
  llvm::Error err = fn->run(N, {x.data(), w.data()}, {y.data()});
  ASSERT_FALSE(err) << llvm::toString(std::move(err));
  std::vector<float> expected(y.size());
  for (int64_t n = 0; n < N; ++n)
    for (int64_t o = 0; o < O; ++o)
      for (int64_t i = 0; i < HO; ++i)
        for (int64_t j = 0; j < WO; ++j) {
          double sum = 0;
          for (int64_t c = 0; c < C; ++c)
            for (int64_t kh = 0; kh < KH; ++kh)
              for (int64_t kw = 0; kw < KW; ++kw) {
                int64_t h = i * 2 + kh - 1, v = j + kw * 2 - 0;
                if (h >= 0 && h < H && v >= 0 && v < W)
                  sum += double(w[((o * C + c) * KH + kh) * KW + kw]) *
                         x[((n * C + c) * H + h) * W + v];
              }
          expected[((n * O + o) * HO + i) * WO + j] = float(sum);
        }
  expectClose(y, expected);
}

// A length known only at run time: one compiled pipeline, two lengths; the
// result also goes through flatten and back (reshape infers the length).
TEST(ConvForward, Conv1dDynamicLength) {
  auto context = test::makeContext();
  auto module = test::parseModule(*context, R"(module {
  func.func @infer(%x: tensor<?x2x?xf32> {nn.input = "x"}, %w: tensor<3x2x4xf32> {nn.param = "w"}, %b: tensor<3xf32> {nn.param = "b"}) -> tensor<?x3x?xf32> {
    %y = nn.conv1d %x, %w, %b {stride = 2, padding = [1, 2], dilation = 1} : (tensor<?x2x?xf32>, tensor<3x2x4xf32>, tensor<3xf32>) -> tensor<?x3x?xf32>
    %f = nn.flatten %y : tensor<?x3x?xf32> -> tensor<?x?xf32>
    %r = nn.reshape %f : tensor<?x?xf32> -> tensor<?x3x?xf32>
    return %r : tensor<?x3x?xf32>
  }
})");
  ASSERT_TRUE(module);
  auto fn = test::jitFunction(*module, "infer");
  ASSERT_TRUE(fn);
  std::vector<float> w = randomValues(24, 6), b = randomValues(3, 7);
  for (int64_t length : {7, 12}) {
    SCOPED_TRACE(length);
    Conv1dShape s{2, 2, length, 3, 4, 2, 1, 2, 1};
    std::vector<float> x = randomValues(2 * 2 * length, 8 + length),
                       y(2 * 3 * s.outLength());
    llvm::Error err = fn->run(
        {{x.data(), {2, 2, length}}, {w.data(), {3, 2, 4}}, {b.data(), {3}}},
        {{y.data(), {2, 3, s.outLength()}}});
    ASSERT_FALSE(err) << llvm::toString(std::move(err));
    expectClose(y, naiveConv1d(s, x, w, b));
  }
}

// Too short a length is only known when it runs; the error says why.
TEST(ConvForward, Conv1dDynamicLengthTooShortFailsWhenItRuns) {
  auto context = test::makeContext();
  auto module = test::parseModule(*context, R"(module {
  func.func @infer(%x: tensor<?x2x?xf32> {nn.input = "x"}, %w: tensor<3x2x4xf32> {nn.param = "w"}) -> tensor<?x3x?xf32> {
    %y = nn.conv1d %x, %w {stride = 1, padding = [0, 1], dilation = 1} : (tensor<?x2x?xf32>, tensor<3x2x4xf32>) -> tensor<?x3x?xf32>
    return %y : tensor<?x3x?xf32>
  }
})");
  ASSERT_TRUE(module);
  auto fn = test::jitFunction(*module, "infer");
  ASSERT_TRUE(fn);
  std::vector<float> x(2 * 2 * 2), w(24), y(2 * 3);
  llvm::Error err = fn->run({{x.data(), {2, 2, 2}}, {w.data(), {3, 2, 4}}},
                            {{y.data(), {2, 3, 1}}});
  ASSERT_TRUE(bool(err));
  EXPECT_THAT(llvm::toString(std::move(err)),
              ::testing::HasSubstr(
                  "conv1d: the input length 2 leaves no output positions "
                  "(kernel 4, stride 1, padding [0, 1], dilation 1)"));
}

//===----------------------------------------------------------------------===//
// `padding: same` through the .net front end
//===----------------------------------------------------------------------===//

/// Loads `source` as a .net file and generates @infer and @loss.
std::unique_ptr<driver::Compilation> compile(const std::string &source) {
  std::string path = test::tempPath("model.net");
  std::ofstream(path) << source;
  auto compilation = std::make_unique<driver::Compilation>();
  if (compilation->load(path) || compilation->generate()) {
    ADD_FAILURE() << "could not compile:\n" << source;
    return nullptr;
  }
  return compilation;
}

const char *kSameModel = R"(model m(x: f32[N, 2, 6]) -> f32[N, 2, 6] {
  conv1d(2, 4, padding: same)
}
train m {
  data: csv("unused.csv", inputs: 0, targets: 1)
  loss: mse
  optimizer: sgd(0.1)
}
)";

TEST(ConvSamePadding, EvenKernelPadsOneMoreAfter) {
  auto compilation = compile(kSameModel);
  ASSERT_TRUE(compilation);
  auto fn = test::jitFunction(compilation->module(), "infer");
  ASSERT_TRUE(fn);
  std::vector<float> x = randomValues(3 * 2 * 6, 9), w = randomValues(16, 10),
                     b = randomValues(2, 11), y(3 * 2 * 6);
  llvm::Error err = fn->run(3, {x.data(), w.data(), b.data()}, {y.data()});
  ASSERT_FALSE(err) << llvm::toString(std::move(err));
  // PyTorch: total d·(k - 1) = 3, left 3 / 2 = 1, right 2.
  expectClose(y, naiveConv1d({3, 2, 6, 2, 4, 1, 1, 2, 1}, x, w, b));
}

TEST(ConvSamePadding, GradientsThroughTheFrontEnd) {
  auto compilation = compile(kSameModel);
  ASSERT_TRUE(compilation);
  std::string text;
  llvm::raw_string_ostream os(text);
  compilation->module().print(os);
  test::GradientCase g{"same_from_net", os.str().c_str()};
  test::checkGradients(g, 2);
}

} // namespace
