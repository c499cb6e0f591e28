//===- SymbolicDimsTest.cpp - Named dimensions bind, size and check -------===//
//
// A model over sequences (`x: f32[N, 4, L]`) compiles once and runs at any
// length; the signature's dimensions size the outputs, and a call whose
// shapes contradict the signature fails with a message naming the
// dimension instead of computing garbage.
//
//===----------------------------------------------------------------------===//
#include "TestSupport.h"

#include "compiler/codegen/ModelInterface.h"
#include "compiler/dialect/NNDialect.h"
#include "compiler/driver/Frontend.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>

using namespace netc;
using lowering::JitFunction;

namespace {

/// Compiles `source` (written to a temp .net file) through @train_step.
std::unique_ptr<driver::Compilation> compile(const std::string &source) {
  std::string path = test::tempPath("model.net");
  {
    std::error_code ec;
    llvm::raw_fd_ostream os(path, ec);
    os << source;
  }
  auto c = std::make_unique<driver::Compilation>();
  EXPECT_FALSE(c->load(path));
  EXPECT_FALSE(c->generate());
  if (c->train())
    EXPECT_FALSE(c->buildTrainStep());
  return c;
}

const char *kSequenceModel = R"(
model seq(x: f32[N, 4, L]) -> f32[N, 4, L] {
  tanh
}
train seq {
  data: csv("unused.csv", inputs: 0, targets: 1)
  loss: mse
  optimizer: sgd(lr: 0.1)
}
)";

TEST(SymbolicDims, OneCompiledModelRunsAtEveryLength) {
  auto c = compile(kSequenceModel);
  auto model = codegen::ModelInterface::fromModule(c->module());
  ASSERT_TRUE(model);
  EXPECT_EQ(model->symbols(), (std::vector<std::string>{"N", "L"}));
  auto infer = test::jitFunction(c->module(), nn::kInferFn);
  ASSERT_TRUE(infer);
  for (int64_t length : {1, 5, 9}) {
    std::vector<int64_t> shape{2, 4, length};
    auto symbols = model->bindSymbols({shape});
    ASSERT_TRUE(bool(symbols)) << llvm::toString(symbols.takeError());
    EXPECT_EQ(symbols->lookup("L"), length);
    auto outShape = codegen::ModelInterface::shapeFor(model->output, *symbols);
    ASSERT_TRUE(bool(outShape));
    EXPECT_EQ(*outShape, shape);

    std::vector<float> x(2 * 4 * length), y(x.size());
    for (size_t i = 0; i < x.size(); ++i)
      x[i] = 0.1f * float(i) - 1.0f;
    ASSERT_FALSE(infer->run({{x.data(), shape}}, {{y.data(), *outShape}}));
    for (size_t i = 0; i < x.size(); ++i)
      EXPECT_NEAR(y[i], std::tanh(x[i]), 1e-6) << "L=" << length;
  }
}

TEST(SymbolicDims, ContradictoryShapesAreRejectedWithTheDimension) {
  auto c = compile(kSequenceModel);
  auto step = test::jitFunction(c->module(), nn::kTrainStepFn);
  ASSERT_TRUE(step);
  std::vector<float> x(2 * 4 * 5), target(2 * 4 * 6), loss(1);
  llvm::Error err = step->run({{x.data(), {2, 4, 5}}, {target.data(), {2, 4, 6}}},
                              {{loss.data(), {}}});
  ASSERT_TRUE(bool(err));
  EXPECT_THAT(llvm::toString(std::move(err)),
              ::testing::HasSubstr("dimension 3 of 'target' must be L: 6 vs 5"));

  auto model = codegen::ModelInterface::fromModule(c->module());
  auto bound = model->bindSymbols({{2, 5, 7}});
  ASSERT_FALSE(bool(bound));
  EXPECT_EQ(llvm::toString(bound.takeError()),
            "dimension 2 of 'x' must be 4, got 5");
}

TEST(SymbolicDims, ResultDeclarationIsCheckedWhenItRuns) {
  // Shape inference cannot see that relu keeps L, not L / 2: the declared
  // result is checked against what the layers produce on each call.
  auto c = compile("model half(x: f32[N, L]) -> f32[N, L / 2] { relu }\n");
  auto infer = test::jitFunction(c->module(), nn::kInferFn);
  ASSERT_TRUE(infer);
  std::vector<float> x(6), y(6);
  llvm::Error err = infer->run({{x.data(), {1, 6}}}, {{y.data(), {1, 3}}});
  ASSERT_TRUE(bool(err));
  EXPECT_THAT(llvm::toString(std::move(err)),
              ::testing::HasSubstr(
                  "dimension 2 of 'the result' must be L / 2: 6 vs 3"));
}

} // namespace
