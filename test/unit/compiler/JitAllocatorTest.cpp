//===- JitAllocatorTest.cpp - JIT pipelines reuse their buffers -----------===//
//
// After its first call, a JIT-compiled pipeline takes every intermediate
// buffer from the blocks its earlier calls freed: the cache of free blocks
// neither grows nor shrinks from one call to the next, and the results
// stay the same.
//
//===----------------------------------------------------------------------===//
#include "TestSupport.h"

#include "compiler/dialect/NNDialect.h"
#include "compiler/driver/Frontend.h"
#include "compiler/lowering/JitAllocator.h"

#include <gtest/gtest.h>

using namespace netc;

namespace {

// A convolution's sum is stored (compute_root), 8 × 24 × 24 floats per
// example: at batch 16, 295 KB, more than Halide puts on the stack.
const char *kConvModel = R"(
model conv(x: f32[N, 1, 28, 28]) -> f32[N, 8, 12, 12] {
  conv2d(out: 8, kernel: 5)
  relu
  maxpool2d(kernel: 2)
}
)";

TEST(JitAllocator, SecondCallReusesTheBuffersOfTheFirst) {
  driver::Compilation c;
  ASSERT_FALSE(c.load(test::writeTemp("conv.net", kConvModel)));
  ASSERT_FALSE(c.generate());
  auto infer = test::jitFunction(c.module(), nn::kInferFn);
  ASSERT_TRUE(infer);

  const int64_t batch = 16;
  std::vector<float> x(batch * 28 * 28), w(8 * 25), b(8);
  for (size_t i = 0; i < x.size(); ++i)
    x[i] = float(i % 17) / 17.0f - 0.4f;
  for (size_t i = 0; i < w.size(); ++i)
    w[i] = float(i % 7) / 7.0f - 0.5f;
  std::vector<float> first(batch * 8 * 12 * 12), second(first.size());

  const size_t before = lowering::reusableBytes();
  ASSERT_FALSE(infer->run(batch, {x.data(), w.data(), b.data()},
                          {first.data()}));
  const size_t afterFirst = lowering::reusableBytes();
  EXPECT_GE(afterFirst, before + batch * 8 * 24 * 24 * sizeof(float))
      << "the convolution's buffer was not returned for reuse";

  ASSERT_FALSE(infer->run(batch, {x.data(), w.data(), b.data()},
                          {second.data()}));
  EXPECT_EQ(lowering::reusableBytes(), afterFirst)
      << "the second call allocated new blocks instead of reusing";
  EXPECT_EQ(first, second);
}

} // namespace
