//===- GradientCheckTest.cpp - Every VJP against finite differences -------===//
//
// For each op: build @infer + @loss around it, run nn-differentiate (with
// input gradients), JIT @loss_and_grad, and compare every analytic gradient
// with the central difference (L(v + h) - L(v - h)) / 2h of the loss that
// the same pipeline computes. Shapes are odd on purpose and include batch 1.
//
//===----------------------------------------------------------------------===//
#include "TestSupport.h"

#include "compiler/transforms/Passes.h"

#include "mlir/Pass/PassManager.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

using namespace netc;
using netc::lowering::ArgRole;
using netc::lowering::JitFunction;

namespace {

struct GradientCase {
  const char *name;
  const char *body;      ///< @infer and @loss
  float lo = -1.0f;      ///< inputs and parameters are drawn from
  float hi = 1.0f;       ///< ±[lo, hi] when symmetric, else [lo, hi]
  bool symmetric = false;
  float targetLo = -1.0f, targetHi = 1.0f;
};

std::ostream &operator<<(std::ostream &os, const GradientCase &c) {
  return os << c.name;
}

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

class GradientCheck : public ::testing::TestWithParam<GradientCase> {
protected:
  void check(int64_t batch) {
    const GradientCase &c = GetParam();
    auto context = test::makeContext();
    auto module = test::parseModule(*context, c.body);
    ASSERT_TRUE(module);
    mlir::PassManager pm(context.get());
    pm.addPass(nn::createDifferentiate(nn::DifferentiateOptions{true}));
    ASSERT_TRUE(mlir::succeeded(pm.run(*module)));
    std::optional<JitFunction> fn =
        test::jitFunction(*module, nn::kLossAndGradFn);
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

    const float h = 1e-2f;
    std::vector<std::vector<float>> scratch = results;
    auto lossAt = [&]() {
      run(scratch);
      return double(scratch[0][0]);
    };
    int checked = 0;
    for (size_t g = 0; g < gradOf.size(); ++g) {
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
};

TEST_P(GradientCheck, BatchOne) { check(1); }
TEST_P(GradientCheck, OddBatch) { check(7); }

const GradientCase kCases[] = {
    {"linear_with_bias", R"(module {
  func.func @infer(%x: tensor<?x3xf32> {nn.input = "x"}, %w: tensor<5x3xf32> {nn.param = "w"}, %b: tensor<5xf32> {nn.param = "b"}) -> tensor<?x5xf32> {
    %y = nn.linear %x, %w, %b : (tensor<?x3xf32>, tensor<5x3xf32>, tensor<5xf32>) -> tensor<?x5xf32>
    return %y : tensor<?x5xf32>
  }
  func.func @loss(%p: tensor<?x5xf32>, %t: tensor<?x5xf32> {nn.target}) -> tensor<f32> {
    %l = nn.mse_loss %p, %t : tensor<?x5xf32>, tensor<?x5xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
})"},
    {"linear_without_bias", R"(module {
  func.func @infer(%x: tensor<?x9xf32> {nn.input = "x"}, %w: tensor<2x9xf32> {nn.param = "w"}) -> tensor<?x2xf32> {
    %y = nn.linear %x, %w : (tensor<?x9xf32>, tensor<2x9xf32>) -> tensor<?x2xf32>
    return %y : tensor<?x2xf32>
  }
  func.func @loss(%p: tensor<?x2xf32>, %t: tensor<?x2xf32> {nn.target}) -> tensor<f32> {
    %l = nn.mse_loss %p, %t : tensor<?x2xf32>, tensor<?x2xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
})"},
    // Inputs stay at least 0.1 away from relu's kink, further than h.
    {"relu", R"(module {
  func.func @infer(%x: tensor<?x6xf32> {nn.input = "x"}, %w: tensor<3x6xf32> {nn.param = "w"}) -> tensor<?x3xf32> {
    %r = nn.relu %x : tensor<?x6xf32>
    %y = nn.linear %r, %w : (tensor<?x6xf32>, tensor<3x6xf32>) -> tensor<?x3xf32>
    return %y : tensor<?x3xf32>
  }
  func.func @loss(%p: tensor<?x3xf32>, %t: tensor<?x3xf32> {nn.target}) -> tensor<f32> {
    %l = nn.mse_loss %p, %t : tensor<?x3xf32>, tensor<?x3xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
})", 0.1f, 1.0f, /*symmetric=*/true},
    {"sigmoid_bce", R"(module {
  func.func @infer(%x: tensor<?x4xf32> {nn.input = "x"}, %w: tensor<3x4xf32> {nn.param = "w"}, %b: tensor<3xf32> {nn.param = "b"}) -> tensor<?x3xf32> {
    %y = nn.linear %x, %w, %b : (tensor<?x4xf32>, tensor<3x4xf32>, tensor<3xf32>) -> tensor<?x3xf32>
    %s = nn.sigmoid %y : tensor<?x3xf32>
    return %s : tensor<?x3xf32>
  }
  func.func @loss(%p: tensor<?x3xf32>, %t: tensor<?x3xf32> {nn.target}) -> tensor<f32> {
    %l = nn.bce_loss %p, %t : tensor<?x3xf32>, tensor<?x3xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
})", -1.0f, 1.0f, false, 0.0f, 1.0f},
    {"tanh", R"(module {
  func.func @infer(%x: tensor<?x5xf32> {nn.input = "x"}, %w: tensor<5x5xf32> {nn.param = "w"}) -> tensor<?x5xf32> {
    %y = nn.linear %x, %w : (tensor<?x5xf32>, tensor<5x5xf32>) -> tensor<?x5xf32>
    %a = nn.tanh %y : tensor<?x5xf32>
    return %a : tensor<?x5xf32>
  }
  func.func @loss(%p: tensor<?x5xf32>, %t: tensor<?x5xf32> {nn.target}) -> tensor<f32> {
    %l = nn.mse_loss %p, %t : tensor<?x5xf32>, tensor<?x5xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
})"},
    // A value used twice: its gradient is the sum over both uses.
    {"add_fanout", R"(module {
  func.func @infer(%x: tensor<?x3xf32> {nn.input = "x"}) -> tensor<?x3xf32> {
    %a = nn.tanh %x : tensor<?x3xf32>
    %s = nn.add %a, %x : tensor<?x3xf32>
    return %s : tensor<?x3xf32>
  }
  func.func @loss(%p: tensor<?x3xf32>, %t: tensor<?x3xf32> {nn.target}) -> tensor<f32> {
    %l = nn.mse_loss %p, %t : tensor<?x3xf32>, tensor<?x3xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
})"},
    // BCE directly on probabilities away from 0 and 1.
    {"bce_on_probabilities", R"(module {
  func.func @infer(%x: tensor<?x2xf32> {nn.input = "x"}) -> tensor<?x2xf32> {
    %y = nn.relu %x : tensor<?x2xf32>
    return %y : tensor<?x2xf32>
  }
  func.func @loss(%p: tensor<?x2xf32>, %t: tensor<?x2xf32> {nn.target}) -> tensor<f32> {
    %l = nn.bce_loss %p, %t : tensor<?x2xf32>, tensor<?x2xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
})", 0.2f, 0.8f, false, 0.0f, 1.0f},
};

INSTANTIATE_TEST_SUITE_P(
    Ops, GradientCheck, ::testing::ValuesIn(kCases),
    [](const ::testing::TestParamInfo<GradientCase> &info) {
      return std::string(info.param.name);
    });

} // namespace
