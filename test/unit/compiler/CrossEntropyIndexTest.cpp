//===- CrossEntropyIndexTest.cpp - Cross-entropy on class indices ---------===//
//
// nn.cross_entropy_index_loss (PyTorch's CrossEntropyLoss with a LongTensor
// target) three ways:
//  - its VJP against central finite differences (GradientChecker.h), both
//    reductions, [N, C] and [N, C, L] logits, batch 1 and 3. The checker
//    draws targets uniformly from [0, C): the lowering truncates each to
//    its class, so every position names a random class;
//  - the loss and dL/dx against F.cross_entropy
//    (test/parity/cross_entropy_index_parity.py, Debian's python3-torch),
//    within 1e-4 relative, logits up to 80 included;
//  - against nn.cross_entropy_loss on the same classes as one-hot rows:
//    the two forms are one loss, so the results agree to rounding.
//
//===----------------------------------------------------------------------===//
#include "GradientChecker.h"
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
#include <random>

using namespace netc;

namespace {

//===----------------------------------------------------------------------===//
// Finite differences
//===----------------------------------------------------------------------===//

class CrossEntropyIndexGradientCheck
    : public ::testing::TestWithParam<test::GradientCase> {};

TEST_P(CrossEntropyIndexGradientCheck, BatchOne) {
  test::checkGradients(GetParam(), 1);
}
TEST_P(CrossEntropyIndexGradientCheck, BatchThree) {
  test::checkGradients(GetParam(), 3);
}

const test::GradientCase kGradientCases[] = {
    {"rank2_mean", R"(module {
  func.func @infer(%x: tensor<?x3xf32> {nn.input = "x"}, %w: tensor<5x3xf32> {nn.param = "w"}) -> tensor<?x5xf32> {
    %y = nn.linear %x, %w : (tensor<?x3xf32>, tensor<5x3xf32>) -> tensor<?x5xf32>
    return %y : tensor<?x5xf32>
  }
  func.func @loss(%p: tensor<?x5xf32>, %t: tensor<?xf32> {nn.target}) -> tensor<f32> {
    %l = nn.cross_entropy_index_loss %p, %t : tensor<?x5xf32>, tensor<?xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
})",
     -2.0f, 2.0f, false, 0.0f, 4.99f},
    {"rank2_sum", R"(module {
  func.func @infer(%x: tensor<?x7xf32> {nn.input = "x"}) -> tensor<?x7xf32> {
    %y = nn.tanh %x : tensor<?x7xf32>
    return %y : tensor<?x7xf32>
  }
  func.func @loss(%p: tensor<?x7xf32>, %t: tensor<?xf32> {nn.target}) -> tensor<f32> {
    %l = nn.cross_entropy_index_loss %p, %t {reduction = "sum"} : tensor<?x7xf32>, tensor<?xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
})",
     -2.0f, 2.0f, false, 0.0f, 6.99f},
    // Positions along a dynamic L (every dynamic extent is the batch).
    {"rank3_mean", R"(module {
  func.func @infer(%x: tensor<?x4x?xf32> {nn.input = "x"}) -> tensor<?x4x?xf32> {
    %y = nn.tanh %x : tensor<?x4x?xf32>
    return %y : tensor<?x4x?xf32>
  }
  func.func @loss(%p: tensor<?x4x?xf32>, %t: tensor<?x?xf32> {nn.target}) -> tensor<f32> {
    %l = nn.cross_entropy_index_loss %p, %t : tensor<?x4x?xf32>, tensor<?x?xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
})",
     -2.0f, 2.0f, false, 0.0f, 3.99f},
    {"rank3_sum", R"(module {
  func.func @infer(%x: tensor<?x3x5xf32> {nn.input = "x"}) -> tensor<?x3x5xf32> {
    %y = nn.elu %x {alpha = 1.0} : tensor<?x3x5xf32>
    return %y : tensor<?x3x5xf32>
  }
  func.func @loss(%p: tensor<?x3x5xf32>, %t: tensor<?x5xf32> {nn.target}) -> tensor<f32> {
    %l = nn.cross_entropy_index_loss %p, %t {reduction = "sum"} : tensor<?x3x5xf32>, tensor<?x5xf32> -> tensor<f32>
    return %l : tensor<f32>
  }
})",
     0.05f, 2.0f, /*symmetric=*/true, 0.0f, 2.99f},
};

INSTANTIATE_TEST_SUITE_P(
    Ops, CrossEntropyIndexGradientCheck, ::testing::ValuesIn(kGradientCases),
    [](const ::testing::TestParamInfo<test::GradientCase> &info) {
      return std::string(info.param.name);
    });

//===----------------------------------------------------------------------===//
// PyTorch parity and the one-hot form
//===----------------------------------------------------------------------===//

struct IndexCase {
  const char *name;
  const char *reduction;
  std::vector<int64_t> shape; ///< of the logits, [N, C, d...]
  float scale = 3.0f;         ///< logits uniform in [-scale, scale]
};

const IndexCase kIndexCases[] = {
    {"rank2_mean", "mean", {4, 5}},
    {"rank2_sum", "sum", {3, 7}},
    {"rank2_batch1", "mean", {1, 3}},
    {"rank3_mean", "mean", {2, 4, 3}},
    {"rank3_sum", "sum", {3, 21, 4}},
    {"rank4_mean", "mean", {2, 3, 2, 2}},
    // exp(80) overflows f32: only a stable log-sum-exp survives.
    {"large_logits", "mean", {4, 6}, 80.0f},
};

int64_t count(const std::vector<int64_t> &shape) {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

/// `tensor<?x4x3xf32>`, the batch dynamic; without axis 1 for `positions`.
std::string tensorType(std::vector<int64_t> shape, bool positions) {
  if (positions)
    shape.erase(shape.begin() + 1);
  std::string text = "tensor<?";
  for (size_t i = 1; i < shape.size(); ++i)
    text += "x" + std::to_string(shape[i]);
  return text + "xf32>";
}

/// @infer is the identity, so dL/dx is the loss's own gradient.
std::string lossModule(const IndexCase &c, bool oneHot) {
  std::string p = tensorType(c.shape, false);
  std::string t = tensorType(c.shape, !oneHot);
  std::string op = oneHot ? "cross_entropy_loss" : "cross_entropy_index_loss";
  return "module {\n  func.func @infer(%x: " + p + " {nn.input = \"x\"}) -> " +
         p + " {\n    return %x : " + p + "\n  }\n" +
         "  func.func @loss(%p: " + p + ", %t: " + t +
         " {nn.target}) -> tensor<f32> {\n    %l = nn." + op +
         " %p, %t {reduction = \"" + c.reduction + "\"} : " + p + ", " + t +
         " -> tensor<f32>\n    return %l : tensor<f32>\n  }\n}\n";
}

struct Data {
  std::vector<float> x, indices, oneHot;
};

/// Seeded by the case's position, so the request and the check agree.
Data dataFor(const IndexCase &c, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> unit(-1.0f, 1.0f);
  Data d;
  for (int64_t i = 0; i < count(c.shape); ++i)
    d.x.push_back(c.scale * unit(rng));
  int64_t classes = c.shape[1], rest = count(c.shape) / c.shape[0] / classes;
  std::uniform_int_distribution<int64_t> pick(0, classes - 1);
  d.oneHot.assign(count(c.shape), 0.0f);
  for (int64_t n = 0; n < c.shape[0]; ++n)
    for (int64_t r = 0; r < rest; ++r) {
      int64_t k = pick(rng);
      d.indices.push_back(static_cast<float>(k));
      d.oneHot[(n * classes + k) * rest + r] = 1.0f;
    }
  return d;
}

struct Result {
  float loss = NAN;
  std::vector<float> dx;
};

/// Loss and dL/dx of case `c` through nn-differentiate and the JIT.
std::optional<Result> runNetc(const IndexCase &c, const Data &d, bool oneHot) {
  auto context = test::makeContext();
  auto parsed = test::parseModule(*context, lossModule(c, oneHot));
  if (!parsed)
    return std::nullopt;
  mlir::PassManager pm(context.get());
  pm.addPass(nn::createDifferentiate(nn::DifferentiateOptions{true}));
  if (mlir::failed(pm.run(*parsed)))
    return std::nullopt;
  auto lossAndGrad = test::jitFunction(*parsed, nn::kLossAndGradFn);
  if (!lossAndGrad)
    return std::nullopt;
  Result r;
  r.dx.assign(d.x.size(), NAN);
  const std::vector<float> &target = oneHot ? d.oneHot : d.indices;
  if (lossAndGrad->run(c.shape[0], {d.x.data(), target.data()},
                       {&r.loss, r.dx.data()}))
    return std::nullopt;
  return r;
}

void expectClose(const std::vector<float> &got, const std::vector<float> &want,
                 float relative, const char *what) {
  ASSERT_EQ(got.size(), want.size()) << what;
  for (size_t i = 0; i < want.size(); ++i)
    EXPECT_NEAR(got[i], want[i], relative * (std::fabs(want[i]) + 1e-2f))
        << what << "[" << i << "]";
}

TEST(CrossEntropyIndex, MatchesTheOneHotForm) {
  for (size_t i = 0; i < std::size(kIndexCases); ++i) {
    const IndexCase &c = kIndexCases[i];
    SCOPED_TRACE(c.name);
    Data d = dataFor(c, 2000 + i);
    std::optional<Result> index = runNetc(c, d, false);
    std::optional<Result> oneHot = runNetc(c, d, true);
    ASSERT_TRUE(index && oneHot);
    expectClose({index->loss}, {oneHot->loss}, 1e-6f, "loss");
    expectClose(index->dx, oneHot->dx, 1e-6f, "dx");
  }
}

TEST(CrossEntropyIndex, MatchesPyTorch) {
  if (std::system("/usr/bin/python3 -c 'import torch' >/dev/null 2>&1") != 0)
    GTEST_SKIP() << "/usr/bin/python3 cannot import torch";
  llvm::json::Array cases;
  for (size_t i = 0; i < std::size(kIndexCases); ++i) {
    const IndexCase &c = kIndexCases[i];
    Data d = dataFor(c, 2000 + i);
    cases.push_back(llvm::json::Object{{"name", c.name},
                                       {"reduction", c.reduction},
                                       {"shape", llvm::json::Array(c.shape)},
                                       {"x", llvm::json::Array(d.x)},
                                       {"target", llvm::json::Array(d.indices)}});
  }
  std::string requestPath = test::tempPath("request.json");
  std::string replyPath = test::tempPath("reply.json");
  {
    std::error_code ec;
    llvm::raw_fd_ostream os(requestPath, ec);
    ASSERT_FALSE(ec) << ec.message();
    os << llvm::json::Value(llvm::json::Object{{"cases", std::move(cases)}});
  }
  std::string command = "/usr/bin/python3 " NETC_SOURCE_DIR
                        "/test/parity/cross_entropy_index_parity.py " +
                        requestPath + " " + replyPath;
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
  auto buffer = llvm::MemoryBuffer::getFile(replyPath);
  ASSERT_TRUE(bool(buffer)) << "no reply from " << command;
  llvm::Expected<llvm::json::Value> reply =
      llvm::json::parse((*buffer)->getBuffer());
  ASSERT_TRUE(bool(reply) && reply->getAsObject()) << "unreadable reply";

  for (size_t i = 0; i < std::size(kIndexCases); ++i) {
    const IndexCase &c = kIndexCases[i];
    SCOPED_TRACE(c.name);
    const llvm::json::Object *want = reply->getAsObject()->getObject(c.name);
    ASSERT_TRUE(want) << "no PyTorch result";
    std::optional<Result> got = runNetc(c, dataFor(c, 2000 + i), false);
    ASSERT_TRUE(got);
    std::vector<float> dx;
    for (const llvm::json::Value &v : *want->getArray("dx"))
      dx.push_back(static_cast<float>(v.getAsNumber().value_or(NAN)));
    expectClose({got->loss},
                {static_cast<float>(want->getNumber("loss").value_or(NAN))},
                1e-4f, "loss");
    expectClose(got->dx, dx, 1e-4f, "dx");
  }
}

} // namespace
