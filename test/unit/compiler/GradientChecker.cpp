//===- GradientChecker.cpp - Gradients against finite differences ---------===//
#include "GradientChecker.h"

#include "TestSupport.h"

#include "compiler/transforms/Passes.h"

#include "mlir/Pass/PassManager.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <set>
#include <string>

using netc::lowering::ArgRole;
using netc::lowering::JitFunction;

namespace netc::test {
namespace {

/// Arguments of @loss_and_grad filled with seeded random values.
struct Arguments {
  std::vector<std::vector<float>> values;
  std::vector<const float *> pointers() const {
    std::vector<const float *> p;
    for (const auto &v : values)
      p.push_back(v.data());
    return p;
  }
};

} // namespace

/// Names of @infer's buffer parameters (batchnorm's running statistics):
/// their slot among the gradients carries the updated buffer instead.
std::set<std::string> bufferNames(mlir::ModuleOp module) {
  std::set<std::string> names;
  auto infer = module.lookupSymbol<mlir::func::FuncOp>(nn::kInferFn);
  for (unsigned i = 0; infer && i < infer.getNumArguments(); ++i)
    if (infer.getArgAttr(i, nn::kBufferAttr))
      if (auto name = infer.getArgAttrOfType<mlir::StringAttr>(
              i, nn::kParamAttr))
        names.insert(name.str());
  return names;
}

void checkGradients(const GradientCase &c, int64_t batch) {
  auto context = makeContext();
  auto module = parseModule(*context, c.module);
  ASSERT_TRUE(module);
  std::set<std::string> buffers = bufferNames(*module);
  mlir::PassManager pm(context.get());
  pm.addPass(nn::createDifferentiate(nn::DifferentiateOptions{true}));
  ASSERT_TRUE(mlir::succeeded(pm.run(*module)));
  std::optional<JitFunction> fn =
      jitFunction(*module, nn::kLossAndGradFn);
  ASSERT_TRUE(fn);
  const auto &lowered = fn->lowered();

  std::mt19937 rng(1234 + batch);
  Arguments args;
  for (const auto &arg : lowered.arguments) {
    std::vector<float> v(JitFunction::elementCount(arg, batch));
    bool isTarget = arg.role == ArgRole::Target;
    std::uniform_real_distribution<float> dist(
        isTarget ? c.targetLo : c.lo, isTarget ? c.targetHi : c.hi);
    std::bernoulli_distribution sign(0.5);
    for (float &x : v)
      x = c.symmetric && !isTarget && sign(rng) ? -dist(rng) : dist(rng);
    if (c.distinct && !isTarget) {
      float centre = 0.5f * static_cast<float>(v.size() - 1);
      for (size_t i = 0; i < v.size(); ++i)
        v[i] = (static_cast<float>(i) - centre) * 3.0f * c.step;
      std::shuffle(v.begin(), v.end(), rng);
    }
    args.values.push_back(std::move(v));
  }

  // Analytic: loss, then gradients of params, then of inputs.
  std::vector<std::vector<float>> results;
  for (const auto &r : lowered.results)
    results.emplace_back(JitFunction::elementCount(r, batch));
  auto run = [&](std::vector<std::vector<float>> &out) {
    std::vector<float *> p;
    for (auto &v : out)
      p.push_back(v.data());
    llvm::Error err = fn->run(batch, args.pointers(), p);
    EXPECT_FALSE(err) << llvm::toString(std::move(err));
  };
  run(results);

  // Which argument each gradient result belongs to.
  std::vector<size_t> gradOf;
  for (ArgRole role : {ArgRole::Param, ArgRole::Input})
    for (size_t i = 0; i < lowered.arguments.size(); ++i)
      if (lowered.arguments[i].role == role)
        gradOf.push_back(i);
  ASSERT_EQ(gradOf.size() + 1, results.size());

  const float h = c.step;
  std::vector<std::vector<float>> scratch = results;
  auto lossAt = [&]() {
    run(scratch);
    return double(scratch[0][0]);
  };
  int checked = 0;
  for (size_t g = 0; g < gradOf.size(); ++g) {
    if (buffers.count(lowered.arguments[gradOf[g]].name))
      continue; // no gradient: the loss does not depend on a buffer
    std::vector<float> &v = args.values[gradOf[g]];
    for (size_t e = 0; e < v.size(); ++e) {
      float saved = v[e];
      v[e] = saved + h;
      double plus = lossAt();
      v[e] = saved - h;
      double minus = lossAt();
      v[e] = saved;
      double numeric = (plus - minus) / (2.0 * h);
      double analytic = results[g + 1][e];
      EXPECT_NEAR(analytic, numeric, 2e-3 + 2e-2 * std::fabs(numeric))
          << "d loss / d " << lowered.arguments[gradOf[g]].name << "["
          << e << "] at batch " << batch;
      ++checked;
    }
  }
  EXPECT_GT(checked, 0);
}

} // namespace netc::test
