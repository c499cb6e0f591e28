//===- PoolGradientCheckTest.cpp - Pooling VJPs against finite differences ===//
//
// Every pooling layer through nn-differentiate, its gradient compared with
// central differences of the same pipeline (GradientChecker.h). Sizes are
// odd; windows overlap (stride < kernel), skip positions (stride > kernel)
// or leave a tail no window covers. Max pooling's derivative jumps where two
// candidates tie, so its cases use distinct values at least 3h apart
// (GradientCase::distinct); ties are tested against a reference in
// PoolTiesTest.cpp.
//
//===----------------------------------------------------------------------===//
#include "GradientChecker.h"

#include <gtest/gtest.h>

using namespace netc;

namespace {

class PoolGradientCheck
    : public ::testing::TestWithParam<test::GradientCase> {};

TEST_P(PoolGradientCheck, BatchOne) { test::checkGradients(GetParam(), 1); }
TEST_P(PoolGradientCheck, BatchThree) { test::checkGradients(GetParam(), 3); }

test::GradientCase distinct(test::GradientCase c) {
  c.distinct = true;
  return c;
}

const test::GradientCase kCases[] = {
    // L = 11, windows 0-2, 2-4, ..., 8-10: every other element in two.
    distinct({"maxpool1d_overlap", R"(module {
  func.func @infer(%x: tensor<?x2x11xf32> {nn.input = "x"}) -> tensor<?x2x5xf32> {
    %y = nn.maxpool1d %x {kernel = 3, stride = 2} : tensor<?x2x11xf32> -> tensor<?x2x5xf32>
    return %y : tensor<?x2x5xf32>
  }
  func.func @loss(%p: tensor<?x2x5xf32>, %t: tensor<?x2x5xf32> {nn.target}) -> tensor<f32> {
    %l = nn.mse_loss %p, %t : tensor<?x2x5xf32>, tensor<?x2x5xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
})"}),
    // Stride 1, kernel 4: an element lies in up to four windows.
    distinct({"maxpool1d_stride_one", R"(module {
  func.func @infer(%x: tensor<?x1x9xf32> {nn.input = "x"}) -> tensor<?x1x6xf32> {
    %y = nn.maxpool1d %x {kernel = 4, stride = 1} : tensor<?x1x9xf32> -> tensor<?x1x6xf32>
    return %y : tensor<?x1x6xf32>
  }
  func.func @loss(%p: tensor<?x1x6xf32>, %t: tensor<?x1x6xf32> {nn.target}) -> tensor<f32> {
    %l = nn.mse_loss %p, %t : tensor<?x1x6xf32>, tensor<?x1x6xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
})"}),
    // L = 13, windows 0-1, 3-4, 6-7, 9-10: positions 2, 5, 8, 11, 12 unread.
    distinct({"maxpool1d_skip", R"(module {
  func.func @infer(%x: tensor<?x3x13xf32> {nn.input = "x"}) -> tensor<?x3x4xf32> {
    %y = nn.maxpool1d %x {kernel = 2, stride = 3} : tensor<?x3x13xf32> -> tensor<?x3x4xf32>
    return %y : tensor<?x3x4xf32>
  }
  func.func @loss(%p: tensor<?x3x4xf32>, %t: tensor<?x3x4xf32> {nn.target}) -> tensor<f32> {
    %l = nn.mse_loss %p, %t : tensor<?x3x4xf32>, tensor<?x3x4xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
})"}),
    {"avgpool1d_overlap", R"(module {
  func.func @infer(%x: tensor<?x2x9xf32> {nn.input = "x"}) -> tensor<?x2x6xf32> {
    %y = nn.avgpool1d %x {kernel = 4, stride = 1} : tensor<?x2x9xf32> -> tensor<?x2x6xf32>
    return %y : tensor<?x2x6xf32>
  }
  func.func @loss(%p: tensor<?x2x6xf32>, %t: tensor<?x2x6xf32> {nn.target}) -> tensor<f32> {
    %l = nn.mse_loss %p, %t : tensor<?x2x6xf32>, tensor<?x2x6xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
})"},
    {"avgpool1d_skip", R"(module {
  func.func @infer(%x: tensor<?x3x10xf32> {nn.input = "x"}) -> tensor<?x3x3xf32> {
    %y = nn.avgpool1d %x {kernel = 2, stride = 3} : tensor<?x3x10xf32> -> tensor<?x3x3xf32>
    return %y : tensor<?x3x3xf32>
  }
  func.func @loss(%p: tensor<?x3x3xf32>, %t: tensor<?x3x3xf32> {nn.target}) -> tensor<f32> {
    %l = nn.mse_loss %p, %t : tensor<?x3x3xf32>, tensor<?x3x3xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
})"},
    // 7x5, kernel [3, 2], stride [2, 1]: overlap in both dimensions.
    distinct({"maxpool2d_overlap", R"(module {
  func.func @infer(%x: tensor<?x2x7x5xf32> {nn.input = "x"}) -> tensor<?x2x3x4xf32> {
    %y = nn.maxpool2d %x {kernel = [3, 2], stride = [2, 1]} : tensor<?x2x7x5xf32> -> tensor<?x2x3x4xf32>
    return %y : tensor<?x2x3x4xf32>
  }
  func.func @loss(%p: tensor<?x2x3x4xf32>, %t: tensor<?x2x3x4xf32> {nn.target}) -> tensor<f32> {
    %l = nn.mse_loss %p, %t : tensor<?x2x3x4xf32>, tensor<?x2x3x4xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
})"}),
    // 8x7, kernel 2, stride 3: gaps between windows and an unread tail.
    distinct({"maxpool2d_skip", R"(module {
  func.func @infer(%x: tensor<?x3x8x7xf32> {nn.input = "x"}) -> tensor<?x3x3x2xf32> {
    %y = nn.maxpool2d %x {kernel = [2, 2], stride = [3, 3]} : tensor<?x3x8x7xf32> -> tensor<?x3x3x2xf32>
    return %y : tensor<?x3x3x2xf32>
  }
  func.func @loss(%p: tensor<?x3x3x2xf32>, %t: tensor<?x3x3x2xf32> {nn.target}) -> tensor<f32> {
    %l = nn.mse_loss %p, %t : tensor<?x3x3x2xf32>, tensor<?x3x3x2xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
})"}),
    {"avgpool2d_overlap", R"(module {
  func.func @infer(%x: tensor<?x2x5x7xf32> {nn.input = "x"}) -> tensor<?x2x4x3xf32> {
    %y = nn.avgpool2d %x {kernel = [2, 3], stride = [1, 2]} : tensor<?x2x5x7xf32> -> tensor<?x2x4x3xf32>
    return %y : tensor<?x2x4x3xf32>
  }
  func.func @loss(%p: tensor<?x2x4x3xf32>, %t: tensor<?x2x4x3xf32> {nn.target}) -> tensor<f32> {
    %l = nn.mse_loss %p, %t : tensor<?x2x4x3xf32>, tensor<?x2x4x3xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
})"},
    {"avgpool2d_skip", R"(module {
  func.func @infer(%x: tensor<?x1x7x7xf32> {nn.input = "x"}) -> tensor<?x1x2x2xf32> {
    %y = nn.avgpool2d %x {kernel = [2, 2], stride = [3, 3]} : tensor<?x1x7x7xf32> -> tensor<?x1x2x2xf32>
    return %y : tensor<?x1x2x2xf32>
  }
  func.func @loss(%p: tensor<?x1x2x2xf32>, %t: tensor<?x1x2x2xf32> {nn.target}) -> tensor<f32> {
    %l = nn.mse_loss %p, %t : tensor<?x1x2x2xf32>, tensor<?x1x2x2xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
})"},
    distinct({"global_maxpool_1d", R"(module {
  func.func @infer(%x: tensor<?x3x7xf32> {nn.input = "x"}) -> tensor<?x3xf32> {
    %y = nn.global_maxpool %x : tensor<?x3x7xf32> -> tensor<?x3xf32>
    return %y : tensor<?x3xf32>
  }
  func.func @loss(%p: tensor<?x3xf32>, %t: tensor<?x3xf32> {nn.target}) -> tensor<f32> {
    %l = nn.mse_loss %p, %t : tensor<?x3xf32>, tensor<?x3xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
})"}),
    distinct({"global_maxpool_2d", R"(module {
  func.func @infer(%x: tensor<?x2x3x5xf32> {nn.input = "x"}) -> tensor<?x2xf32> {
    %y = nn.global_maxpool %x : tensor<?x2x3x5xf32> -> tensor<?x2xf32>
    return %y : tensor<?x2xf32>
  }
  func.func @loss(%p: tensor<?x2xf32>, %t: tensor<?x2xf32> {nn.target}) -> tensor<f32> {
    %l = nn.mse_loss %p, %t : tensor<?x2xf32>, tensor<?x2xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
})"}),
    {"global_avgpool_1d", R"(module {
  func.func @infer(%x: tensor<?x2x5xf32> {nn.input = "x"}) -> tensor<?x2xf32> {
    %y = nn.global_avgpool %x : tensor<?x2x5xf32> -> tensor<?x2xf32>
    return %y : tensor<?x2xf32>
  }
  func.func @loss(%p: tensor<?x2xf32>, %t: tensor<?x2xf32> {nn.target}) -> tensor<f32> {
    %l = nn.mse_loss %p, %t : tensor<?x2xf32>, tensor<?x2xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
})"},
    {"global_avgpool_2d", R"(module {
  func.func @infer(%x: tensor<?x4x3x3xf32> {nn.input = "x"}) -> tensor<?x4xf32> {
    %y = nn.global_avgpool %x : tensor<?x4x3x3xf32> -> tensor<?x4xf32>
    return %y : tensor<?x4xf32>
  }
  func.func @loss(%p: tensor<?x4xf32>, %t: tensor<?x4xf32> {nn.target}) -> tensor<f32> {
    %l = nn.mse_loss %p, %t : tensor<?x4xf32>, tensor<?x4xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
})"},
    // Pools in a chain with a trained layer: gradients flow through a
    // pooling gradient into another, and reach the weights.
    distinct({"chain_with_linear", R"(module {
  func.func @infer(%x: tensor<?x2x9xf32> {nn.input = "x"}, %w: tensor<3x2xf32> {nn.param = "w"}, %b: tensor<3xf32> {nn.param = "b"}) -> tensor<?x3xf32> {
    %m = nn.maxpool1d %x {kernel = 3, stride = 2} : tensor<?x2x9xf32> -> tensor<?x2x4xf32>
    %a = nn.avgpool1d %m {kernel = 2, stride = 1} : tensor<?x2x4xf32> -> tensor<?x2x3xf32>
    %g = nn.global_avgpool %a : tensor<?x2x3xf32> -> tensor<?x2xf32>
    %y = nn.linear %g, %w, %b : (tensor<?x2xf32>, tensor<3x2xf32>, tensor<3xf32>) -> tensor<?x3xf32>
    return %y : tensor<?x3xf32>
  }
  func.func @loss(%p: tensor<?x3xf32>, %t: tensor<?x3xf32> {nn.target}) -> tensor<f32> {
    %l = nn.mse_loss %p, %t : tensor<?x3xf32>, tensor<?x3xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
})"}),
    // The maximum of maxima of distinct values has no ties either.
    distinct({"maxpool2d_global_maxpool_linear", R"(module {
  func.func @infer(%x: tensor<?x2x5x5xf32> {nn.input = "x"}, %w: tensor<2x2xf32> {nn.param = "w"}) -> tensor<?x2xf32> {
    %m = nn.maxpool2d %x {kernel = [2, 2], stride = [1, 2]} : tensor<?x2x5x5xf32> -> tensor<?x2x4x2xf32>
    %g = nn.global_maxpool %m : tensor<?x2x4x2xf32> -> tensor<?x2xf32>
    %y = nn.linear %g, %w : (tensor<?x2xf32>, tensor<2x2xf32>) -> tensor<?x2xf32>
    return %y : tensor<?x2xf32>
  }
  func.func @loss(%p: tensor<?x2xf32>, %t: tensor<?x2xf32> {nn.target}) -> tensor<f32> {
    %l = nn.mse_loss %p, %t : tensor<?x2xf32>, tensor<?x2xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
})"}),
};

std::string caseName(
    const ::testing::TestParamInfo<test::GradientCase> &info) {
  return info.param.name;
}

INSTANTIATE_TEST_SUITE_P(Pool, PoolGradientCheck, ::testing::ValuesIn(kCases),
                         caseName);

// Dynamic spatial extents: the checker sets every `?` to the batch, so these
// run at batches 3 and 7 (lengths 3 and 7; a length of 1 would not hold the
// kernel).
class DynamicPoolGradientCheck
    : public ::testing::TestWithParam<test::GradientCase> {};

TEST_P(DynamicPoolGradientCheck, BatchThree) {
  test::checkGradients(GetParam(), 3);
}
TEST_P(DynamicPoolGradientCheck, BatchSeven) {
  test::checkGradients(GetParam(), 7);
}

const test::GradientCase kDynamicCases[] = {
    distinct({"maxpool1d_dynamic_length", R"(module {
  func.func @infer(%x: tensor<?x2x?xf32> {nn.input = "x"}) -> tensor<?x2xf32> {
    %m = nn.maxpool1d %x {kernel = 2, stride = 1} : tensor<?x2x?xf32> -> tensor<?x2x?xf32>
    %y = nn.global_avgpool %m : tensor<?x2x?xf32> -> tensor<?x2xf32>
    return %y : tensor<?x2xf32>
  }
  func.func @loss(%p: tensor<?x2xf32>, %t: tensor<?x2xf32> {nn.target}) -> tensor<f32> {
    %l = nn.mse_loss %p, %t : tensor<?x2xf32>, tensor<?x2xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
})"}),
    {"avgpool2d_dynamic_width", R"(module {
  func.func @infer(%x: tensor<?x1x4x?xf32> {nn.input = "x"}) -> tensor<?x1xf32> {
    %a = nn.avgpool2d %x {kernel = [2, 2], stride = [2, 1]} : tensor<?x1x4x?xf32> -> tensor<?x1x2x?xf32>
    %y = nn.global_avgpool %a : tensor<?x1x2x?xf32> -> tensor<?x1xf32>
    return %y : tensor<?x1xf32>
  }
  func.func @loss(%p: tensor<?x1xf32>, %t: tensor<?x1xf32> {nn.target}) -> tensor<f32> {
    %l = nn.mse_loss %p, %t : tensor<?x1xf32>, tensor<?x1xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
})"},
};

INSTANTIATE_TEST_SUITE_P(Pool, DynamicPoolGradientCheck,
                         ::testing::ValuesIn(kDynamicCases), caseName);

} // namespace
