//===- CallShapeCheckTest.cpp - JIT calls with wrong shapes are refused ---===//
//
// netc's JIT pipelines carry no Halide asserts; a call whose tensors do not
// fit the function must still fail with a message, before anything is read
// or written, and a refused call must leave the function usable.
//
//===----------------------------------------------------------------------===//
#include "TestSupport.h"

#include "compiler/dialect/NNDialect.h"
#include "compiler/driver/Frontend.h"
#include "compiler/lowering/Targets.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>

using namespace netc;
using ::testing::HasSubstr;

namespace {

const char *kDenseModel = R"(
model dense(x: f32[N, 4]) -> f32[N, 3] {
  linear(out: 3)
}
)";

struct DenseInfer {
  driver::Compilation compilation;
  std::optional<lowering::JitFunction> infer;
};

std::unique_ptr<DenseInfer> compileDense() {
  auto d = std::make_unique<DenseInfer>();
  EXPECT_FALSE(d->compilation.load(test::writeTemp("dense.net", kDenseModel)));
  EXPECT_FALSE(d->compilation.generate());
  d->infer = test::jitFunction(d->compilation.module(), nn::kInferFn);
  EXPECT_TRUE(d->infer);
  return d;
}

std::string failure(llvm::Error err) {
  EXPECT_TRUE(bool(err)) << "the call was accepted";
  return err ? llvm::toString(std::move(err)) : "";
}

TEST(CallShapeCheck, JitCodeLeavesTheChecksToTheHost) {
  if (std::getenv("HL_JIT_TARGET"))
    GTEST_SKIP() << "HL_JIT_TARGET chooses the JIT target";
  EXPECT_TRUE(lowering::jitTarget().has_feature(Halide::Target::NoAsserts));
}

TEST(CallShapeCheck, StaticExtentAndRankAreChecked) {
  auto d = compileDense();
  ASSERT_TRUE(d->infer);
  // Weights [3, 4] (out, in) and bias [3]; x has 5 features, not 4.
  std::vector<float> x(2 * 5), w(12), b(3), y(2 * 3);
  EXPECT_THAT(failure(d->infer->run({{x.data(), {2, 5}},
                                     {w.data(), {3, 4}},
                                     {b.data(), {3}}},
                                    {{y.data(), {2, 3}}})),
              HasSubstr("running 'infer' failed: dimension 2 of 'x' must be "
                        "4, got 5"));
  EXPECT_THAT(failure(d->infer->run({{x.data(), {2, 4}},
                                     {w.data(), {3, 4}},
                                     {b.data(), {3}}},
                                    {{y.data(), {6}}})),
              HasSubstr("must have rank 2 [?, 3], got [6]"));
}

TEST(CallShapeCheck, BufferBeyondThirtyTwoBitIndexingIsRefused) {
  auto d = compileDense();
  ASSERT_TRUE(d->infer);
  // Never touched: the check refuses before the pipeline runs.
  std::vector<float> w(12), b(3);
  float *none = nullptr;
  EXPECT_THAT(failure(d->infer->run({{none, {int64_t(1) << 30, 4}},
                                     {w.data(), {3, 4}},
                                     {b.data(), {3}}},
                                    {{none, {int64_t(1) << 30, 3}}})),
              HasSubstr("has more than 2^31 - 1 elements"));
}

TEST(CallShapeCheck, RefusedCallLeavesTheFunctionUsable) {
  auto d = compileDense();
  ASSERT_TRUE(d->infer);
  std::vector<float> x(2 * 4, 1.0f), w(12, 0.5f), b(3, 0.25f), y(2 * 3);
  ASSERT_TRUE(bool(d->infer->run({{x.data(), {2, 4}},
                                  {w.data(), {3, 4}},
                                  {b.data(), {3}}},
                                 {{y.data(), {2, 4}}})))
      << "a result of 4 columns was accepted";
  ASSERT_FALSE(d->infer->run({{x.data(), {2, 4}},
                              {w.data(), {3, 4}},
                              {b.data(), {3}}},
                             {{y.data(), {2, 3}}}));
  for (float v : y)
    EXPECT_FLOAT_EQ(v, 4 * 0.5f + 0.25f); // hand-computed: sum of x·w + b
}

TEST(CallShapeCheck, ResultRowsTheInputsDoNotMakeAreRefused) {
  // 12 bases make 4 codons; a stride-3 convolution asked for 5 would read
  // the zero padding past the end and fill the fifth silently. A batch of
  // 3 results for 2 sequences is refused alike.
  driver::Compilation c;
  ASSERT_FALSE(c.load(test::writeTemp("codons.net", R"(
model codons(dna: f32[N, 4, L]) -> f32[N, 5, L / 3] {
  conv1d(out: 5, kernel: 3, stride: 3)
}
)")));
  ASSERT_FALSE(c.generate());
  std::optional<lowering::JitFunction> infer =
      test::jitFunction(c.module(), nn::kInferFn);
  ASSERT_TRUE(infer);
  std::vector<float> x(2 * 4 * 12), w(5 * 4 * 3), b(5), y(3 * 5 * 5);
  auto call = [&](int64_t rows, int64_t codons) {
    return infer->run({{x.data(), {2, 4, 12}},
                       {w.data(), {5, 4, 3}},
                       {b.data(), {5}}},
                      {{y.data(), {rows, 5, codons}}});
  };
  EXPECT_THAT(failure(call(2, 5)),
              HasSubstr("dimension 3 of 'output' does not match the inputs: "
                        "5 vs 4"));
  EXPECT_THAT(failure(call(3, 4)),
              HasSubstr("dimension 1 of 'output' does not match the inputs"));
  EXPECT_FALSE(call(2, 4));
}

} // namespace
