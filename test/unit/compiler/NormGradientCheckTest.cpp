//===- NormGradientCheckTest.cpp - Batchnorm VJPs -------------------------===//
//
// Batchnorm in training (nn-differentiate switches it to the batch's
// statistics) against central finite differences (GradientChecker.h): the
// gradients of the input, the scale and the shift flow through the batch
// mean and variance, so every input element moves the whole batch's
// normalisation. 1-D ([N, C, L], L odd) and 2-D ([N, C, H, W]) at batch 1
// and 3 (the statistics are over N and the spatial extents, so even batch
// 1 has several values per channel), followed by a linear layer so the
// loss weights the channels differently. The running statistics are
// buffers: their slot carries the update, which the checker skips.
//
//===----------------------------------------------------------------------===//
#include "GradientChecker.h"

#include <gtest/gtest.h>

using namespace netc;

namespace {

class NormGradientCheck : public ::testing::TestWithParam<test::GradientCase> {
protected:
  void check(int64_t batch) { test::checkGradients(GetParam(), batch); }
};

TEST_P(NormGradientCheck, BatchOne) { check(1); }
TEST_P(NormGradientCheck, BatchThree) { check(3); }

const test::GradientCase kCases[] = {
    {"batchnorm1d", R"(module {
  func.func @infer(%x: tensor<?x3x5xf32> {nn.input = "x"},
                   %g: tensor<3xf32> {nn.param = "0.weight"},
                   %b: tensor<3xf32> {nn.param = "0.bias"},
                   %m: tensor<3xf32> {nn.buffer, nn.param = "0.running_mean"},
                   %v: tensor<3xf32> {nn.buffer, nn.param = "0.running_var"},
                   %w: tensor<2x15xf32> {nn.param = "2.weight"}) -> tensor<?x2xf32> {
    %y = nn.batchnorm %x, %g, %b, %m, %v {eps = 1.0e-05, momentum = 0.1} : tensor<?x3x5xf32>, tensor<3xf32> -> tensor<?x3x5xf32>
    %f = nn.flatten %y : tensor<?x3x5xf32> -> tensor<?x15xf32>
    %o = nn.linear %f, %w : (tensor<?x15xf32>, tensor<2x15xf32>) -> tensor<?x2xf32>
    return %o : tensor<?x2xf32>
  }
  func.func @loss(%p: tensor<?x2xf32>, %t: tensor<?x2xf32> {nn.target}) -> tensor<f32> {
    %l = nn.mse_loss %p, %t : tensor<?x2xf32>, tensor<?x2xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
})",
     -1.0f, 1.0f, false, -1.0f, 1.0f, 1e-2f},
    {"batchnorm2d", R"(module {
  func.func @infer(%x: tensor<?x2x3x3xf32> {nn.input = "x"},
                   %g: tensor<2xf32> {nn.param = "0.weight"},
                   %b: tensor<2xf32> {nn.param = "0.bias"},
                   %m: tensor<2xf32> {nn.buffer, nn.param = "0.running_mean"},
                   %v: tensor<2xf32> {nn.buffer, nn.param = "0.running_var"},
                   %w: tensor<3x18xf32> {nn.param = "2.weight"}) -> tensor<?x3xf32> {
    %y = nn.batchnorm %x, %g, %b, %m, %v {eps = 1.0e-05, momentum = 0.1} : tensor<?x2x3x3xf32>, tensor<2xf32> -> tensor<?x2x3x3xf32>
    %f = nn.flatten %y : tensor<?x2x3x3xf32> -> tensor<?x18xf32>
    %o = nn.linear %f, %w : (tensor<?x18xf32>, tensor<3x18xf32>) -> tensor<?x3xf32>
    return %o : tensor<?x3xf32>
  }
  func.func @loss(%p: tensor<?x3xf32>, %t: tensor<?x3xf32> {nn.target}) -> tensor<f32> {
    %l = nn.mse_loss %p, %t : tensor<?x3xf32>, tensor<?x3xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
})",
     -1.0f, 1.0f, false, -1.0f, 1.0f, 1e-2f},
};

INSTANTIATE_TEST_SUITE_P(Norm, NormGradientCheck, ::testing::ValuesIn(kCases),
                         [](const auto &info) { return info.param.name; });

} // namespace
