//===- SemaErrorTest.cpp - Semantic errors, word for word -----------------===//
//
// Each case lists every diagnostic the file must produce, in order; the
// column of each is given by an anchor, the text the caret must sit under,
// so the expectations stay readable and cannot drift from the source.
//
//===----------------------------------------------------------------------===//
#include "FrontendFixture.h"

#include <gtest/gtest.h>

#include <vector>

using namespace netc::dsl::test;

namespace {

struct Expected {
  unsigned line;
  const char *anchor; ///< First occurrence in `line` is where the caret is.
  const char *message;
  const char *kind = "error";
};

struct SemaCase {
  const char *name;
  std::string source;
  std::vector<Expected> diagnostics;
};

void PrintTo(const SemaCase &c, std::ostream *os) { *os << c.name; }

std::string render(const std::string &source,
                   const std::vector<Expected> &expected) {
  std::string text;
  for (const Expected &e : expected) {
    llvm::StringRef rest = source;
    for (unsigned i = 1; i < e.line; ++i)
      rest = rest.split('\n').second;
    size_t pos = rest.split('\n').first.find(e.anchor);
    EXPECT_NE(pos, llvm::StringRef::npos) << "bad anchor " << e.anchor;
    text += diagnosticAt(source, e.line, static_cast<unsigned>(pos) + 1,
                         e.message, e.kind);
  }
  return text;
}

/// A model `m` whose body starts on line 2.
std::string model(const std::string &body) {
  return "model m(x: f32[N, 1]) -> f32[N, 1] {\n" + body + "\n}\n";
}

/// Model `m` on line 1 and a train block for it whose settings start on
/// line 3; `settings` replaces the required ones when given.
std::string train(const std::string &settings) {
  return "model m(x: f32[N, 1]) -> f32[N, 1] { relu }\ntrain m {\n" +
         settings + "\n}\n";
}

const char *kData = "  data: csv(\"p.csv\", inputs: 0..1, targets: 1..2)\n";
const char *kRest = "  loss: mse\n  optimizer: sgd(lr: 0.1)";

class SemaError : public ::testing::TestWithParam<SemaCase> {};

TEST_P(SemaError, ReportsEveryError) {
  const SemaCase &c = GetParam();
  Frontend fe(c.source);
  ASSERT_TRUE(fe.parse()) << fe.diagnostics();
  EXPECT_FALSE(fe.sema());
  EXPECT_EQ(fe.diagnostics(), render(c.source, c.diagnostics));
}

const char *kBadDims =
    "model m(x: f32[N, 0, L / 2]) -> f32[N, 0, K] { relu }";

const SemaCase kCases[] = {
    // Layers.
    {"UnknownLayer",
     model("  lineer(out: 4)"),
     {{2, "lineer", "unknown layer 'lineer'; did you mean 'linear'?"}}},
    {"UnknownLayerWithoutSuggestion",
     model("  attention"),
     {{2, "attention", "unknown layer 'attention'"}}},
    {"UnknownArgument",
     model("  linear(outs: 3)"),
     {{2, "outs", "unknown argument 'outs' of layer 'linear'; did you mean "
                  "'out'?"},
      {2, "linear", "layer 'linear' is missing required argument 'out'"}}},
    {"DuplicateArgument",
     model("  linear(out: 3, out: 4)"),
     {{2, "out: 4", "duplicate argument 'out' of layer 'linear'"},
      {2, "out: 3", "'out' was first given here", "note"}}},
    {"DuplicatePositionalAndNamed",
     model("  linear(3, out: 4)"),
     {{2, "out", "duplicate argument 'out' of layer 'linear'"},
      {2, "3", "'out' was first given here", "note"}}},
    {"MissingRequiredArgument",
     model("  linear(bias: false)"),
     {{2, "linear", "layer 'linear' is missing required argument 'out'"}}},
    {"TakesNoArguments",
     model("  relu(3)"),
     {{2, "3", "layer 'relu' takes no arguments"}}},
    {"TakesNoNamedArguments",
     model("  tanh(slope: 2)"),
     {{2, "slope", "layer 'tanh' takes no arguments"}}},
    {"TooManyPositional",
     model("  linear(3, 4, 5)"),
     {{2, "4", "layer 'linear' takes at most 1 positional argument"}}},
    {"PositionalAfterNamed",
     model("  linear(bias: false, 3)"),
     {{2, "3", "a positional argument cannot follow named arguments"},
      {2, "linear", "layer 'linear' is missing required argument 'out'"}}},
    {"IntGivenString",
     model("  linear(out: \"four\")"),
     {{2, "\"four\"",
       "'out' of layer 'linear' expects an integer, got a string"}}},
    {"IntGivenFloat",
     model("  linear(out: 2.5)"),
     {{2, "2.5", "'out' of layer 'linear' expects an integer, got 2.5"}}},
    {"IntGivenOtherKinds",
     model("  linear(out: [1])\n  linear(out: 0..3)\n  linear(out: f(1))\n"
           "  linear(out: hidden)"),
     {{2, "[1]", "'out' of layer 'linear' expects an integer, got a list"},
      {3, "0..3", "'out' of layer 'linear' expects an integer, got a range"},
      {4, "f(1)",
       "'out' of layer 'linear' expects an integer, got a call to 'f'"},
      {5, "hidden", "unknown name 'hidden'"}}},
    {"BoolGivenInteger",
     model("  linear(out: 4, bias: 1)"),
     {{2, "1)", "'bias' of layer 'linear' expects true or false, got 1"}}},
    {"NotPositive",
     model("  linear(out: 0)\n  linear(out: -2)"),
     {{2, "0", "'out' of layer 'linear' must be a positive integer, got 0"},
      {3, "-2",
       "'out' of layer 'linear' must be a positive integer, got -2"}}},
    // Bindings.
    {"BindingRedefined",
     model("  h = 1\n  h = 2\n  relu"),
     {{3, "h", "binding 'h' is already defined"},
      {2, "h", "the first definition of 'h' is here", "note"}}},
    {"UsedBeforeDefined",
     model("  linear(out: h)\n  h = 2"),
     {{2, "h)", "'h' is used before it is defined"}}},
    {"ReservedBinding",
     model("  true = 1\n  relu"),
     {{2, "true", "'true' is reserved and cannot be bound"}}},
    {"BindingTypeErrorPointsAtUse",
     model("  h = \"wide\"\n  linear(out: h)"),
     {{3, "h)", "'out' of layer 'linear' expects an integer, got a string"}}},
    {"EmptyRange",
     model("  r = 3..3\n  s = [5..2]\n  relu"),
     {{2, "3..3", "range 3..3 is empty; its end must be greater than its "
                  "start"},
      {3, "5..2", "range 5..2 is empty; its end must be greater than its "
                  "start"}}},
    // Models and their types.
    {"NoLayers",
     model("  h = 1"),
     {{1, "model", "model 'm' has no layers"}}},
    {"DuplicateModel",
     "model m(x: f32[N, 1]) -> f32[N, 1] { relu }\n"
     "model m(x: f32[N, 2]) -> f32[N, 2] { tanh }\n",
     {{2, "model", "model 'm' is already defined"},
      {1, "model", "the first definition of 'm' is here", "note"}}},
    {"ElementType",
     "model m(x: f64[N, 1]) -> i32[N, 1] { relu }",
     {{1, "f64", "unsupported element type 'f64'; only f32 is supported"},
      {1, "i32", "unsupported element type 'i32'; only f32 is supported"}}},
    {"BatchNotASymbol",
     "model m(x: f32[4, 1]) -> f32[N, 1] { relu }",
     {{1, "4, 1", "the first dimension of 'x' must be the batch symbol"}}},
    {"ResultBatchNotASymbol",
     "model m(x: f32[N, 1]) -> f32[2, 1] { relu }",
     {{1, "2, 1",
       "the first dimension of the result must be the batch symbol"}}},
    {"BatchSymbolsDiffer",
     "model m(x: f32[N, 1], y: f32[B, 1]) -> f32[N, 1] { relu }",
     {{1, "B", "the first dimension of 'y' must be the batch symbol 'N', as "
               "in 'x'"}}},
    {"DimensionsMustBePositiveIntegers",
     kBadDims,
     {{1, "0,", "dimension 2 of 'x' must be a positive integer"},
      {1, "L /", "dimension 3 of 'x' must be an integer or a name such as L; "
                 "arithmetic belongs in the result"},
      {1, "0, K", "dimension 2 of the result must be a positive integer"},
      {1, "K]", "'K' in dimension 3 of the result is not a dimension of any "
                "input"}}},
    {"DuplicateInput",
     "model m(x: f32[N, 1], x: f32[N, 2]) -> f32[N, 1] { relu }",
     {{1, "x: f32[N, 2]", "duplicate input 'x' of model 'm'"},
      {1, "x", "'x' was first declared here", "note"}}},
    // Train blocks.
    {"TrainUnknownModel",
     "model line(x: f32[N, 1]) -> f32[N, 1] { relu }\ntrain lin {\n" +
         std::string(kData) + kRest + "\n}\n",
     {{2, "lin", "train block names unknown model 'lin'; did you mean "
                 "'line'?"}}},
    {"TrainUnknownModelWithoutSuggestion",
     "model line(x: f32[N, 1]) -> f32[N, 1] { relu }\ntrain zzz {\n" +
         std::string(kData) + kRest + "\n}\n",
     {{2, "zzz", "train block names unknown model 'zzz'"}}},
    {"TwoTrainBlocks",
     train(std::string(kData) + kRest) + "train m {\n" + kData + kRest +
         "\n}\n",
     {{7, "train", "model 'm' already has a train block"},
      {2, "train", "the first train block for 'm' is here", "note"}}},
    {"UnknownSetting",
     train(std::string(kData) + kRest + "\n  epoch: 3"),
     {{6, "epoch", "unknown setting 'epoch' of train block 'm'; did you "
                   "mean 'epochs'?"}}},
    {"DuplicateSetting",
     train(std::string(kData) + kRest + "\n  epochs: 1 epochs: 2"),
     {{6, "epochs: 2", "duplicate setting 'epochs' of train block 'm'"},
      {6, "epochs", "'epochs' was first given here", "note"}}},
    {"MissingSettings",
     train("  epochs: 3"),
     {{2, "train", "train block 'm' is missing required setting 'data'"},
      {2, "train", "train block 'm' is missing required setting 'loss'"},
      {2, "train",
       "train block 'm' is missing required setting 'optimizer'"}}},
    {"SettingValues",
     train("  data: \"p.csv\"\n  loss: mae\n  optimizer: adagrad\n  epochs: 0\n"
           "  batch: 2.5\n  seed: -1\n  shuffle: yes"),
     {{3, "\"p.csv\"", "'data' of train block 'm' expects a call such as "
                       "csv(...), got a string"},
      {4, "mae", "'loss' of train block 'm' must be mse, bce, "
                 "bce_with_logits or cross_entropy, got 'mae'; did you mean "
                 "'mse'?"},
      {5, "adagrad", "'optimizer' of train block 'm' must be sgd or adam, got 'adagrad'"},
      {6, "0", "'epochs' of train block 'm' must be a positive integer, got "
               "0"},
      {7, "2.5", "'batch' of train block 'm' expects an integer, got 2.5"},
      {8, "-1", "'seed' of train block 'm' must be a non-negative integer, "
                "got -1"},
      {9, "yes", "'shuffle' of train block 'm' expects true or false, got "
                 "the name 'yes'"}}},
    {"SettingKinds",
     train("  data: csv\n  loss: \"mse\"\n  optimizer: 3"),
     {{3, "csv", "'data' of train block 'm' expects a call such as csv(...), "
                 "got the name 'csv'"},
      {4, "\"mse\"", "'loss' of train block 'm' expects a call or a name "
                     "such as mse(...), got a string"},
      {5, "3", "'optimizer' of train block 'm' expects a call or a name such "
               "as sgd(...), got 3"}}},
    {"UnknownDataSource",
     train("  data: fastq(\"p.fq\")\n" + std::string(kRest)),
     {{3, "fastq", "'data' of train block 'm' must be csv, idx, npy, fasta or tsv, "
                   "got 'fastq'; did you mean 'fasta'?"}}},
    // Calls.
    {"CsvMissingArguments",
     train("  data: csv(inputs: 0..1)\n" + std::string(kRest)),
     {{3, "csv", "'csv' is missing required argument 'path'"},
      {3, "csv", "'csv' is missing required argument 'targets'"}}},
    {"CsvArgumentValues",
     train("  data: csv(\"\", inputs: 1.5, targets: [], header: 1, "
           "delimiter: \";;\")\n" +
           std::string(kRest)),
     {{3, "\"\"", "'path' of 'csv' must not be empty"},
      {3, "1.5", "'inputs' of 'csv' expects column indices (a range such as "
                 "0..4, an integer or a list of integers), got 1.5"},
      {3, "[]", "'targets' of 'csv' must list at least one column"},
      {3, "1,", "'header' of 'csv' expects true or false, got 1"},
      {3, "\";;\"", "'delimiter' of 'csv' must be a single character, got "
                    "\";;\""}}},
    {"CsvColumnIndices",
     train("  data: csv(\"p.csv\", inputs: -1, targets: [0, -2, \"a\"])\n" +
           std::string(kRest)),
     {{3, "-1", "'inputs' of 'csv' must list non-negative column indices, "
                "got -1"},
      {3, "-2", "'targets' of 'csv' must list non-negative column indices, "
                "got -2"},
      {3, "\"a\"", "'targets' of 'csv' expects column indices (a range such "
                   "as 0..4, an integer or a list of integers), got a "
                   "string"}}},
    {"CsvEmptyRange",
     train("  data: csv(\"p.csv\", inputs: 2..1, targets: 1..2)\n" +
           std::string(kRest)),
     {{3, "2..1", "range 2..1 is empty; its end must be greater than its "
                  "start"}}},
    {"CsvTooManyPositional",
     train("  data: csv(\"p.csv\", 0..1, 1..2)\n" + std::string(kRest)),
     {{3, "0..1", "'csv' takes at most 1 positional argument"},
      {3, "csv", "'csv' is missing required argument 'inputs'"},
      {3, "csv", "'csv' is missing required argument 'targets'"}}},
    {"SgdArguments",
     train(std::string(kData) +
           "  loss: mse\n  optimizer: sgd(dampening: 0.9, lr: 0)"),
     {{5, "dampening", "unknown argument 'dampening' of 'sgd'"},
      {5, "0)", "'lr' of 'sgd' must be a positive number, got 0"}}},
    {"SgdDuplicateLearningRate",
     train(std::string(kData) + "  loss: mse\n  optimizer: sgd(0.1, lr: 0.2)"),
     {{5, "lr", "duplicate argument 'lr' of 'sgd'"},
      {5, "0.1", "'lr' was first given here", "note"}}},
    {"BareSgdNeedsLearningRate",
     train(std::string(kData) + "  loss: mse\n  optimizer: sgd"),
     {{5, "sgd", "'sgd' is missing required argument 'lr'"}}},
    {"SgdLearningRateKind",
     train(std::string(kData) + "  loss: mse\n  optimizer: sgd(lr: \"fast\")"),
     {{5, "\"fast\"", "'lr' of 'sgd' expects a number, got a string"}}},
};

INSTANTIATE_TEST_SUITE_P(
    Sema, SemaError, ::testing::ValuesIn(kCases),
    [](const ::testing::TestParamInfo<SemaCase> &info) {
      return std::string(info.param.name);
    });

TEST(SemaErrorTest, EmptyFileHasNoModel) {
  Frontend fe("");
  ASSERT_TRUE(fe.parse());
  EXPECT_FALSE(fe.sema());
  EXPECT_EQ(fe.diagnostics(), "test.net: error: no model in this file\n");
}

TEST(SemaErrorTest, TrainBlockAloneHasNoModel) {
  std::string source = "train m {\n" + std::string(kData) + kRest + "\n}\n";
  Frontend fe(source);
  ASSERT_TRUE(fe.parse());
  EXPECT_FALSE(fe.sema());
  EXPECT_EQ(fe.diagnostics(),
            render(source, {{1, "m", "train block names unknown model 'm'"}}) +
                "test.net: error: no model in this file\n");
}

TEST(SemaErrorTest, ReportsErrorsFromEveryPart) {
  std::string source = "model m(x: f64[N, 1]) -> f32[N, 1] {\n"
                       "  linear(out: 0)\n"
                       "  attention\n"
                       "}\n"
                       "train n { }\n";
  Frontend fe(source);
  ASSERT_TRUE(fe.parse());
  EXPECT_FALSE(fe.sema());
  EXPECT_EQ(fe.errorCount(), 7u) << fe.diagnostics();
}

TEST(SemaErrorTest, ModelWithoutTrainBlockIsFine) {
  Frontend fe(model("  relu"));
  EXPECT_TRUE(fe.check()) << fe.diagnostics();
  EXPECT_EQ(fe.diagnostics(), "");
}

} // namespace
