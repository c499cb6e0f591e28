//===- ActivationArgumentsTest.cpp - Activations and losses in Sema -------===//
//
// The activation rows of the catalog and the loss calls, and what Sema
// leaves for MLIRGen: defaults filled in, negative axes kept as written
// (their range depends on the input's rank, which MLIRGen checks), and a
// bare loss name turned into a call with its reduction.
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

TEST(ActivationCatalog, Rows) {
  struct Row {
    const char *layer, *param, *defaultValue;
    ParamKind kind;
  };
  for (const Row &row : {Row{"leaky_relu", "slope", "0.01", ParamKind::Float},
                         Row{"elu", "alpha", "1.0", ParamKind::Float},
                         Row{"softmax", "axis", "1", ParamKind::Int},
                         Row{"log_softmax", "axis", "1", ParamKind::Int},
                         Row{"maxout", "pieces", "", ParamKind::Int}}) {
    SCOPED_TRACE(row.layer);
    const Signature *sig = lookupLayer(row.layer);
    ASSERT_NE(sig, nullptr);
    ASSERT_EQ(sig->params.size(), 1u);
    EXPECT_EQ(sig->params[0].name, row.param);
    EXPECT_EQ(sig->params[0].kind, row.kind);
    EXPECT_EQ(sig->params[0].defaultValue, row.defaultValue);
    EXPECT_EQ(sig->numPositional(), 1u);
  }
  EXPECT_EQ(lookupLayer("maxout")->params[0].constraint, Constraint::Positive);
}

TEST(LossCatalog, EveryLossTakesAReduction) {
  for (llvm::StringRef loss : trainSettings().lookup("loss")->allowed) {
    SCOPED_TRACE(loss.str());
    const Signature *sig = lookupCall(loss);
    ASSERT_NE(sig, nullptr);
    // cross_entropy also says what its targets hold.
    ASSERT_EQ(sig->params.size(), loss == "cross_entropy" ? 2u : 1u);
    const ParamSpec &reduction = sig->params[0];
    EXPECT_EQ(reduction.name, "reduction");
    EXPECT_EQ(reduction.kind, ParamKind::Ident);
    EXPECT_EQ(reduction.defaultValue, "mean");
    EXPECT_EQ(reduction.allowed, (std::vector<llvm::StringRef>{"mean", "sum"}));
  }
  const ParamSpec &targets = lookupCall("cross_entropy")->params[1];
  EXPECT_EQ(targets.name, "targets");
  EXPECT_EQ(targets.defaultValue, "probabilities");
  EXPECT_EQ(targets.allowed,
            (std::vector<llvm::StringRef>{"probabilities", "indices"}));
}

/// The canonical arguments of the last layer of the only model.
std::vector<ast::Argument> lastLayer(Frontend &fe) {
  EXPECT_TRUE(fe.check()) << fe.diagnostics();
  if (!fe.file || fe.file->models.empty() || fe.file->models[0].body.empty())
    return {};
  return fe.file->models[0].body.back().args;
}

TEST(ActivationArguments, DefaultsAreFilledIn) {
  for (auto [layer, param, value] :
       {std::tuple{"leaky_relu", "slope", 0.01},
        std::tuple{"elu", "alpha", 1.0}, std::tuple{"softmax", "axis", 1.0},
        std::tuple{"log_softmax", "axis", 1.0}}) {
    SCOPED_TRACE(layer);
    Frontend fe("model m(x: f32[N, 4]) -> f32[N, 4] {\n  " +
                std::string(layer) + "\n}\n");
    std::vector<ast::Argument> args = lastLayer(fe);
    ASSERT_EQ(args.size(), 1u);
    EXPECT_EQ(args[0].name, param);
    EXPECT_EQ(args[0].value.number, value);
    EXPECT_EQ(args[0].loc.line, 2u); // at the layer, like every default
  }
}

TEST(ActivationArguments, NegativeAxisIsKeptAsWritten) {
  Frontend fe("model m(x: f32[N, 4, L]) -> f32[N, 4, L] {\n  softmax(-1)\n}\n");
  std::vector<ast::Argument> args = lastLayer(fe);
  ASSERT_EQ(args.size(), 1u);
  EXPECT_EQ(args[0].name, "axis");
  EXPECT_EQ(args[0].value.number, -1.0);
  EXPECT_TRUE(args[0].value.isInteger);
}

TEST(ActivationArguments, Errors) {
  std::string source = "model m(x: f32[N, 4]) -> f32[N, 2] {\n"
                       "  maxout\n"
                       "  maxout(0)\n"
                       "  softmax(axis: 1.5)\n"
                       "  leaky_relu(slope: true)\n"
                       "}\n";
  Frontend fe(source);
  ASSERT_TRUE(fe.parse());
  EXPECT_FALSE(fe.sema());
  EXPECT_EQ(fe.diagnostics(),
            diagnosticAt(source, 2, 3,
                         "layer 'maxout' is missing required argument "
                         "'pieces'") +
                diagnosticAt(source, 3, 10,
                             "'pieces' of layer 'maxout' must be a positive "
                             "integer, got 0") +
                diagnosticAt(source, 4, 17,
                             "'axis' of layer 'softmax' expects an integer, "
                             "got 1.5") +
                diagnosticAt(source, 5, 21,
                             "'slope' of layer 'leaky_relu' expects a "
                             "number, got the name 'true'"));
}

const char *kTrainHeader =
    "model m(x: f32[N, 3]) -> f32[N, 3] { linear(3) }\ntrain m {\n"
    "  data: csv(\"d.csv\", inputs: 0..3, targets: 3..6)\n"
    "  optimizer: sgd(0.1)\n";

/// The canonical `loss` setting of a train block with `loss`.
ast::Expr lossOf(Frontend &fe) {
  EXPECT_TRUE(fe.check()) << fe.diagnostics();
  if (!fe.file || fe.file->trains.empty())
    return {};
  for (const ast::Setting &s : fe.file->trains[0].settings)
    if (s.key == "loss")
      return s.value;
  return {};
}

TEST(LossSetting, BareNameBecomesACallWithTheMeanReduction) {
  Frontend fe(std::string(kTrainHeader) + "  loss: cross_entropy\n}\n");
  ast::Expr loss = lossOf(fe);
  EXPECT_EQ(loss.kind, Kind::Call);
  EXPECT_EQ(loss.text, "cross_entropy");
  ASSERT_EQ(loss.args.size(), 2u);
  EXPECT_EQ(loss.args[0].name, "reduction");
  EXPECT_EQ(loss.args[0].value.text, "mean");
  EXPECT_EQ(loss.args[1].name, "targets");
  EXPECT_EQ(loss.args[1].value.text, "probabilities");
}

TEST(LossSetting, ReductionSum) {
  Frontend fe(std::string(kTrainHeader) +
              "  loss: bce_with_logits(reduction: sum)\n}\n");
  ast::Expr loss = lossOf(fe);
  EXPECT_EQ(loss.text, "bce_with_logits");
  ASSERT_EQ(loss.args.size(), 1u);
  EXPECT_EQ(loss.args[0].value.text, "sum");
}

TEST(LossSetting, UnknownReduction) {
  std::string source =
      std::string(kTrainHeader) + "  loss: mse(reduction: max)\n}\n";
  Frontend fe(source);
  ASSERT_TRUE(fe.parse());
  EXPECT_FALSE(fe.sema());
  EXPECT_EQ(fe.diagnostics(),
            diagnosticAt(source, 5, 24,
                         "'reduction' of 'mse' must be mean or sum, got "
                         "'max'; did you mean 'mean'?"));
}

} // namespace
