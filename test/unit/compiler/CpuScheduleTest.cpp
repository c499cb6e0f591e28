//===- CpuScheduleTest.cpp - Decisions of the CPU schedule ----------------===//
//
// A stored activation (here a weight gradient's channels-first copy of dy)
// runs over examples in parallel only where an example is large enough to
// pay for a parallel loop (schedules/CpuSchedule.cpp, scheduleLayout).
// Checked on the loop types Halide records for the stage. A convolution's
// register tiles span a number of output channels that divides their
// count where one near 8 does (blockFactor), checked on its splits.
// Linear layers get the same register tiles (LowerDenseOps.cpp), and the
// relu gradient both of a layer's gradients read is stored once.
//
//===----------------------------------------------------------------------===//
#include "TestSupport.h"

#include "compiler/dialect/NNDialect.h"
#include "compiler/driver/Frontend.h"
#include "compiler/lowering/HalideLowering.h"
#include "compiler/lowering/Targets.h"

#include <gtest/gtest.h>

using namespace netc;

namespace {

/// `fnName` of the model in `source`, lowered and scheduled for AVX2.
std::optional<lowering::LoweredFunction> lowered(const std::string &source,
                                                 llvm::StringRef fnName) {
  driver::Compilation c;
  EXPECT_FALSE(c.load(test::writeTemp("model.net", source)));
  EXPECT_FALSE(c.generate());
  if (fnName == nn::kTrainStepFn)
    EXPECT_FALSE(c.buildTrainStep());
  auto fn = c.module().lookupSymbol<mlir::func::FuncOp>(fnName);
  std::optional<lowering::LoweredFunction> function = lowering::lowerToHalide(
      fn, Halide::Target("x86-64-linux-avx-avx2-f16c-fma-sse41"));
  EXPECT_TRUE(function);
  return function;
}

/// For each stage of @train_step whose name contains `part`: whether any
/// of its loops is parallel.
std::vector<bool> parallelStages(const std::string &source,
                                 const std::string &part) {
  std::vector<bool> parallel;
  std::optional<lowering::LoweredFunction> step =
      lowered(source, nn::kTrainStepFn);
  if (!step)
    return parallel;
  for (const Halide::Func &f : step->stages) {
    if (f.name().find(part) == std::string::npos)
      continue;
    bool any = false;
    for (const auto &dim : f.function().definition().schedule().dims())
      any |= dim.for_type == Halide::Internal::ForType::Parallel;
    parallel.push_back(any);
  }
  return parallel;
}

/// The factors by which @infer's convolution sum splits its output
/// channels `o` (the register tile across channels).
std::vector<int> channelTileFactors(int channels) {
  std::string source = "model m(x: f32[N, 4, 64]) -> f32[N, " +
                       std::to_string(channels) +
                       ", 64] {\n  conv1d(out: " + std::to_string(channels) +
                       ", kernel: 1)\n  relu\n}\n";
  std::vector<int> factors;
  std::optional<lowering::LoweredFunction> infer = lowered(source, nn::kInferFn);
  if (!infer)
    return factors;
  for (const Halide::Func &f : infer->stages) {
    if (f.name().find("conv1d_sum") == std::string::npos)
      continue;
    for (const auto &split : f.function().definition().schedule().splits())
      if (split.old_var == "o")
        if (const int64_t *k = Halide::Internal::as_const_int(split.factor))
          factors.push_back(int(*k));
  }
  return factors;
}

TEST(CpuSchedule, ChannelTilesDivideTheChannels) {
  EXPECT_EQ(channelTileFactors(21), std::vector<int>{7});
  EXPECT_EQ(channelTileFactors(64), std::vector<int>{8});
  EXPECT_EQ(channelTileFactors(6), std::vector<int>{6}); // one whole tile
  EXPECT_EQ(channelTileFactors(13), std::vector<int>{8}); // none divides
}

std::string convModel(const std::string &input) {
  return "model m(x: f32[" + input +
         "]) -> f32[N, 8] {\n"
         "  conv1d(out: 8, kernel: 3)\n  relu\n  global_avgpool\n}\n"
         "train m {\n  data: csv(\"unused.csv\", inputs: 0, targets: 1)\n"
         "  loss: mse\n  optimizer: sgd(lr: 0.1)\n}\n";
}

TEST(CpuSchedule, LargeExamplesAreCopiedInParallel) {
  // dy is [N, 8, 998]: 7984 elements per example.
  std::vector<bool> parallel =
      parallelStages(convModel("N, 4, 1000"), "by_channel");
  ASSERT_EQ(parallel.size(), 1u);
  EXPECT_TRUE(parallel[0]);
}

TEST(CpuSchedule, SmallExamplesAreCopiedSerially) {
  // dy is [N, 8, 7]: 56 elements per example.
  std::vector<bool> parallel =
      parallelStages(convModel("N, 4, 9"), "by_channel");
  ASSERT_EQ(parallel.size(), 1u);
  EXPECT_FALSE(parallel[0]);
}

TEST(CpuSchedule, SymbolicLengthCountsAsLarge) {
  std::vector<bool> parallel =
      parallelStages(convModel("N, 4, L"), "by_channel");
  ASSERT_EQ(parallel.size(), 1u);
  EXPECT_TRUE(parallel[0]);
}

const char *const kMlp = "model m(x: f32[N, 20]) -> f32[N, 1] {\n"
                         "  linear(out: 32)\n  relu\n  linear(out: 1)\n}\n"
                         "train m {\n  data: csv(\"unused.csv\", inputs: "
                         "0..20, targets: 20)\n  loss: mse\n"
                         "  optimizer: sgd(lr: 0.1)\n}\n";

/// For each stage of @train_step whose name starts with `prefix` (and is
/// not a longer name such as linear_grad_* for "linear_"): the constant
/// factors by which it splits pure variable `var`.
std::vector<int> splitFactors(const std::string &prefix, const char *var) {
  std::vector<int> factors;
  std::optional<lowering::LoweredFunction> step =
      lowered(kMlp, nn::kTrainStepFn);
  if (!step)
    return factors;
  for (const Halide::Func &f : step->stages) {
    std::string name = f.name();
    if (name.rfind(prefix, 0) != 0 ||
        !std::isdigit(static_cast<unsigned char>(name[prefix.size()])))
      continue;
    // The tiles are splits of the stored wrapper, f.in().
    for (const auto &[consumer, wrapper] : f.function().wrappers())
      for (const auto &split :
           Halide::Internal::Function(wrapper).definition().schedule().splits())
        if (split.old_var == var)
          if (const int64_t *k = Halide::Internal::as_const_int(split.factor))
            factors.push_back(int(*k));
  }
  return factors;
}

TEST(CpuSchedule, LinearProductsAreRegisterTiled) {
  // Forward and input gradient: tiles of 8 examples; weight gradient:
  // tiles of 8 output features. Each appears once per layer.
  EXPECT_EQ(splitFactors("linear_", "n"), (std::vector<int>{8, 8}));
  EXPECT_EQ(splitFactors("linear_grad_input_", "n"), std::vector<int>{8});
  EXPECT_EQ(splitFactors("linear_grad_weight_", "o"),
            (std::vector<int>{8, 8}));
}

TEST(CpuSchedule, ReluGradientIsStoredOnceForBothProducts) {
  std::optional<lowering::LoweredFunction> step =
      lowered(kMlp, nn::kTrainStepFn);
  ASSERT_TRUE(step);
  int stored = 0;
  for (const Halide::Func &f : step->stages)
    if (f.name().find("relu_grad") != std::string::npos &&
        f.name().find("_stored") != std::string::npos)
      ++stored;
  EXPECT_EQ(stored, 1);
}

} // namespace
