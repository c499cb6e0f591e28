//===- GradientCheckTest.cpp - Every VJP against finite differences -------===//
//
// Cases for the dense ops (GradientChecker.h says how they are checked).
// Shapes are odd on purpose and include batch 1.
//
//===----------------------------------------------------------------------===//
#include "GradientChecker.h"

#include <gtest/gtest.h>

using namespace netc;

namespace {

class GradientCheck : public ::testing::TestWithParam<test::GradientCase> {
protected:
  void check(int64_t batch) { test::checkGradients(GetParam(), batch); }
};

TEST_P(GradientCheck, BatchOne) { check(1); }
TEST_P(GradientCheck, OddBatch) { check(7); }

const test::GradientCase kCases[] = {
    {"linear_with_bias", R"(module {
  func.func @infer(%x: tensor<?x3xf32> {nn.input = "x"}, %w: tensor<5x3xf32> {nn.param = "w"}, %b: tensor<5xf32> {nn.param = "b"}) -> tensor<?x5xf32> {
    %y = nn.linear %x, %w, %b : (tensor<?x3xf32>, tensor<5x3xf32>, tensor<5xf32>) -> tensor<?x5xf32>
    return %y : tensor<?x5xf32>
  }
  func.func @loss(%p: tensor<?x5xf32>, %t: tensor<?x5xf32> {nn.target}) -> tensor<f32> {
    %l = nn.mse_loss %p, %t : tensor<?x5xf32>, tensor<?x5xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
})"},
    {"linear_without_bias", R"(module {
  func.func @infer(%x: tensor<?x9xf32> {nn.input = "x"}, %w: tensor<2x9xf32> {nn.param = "w"}) -> tensor<?x2xf32> {
    %y = nn.linear %x, %w : (tensor<?x9xf32>, tensor<2x9xf32>) -> tensor<?x2xf32>
    return %y : tensor<?x2xf32>
  }
  func.func @loss(%p: tensor<?x2xf32>, %t: tensor<?x2xf32> {nn.target}) -> tensor<f32> {
    %l = nn.mse_loss %p, %t : tensor<?x2xf32>, tensor<?x2xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
})"},
    // Inputs stay at least 0.1 away from relu's kink, further than h.
    {"relu", R"(module {
  func.func @infer(%x: tensor<?x6xf32> {nn.input = "x"}, %w: tensor<3x6xf32> {nn.param = "w"}) -> tensor<?x3xf32> {
    %r = nn.relu %x : tensor<?x6xf32>
    %y = nn.linear %r, %w : (tensor<?x6xf32>, tensor<3x6xf32>) -> tensor<?x3xf32>
    return %y : tensor<?x3xf32>
  }
  func.func @loss(%p: tensor<?x3xf32>, %t: tensor<?x3xf32> {nn.target}) -> tensor<f32> {
    %l = nn.mse_loss %p, %t : tensor<?x3xf32>, tensor<?x3xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
})", 0.1f, 1.0f, /*symmetric=*/true},
    {"sigmoid_bce", R"(module {
  func.func @infer(%x: tensor<?x4xf32> {nn.input = "x"}, %w: tensor<3x4xf32> {nn.param = "w"}, %b: tensor<3xf32> {nn.param = "b"}) -> tensor<?x3xf32> {
    %y = nn.linear %x, %w, %b : (tensor<?x4xf32>, tensor<3x4xf32>, tensor<3xf32>) -> tensor<?x3xf32>
    %s = nn.sigmoid %y : tensor<?x3xf32>
    return %s : tensor<?x3xf32>
  }
  func.func @loss(%p: tensor<?x3xf32>, %t: tensor<?x3xf32> {nn.target}) -> tensor<f32> {
    %l = nn.bce_loss %p, %t : tensor<?x3xf32>, tensor<?x3xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
})", -1.0f, 1.0f, false, 0.0f, 1.0f},
    {"tanh", R"(module {
  func.func @infer(%x: tensor<?x5xf32> {nn.input = "x"}, %w: tensor<5x5xf32> {nn.param = "w"}) -> tensor<?x5xf32> {
    %y = nn.linear %x, %w : (tensor<?x5xf32>, tensor<5x5xf32>) -> tensor<?x5xf32>
    %a = nn.tanh %y : tensor<?x5xf32>
    return %a : tensor<?x5xf32>
  }
  func.func @loss(%p: tensor<?x5xf32>, %t: tensor<?x5xf32> {nn.target}) -> tensor<f32> {
    %l = nn.mse_loss %p, %t : tensor<?x5xf32>, tensor<?x5xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
})"},
    // A value used twice: its gradient is the sum over both uses.
    {"add_fanout", R"(module {
  func.func @infer(%x: tensor<?x3xf32> {nn.input = "x"}) -> tensor<?x3xf32> {
    %a = nn.tanh %x : tensor<?x3xf32>
    %s = nn.add %a, %x : tensor<?x3xf32>
    return %s : tensor<?x3xf32>
  }
  func.func @loss(%p: tensor<?x3xf32>, %t: tensor<?x3xf32> {nn.target}) -> tensor<f32> {
    %l = nn.mse_loss %p, %t : tensor<?x3xf32>, tensor<?x3xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
})"},
    // BCE directly on probabilities away from 0 and 1.
    {"bce_on_probabilities", R"(module {
  func.func @infer(%x: tensor<?x2xf32> {nn.input = "x"}) -> tensor<?x2xf32> {
    %y = nn.relu %x : tensor<?x2xf32>
    return %y : tensor<?x2xf32>
  }
  func.func @loss(%p: tensor<?x2xf32>, %t: tensor<?x2xf32> {nn.target}) -> tensor<f32> {
    %l = nn.bce_loss %p, %t : tensor<?x2xf32>, tensor<?x2xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
})", 0.2f, 0.8f, false, 0.0f, 1.0f},
};

INSTANTIATE_TEST_SUITE_P(
    Ops, GradientCheck, ::testing::ValuesIn(kCases),
    [](const ::testing::TestParamInfo<test::GradientCase> &info) {
      return std::string(info.param.name);
    });

} // namespace
