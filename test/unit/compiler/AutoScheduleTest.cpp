//===- AutoScheduleTest.cpp - The autoscheduled twin computes the same ----===//
//
// benchmarks/netc_bench times Halide's autoscheduler on netc's unscheduled
// lowering as the baseline of the hand schedules; the baseline means
// something only if it computes what the hand-scheduled pipeline computes.
// One training step of examples/peptide/peptide_cnn (a convolution, linear
// layers, their gradients, MSE and Adam) at batch 2, both ways, on the
// same deterministic buffers: every loss, parameter and optimizer state
// value must agree within 1e-4 relative. Mullapudi2016 is the plugin the
// benchmarks use (Li2018's schedule of a training step does not compile in
// Halide 14: "Atomic predicated store is not supported"; Adams2019 searches
// for minutes).
//
//===----------------------------------------------------------------------===//
#include "TestSupport.h"

#include "compiler/dialect/NNDialect.h"
#include "compiler/driver/Frontend.h"
#include "compiler/lowering/JitFunction.h"
#include "schedules/AutoSchedule.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace netc;
using lowering::JitFunction;

namespace {

constexpr int64_t kBatch = 2;

/// @train_step of peptide_cnn, autoscheduled at kBatch when `scheduler` is
/// not empty, else hand-scheduled.
std::optional<JitFunction> trainStep(mlir::ModuleOp module,
                                     const std::string &scheduler) {
  auto fn = module.lookupSymbol<mlir::func::FuncOp>(nn::kTrainStepFn);
  auto lowered = lowering::lowerToHalide(
      fn, lowering::jitTarget(),
      scheduler.empty() ? lowering::Scheduling::Hand
                        : lowering::Scheduling::Unscheduled);
  EXPECT_TRUE(lowered);
  if (!lowered)
    return std::nullopt;
  if (!scheduler.empty()) {
    auto halideOrder = [](std::vector<int64_t> shape) {
      return schedules::Extents(shape.rbegin(), shape.rend());
    };
    std::vector<std::pair<Halide::ImageParam, schedules::Extents>> inputs;
    for (size_t i = 0; i < lowered->arguments.size(); ++i)
      inputs.push_back(
          {lowered->params[i],
           halideOrder(JitFunction::shapeAt(lowered->arguments[i], kBatch))});
    std::vector<std::pair<Halide::Func, schedules::Extents>> outputs;
    for (size_t i = 0; i < lowered->outputs.size(); ++i)
      outputs.push_back(
          {lowered->outputs[i],
           halideOrder(JitFunction::shapeAt(lowered->results[i], kBatch))});
    std::string error = schedules::autoschedule(
        lowered->pipeline, scheduler, inputs, outputs, lowering::jitTarget());
    EXPECT_EQ(error, "");
    if (!error.empty())
      return std::nullopt;
  }
  auto jit = JitFunction::compile(std::move(*lowered));
  if (!jit) {
    ADD_FAILURE() << llvm::toString(jit.takeError());
    return std::nullopt;
  }
  return std::move(*jit);
}

/// Runs `step` on deterministic, positive arguments (Adam's second moment
/// must not be negative); returns every result, concatenated.
std::vector<float> runOnce(JitFunction &step) {
  const lowering::LoweredFunction &fn = step.lowered();
  std::vector<std::vector<float>> args, results;
  for (const lowering::ArgumentInfo &arg : fn.arguments) {
    std::vector<float> &v = args.emplace_back(
        JitFunction::elementCount(arg, kBatch));
    for (size_t i = 0; i < v.size(); ++i)
      v[i] = 0.5f + 0.4f * std::sin(0.37f * float(i) + float(args.size()));
  }
  for (const lowering::TensorSignature &result : fn.results)
    results.emplace_back(JitFunction::elementCount(result, kBatch), -1.0f);
  std::vector<const float *> in;
  for (auto &v : args)
    in.push_back(v.data());
  std::vector<float *> out;
  for (auto &v : results)
    out.push_back(v.data());
  if (llvm::Error err = step.run(kBatch, in, out))
    ADD_FAILURE() << llvm::toString(std::move(err));
  std::vector<float> all;
  for (auto &v : results)
    all.insert(all.end(), v.begin(), v.end());
  return all;
}

TEST(AutoScheduleTest, Mullapudi2016TwinOfTrainStepMatchesHandSchedule) {
  driver::Compilation c;
  ASSERT_FALSE(
      c.load(std::string(NETC_SOURCE_DIR) + "/examples/peptide/peptide_cnn.net"));
  ASSERT_FALSE(c.generate());
  ASSERT_FALSE(c.buildTrainStep());
  std::optional<JitFunction> hand = trainStep(c.module(), "");
  std::optional<JitFunction> twin = trainStep(c.module(), "Mullapudi2016");
  ASSERT_TRUE(hand && twin);
  std::vector<float> expected = runOnce(*hand), actual = runOnce(*twin);
  ASSERT_EQ(actual.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    ASSERT_TRUE(std::isfinite(expected[i])) << "result element " << i;
    EXPECT_NEAR(actual[i], expected[i],
                1e-4f * std::max(1.0f, std::fabs(expected[i])))
        << "result element " << i;
  }
}

} // namespace
