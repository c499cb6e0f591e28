//===- AotTest.cpp - The AOT library computes what the JIT computes -------===//
//
// test/aot/mlp_aottest.c links the static library `netc build` made from
// examples/mlp/mlp.net and writes its inference output, loss and updated
// parameters for fixed inputs (aot_inputs.h). Here the same model is
// JIT-compiled in-process and run on the same inputs.
//
//===----------------------------------------------------------------------===//
#include "TestSupport.h"

#include "compiler/codegen/ModelInterface.h"
#include "compiler/dialect/NNDialect.h"
#include "compiler/driver/Frontend.h"

#include "../../aot/aot_inputs.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

using namespace netc;
using netc::lowering::ArgRole;

namespace {

TEST(AotTest, MatchesJit) {
  // AOT side.
  std::string output = test::tempPath("mlp_aot.txt");
  std::string command = std::string(NETC_AOT_TEST_BIN) + " " + output;
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
  std::vector<double> aot;
  std::ifstream in(output);
  for (double v; in >> v;)
    aot.push_back(v);

  // JIT side.
  driver::Compilation c;
  ASSERT_FALSE(c.load(std::string(NETC_SOURCE_DIR) + "/examples/mlp/mlp.net"));
  ASSERT_FALSE(c.generate());
  ASSERT_FALSE(c.buildTrainStep());
  auto model = codegen::ModelInterface::fromModule(c.module());
  ASSERT_TRUE(model);
  const int batch = NETC_AOT_BATCH;
  int64_t inWidth = codegen::ModelInterface::featuresPerExample(model->inputs[0]);
  int64_t outWidth = codegen::ModelInterface::featuresPerExample(model->output);
  std::vector<float> x(batch * inWidth), target(batch * outWidth),
      params(model->paramCount), newParams(model->paramCount),
      prediction(batch * outWidth);
  for (size_t i = 0; i < x.size(); ++i)
    x[i] = netc_aot_input(i);
  for (size_t i = 0; i < target.size(); ++i)
    target[i] = netc_aot_target(i);
  for (size_t i = 0; i < params.size(); ++i)
    params[i] = netc_aot_param(i);
  float loss = 0;

  auto argumentsFor = [&](const lowering::LoweredFunction &fn) {
    std::vector<const float *> args;
    for (const auto &arg : fn.arguments)
      args.push_back(arg.role == ArgRole::Input    ? x.data()
                     : arg.role == ArgRole::Target ? target.data()
                                                   : params.data() +
                                                         model->findParam(arg.name)->offset);
    return args;
  };
  auto infer = test::jitFunction(c.module(), nn::kInferFn);
  auto step = test::jitFunction(c.module(), nn::kTrainStepFn);
  ASSERT_TRUE(infer && step);
  ASSERT_FALSE(infer->run(batch, argumentsFor(infer->lowered()),
                          {prediction.data()}));
  std::vector<const float *> stepArgs;
  std::vector<float *> stepResults;
  model->bindStep(step->lowered(),
                  {x.data(), target.data(), params.data(), nullptr,
                   newParams.data(), nullptr, &loss},
                  stepArgs, stepResults);
  ASSERT_FALSE(step->run(batch, stepArgs, stepResults));

  std::vector<double> jit(prediction.begin(), prediction.end());
  jit.push_back(loss);
  jit.insert(jit.end(), newParams.begin(), newParams.end());
  ASSERT_EQ(aot.size(), jit.size());
  for (size_t i = 0; i < jit.size(); ++i)
    ASSERT_NEAR(aot[i], jit[i], 1e-6 + 1e-5 * std::fabs(jit[i])) << "value " << i;
  // The step really trained: the parameters moved.
  double moved = 0;
  for (size_t i = 0; i < params.size(); ++i)
    moved += std::fabs(newParams[i] - params[i]);
  EXPECT_GT(moved, 1e-4);
}

} // namespace
