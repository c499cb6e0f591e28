//===- OptimizerParityTest.cpp - Training steps match PyTorch's -----------===//
//
// A linear layer (with a sigmoid for BCE) takes five training steps on one
// fixed batch, in netc (JIT @train_step) and in PyTorch
// (test/parity/train_step_parity.py, Debian's python3-torch): the losses
// before each step and the final parameters must agree to 1e-4 relative.
// Every optimizer setting is covered: plain SGD, weight decay, momentum,
// Nesterov, Adam, Adam with weight decay.
//
//===----------------------------------------------------------------------===//
#include "TestSupport.h"

#include "compiler/codegen/ModelInterface.h"
#include "compiler/dialect/NNDialect.h"
#include "compiler/driver/Frontend.h"

#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>

using namespace netc;

namespace {

struct OptimizerCase {
  const char *name;
  const char *netOptimizer; ///< as written in the .net file
  llvm::json::Object torchOptimizer;
  const char *loss = "mse";
};

void PrintTo(const OptimizerCase &c, std::ostream *os) { *os << c.name; }

bool torchAvailable() {
  return std::system("/usr/bin/python3 -c 'import torch' >/dev/null 2>&1") == 0;
}

std::vector<double> numbers(const llvm::json::Array *array) {
  std::vector<double> values;
  for (const llvm::json::Value &v : *array)
    values.push_back(*v.getAsNumber());
  return values;
}

class OptimizerParity : public ::testing::TestWithParam<OptimizerCase> {};

TEST_P(OptimizerParity, FiveStepsMatchPyTorch) {
  if (!torchAvailable())
    GTEST_SKIP() << "[SKIP] /usr/bin/python3 cannot import torch";
  const OptimizerCase &c = GetParam();
  const int in = 3, out = 2, batch = 4, steps = 5;
  bool bce = std::string(c.loss) == "bce";

  // netc: compile the model with this optimizer.
  std::string net = test::tempPath("model.net");
  {
    std::error_code ec;
    llvm::raw_fd_ostream os(net, ec);
    os << "model m(x: f32[N, " << in << "]) -> f32[N, " << out << "] {\n"
       << "  linear(out: " << out << ")\n" << (bce ? "  sigmoid\n" : "")
       << "}\ntrain m {\n  data: csv(\"unused.csv\", inputs: 0, targets: 1)\n"
       << "  loss: " << c.loss << "\n  optimizer: " << c.netOptimizer
       << "\n}\n";
  }
  driver::Compilation compilation;
  ASSERT_FALSE(compilation.load(net));
  ASSERT_FALSE(compilation.generate());
  ASSERT_FALSE(compilation.buildTrainStep());
  auto model = codegen::ModelInterface::fromModule(compilation.module());
  auto step = test::jitFunction(compilation.module(), nn::kTrainStepFn);
  ASSERT_TRUE(model && step);

  std::vector<float> x(batch * in), target(batch * out),
      params(model->paramCount), state(model->stateCount, 0.0f);
  for (size_t i = 0; i < x.size(); ++i)
    x[i] = std::sin(0.7f * float(i)) * 1.5f;
  for (size_t i = 0; i < target.size(); ++i)
    target[i] = bce ? float(i % 2) : std::cos(0.3f * float(i));
  for (size_t i = 0; i < params.size(); ++i)
    params[i] = 0.2f * std::cos(1.3f * float(i) + 0.1f);
  const std::vector<float> initial = params;

  std::vector<double> losses;
  for (int s = 0; s < steps; ++s) {
    std::vector<float> nextParams(params.size()), nextState(state.size());
    float loss = 0;
    std::vector<const float *> args;
    std::vector<float *> results;
    model->bindStep(step->lowered(),
                    {x.data(), target.data(), params.data(), state.data(),
                     nextParams.data(), nextState.data(), &loss},
                    args, results);
    ASSERT_FALSE(step->run(batch, args, results));
    losses.push_back(loss);
    params = nextParams;
    state = nextState;
  }

  // PyTorch: the same model, data and optimizer.
  const codegen::ParameterSlot *weight = model->findParam("0.weight");
  const codegen::ParameterSlot *bias = model->findParam("0.bias");
  llvm::json::Object request{
      {"in", in}, {"out", out}, {"steps", steps}, {"sigmoid", bce},
      {"loss", c.loss}, {"optimizer", llvm::json::Object(c.torchOptimizer)},
      {"x", llvm::json::Array(x)}, {"target", llvm::json::Array(target)},
      {"weight", llvm::json::Array(std::vector<float>(
                     initial.begin() + weight->offset,
                     initial.begin() + weight->offset + weight->count))},
      {"bias", llvm::json::Array(std::vector<float>(
                   initial.begin() + bias->offset,
                   initial.begin() + bias->offset + bias->count))}};
  std::string requestPath = test::tempPath("request.json");
  std::string replyPath = test::tempPath("reply.json");
  {
    std::error_code ec;
    llvm::raw_fd_ostream os(requestPath, ec);
    os << llvm::json::Value(std::move(request));
  }
  std::string command = "/usr/bin/python3 " NETC_SOURCE_DIR
                        "/test/parity/train_step_parity.py " +
                        requestPath + " " + replyPath;
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
  auto reply = llvm::MemoryBuffer::getFile(replyPath);
  ASSERT_TRUE(bool(reply));
  llvm::Expected<llvm::json::Value> parsed =
      llvm::json::parse((*reply)->getBuffer());
  ASSERT_TRUE(bool(parsed));
  const llvm::json::Object *torch = parsed->getAsObject();

  auto near = [](double expected) { return 1e-6 + 1e-4 * std::fabs(expected); };
  std::vector<double> torchLosses = numbers(torch->getArray("losses"));
  ASSERT_EQ(torchLosses.size(), losses.size());
  for (int s = 0; s < steps; ++s)
    EXPECT_NEAR(losses[s], torchLosses[s], near(torchLosses[s])) << "step " << s;
  std::vector<double> torchWeight = numbers(torch->getArray("weight"));
  std::vector<double> torchBias = numbers(torch->getArray("bias"));
  for (int64_t i = 0; i < weight->count; ++i)
    EXPECT_NEAR(params[weight->offset + i], torchWeight[i], near(torchWeight[i]))
        << "weight[" << i << "]";
  for (int64_t i = 0; i < bias->count; ++i)
    EXPECT_NEAR(params[bias->offset + i], torchBias[i], near(torchBias[i]))
        << "bias[" << i << "]";
}

llvm::json::Object sgd(double lr, double momentum, double decay, bool nesterov) {
  return llvm::json::Object{{"name", "sgd"},
                            {"lr", lr},
                            {"momentum", momentum},
                            {"weight_decay", decay},
                            {"nesterov", nesterov}};
}

llvm::json::Object adam(double lr, double decay) {
  return llvm::json::Object{{"name", "adam"},     {"lr", lr},
                            {"beta1", 0.9},       {"beta2", 0.999},
                            {"eps", 1e-8},        {"weight_decay", decay}};
}

INSTANTIATE_TEST_SUITE_P(
    Optimizers, OptimizerParity,
    ::testing::Values(
        OptimizerCase{"sgd", "sgd(lr: 0.1)", sgd(0.1, 0, 0, false)},
        OptimizerCase{"sgd_weight_decay", "sgd(lr: 0.1, weight_decay: 0.01)",
                      sgd(0.1, 0, 0.01, false)},
        OptimizerCase{"sgd_momentum", "sgd(lr: 0.1, momentum: 0.9)",
                      sgd(0.1, 0.9, 0, false)},
        OptimizerCase{"sgd_nesterov_weight_decay",
                      "sgd(lr: 0.05, momentum: 0.8, weight_decay: 0.02, "
                      "nesterov: true)",
                      sgd(0.05, 0.8, 0.02, true)},
        OptimizerCase{"adam", "adam(lr: 0.01)", adam(0.01, 0)},
        OptimizerCase{"adam_weight_decay_bce", "adam(lr: 0.02, weight_decay: 0.1)",
                      adam(0.02, 0.1), "bce"},
        OptimizerCase{"sgd_bce", "sgd(lr: 0.5)", sgd(0.5, 0, 0, false), "bce"}),
    [](const ::testing::TestParamInfo<OptimizerCase> &info) {
      return std::string(info.param.name);
    });

} // namespace
