//===- ParallelCompileTest.cpp - Entry points compiled side by side -------===//
//
// jitCompileAll lowers and compiles a model's entry points on threads of
// their own. Two copies of the same function compiled at once (the same
// Func names, taken concurrently) must each compute what the function
// compiled alone computes, bit for bit.
//
//===----------------------------------------------------------------------===//
#include "TestSupport.h"

#include "compiler/dialect/NNDialect.h"
#include "compiler/driver/Frontend.h"
#include "compiler/driver/RunModel.h"
#include "compiler/lowering/Targets.h"

#include <gtest/gtest.h>

using namespace netc;

namespace {

const char *kConvModel = R"(
model conv(x: f32[N, 1, 12, 12]) -> f32[N, 4, 4, 4] {
  conv2d(out: 4, kernel: 5)
  relu
  maxpool2d(kernel: 2)
}
)";

std::vector<float> runInfer(lowering::JitFunction &infer) {
  const int64_t batch = 3;
  std::vector<float> x(batch * 144), w(4 * 25), b(4);
  for (size_t i = 0; i < x.size(); ++i)
    x[i] = float(i % 13) / 13.0f - 0.3f;
  for (size_t i = 0; i < w.size(); ++i)
    w[i] = float(i % 7) / 7.0f - 0.5f;
  for (size_t i = 0; i < b.size(); ++i)
    b[i] = 0.1f * float(i);
  std::vector<float> y(batch * 4 * 4 * 4);
  llvm::Error err = infer.run(batch, {x.data(), w.data(), b.data()}, {y.data()});
  EXPECT_FALSE(bool(err)) << llvm::toString(std::move(err));
  return y;
}

TEST(ParallelCompile, SideBySideCompilesComputeWhatOneAloneComputes) {
  driver::Compilation c;
  ASSERT_FALSE(c.load(test::writeTemp("conv.net", kConvModel)));
  ASSERT_FALSE(c.generate());
  std::optional<lowering::JitFunction> alone =
      driver::jitCompile(c, nn::kInferFn, lowering::jitTarget());
  ASSERT_TRUE(alone);
  std::vector<float> expected = runInfer(*alone);

  auto both = driver::jitCompileAll(c, {nn::kInferFn, nn::kInferFn},
                                    lowering::jitTarget());
  ASSERT_EQ(both.size(), 2u);
  for (std::optional<lowering::JitFunction> &fn : both) {
    ASSERT_TRUE(fn);
    EXPECT_EQ(runInfer(*fn), expected);
  }
}

} // namespace
