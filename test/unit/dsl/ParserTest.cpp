//===- ParserTest.cpp - Trees built from valid source ---------------------===//
//
// Structure and locations of parsed trees, before Sema touches them.
//
//===----------------------------------------------------------------------===//
#include "FrontendFixture.h"

#include <gtest/gtest.h>

using namespace netc;
using namespace netc::dsl::test;
using Kind = netc::ast::Expr::Kind;

namespace {

const char *kLine = R"(# Fit a line.
model line(x: f32[N, 1]) -> f32[N, 1] {
  linear(out: 1)
}

train line {
  data: csv("points.csv", inputs: 0..1, targets: 1..2, header: true)
  loss: mse
  optimizer: sgd(lr: 0.01)
  epochs: 200
}
)";

TEST(Parser, ModelSignature) {
  Frontend fe(kLine);
  ASSERT_TRUE(fe.parse()) << fe.diagnostics();
  ASSERT_EQ(fe.file->models.size(), 1u);
  const ast::Model &model = fe.file->models[0];
  EXPECT_EQ(fe.file->path, "test.net");
  EXPECT_EQ(model.name, "line");
  EXPECT_EQ(model.loc.file, "test.net");
  EXPECT_EQ(model.loc.line, 2u);
  EXPECT_EQ(model.loc.col, 1u);

  ASSERT_EQ(model.inputs.size(), 1u);
  const ast::Input &x = model.inputs[0];
  EXPECT_EQ(x.name, "x");
  EXPECT_EQ(x.loc.col, 12u);
  EXPECT_EQ(x.type.dtype, "f32");
  EXPECT_EQ(x.type.loc.col, 15u);
  ASSERT_EQ(x.type.dims.size(), 2u);
  EXPECT_TRUE(x.type.dims[0].isSymbol());
  EXPECT_EQ(x.type.dims[0].symbol, "N");
  EXPECT_EQ(x.type.dims[0].loc.col, 19u);
  EXPECT_FALSE(x.type.dims[1].isSymbol());
  EXPECT_EQ(x.type.dims[1].size, 1);

  ASSERT_EQ(model.results.size(), 1u);
  EXPECT_TRUE(model.results[0].name.empty());
  EXPECT_FALSE(model.hasNamedResults());
  EXPECT_EQ(model.results[0].type.dtype, "f32");
  EXPECT_EQ(model.results[0].type.loc.col, 29u);
  ASSERT_EQ(model.results[0].type.dims.size(), 2u);
}

TEST(Parser, NamedResults) {
  Frontend fe("model m(x: f32[N, 4]) -> (a: f32[N, 3], b: f32[N, 1]) {\n"
              "  a = linear(x, out: 3)\n  b = linear(x, out: 1)\n}\n");
  ASSERT_TRUE(fe.parse()) << fe.diagnostics();
  const ast::Model &model = fe.file->models.front();
  ASSERT_EQ(model.results.size(), 2u);
  EXPECT_TRUE(model.hasNamedResults());
  EXPECT_EQ(model.results[0].name, "a");
  EXPECT_EQ(model.results[0].loc.col, 27u);
  EXPECT_EQ(model.results[1].name, "b");
  EXPECT_EQ(model.results[1].loc.col, 41u);
  ASSERT_EQ(model.results[1].type.dims.size(), 2u);
  EXPECT_EQ(model.results[1].type.dims[1].size, 1);
}

TEST(Parser, LayerStatement) {
  Frontend fe(kLine);
  ASSERT_TRUE(fe.parse()) << fe.diagnostics();
  const ast::Model &model = fe.file->models[0];
  ASSERT_EQ(model.body.size(), 1u);
  const ast::Statement &linear = model.body[0];
  EXPECT_EQ(linear.kind, ast::Statement::Kind::Layer);
  EXPECT_EQ(linear.name, "linear");
  EXPECT_EQ(linear.loc.line, 3u);
  EXPECT_EQ(linear.loc.col, 3u);
  ASSERT_EQ(linear.args.size(), 1u);
  EXPECT_EQ(linear.args[0].name, "out");
  EXPECT_EQ(linear.args[0].loc.col, 10u);
  EXPECT_EQ(linear.args[0].value.kind, Kind::Number);
  EXPECT_TRUE(linear.args[0].value.isInteger);
  EXPECT_EQ(linear.args[0].value.number, 1.0);
  EXPECT_EQ(linear.args[0].value.loc.col, 15u);
}

TEST(Parser, TrainBlock) {
  Frontend fe(kLine);
  ASSERT_TRUE(fe.parse()) << fe.diagnostics();
  ASSERT_EQ(fe.file->trains.size(), 1u);
  const ast::Train &train = fe.file->trains[0];
  EXPECT_EQ(train.model, "line");
  EXPECT_EQ(train.loc.line, 6u);
  EXPECT_EQ(train.modelLoc.col, 7u);
  ASSERT_EQ(train.settings.size(), 4u);

  const ast::Setting &data = train.settings[0];
  EXPECT_EQ(data.key, "data");
  EXPECT_EQ(data.loc.line, 7u);
  ASSERT_EQ(data.value.kind, Kind::Call);
  EXPECT_EQ(data.value.text, "csv");
  ASSERT_EQ(data.value.args.size(), 4u);
  EXPECT_EQ(data.value.args[0].name, ""); // Positional.
  EXPECT_EQ(data.value.args[0].value.kind, Kind::String);
  EXPECT_EQ(data.value.args[0].value.text, "points.csv");
  EXPECT_EQ(data.value.args[1].name, "inputs");
  EXPECT_EQ(data.value.args[1].value.kind, Kind::Range);
  EXPECT_EQ(data.value.args[1].value.rangeBegin, 0);
  EXPECT_EQ(data.value.args[1].value.rangeEnd, 1);
  EXPECT_EQ(data.value.args[3].value.kind, Kind::Identifier);
  EXPECT_EQ(data.value.args[3].value.text, "true");

  EXPECT_EQ(train.settings[1].value.kind, Kind::Identifier);
  EXPECT_EQ(train.settings[1].value.text, "mse");
  const ast::Expr &sgd = train.settings[2].value;
  ASSERT_EQ(sgd.kind, Kind::Call);
  EXPECT_DOUBLE_EQ(sgd.args[0].value.number, 0.01);
  EXPECT_FALSE(sgd.args[0].value.isInteger);
}

TEST(Parser, BindingsAndBareLayers) {
  Frontend fe("model m(x: f32[B, 3]) -> f32[B, 2] {\n"
              "  hidden = 64 relu linear(hidden) tanh()\n"
              "}\n");
  ASSERT_TRUE(fe.parse()) << fe.diagnostics();
  const auto &body = fe.file->models[0].body;
  ASSERT_EQ(body.size(), 4u);
  EXPECT_EQ(body[0].kind, ast::Statement::Kind::Binding);
  EXPECT_EQ(body[0].name, "hidden");
  EXPECT_EQ(body[0].value.number, 64.0);
  EXPECT_EQ(body[1].kind, ast::Statement::Kind::Layer);
  EXPECT_EQ(body[1].name, "relu");
  EXPECT_TRUE(body[1].args.empty());
  EXPECT_EQ(body[2].args[0].name, "");
  EXPECT_EQ(body[2].args[0].value.kind, Kind::Identifier);
  EXPECT_EQ(body[2].args[0].value.text, "hidden");
  EXPECT_EQ(body[3].name, "tanh");
  EXPECT_TRUE(body[3].args.empty());
}

TEST(Parser, Expressions) {
  Frontend fe("model m(x: f32[N, 1]) -> f32[N, 1] {\n"
              "  a = -3 b = -2.5e-1 c = \"s\" d = [0, 3, [1..4]] e = []\n"
              "  f = g(h, k: i(1)) l = 7..8\n"
              "}\n");
  ASSERT_TRUE(fe.parse()) << fe.diagnostics();
  const auto &body = fe.file->models[0].body;
  ASSERT_EQ(body.size(), 7u);
  EXPECT_EQ(body[0].value.number, -3.0);
  EXPECT_TRUE(body[0].value.isInteger);
  EXPECT_EQ(body[0].value.loc.col, 7u); // At the '-'.
  EXPECT_DOUBLE_EQ(body[1].value.number, -0.25);
  EXPECT_FALSE(body[1].value.isInteger);
  EXPECT_EQ(body[2].value.kind, Kind::String);
  const ast::Expr &list = body[3].value;
  ASSERT_EQ(list.kind, Kind::List);
  ASSERT_EQ(list.elements.size(), 3u);
  EXPECT_EQ(list.elements[2].kind, Kind::List);
  EXPECT_EQ(list.elements[2].elements[0].kind, Kind::Range);
  EXPECT_EQ(body[4].value.kind, Kind::List);
  EXPECT_TRUE(body[4].value.elements.empty());
  const ast::Expr &call = body[5].value;
  ASSERT_EQ(call.kind, Kind::Call);
  EXPECT_EQ(call.text, "g");
  ASSERT_EQ(call.args.size(), 2u);
  EXPECT_EQ(call.args[0].value.kind, Kind::Identifier);
  EXPECT_EQ(call.args[1].name, "k");
  EXPECT_EQ(call.args[1].value.kind, Kind::Call);
  EXPECT_EQ(body[6].value.rangeBegin, 7);
  EXPECT_EQ(body[6].value.rangeEnd, 8);
}

TEST(Parser, SeveralModelsAndInputs) {
  Frontend fe("train b { loss: mse }\n"
              "model a(x: f32[N, 2], y: f32[N, 3, 4]) -> f32[N, 1] { relu }\n"
              "model b(x: f32[N, 1]) -> f32[N, 1] { sigmoid }\n");
  ASSERT_TRUE(fe.parse()) << fe.diagnostics();
  ASSERT_EQ(fe.file->models.size(), 2u);
  ASSERT_EQ(fe.file->trains.size(), 1u);
  ASSERT_EQ(fe.file->models[0].inputs.size(), 2u);
  EXPECT_EQ(fe.file->models[0].inputs[1].type.dims.size(), 3u);
}

TEST(Parser, EmptyFileParses) {
  Frontend fe("# nothing here\n");
  ASSERT_TRUE(fe.parse());
  EXPECT_TRUE(fe.file->models.empty());
  EXPECT_EQ(fe.diagnostics(), "");
}

TEST(Parser, NestingUpToTheLimit) {
  std::string deep = std::string(63, '[') + std::string(63, ']');
  Frontend fe("model m(x: f32[N, 1]) -> f32[N, 1] { a = " + deep + " relu }");
  EXPECT_TRUE(fe.parse()) << fe.diagnostics();
}

} // namespace
