//===- ActivationGradientCheckTest.cpp - Activation and loss VJPs ---------===//
//
// Every activation and loss of the activation family against central
// finite differences (GradientChecker.h), at batch 1 and 3, with odd
// feature counts: softmax and log_softmax over axis 1 of rank-2 and rank-3
// tensors, over a negative axis and over the batch; every loss with both
// reductions. Piecewise ops keep their inputs away from the kinks (or, for
// maxout, use distinct values so no group has a near-tie).
//
// A last test checks maxout's rule for exact ties, which finite
// differences cannot: the gradient goes to the first maximum of a group.
//
//===----------------------------------------------------------------------===//
#include "GradientChecker.h"
#include "TestSupport.h"

#include <gtest/gtest.h>

using namespace netc;

namespace {

class ActivationGradientCheck
    : public ::testing::TestWithParam<test::GradientCase> {
protected:
  void check(int64_t batch) { test::checkGradients(GetParam(), batch); }
};

TEST_P(ActivationGradientCheck, BatchOne) { check(1); }
TEST_P(ActivationGradientCheck, BatchThree) { check(3); }

// Values in ±[0.05, 1]: further from 0 than the step h = 0.01.
constexpr float kAwayFromZero = 0.05f;

const test::GradientCase kCases[] = {
    {"leaky_relu", R"(module {
  func.func @infer(%x: tensor<?x5xf32> {nn.input = "x"}, %w: tensor<3x5xf32> {nn.param = "w"}) -> tensor<?x3xf32> {
    %a = nn.leaky_relu %x {slope = 0.2} : tensor<?x5xf32>
    %y = nn.linear %a, %w : (tensor<?x5xf32>, tensor<3x5xf32>) -> tensor<?x3xf32>
    return %y : tensor<?x3xf32>
  }
  func.func @loss(%p: tensor<?x3xf32>, %t: tensor<?x3xf32> {nn.target}) -> tensor<f32> {
    %l = nn.mse_loss %p, %t : tensor<?x3xf32>, tensor<?x3xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
})",
     kAwayFromZero, 1.0f, /*symmetric=*/true},
    {"elu", R"(module {
  func.func @infer(%x: tensor<?x5xf32> {nn.input = "x"}, %w: tensor<3x5xf32> {nn.param = "w"}) -> tensor<?x3xf32> {
    %a = nn.elu %x {alpha = 0.7} : tensor<?x5xf32>
    %y = nn.linear %a, %w : (tensor<?x5xf32>, tensor<3x5xf32>) -> tensor<?x3xf32>
    return %y : tensor<?x3xf32>
  }
  func.func @loss(%p: tensor<?x3xf32>, %t: tensor<?x3xf32> {nn.target}) -> tensor<f32> {
    %l = nn.mse_loss %p, %t : tensor<?x3xf32>, tensor<?x3xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
})",
     kAwayFromZero, 2.0f, /*symmetric=*/true},
    {"softmax_rank2_axis1", R"(module {
  func.func @infer(%x: tensor<?x3xf32> {nn.input = "x"}, %w: tensor<5x3xf32> {nn.param = "w"}) -> tensor<?x5xf32> {
    %h = nn.linear %x, %w : (tensor<?x3xf32>, tensor<5x3xf32>) -> tensor<?x5xf32>
    %y = nn.softmax %h {axis = 1} : tensor<?x5xf32>
    return %y : tensor<?x5xf32>
  }
  func.func @loss(%p: tensor<?x5xf32>, %t: tensor<?x5xf32> {nn.target}) -> tensor<f32> {
    %l = nn.mse_loss %p, %t : tensor<?x5xf32>, tensor<?x5xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
})",
     -2.0f, 2.0f},
    {"softmax_rank3_axis1", R"(module {
  func.func @infer(%x: tensor<?x5x3xf32> {nn.input = "x"}) -> tensor<?x5x3xf32> {
    %y = nn.softmax %x {axis = 1} : tensor<?x5x3xf32>
    return %y : tensor<?x5x3xf32>
  }
  func.func @loss(%p: tensor<?x5x3xf32>, %t: tensor<?x5x3xf32> {nn.target}) -> tensor<f32> {
    %l = nn.mse_loss %p, %t {reduction = "sum"} : tensor<?x5x3xf32>, tensor<?x5x3xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
})",
     -2.0f, 2.0f},
    {"softmax_negative_axis", R"(module {
  func.func @infer(%x: tensor<?x3x5xf32> {nn.input = "x"}) -> tensor<?x3x5xf32> {
    %y = nn.softmax %x {axis = -1} : tensor<?x3x5xf32>
    return %y : tensor<?x3x5xf32>
  }
  func.func @loss(%p: tensor<?x3x5xf32>, %t: tensor<?x3x5xf32> {nn.target}) -> tensor<f32> {
    %l = nn.mse_loss %p, %t : tensor<?x3x5xf32>, tensor<?x3x5xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
})",
     -2.0f, 2.0f},
    // Over the batch: at batch 1 every probability is 1 and every
    // gradient 0.
    {"softmax_batch_axis", R"(module {
  func.func @infer(%x: tensor<?x3xf32> {nn.input = "x"}) -> tensor<?x3xf32> {
    %y = nn.softmax %x {axis = 0} : tensor<?x3xf32>
    return %y : tensor<?x3xf32>
  }
  func.func @loss(%p: tensor<?x3xf32>, %t: tensor<?x3xf32> {nn.target}) -> tensor<f32> {
    %l = nn.mse_loss %p, %t {reduction = "sum"} : tensor<?x3xf32>, tensor<?x3xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
})",
     -2.0f, 2.0f},
    {"log_softmax_rank2_axis1", R"(module {
  func.func @infer(%x: tensor<?x7xf32> {nn.input = "x"}) -> tensor<?x7xf32> {
    %y = nn.log_softmax %x {axis = 1} : tensor<?x7xf32>
    return %y : tensor<?x7xf32>
  }
  func.func @loss(%p: tensor<?x7xf32>, %t: tensor<?x7xf32> {nn.target}) -> tensor<f32> {
    %l = nn.mse_loss %p, %t : tensor<?x7xf32>, tensor<?x7xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
})",
     -2.0f, 2.0f, false, -3.0f, 0.0f},
    {"log_softmax_rank3_axis1", R"(module {
  func.func @infer(%x: tensor<?x5x3xf32> {nn.input = "x"}) -> tensor<?x5x3xf32> {
    %y = nn.log_softmax %x {axis = 1} : tensor<?x5x3xf32>
    return %y : tensor<?x5x3xf32>
  }
  func.func @loss(%p: tensor<?x5x3xf32>, %t: tensor<?x5x3xf32> {nn.target}) -> tensor<f32> {
    %l = nn.mse_loss %p, %t {reduction = "sum"} : tensor<?x5x3xf32>, tensor<?x5x3xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
})",
     -2.0f, 2.0f, false, -3.0f, 0.0f},
    {"log_softmax_negative_axis", R"(module {
  func.func @infer(%x: tensor<?x3x5xf32> {nn.input = "x"}) -> tensor<?x3x5xf32> {
    %y = nn.log_softmax %x {axis = -2} : tensor<?x3x5xf32>
    return %y : tensor<?x3x5xf32>
  }
  func.func @loss(%p: tensor<?x3x5xf32>, %t: tensor<?x3x5xf32> {nn.target}) -> tensor<f32> {
    %l = nn.mse_loss %p, %t : tensor<?x3x5xf32>, tensor<?x3x5xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
})",
     -2.0f, 2.0f, false, -3.0f, 0.0f},
    {"maxout_rank2", R"(module {
  func.func @infer(%x: tensor<?x9xf32> {nn.input = "x"}, %w: tensor<2x3xf32> {nn.param = "w"}) -> tensor<?x2xf32> {
    %m = nn.maxout %x {pieces = 3} : tensor<?x9xf32> -> tensor<?x3xf32>
    %y = nn.linear %m, %w : (tensor<?x3xf32>, tensor<2x3xf32>) -> tensor<?x2xf32>
    return %y : tensor<?x2xf32>
  }
  func.func @loss(%p: tensor<?x2xf32>, %t: tensor<?x2xf32> {nn.target}) -> tensor<f32> {
    %l = nn.mse_loss %p, %t : tensor<?x2xf32>, tensor<?x2xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
})",
     -1.0f, 1.0f, false, -1.0f, 1.0f, 1e-2f, /*distinct=*/true},
    {"maxout_rank3", R"(module {
  func.func @infer(%x: tensor<?x4x3xf32> {nn.input = "x"}) -> tensor<?x2x3xf32> {
    %y = nn.maxout %x {pieces = 2} : tensor<?x4x3xf32> -> tensor<?x2x3xf32>
    return %y : tensor<?x2x3xf32>
  }
  func.func @loss(%p: tensor<?x2x3xf32>, %t: tensor<?x2x3xf32> {nn.target}) -> tensor<f32> {
    %l = nn.mse_loss %p, %t {reduction = "sum"} : tensor<?x2x3xf32>, tensor<?x2x3xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
})",
     -1.0f, 1.0f, false, -1.0f, 1.0f, 1e-2f, /*distinct=*/true},
    {"mse_sum", R"(module {
  func.func @infer(%x: tensor<?x5xf32> {nn.input = "x"}) -> tensor<?x5xf32> {
    %y = nn.tanh %x : tensor<?x5xf32>
    return %y : tensor<?x5xf32>
  }
  func.func @loss(%p: tensor<?x5xf32>, %t: tensor<?x5xf32> {nn.target}) -> tensor<f32> {
    %l = nn.mse_loss %p, %t {reduction = "sum"} : tensor<?x5xf32>, tensor<?x5xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
})"},
    {"bce_sum", R"(module {
  func.func @infer(%x: tensor<?x3xf32> {nn.input = "x"}) -> tensor<?x3xf32> {
    %y = nn.sigmoid %x : tensor<?x3xf32>
    return %y : tensor<?x3xf32>
  }
  func.func @loss(%p: tensor<?x3xf32>, %t: tensor<?x3xf32> {nn.target}) -> tensor<f32> {
    %l = nn.bce_loss %p, %t {reduction = "sum"} : tensor<?x3xf32>, tensor<?x3xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
})",
     -2.0f, 2.0f, false, 0.0f, 1.0f},
    {"bce_with_logits_mean", R"(module {
  func.func @infer(%x: tensor<?x3xf32> {nn.input = "x"}, %w: tensor<5x3xf32> {nn.param = "w"}) -> tensor<?x5xf32> {
    %y = nn.linear %x, %w : (tensor<?x3xf32>, tensor<5x3xf32>) -> tensor<?x5xf32>
    return %y : tensor<?x5xf32>
  }
  func.func @loss(%p: tensor<?x5xf32>, %t: tensor<?x5xf32> {nn.target}) -> tensor<f32> {
    %l = nn.bce_with_logits_loss %p, %t : tensor<?x5xf32>, tensor<?x5xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
})",
     -2.0f, 2.0f, false, 0.0f, 1.0f},
    {"bce_with_logits_sum", R"(module {
  func.func @infer(%x: tensor<?x3x5xf32> {nn.input = "x"}) -> tensor<?x3x5xf32> {
    %y = nn.tanh %x : tensor<?x3x5xf32>
    return %y : tensor<?x3x5xf32>
  }
  func.func @loss(%p: tensor<?x3x5xf32>, %t: tensor<?x3x5xf32> {nn.target}) -> tensor<f32> {
    %l = nn.bce_with_logits_loss %p, %t {reduction = "sum"} : tensor<?x3x5xf32>, tensor<?x3x5xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
})",
     -2.0f, 2.0f, false, 0.0f, 1.0f},
    {"cross_entropy_rank2_mean", R"(module {
  func.func @infer(%x: tensor<?x3xf32> {nn.input = "x"}, %w: tensor<5x3xf32> {nn.param = "w"}) -> tensor<?x5xf32> {
    %y = nn.linear %x, %w : (tensor<?x3xf32>, tensor<5x3xf32>) -> tensor<?x5xf32>
    return %y : tensor<?x5xf32>
  }
  func.func @loss(%p: tensor<?x5xf32>, %t: tensor<?x5xf32> {nn.target}) -> tensor<f32> {
    %l = nn.cross_entropy_loss %p, %t : tensor<?x5xf32>, tensor<?x5xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
})",
     -2.0f, 2.0f, false, 0.0f, 1.0f},
    {"cross_entropy_rank2_sum", R"(module {
  func.func @infer(%x: tensor<?x7xf32> {nn.input = "x"}) -> tensor<?x7xf32> {
    %y = nn.elu %x {alpha = 1.0} : tensor<?x7xf32>
    return %y : tensor<?x7xf32>
  }
  func.func @loss(%p: tensor<?x7xf32>, %t: tensor<?x7xf32> {nn.target}) -> tensor<f32> {
    %l = nn.cross_entropy_loss %p, %t {reduction = "sum"} : tensor<?x7xf32>, tensor<?x7xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
})",
     kAwayFromZero, 2.0f, /*symmetric=*/true, 0.0f, 1.0f},
    {"cross_entropy_rank3_mean", R"(module {
  func.func @infer(%x: tensor<?x5x3xf32> {nn.input = "x"}) -> tensor<?x5x3xf32> {
    %y = nn.tanh %x : tensor<?x5x3xf32>
    return %y : tensor<?x5x3xf32>
  }
  func.func @loss(%p: tensor<?x5x3xf32>, %t: tensor<?x5x3xf32> {nn.target}) -> tensor<f32> {
    %l = nn.cross_entropy_loss %p, %t : tensor<?x5x3xf32>, tensor<?x5x3xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
})",
     -2.0f, 2.0f, false, 0.0f, 1.0f},
    {"cross_entropy_rank3_sum", R"(module {
  func.func @infer(%x: tensor<?x3x5xf32> {nn.input = "x"}) -> tensor<?x3x5xf32> {
    %y = nn.leaky_relu %x {slope = 0.3} : tensor<?x3x5xf32>
    return %y : tensor<?x3x5xf32>
  }
  func.func @loss(%p: tensor<?x3x5xf32>, %t: tensor<?x3x5xf32> {nn.target}) -> tensor<f32> {
    %l = nn.cross_entropy_loss %p, %t {reduction = "sum"} : tensor<?x3x5xf32>, tensor<?x3x5xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
})",
     kAwayFromZero, 2.0f, /*symmetric=*/true, 0.0f, 1.0f},
};

INSTANTIATE_TEST_SUITE_P(
    Ops, ActivationGradientCheck, ::testing::ValuesIn(kCases),
    [](const ::testing::TestParamInfo<test::GradientCase> &info) {
      return std::string(info.param.name);
    });

/// Exact ties: every group's gradient goes to its first maximum, as
/// torch.max(dim) routes it (the first of the maximal indices).
TEST(MaxoutGradient, TiesGoToTheFirstMaximum) {
  auto context = test::makeContext();
  auto module = test::parseModule(*context, R"(module {
  func.func @grad(%dy: tensor<2x2x2xf32>, %x: tensor<2x6x2xf32>) -> tensor<2x6x2xf32> {
    %dx = nn.maxout_grad %dy, %x {pieces = 3} : (tensor<2x2x2xf32>, tensor<2x6x2xf32>) -> tensor<2x6x2xf32>
    return %dx : tensor<2x6x2xf32>
  }
})");
  ASSERT_TRUE(module);
  auto grad = test::jitFunction(*module, "grad");
  ASSERT_TRUE(grad);
  // x is [n][c][l], l fastest; groups are channels {0, 1, 2}, {3, 4, 5}.
  std::vector<float> x = {
      1,  0,  1,  5,  0,  5,  // n0: c0 (1, 0), c1 (1, 5), c2 (0, 5)
      2,  3,  2,  3,  2,  3,  //     c3 = c4 = c5 = (2, 3)
      -1, -1, -1, -2, -1, -3, // n1: c0 (-1, -1), c1 (-1, -2), c2 (-1, -3)
      4,  4,  7,  4,  7,  4}; //     c3 (4, 4), c4 (7, 4), c5 (7, 4)
  std::vector<float> dy = {10, 20, 30, 40, 50, 60, 70, 80}; // [n][j][l]
  std::vector<float> dx(x.size(), -1.0f);
  ASSERT_FALSE(grad->run(2, {dy.data(), x.data()}, {dx.data()}));
  // n0, l0: group 0 ties c0 = c1 -> c0; group 1 three-way tie -> c3.
  // n0, l1: group 0 ties c1 = c2 -> c1; group 1 -> c3.
  // n1, l0: group 0 three-way tie -> c0; group 1 ties c4 = c5 -> c4.
  // n1, l1: group 0 -> c0 (the maximum alone); group 1 ties -> c3.
  std::vector<float> want = {10, 0,  0, 20, 0, 0, 30, 40, 0,  0, 0, 0,
                             50, 60, 0, 0,  0, 0, 0,  80, 70, 0, 0, 0};
  EXPECT_EQ(dx, want);
}

} // namespace
