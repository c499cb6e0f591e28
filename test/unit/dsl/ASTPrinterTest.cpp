//===- ASTPrinterTest.cpp - The `--emit=ast` outline ----------------------===//
#include "FrontendFixture.h"

#include "dsl/ExprPrinter.h"

#include <gtest/gtest.h>

using namespace netc;
using namespace netc::dsl;
using namespace netc::dsl::test;

namespace {

TEST(ASTPrinter, CanonicalFile) {
  Frontend fe(R"(# Fit a line.
model line(x: f32[N, 1]) -> f32[N, 1] {
  hidden = 4
  linear(out: hidden)
  relu
  linear(1, bias: false)
}

train line {
  data: csv("points.csv", inputs: 0..1, targets: [1], header: true)
  loss: mse
  optimizer: sgd(lr: 1e-3)
  epochs: 200
}
)");
  ASSERT_TRUE(fe.check()) << fe.diagnostics();
  EXPECT_EQ(fe.ast(), R"(model line @2:1
  input x : f32[N, 1] @2:12
  result f32[N, 1] @2:29
  binding hidden = 4 @3:3
  layer linear @4:3
    out = 4 @4:10
    bias = true @4:3
  layer relu @5:3
  layer linear @6:3
    out = 1 @6:10
    bias = false @6:13
train line @9:1
  data = csv(path = "points.csv", inputs = 0..1, targets = [1], header = true, delimiter = ",") @10:3
  loss = mse(reduction = mean) @11:3
  optimizer = sgd(lr = 0.001, momentum = 0, weight_decay = 0, nesterov = false) @12:3
  schedule = constant() @9:1
  epochs = 200 @13:3
  batch = 32 @9:1
  seed = 0 @9:1
  shuffle = true @9:1
  validation = 0 @9:1
)");
}

TEST(ASTPrinter, BeforeSemaArgumentsAreAsWritten) {
  Frontend fe("model m(a: f32[B, 2], b: f32[B, 3, 4]) -> f32[B, 1] {\n"
              "  f(1, k: \"a\\\"b\", l: [0..2, -1.5])\n"
              "}\n");
  ASSERT_TRUE(fe.parse()) << fe.diagnostics();
  EXPECT_EQ(fe.ast(), "model m @1:1\n"
                      "  input a : f32[B, 2] @1:9\n"
                      "  input b : f32[B, 3, 4] @1:23\n"
                      "  result f32[B, 1] @1:43\n"
                      "  layer f @2:3\n"
                      "    1 @2:5\n"
                      "    k = \"a\\\"b\" @2:8\n"
                      "    l = [0..2, -1.5] @2:19\n");
}

TEST(ASTPrinter, EmptyFilePrintsNothing) {
  Frontend fe("");
  ASSERT_TRUE(fe.parse());
  EXPECT_EQ(fe.ast(), "");
}

TEST(ExprPrinter, Numbers) {
  EXPECT_EQ(formatNumber(64, true), "64");
  EXPECT_EQ(formatNumber(-3, true), "-3");
  EXPECT_EQ(formatNumber(0.01, false), "0.01");
  EXPECT_EQ(formatNumber(1e-3, false), "0.001");
  EXPECT_EQ(formatNumber(1e-5, false), "1e-05");
  EXPECT_EQ(formatNumber(250, false), "250.0");
  EXPECT_EQ(formatNumber(1, false), "1.0");
  EXPECT_EQ(formatNumber(0, false), "0.0");
  EXPECT_EQ(formatNumber(0.1, false), "0.1");
  EXPECT_EQ(formatNumber(1.0 / 3, false), "0.3333333333333333");
  EXPECT_EQ(formatNumber(1e20, false), "1e+20");
  // Whatever is printed reads back as the same number.
  for (double v : {0.1, 1.0 / 3, 2.5e-7, 123456.789, 6.02214076e23})
    EXPECT_EQ(std::strtod(formatNumber(v, false).c_str(), nullptr), v);
}

} // namespace
