//===- GraphGradientCheckTest.cpp - Residual add and concat VJPs ----------===//
//
// The ops that join branches of a graph against central finite differences
// (GradientChecker.h): a ResNet-style basic block in 1-D (conv, relu, conv,
// the residual nn.add of the block's input, relu), whose input fans out to
// the convolution and the add so its gradient is a sum; a concatenation of
// two branches along the channels; and a concatenation of one value with
// itself along a dynamic axis (tanh makes every position's gradient
// its own before the global mean), where nn.concat_grad's offsets are run-time
// extents and both slices accumulate into the same input.
//
//===----------------------------------------------------------------------===//
#include "GradientChecker.h"

#include <gtest/gtest.h>

using namespace netc;

namespace {

class GraphGradientCheck
    : public ::testing::TestWithParam<test::GradientCase> {
protected:
  void check(int64_t batch) { test::checkGradients(GetParam(), batch); }
};

TEST_P(GraphGradientCheck, BatchOne) { check(1); }
TEST_P(GraphGradientCheck, BatchThree) { check(3); }

const test::GradientCase kCases[] = {
    {"residual_block", R"(module {
  func.func @infer(%x: tensor<?x2x6xf32> {nn.input = "x"},
                   %w1: tensor<2x2x3xf32> {nn.param = "0.conv1.weight"},
                   %b1: tensor<2xf32> {nn.param = "0.conv1.bias"},
                   %w2: tensor<2x2x3xf32> {nn.param = "0.conv2.weight"},
                   %b2: tensor<2xf32> {nn.param = "0.conv2.bias"}) -> tensor<?x2x6xf32> {
    %c1 = nn.conv1d %x, %w1, %b1 {stride = 1, padding = [1, 1], dilation = 1} : (tensor<?x2x6xf32>, tensor<2x2x3xf32>, tensor<2xf32>) -> tensor<?x2x6xf32>
    %r1 = nn.tanh %c1 : tensor<?x2x6xf32>
    %c2 = nn.conv1d %r1, %w2, %b2 {stride = 1, padding = [1, 1], dilation = 1} : (tensor<?x2x6xf32>, tensor<2x2x3xf32>, tensor<2xf32>) -> tensor<?x2x6xf32>
    %s = nn.add %c2, %x : tensor<?x2x6xf32>
    %y = nn.tanh %s : tensor<?x2x6xf32>
    return %y : tensor<?x2x6xf32>
  }
  func.func @loss(%p: tensor<?x2x6xf32>, %t: tensor<?x2x6xf32> {nn.target}) -> tensor<f32> {
    %l = nn.mse_loss %p, %t : tensor<?x2x6xf32>, tensor<?x2x6xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
})"},
    {"concat_channels", R"(module {
  func.func @infer(%x: tensor<?x3xf32> {nn.input = "x"},
                   %w1: tensor<2x3xf32> {nn.param = "0.weight"},
                   %w2: tensor<4x3xf32> {nn.param = "1.weight"},
                   %w3: tensor<2x6xf32> {nn.param = "2.weight"}) -> tensor<?x2xf32> {
    %a = nn.linear %x, %w1 : (tensor<?x3xf32>, tensor<2x3xf32>) -> tensor<?x2xf32>
    %b = nn.linear %x, %w2 : (tensor<?x3xf32>, tensor<4x3xf32>) -> tensor<?x4xf32>
    %t = nn.tanh %b : tensor<?x4xf32>
    %c = nn.concat %a, %t {axis = 1} : tensor<?x2xf32>, tensor<?x4xf32> -> tensor<?x6xf32>
    %y = nn.linear %c, %w3 : (tensor<?x6xf32>, tensor<2x6xf32>) -> tensor<?x2xf32>
    return %y : tensor<?x2xf32>
  }
  func.func @loss(%p: tensor<?x2xf32>, %t: tensor<?x2xf32> {nn.target}) -> tensor<f32> {
    %l = nn.mse_loss %p, %t : tensor<?x2xf32>, tensor<?x2xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
})"},
    {"concat_self_dynamic_axis", R"(module {
  func.func @infer(%x: tensor<?x2x?xf32> {nn.input = "x"}) -> tensor<?x2xf32> {
    %s = nn.sigmoid %x : tensor<?x2x?xf32>
    %c = nn.concat %x, %s, %x {axis = -1} : tensor<?x2x?xf32>, tensor<?x2x?xf32>, tensor<?x2x?xf32> -> tensor<?x2x?xf32>
    %t = nn.tanh %c : tensor<?x2x?xf32>
    %y = nn.global_avgpool %t : tensor<?x2x?xf32> -> tensor<?x2xf32>
    return %y : tensor<?x2xf32>
  }
  func.func @loss(%p: tensor<?x2xf32>, %t: tensor<?x2xf32> {nn.target}) -> tensor<f32> {
    %l = nn.mse_loss %p, %t : tensor<?x2xf32>, tensor<?x2xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
})", -2.0f, 2.0f},
};

INSTANTIATE_TEST_SUITE_P(Graph, GraphGradientCheck,
                         ::testing::ValuesIn(kCases),
                         [](const auto &info) { return info.param.name; });

} // namespace
