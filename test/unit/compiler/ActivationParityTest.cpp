//===- ActivationParityTest.cpp - Activations and losses against PyTorch --===//
//
// Each case applies one op to an input x and one loss to the op's result
// and a target, in netc (@infer for the result; nn-differentiate's
// @loss_and_grad, JIT-compiled, for the loss and dL/dx) and in PyTorch
// (test/parity/activation_parity.py, Debian's python3-torch). The result,
// the loss and the input gradient must agree within 1e-4 relative (with
// an absolute floor of 1e-6 for values near 0). Activations are followed
// by a summed MSE so their gradient sees a different dL/dy everywhere;
// losses follow the identity.
//
// Python starts once per process: SetUpTestSuite sends every case in one
// request; one test compares the activations, one the losses.
//
//===----------------------------------------------------------------------===//
#include "TestSupport.h"

#include "compiler/dialect/NNDialect.h"
#include "compiler/transforms/Passes.h"

#include "mlir/Pass/PassManager.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <iterator>
#include <random>
#include <sstream>

using namespace netc;

namespace {

/// What the targets hold.
enum class Targets {
  Any,         ///< uniform in [-1, 1]
  Binary,      ///< uniform in [0, 1]
  Probability, ///< a random distribution over axis 1 at every position
  OneHot,      ///< one class per position
};

struct ParityCase {
  const char *name;
  const char *op;   ///< identity, sigmoid, leaky_relu, elu, softmax, ...
  double param;     ///< slope, alpha, axis or pieces
  const char *loss; ///< mse, bce, bce_with_logits, cross_entropy
  const char *reduction;
  std::vector<int64_t> shape; ///< of x; shape[0] is the batch
  float scale = 2.0f;         ///< x uniform in [-scale, scale]
  Targets targets = Targets::Any;
  bool integers = false; ///< x in {0, 1, 2}: many exact ties
};

const ParityCase kCases[] = {
    // Activations, each followed by mse(reduction: sum).
    {"leaky_relu_default", "leaky_relu", 0.01, "mse", "sum", {3, 7}},
    {"leaky_relu_batch1", "leaky_relu", 0.2, "mse", "sum", {1, 5}},
    {"elu_default", "elu", 1.0, "mse", "sum", {3, 7}},
    {"elu_rank3", "elu", 0.5, "mse", "sum", {2, 3, 5}},
    {"softmax_rank2", "softmax", 1, "mse", "sum", {3, 7}},
    {"softmax_rank3", "softmax", 1, "mse", "sum", {2, 4, 5}},
    {"softmax_negative_axis", "softmax", -1, "mse", "sum", {2, 4, 5}},
    {"softmax_batch_axis", "softmax", 0, "mse", "sum", {3, 4}},
    // Logits up to 100: exp would overflow without subtracting the max.
    {"softmax_large_logits", "softmax", 1, "mse", "sum", {2, 6}, 100.0f},
    {"log_softmax_rank2", "log_softmax", 1, "mse", "sum", {3, 7}},
    {"log_softmax_negative_axis", "log_softmax", -2, "mse", "sum", {2, 3, 5}},
    {"log_softmax_large_logits",
     "log_softmax",
     1,
     "mse",
     "sum",
     {2, 6},
     100.0f},
    {"maxout_rank2", "maxout", 2, "mse", "sum", {3, 6}},
    // Small integers: ties in most groups; the gradient goes to the first.
    {"maxout_rank3_ties",
     "maxout",
     3,
     "mse",
     "sum",
     {2, 6, 4},
     2.0f,
     Targets::Any,
     /*integers=*/true},
    // Losses, on the identity.
    {"mse_mean", "identity", 0, "mse", "mean", {3, 5}},
    {"mse_sum", "identity", 0, "mse", "sum", {3, 5}},
    {"bce_mean", "sigmoid", 0, "bce", "mean", {3, 4}, 3.0f, Targets::Binary},
    {"bce_sum", "sigmoid", 0, "bce", "sum", {1, 4}, 3.0f, Targets::Binary},
    {"bce_with_logits_mean",
     "identity",
     0,
     "bce_with_logits",
     "mean",
     {3, 5},
     3.0f,
     Targets::Binary},
    {"bce_with_logits_sum",
     "identity",
     0,
     "bce_with_logits",
     "sum",
     {2, 3, 4},
     3.0f,
     Targets::Binary},
    {"bce_with_logits_large_logits",
     "identity",
     0,
     "bce_with_logits",
     "mean",
     {2, 5},
     60.0f,
     Targets::Binary},
    {"cross_entropy_mean",
     "identity",
     0,
     "cross_entropy",
     "mean",
     {3, 5},
     2.0f,
     Targets::Probability},
    {"cross_entropy_sum",
     "identity",
     0,
     "cross_entropy",
     "sum",
     {3, 5},
     2.0f,
     Targets::Probability},
    // [N, C, L]: the mean is over the N·L positions.
    {"cross_entropy_sequence_mean",
     "identity",
     0,
     "cross_entropy",
     "mean",
     {2, 4, 6},
     2.0f,
     Targets::Probability},
    {"cross_entropy_sequence_sum",
     "identity",
     0,
     "cross_entropy",
     "sum",
     {2, 4, 6},
     2.0f,
     Targets::Probability},
    {"cross_entropy_one_hot_large_logits",
     "identity",
     0,
     "cross_entropy",
     "mean",
     {4, 3},
     80.0f,
     Targets::OneHot},
};

int64_t count(const std::vector<int64_t> &shape) {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

std::vector<int64_t> resultShape(const ParityCase &c) {
  std::vector<int64_t> shape = c.shape;
  if (std::string(c.op) == "maxout")
    shape[1] /= static_cast<int64_t>(c.param);
  return shape;
}

/// `tensor<?x4x5xf32>`: the batch is dynamic, as in compiled models.
std::string tensorType(const std::vector<int64_t> &shape) {
  std::string text = "tensor<?";
  for (size_t i = 1; i < shape.size(); ++i)
    text += "x" + std::to_string(shape[i]);
  return text + "xf32>";
}

std::string module(const ParityCase &c) {
  std::string in = tensorType(c.shape), out = tensorType(resultShape(c));
  std::string op = c.op, body;
  // slope and alpha are f32 attributes, written with a point; axis and
  // pieces are integers.
  std::ostringstream param;
  if (op == "leaky_relu" || op == "elu")
    param << std::showpoint << c.param;
  else
    param << static_cast<int64_t>(c.param);
  if (op == "identity")
    body = "";
  else if (op == "sigmoid")
    body = "    %y = nn.sigmoid %x : " + in + "\n";
  else if (op == "leaky_relu")
    body = "    %y = nn.leaky_relu %x {slope = " + param.str() + "} : " + in +
           "\n";
  else if (op == "elu")
    body = "    %y = nn.elu %x {alpha = " + param.str() + "} : " + in + "\n";
  else if (op == "maxout")
    body = "    %y = nn.maxout %x {pieces = " + param.str() + "} : " + in +
           " -> " + out + "\n";
  else // softmax, log_softmax
    body =
        "    %y = nn." + op + " %x {axis = " + param.str() + "} : " + in + "\n";
  std::string result = body.empty() ? "%x" : "%y";
  std::string lossOp = std::string(c.loss) + "_loss"; // nn.mse_loss, ...
  return "module {\n  func.func @infer(%x: " + in + " {nn.input = \"x\"}) -> " +
         out + " {\n" + body + "    return " + result + " : " + out +
         "\n  }\n  func.func @loss(%p: " + out + ", %t: " + out +
         " {nn.target}) -> tensor<f32> {\n    %l = nn." + lossOp +
         " %p, %t {reduction = \"" + c.reduction + "\"} : " + out + ", " + out +
         " -> tensor<f32>\n    return %l : tensor<f32>\n  }\n}\n";
}

struct Inputs {
  std::vector<float> x, target;
};

/// Seeded by the case's position, so the test and the request agree.
Inputs inputsFor(const ParityCase &c, unsigned seed) {
  std::mt19937 rng(seed);
  Inputs in;
  std::uniform_real_distribution<float> unit(-1.0f, 1.0f);
  std::uniform_int_distribution<int> small(0, 2);
  for (int64_t i = 0; i < count(c.shape); ++i)
    in.x.push_back(c.integers ? float(small(rng)) : c.scale * unit(rng));

  std::vector<int64_t> shape = resultShape(c);
  in.target.resize(count(shape));
  std::uniform_real_distribution<float> positive(0.0f, 1.0f);
  if (c.targets == Targets::Any || c.targets == Targets::Binary) {
    for (float &t : in.target)
      t = c.targets == Targets::Any ? unit(rng) : positive(rng);
    return in;
  }
  // Distributions over axis 1 at every position (n, rest).
  int64_t classes = shape[1], rest = count(shape) / shape[0] / classes;
  for (int64_t n = 0; n < shape[0]; ++n)
    for (int64_t r = 0; r < rest; ++r) {
      auto at = [&](int64_t k) -> float & {
        return in.target[(n * classes + k) * rest + r];
      };
      if (c.targets == Targets::OneHot) {
        int64_t hot =
            std::uniform_int_distribution<int64_t>(0, classes - 1)(rng);
        for (int64_t k = 0; k < classes; ++k)
          at(k) = k == hot ? 1.0f : 0.0f;
        continue;
      }
      float total = 0;
      for (int64_t k = 0; k < classes; ++k)
        total += at(k) = positive(rng) + 0.05f;
      for (int64_t k = 0; k < classes; ++k)
        at(k) /= total;
    }
  return in;
}

llvm::json::Object torchOp(const ParityCase &c) {
  std::string op = c.op;
  llvm::json::Object o{{"kind", op}};
  if (op == "leaky_relu")
    o["slope"] = c.param;
  else if (op == "elu")
    o["alpha"] = c.param;
  else if (op == "softmax" || op == "log_softmax")
    o["axis"] = static_cast<int64_t>(c.param);
  else if (op == "maxout")
    o["pieces"] = static_cast<int64_t>(c.param);
  return o;
}

std::vector<float> floats(const llvm::json::Array *array) {
  std::vector<float> values;
  if (array)
    for (const llvm::json::Value &v : *array)
      values.push_back(static_cast<float>(v.getAsNumber().value_or(NAN)));
  return values;
}

/// PyTorch's answers for every case, computed once.
class ActivationParity : public ::testing::Test {
protected:
  static void SetUpTestSuite();
  static std::string *skipReason;
  static llvm::json::Object *reply;
};

std::string *ActivationParity::skipReason = nullptr;
llvm::json::Object *ActivationParity::reply = nullptr;

void ActivationParity::SetUpTestSuite() {
  skipReason = new std::string;
  reply = new llvm::json::Object;
  if (std::system("/usr/bin/python3 -c 'import torch' >/dev/null 2>&1") != 0) {
    *skipReason = "/usr/bin/python3 cannot import torch";
    return;
  }
  llvm::json::Array cases;
  for (size_t i = 0; i < std::size(kCases); ++i) {
    const ParityCase &c = kCases[i];
    Inputs in = inputsFor(c, 1000 + i);
    cases.push_back(llvm::json::Object{
        {"name", c.name},
        {"op", torchOp(c)},
        {"loss",
         llvm::json::Object{{"kind", c.loss}, {"reduction", c.reduction}}},
        {"shape", llvm::json::Array(c.shape)},
        {"x", llvm::json::Array(in.x)},
        {"target", llvm::json::Array(in.target)}});
  }
  // Not tempPath: no test is running yet to name the files after.
  std::string requestPath =
      ::testing::TempDir() + "/activation_parity_request.json";
  std::string replyPath =
      ::testing::TempDir() + "/activation_parity_reply.json";
  {
    std::error_code ec;
    llvm::raw_fd_ostream os(requestPath, ec);
    os << llvm::json::Value(llvm::json::Object{{"cases", std::move(cases)}});
  }
  std::string command = "/usr/bin/python3 " NETC_SOURCE_DIR
                        "/test/parity/activation_parity.py " +
                        requestPath + " " + replyPath;
  if (std::system(command.c_str()) != 0) {
    *skipReason = "failed: " + command; // reported as a failure below
    return;
  }
  auto buffer = llvm::MemoryBuffer::getFile(replyPath);
  if (!buffer) {
    *skipReason = "failed: no reply from " + command;
    return;
  }
  llvm::Expected<llvm::json::Value> parsed =
      llvm::json::parse((*buffer)->getBuffer());
  if (!parsed || !parsed->getAsObject()) {
    *skipReason = "failed: unreadable reply in " + replyPath;
    llvm::consumeError(parsed.takeError());
    return;
  }
  *reply = std::move(*parsed->getAsObject());
}

void expectClose(const std::vector<float> &got, const std::vector<float> &want,
                 const char *what) {
  ASSERT_EQ(got.size(), want.size()) << what;
  for (size_t i = 0; i < want.size(); ++i)
    EXPECT_NEAR(got[i], want[i], 1e-4f * (std::fabs(want[i]) + 1e-2f))
        << what << "[" << i << "]";
}

/// Runs case `index` through netc and compares with PyTorch's reply.
void checkCase(const llvm::json::Object &reply, size_t index) {
  const ParityCase &c = kCases[index];
  SCOPED_TRACE(c.name);
  const llvm::json::Object *want = reply.getObject(c.name);
  ASSERT_TRUE(want) << "no PyTorch result for " << c.name;
  Inputs in = inputsFor(c, 1000 + index);
  int64_t batch = c.shape[0];

  auto context = test::makeContext();
  auto parsed = test::parseModule(*context, module(c));
  ASSERT_TRUE(parsed);
  mlir::PassManager pm(context.get());
  pm.addPass(nn::createDifferentiate(nn::DifferentiateOptions{true}));
  ASSERT_TRUE(mlir::succeeded(pm.run(*parsed)));
  auto infer = test::jitFunction(*parsed, nn::kInferFn);
  auto lossAndGrad = test::jitFunction(*parsed, nn::kLossAndGradFn);
  ASSERT_TRUE(infer && lossAndGrad);

  std::vector<float> y(count(resultShape(c))), dx(in.x.size());
  float loss = 0;
  ASSERT_FALSE(infer->run(batch, {in.x.data()}, {y.data()}));
  // @loss_and_grad(x, target) -> (loss, dL/dx): no parameters here.
  ASSERT_EQ(lossAndGrad->lowered().arguments.size(), 2u);
  ASSERT_EQ(lossAndGrad->lowered().results.size(), 2u);
  ASSERT_FALSE(lossAndGrad->run(batch, {in.x.data(), in.target.data()},
                                {&loss, dx.data()}));

  expectClose(y, floats(want->getArray("y")), "y");
  expectClose({loss},
              {static_cast<float>(want->getNumber("loss").value_or(NAN))},
              "loss");
  expectClose(dx, floats(want->getArray("dx")), "dx");
}

bool isLossCase(const ParityCase &c) {
  return std::string(c.op) == "identity" || std::string(c.op) == "sigmoid";
}

// Two tests rather than one per case: ctest runs every test in a process
// of its own, and each would pay for importing torch.
TEST_F(ActivationParity, ActivationsMatchPyTorch) {
  if (llvm::StringRef(*skipReason).starts_with("failed"))
    FAIL() << *skipReason;
  if (!skipReason->empty())
    GTEST_SKIP() << "[SKIP] " << *skipReason;
  for (size_t i = 0; i < std::size(kCases); ++i)
    if (!isLossCase(kCases[i]))
      checkCase(*reply, i);
}

TEST_F(ActivationParity, LossesMatchPyTorch) {
  if (llvm::StringRef(*skipReason).starts_with("failed"))
    FAIL() << *skipReason;
  if (!skipReason->empty())
    GTEST_SKIP() << "[SKIP] " << *skipReason;
  for (size_t i = 0; i < std::size(kCases); ++i)
    if (isLossCase(kCases[i]))
      checkCase(*reply, i);
}

} // namespace
