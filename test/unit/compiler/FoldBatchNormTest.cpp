//===- FoldBatchNormTest.cpp - Folded @infer computes what unfolded did ---===//
//
// nn-fold-batchnorm moves evaluation-mode batchnorm into the preceding
// layer's weight and bias. Each example model is compiled twice, with and
// without the fold, and both @infer run on the same random parameters,
// non-trivial running statistics (mean ≠ 0, var ≠ 1) and inputs.
//
// Tolerance: max|folded - unfolded| / max|unfolded| ≤ 1e-5 over the whole
// output. Folding reorders f32 arithmetic ((x·W)·s vs x·(W·s)), so results
// differ by rounding only; the norm-wise measure keeps outputs near zero
// from turning rounding into a large element-wise ratio.
//
//===----------------------------------------------------------------------===//
#include "TestSupport.h"

#include "compiler/dialect/NNDialect.h"
#include "compiler/driver/Frontend.h"

#include "llvm/ADT/StringExtras.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <random>

using namespace netc;
using lowering::ArgRole;
using lowering::JitFunction;

namespace {

constexpr double kTolerance = 1e-5;

std::unique_ptr<driver::Compilation> compileExample(const std::string &path,
                                                    bool fold) {
  auto c = std::make_unique<driver::Compilation>();
  c->setFoldBatchNorm(fold);
  EXPECT_FALSE(c->load(std::string(NETC_SOURCE_DIR) + "/" + path));
  EXPECT_FALSE(c->generate());
  EXPECT_FALSE(c->buildTrainStep());
  return c;
}

int countBatchNorms(mlir::ModuleOp module, llvm::StringRef fnName) {
  int count = 0;
  module.lookupSymbol<mlir::func::FuncOp>(fnName).walk(
      [&](nn::BatchNormOp) { ++count; });
  return count;
}

/// Random values for every argument of @infer: the input in [0, 1),
/// running variances in [0.25, 4), everything else in [-1, 1).
std::vector<std::vector<float>>
randomArguments(const JitFunction &fn,
                const std::vector<std::vector<int64_t>> &shapes) {
  std::mt19937 rng(7);
  std::vector<std::vector<float>> values;
  for (size_t i = 0; i < shapes.size(); ++i) {
    const auto &arg = fn.lowered().arguments[i];
    float lo = -1, hi = 1;
    if (arg.role == ArgRole::Input)
      lo = 0;
    else if (llvm::StringRef(arg.name).ends_with("running_var"))
      lo = 0.25f, hi = 4;
    std::uniform_real_distribution<float> dist(lo, hi);
    int64_t n = 1;
    for (int64_t d : shapes[i])
      n *= d;
    std::vector<float> v(n);
    for (float &x : v)
      x = dist(rng);
    values.push_back(std::move(v));
  }
  return values;
}

/// The shapes of @infer's arguments: the input as given, parameters static.
std::vector<std::vector<int64_t>> argumentShapes(const JitFunction &fn,
                                                 std::vector<int64_t> input) {
  std::vector<std::vector<int64_t>> shapes;
  for (const auto &arg : fn.lowered().arguments)
    shapes.push_back(arg.role == ArgRole::Input ? input : arg.shape);
  return shapes;
}

struct Outputs {
  std::vector<float> folded, unfolded;
  double foldedSeconds = 0, unfoldedSeconds = 0; ///< median of the runs
};

/// Runs @infer of both compilations `runs` times on the same arguments.
Outputs runBoth(const std::string &path, std::vector<int64_t> inputShape,
                std::vector<int64_t> outputShape, int runs = 1) {
  Outputs out;
  auto folded = compileExample(path, /*fold=*/true);
  auto unfolded = compileExample(path, /*fold=*/false);
  // The comparison means something only if the fold happened.
  EXPECT_EQ(countBatchNorms(folded->module(), nn::kInferFn), 0);
  EXPECT_GT(countBatchNorms(unfolded->module(), nn::kInferFn), 0);
  EXPECT_EQ(countBatchNorms(folded->module(), nn::kEvaluateFn), 0);

  auto foldedFn = test::jitFunction(folded->module(), nn::kInferFn);
  auto unfoldedFn = test::jitFunction(unfolded->module(), nn::kInferFn);
  if (!foldedFn || !unfoldedFn)
    return out;
  // Same signature: the fold changes the body only.
  EXPECT_EQ(foldedFn->lowered().arguments.size(),
            unfoldedFn->lowered().arguments.size());
  auto shapes = argumentShapes(*unfoldedFn, inputShape);
  auto values = randomArguments(*unfoldedFn, shapes);
  int64_t outCount = 1;
  for (int64_t d : outputShape)
    outCount *= d;

  auto run = [&](JitFunction &fn, std::vector<float> &result, double &secs) {
    std::vector<JitFunction::Tensor> args;
    for (size_t i = 0; i < values.size(); ++i)
      args.push_back({values[i].data(), shapes[i]});
    result.assign(outCount, 0.0f);
    std::vector<double> times;
    for (int r = 0; r < runs; ++r) {
      auto start = std::chrono::steady_clock::now();
      llvm::Error err = fn.run(args, {{result.data(), outputShape}});
      times.push_back(std::chrono::duration<double>(
                          std::chrono::steady_clock::now() - start)
                          .count());
      ASSERT_FALSE(bool(err)) << llvm::toString(std::move(err));
    }
    std::nth_element(times.begin(), times.begin() + runs / 2, times.end());
    secs = times[runs / 2];
  };
  run(*foldedFn, out.folded, out.foldedSeconds);
  run(*unfoldedFn, out.unfolded, out.unfoldedSeconds);
  return out;
}

/// max|a - b| / max|b|.
double relativeDifference(const std::vector<float> &a,
                          const std::vector<float> &b) {
  double diff = 0, scale = 0;
  for (size_t i = 0; i < b.size(); ++i) {
    diff = std::max(diff, std::fabs(double(a[i]) - double(b[i])));
    scale = std::max(scale, std::fabs(double(b[i])));
  }
  return diff / scale;
}

TEST(FoldBatchNorm, LeNetBNInferMatchesUnfolded) {
  // conv2d + batchnorm twice, at batch 32. The medians of 20 calls are
  // printed (not asserted: the machine's load decides them).
  Outputs out = runBoth("examples/lenet/lenet_bn.net", {32, 1, 28, 28},
                        {32, 10}, /*runs=*/20);
  ASSERT_EQ(out.folded.size(), size_t(32 * 10));
  double rel = relativeDifference(out.folded, out.unfolded);
  EXPECT_LE(rel, kTolerance);
  std::printf("lenet_bn @infer batch 32: folded %.3f ms, unfolded %.3f ms, "
              "relative difference %.2e\n",
              out.foldedSeconds * 1e3, out.unfoldedSeconds * 1e3, rel);
}

TEST(FoldBatchNorm, TranslatorInferMatchesUnfolded) {
  // conv1d (stride 3, then 1x1) + batchnorm, over a dynamic length L = 12.
  Outputs out = runBoth("examples/translator/translator.net", {4, 4, 12},
                        {4, 21, 4});
  ASSERT_EQ(out.folded.size(), size_t(4 * 21 * 4));
  EXPECT_LE(relativeDifference(out.folded, out.unfolded), kTolerance);
}

} // namespace
