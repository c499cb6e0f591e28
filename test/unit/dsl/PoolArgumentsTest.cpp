//===- PoolArgumentsTest.cpp - Pooling layers in the catalog and Sema -----===//
//
// The pooling rows of the catalog, and what Sema leaves for MLIRGen: a
// stride that defaults to the kernel (PyTorch's stride=None) is filled with
// a copy of the kernel's value, a single integer or a 2-D [h, w] list.
//
//===----------------------------------------------------------------------===//
#include "FrontendFixture.h"

#include "dsl/LayerCatalog.h"

#include <gtest/gtest.h>

using namespace netc;
using namespace netc::dsl;
using namespace netc::dsl::test;
using Kind = netc::ast::Expr::Kind;

namespace {

TEST(PoolCatalog, Rows) {
  for (const char *name : {"maxpool1d", "avgpool1d", "maxpool2d",
                           "avgpool2d"}) {
    SCOPED_TRACE(name);
    const Signature *pool = lookupLayer(name);
    ASSERT_NE(pool, nullptr);
    ASSERT_EQ(pool->params.size(), 2u);
    const ParamSpec &kernel = pool->params[0], &stride = pool->params[1];
    EXPECT_EQ(kernel.name, "kernel");
    EXPECT_TRUE(kernel.isRequired());
    EXPECT_EQ(stride.name, "stride");
    EXPECT_FALSE(stride.isRequired());
    EXPECT_EQ(stride.defaultFrom, "kernel");
    EXPECT_EQ(pool->numPositional(), 2u);
    unsigned n = llvm::StringRef(name).ends_with("2d") ? 2 : 0;
    EXPECT_EQ(kernel.listLength, n);
    EXPECT_EQ(stride.listLength, n);
  }
  for (const char *name : {"global_maxpool", "global_avgpool"}) {
    ASSERT_NE(lookupLayer(name), nullptr) << name;
    EXPECT_EQ(lookupLayer(name)->params.size(), 0u) << name;
  }
}

/// The canonical arguments of the only layer of a model whose body is
/// `layer`.
std::vector<ast::Argument> canonical(Frontend &fe) {
  EXPECT_TRUE(fe.check()) << fe.diagnostics();
  EXPECT_EQ(fe.diagnostics(), "");
  if (!fe.file || fe.file->models.empty() || fe.file->models[0].body.empty())
    return {};
  return fe.file->models[0].body.back().args;
}

const char *kHeader1d = "model m(x: f32[N, 2, 12]) -> f32[N, 2, 6] {\n";
const char *kHeader2d = "model m(x: f32[N, 2, 8, 8]) -> f32[N, 2, 4, 4] {\n";

TEST(PoolArguments, StrideDefaultsToTheKernel) {
  Frontend fe(std::string(kHeader1d) + "  maxpool1d(3)\n}\n");
  std::vector<ast::Argument> args = canonical(fe);
  ASSERT_EQ(args.size(), 2u);
  EXPECT_EQ(args[0].name, "kernel");
  EXPECT_EQ(args[1].name, "stride");
  EXPECT_EQ(args[1].value.kind, Kind::Number);
  EXPECT_TRUE(args[1].value.isInteger);
  EXPECT_EQ(args[1].value.number, 3.0);
  // Located at the layer, like every default.
  EXPECT_EQ(args[1].loc.line, 2u);
  EXPECT_EQ(args[1].loc.col, 3u);
  EXPECT_EQ(args[1].value.loc.col, 3u);
}

TEST(PoolArguments, StrideDefaultCopiesABoundKernel) {
  Frontend fe(std::string(kHeader1d) + "  k = 2\n  avgpool1d(kernel: k)\n}\n");
  std::vector<ast::Argument> args = canonical(fe);
  ASSERT_EQ(args.size(), 2u);
  EXPECT_EQ(args[1].value.number, 2.0);
}

TEST(PoolArguments, GivenStrideIsKept) {
  Frontend fe(std::string(kHeader1d) +
              "  maxpool1d(stride: 1, kernel: 2)\n}\n");
  std::vector<ast::Argument> args = canonical(fe);
  ASSERT_EQ(args.size(), 2u);
  EXPECT_EQ(args[0].value.number, 2.0);
  EXPECT_EQ(args[1].value.number, 1.0);
}

TEST(PoolArguments, TwoDimensionalKernelListIsCopied) {
  Frontend fe(std::string(kHeader2d) + "  maxpool2d([2, 3])\n}\n");
  std::vector<ast::Argument> args = canonical(fe);
  ASSERT_EQ(args.size(), 2u);
  ASSERT_EQ(args[1].value.kind, Kind::List);
  ASSERT_EQ(args[1].value.elements.size(), 2u);
  EXPECT_EQ(args[1].value.elements[0].number, 2.0);
  EXPECT_EQ(args[1].value.elements[1].number, 3.0);
}

TEST(PoolArguments, AstShowsTheFilledStride) {
  Frontend fe(std::string(kHeader2d) +
              "  avgpool2d(2, [1, 2])\n  global_maxpool\n}\n");
  ASSERT_TRUE(fe.check()) << fe.diagnostics();
  std::string ast = fe.ast();
  EXPECT_NE(ast.find("layer avgpool2d @2:3\n    kernel = 2 @2:13\n"
                     "    stride = [1, 2] @2:16\n"),
            std::string::npos)
      << ast;
  EXPECT_NE(ast.find("layer global_maxpool @3:3\n"), std::string::npos) << ast;
}

TEST(PoolArguments, Errors) {
  EXPECT_EQ(diagnosticsOf(std::string(kHeader1d) + "  maxpool1d([2, 2])\n}\n"),
            diagnosticAt(std::string(kHeader1d) + "  maxpool1d([2, 2])\n}\n",
                         2, 13,
                         "'kernel' of layer 'maxpool1d' expects an integer, "
                         "got a list"));
  std::string threeValues =
      std::string(kHeader2d) + "  maxpool2d(kernel: [2, 2, 2])\n}\n";
  EXPECT_EQ(diagnosticsOf(threeValues),
            diagnosticAt(threeValues, 2, 21,
                         "'kernel' of layer 'maxpool2d' expects an integer or "
                         "a list of 2 integers, got a list of 3"));
  std::string zeroStride =
      std::string(kHeader2d) + "  avgpool2d(2, stride: [1, 0])\n}\n";
  EXPECT_EQ(diagnosticsOf(zeroStride),
            diagnosticAt(zeroStride, 2, 28,
                         "'stride' of layer 'avgpool2d' must be a positive "
                         "integer, got 0"));
  std::string missing = std::string(kHeader1d) + "  maxpool1d(stride: 2)\n}\n";
  EXPECT_EQ(diagnosticsOf(missing),
            diagnosticAt(missing, 2, 3,
                         "layer 'maxpool1d' is missing required argument "
                         "'kernel'"));
}

} // namespace
