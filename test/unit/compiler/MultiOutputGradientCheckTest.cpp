//===- MultiOutputGradientCheckTest.cpp - Summed losses of several outputs ===//
//
// A model with several outputs trains on the weighted sum of one loss per
// output (docs/language.md, "Graph form"); @loss takes every prediction
// and one target row, which nn.columns splits. Checked against central
// finite differences (GradientChecker.h):
//  - two heads on a shared tanh trunk, cross-entropy (soft targets) on one
//    and 0.5 · mse on the other: the trunk's gradient is the sum of both
//    heads', the second one scaled by nn.scale's VJP;
//  - an output that is also used inside the model (the trunk itself and a
//    head computed from it): its adjoint gathers its own loss's gradient
//    and the head's.
//
//===----------------------------------------------------------------------===//
#include "GradientChecker.h"

#include <gtest/gtest.h>

using namespace netc;

namespace {

class MultiOutputGradientCheck
    : public ::testing::TestWithParam<test::GradientCase> {
protected:
  void check(int64_t batch) { test::checkGradients(GetParam(), batch); }
};

TEST_P(MultiOutputGradientCheck, BatchOne) { check(1); }
TEST_P(MultiOutputGradientCheck, BatchThree) { check(3); }

const test::GradientCase kCases[] = {
    {"two_heads_weighted", R"(module {
  func.func @infer(%x: tensor<?x3xf32> {nn.input = "x"},
                   %w0: tensor<4x3xf32> {nn.param = "0.weight"},
                   %b0: tensor<4xf32> {nn.param = "0.bias"},
                   %w1: tensor<2x4xf32> {nn.param = "2.weight"},
                   %b1: tensor<2xf32> {nn.param = "2.bias"},
                   %w2: tensor<1x4xf32> {nn.param = "3.weight"})
      -> (tensor<?x2xf32> {nn.output = "cls"}, tensor<?x1xf32> {nn.output = "score"}) {
    %h = nn.linear %x, %w0, %b0 : (tensor<?x3xf32>, tensor<4x3xf32>, tensor<4xf32>) -> tensor<?x4xf32>
    %t = nn.tanh %h : tensor<?x4xf32>
    %c = nn.linear %t, %w1, %b1 : (tensor<?x4xf32>, tensor<2x4xf32>, tensor<2xf32>) -> tensor<?x2xf32>
    %s = nn.linear %t, %w2 : (tensor<?x4xf32>, tensor<1x4xf32>) -> tensor<?x1xf32>
    return %c, %s : tensor<?x2xf32>, tensor<?x1xf32>
  }
  func.func @loss(%pc: tensor<?x2xf32>, %ps: tensor<?x1xf32>, %row: tensor<?x3xf32> {nn.target}) -> tensor<f32> {
    %tc = nn.columns %row {offset = 0} : tensor<?x3xf32> -> tensor<?x2xf32>
    %ts = nn.columns %row {offset = 2} : tensor<?x3xf32> -> tensor<?x1xf32>
    %lc = nn.cross_entropy_loss %pc, %tc : tensor<?x2xf32>, tensor<?x2xf32> -> tensor<f32>
    %ls = nn.mse_loss %ps, %ts : tensor<?x1xf32>, tensor<?x1xf32> -> tensor<f32>
    %w = nn.scale %ls {factor = 5.000000e-01 : f32} : tensor<f32>
    %l = nn.add %lc, %w : tensor<f32>
    return %l : tensor<f32>
  }
})"},
    {"output_used_inside", R"(module {
  func.func @infer(%x: tensor<?x3xf32> {nn.input = "x"},
                   %w0: tensor<2x3xf32> {nn.param = "0.weight"},
                   %w1: tensor<2x2xf32> {nn.param = "2.weight"})
      -> (tensor<?x2xf32> {nn.output = "h"}, tensor<?x2xf32> {nn.output = "y"}) {
    %a = nn.linear %x, %w0 : (tensor<?x3xf32>, tensor<2x3xf32>) -> tensor<?x2xf32>
    %h = nn.sigmoid %a : tensor<?x2xf32>
    %y = nn.linear %h, %w1 : (tensor<?x2xf32>, tensor<2x2xf32>) -> tensor<?x2xf32>
    return %h, %y : tensor<?x2xf32>, tensor<?x2xf32>
  }
  func.func @loss(%ph: tensor<?x2xf32>, %py: tensor<?x2xf32>, %row: tensor<?x4xf32> {nn.target}) -> tensor<f32> {
    %th = nn.columns %row {offset = 0} : tensor<?x4xf32> -> tensor<?x2xf32>
    %ty = nn.columns %row {offset = 2} : tensor<?x4xf32> -> tensor<?x2xf32>
    %lh = nn.mse_loss %ph, %th {reduction = "sum"} : tensor<?x2xf32>, tensor<?x2xf32> -> tensor<f32>
    %ly = nn.mse_loss %py, %ty : tensor<?x2xf32>, tensor<?x2xf32> -> tensor<f32>
    %w = nn.scale %lh {factor = 2.500000e-01 : f32} : tensor<f32>
    %l = nn.add %w, %ly : tensor<f32>
    return %l : tensor<f32>
  }
})"},
};

INSTANTIATE_TEST_SUITE_P(MultiOutput, MultiOutputGradientCheck,
                         ::testing::ValuesIn(kCases),
                         [](const auto &info) { return info.param.name; });

} // namespace
