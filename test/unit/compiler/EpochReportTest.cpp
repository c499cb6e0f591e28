//===- EpochReportTest.cpp - Training metrics from the steps' outputs -----===//
//
// `netc train` judges each epoch on the predictions its own steps returned
// (Trainer::epochReport) instead of a second forward pass over the data.
// With a learning rate of 1e-30 the weights never move (each update is far
// below half an ulp of its weight), so those predictions
// are what @evaluate computes from the final weights: the two reports must
// agree, for one output, for sequences of several lengths (groups of
// different widths, scattered back by example) and for two outputs. An
// epoch cut short by a step limit falls back to the evaluation.
//
//===----------------------------------------------------------------------===//
#include "TestSupport.h"

#include "compiler/driver/Trainer.h"
#include "compiler/driver/TrainingRun.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace netc;
using netc::driver::MetricsAccumulator;

namespace {

const std::string kSource = NETC_SOURCE_DIR;

struct Reports {
  MetricsAccumulator::Report running, evaluated;
  double epochLoss = 0; ///< what runEpoch returned
};

/// Trains `source` for one epoch from its seed; `steps` limits the steps.
std::optional<Reports> trainOneEpoch(const std::string &name,
                                     const std::string &source,
                                     std::optional<int64_t> steps = {}) {
  driver::TrainingSetup setup;
  driver::TrainOptions options;
  if (setup.load(test::writeTemp(name, source), {}, options) ||
      setup.compile()) {
    ADD_FAILURE() << "could not compile " << name;
    return std::nullopt;
  }
  driver::Trainer trainer(*setup.model, setup.data, setup.settings,
                          *setup.step, *setup.evaluator);
  trainer.initParameters(setup.settings.seed);
  trainer.limitSteps(steps, nullptr);
  netc_rng rng;
  netc_rng_seed(&rng, setup.settings.seed + 1);
  llvm::Expected<double> loss = trainer.runEpoch(rng, 1);
  if (!loss) {
    ADD_FAILURE() << llvm::toString(loss.takeError());
    return std::nullopt;
  }
  auto running = trainer.epochReport();
  auto evaluated = trainer.evaluate(setup.data);
  if (!running || !evaluated) {
    ADD_FAILURE() << "reporting failed";
    llvm::consumeError(running.takeError());
    llvm::consumeError(evaluated.takeError());
    return std::nullopt;
  }
  return Reports{*running, *evaluated, *loss};
}

void expectSame(const std::optional<double> &a, const std::optional<double> &b,
                const char *what) {
  ASSERT_EQ(a.has_value(), b.has_value()) << what;
  if (a)
    EXPECT_NEAR(*a, *b, 1e-6) << what;
}

void expectSameReports(const Reports &r) {
  EXPECT_NEAR(r.running.loss, r.evaluated.loss,
              1e-5 * std::max(1.0, std::abs(r.evaluated.loss)));
  expectSame(r.running.accuracy, r.evaluated.accuracy, "accuracy");
  expectSame(r.running.auc, r.evaluated.auc, "auc");
  expectSame(r.running.pearson, r.evaluated.pearson, "pearson");
  ASSERT_EQ(r.running.outputs.size(), r.evaluated.outputs.size());
  for (size_t k = 0; k < r.running.outputs.size(); ++k) {
    expectSame(r.running.outputs[k].accuracy, r.evaluated.outputs[k].accuracy,
               "output accuracy");
    expectSame(r.running.outputs[k].pearson, r.evaluated.outputs[k].pearson,
               "output pearson");
  }
}

/// The blobs of examples/logistic_regression, shuffled into batches of 7
/// (the last one smaller).
std::string blobs(const std::string &lr) {
  return "model classifier(x: f32[N, 2]) -> f32[N, 1] {\n"
         "  linear(out: 1)\n"
         "  sigmoid\n"
         "}\n"
         "train classifier {\n"
         "  data: csv(\"" + kSource +
         "/examples/logistic_regression/points.csv\",\n"
         "            inputs: 0..2, targets: 2, header: true)\n"
         "  loss: bce\n"
         "  optimizer: sgd(lr: " + lr + ")\n"
         "  batch: 7\n"
         "  seed: 4\n"
         "}\n";
}

TEST(EpochReport, MatchesEvaluationWhenTheWeightsStayPut) {
  std::optional<Reports> r = trainOneEpoch("blobs.net", blobs("1e-30"));
  ASSERT_TRUE(r);
  ASSERT_TRUE(r->running.accuracy && r->running.auc);
  EXPECT_DOUBLE_EQ(r->running.loss, r->epochLoss);
  expectSameReports(*r);
}

TEST(EpochReport, ScattersSequencesOfSeveralLengthsBackToTheirExamples) {
  // 30 sequences of 2, 3 or 4 codons (three groups, batches of 4 that never
  // mix lengths) with arbitrary proteins to predict.
  const char *bases = "ACGT", *aminoAcids = "ACDEFGHIKLMNPQRSTVWY*";
  std::string dna, proteins;
  for (int i = 0; i < 30; ++i) {
    int codons = 2 + i % 3;
    std::string id = ">s" + std::to_string(i) + "\n";
    dna += id;
    proteins += id;
    for (int c = 0; c < 3 * codons; ++c)
      dna += bases[(i * 7 + c * 3 + c * c) % 4];
    for (int c = 0; c < codons; ++c)
      proteins += aminoAcids[(i * 5 + c * 11) % 21];
    dna += "\n";
    proteins += "\n";
  }
  std::string dnaPath = test::writeTemp("seqs.fasta", dna);
  std::string proteinPath = test::writeTemp("seqs.proteins.fasta", proteins);
  std::string model =
      "model codons(dna: f32[N, 4, L]) -> f32[N, 21, L / 3] {\n"
      "  conv1d(out: 21, kernel: 3, stride: 3)\n"
      "  softmax(axis: 1)\n"
      "}\n"
      "train codons {\n"
      "  data: fasta(\"" + dnaPath + "\", input: onehot(dna),\n"
      "              target: onehot(protein, file: \"" + proteinPath + "\"))\n"
      "  loss: bce\n"
      "  optimizer: sgd(lr: 1e-30)\n"
      "  batch: 4\n"
      "  seed: 3\n"
      "}\n";
  std::optional<Reports> r = trainOneEpoch("codons.net", model);
  ASSERT_TRUE(r);
  ASSERT_TRUE(r->running.accuracy);
  expectSameReports(*r);
}

TEST(EpochReport, JudgesEachOfSeveralOutputs) {
  // 40 rows: 8 features, a class index in [0, 3) and a score.
  std::string csv;
  for (int row = 0; row < 40; ++row) {
    for (int f = 0; f < 8; ++f)
      csv += std::to_string(std::sin(row * 8 + f)) + ",";
    csv += std::to_string(row % 3) + "," + std::to_string(std::cos(row)) +
           "\n";
  }
  std::string data = test::writeTemp("twohead.csv", csv);
  std::string model =
      "model twohead(x: f32[N, 8]) -> (cls: f32[N, 3], score: f32[N, 1]) {\n"
      "  h = linear(x, out: 16)\n"
      "  t = tanh()\n"
      "  cls = linear(t, out: 3)\n"
      "  score = linear(h, out: 1)\n"
      "}\n"
      "train twohead {\n"
      "  data: csv(\"" + data + "\", inputs: 0..8, targets: 8..10)\n"
      "  loss: cross_entropy(output: cls, targets: indices) + "
      "0.5 * mse(output: score)\n"
      "  optimizer: sgd(lr: 1e-30)\n"
      "  batch: 6\n"
      "  seed: 2\n"
      "}\n";
  std::optional<Reports> r = trainOneEpoch("twohead.net", model);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->running.outputs.size(), 2u);
  ASSERT_TRUE(r->running.outputs[0].accuracy && r->running.outputs[1].pearson);
  expectSameReports(*r);
}

TEST(EpochReport, AnEpochCutShortIsEvaluatedInstead) {
  // Training moves the weights, and after 3 of the 15 steps the steps'
  // predictions cover a fifth of the examples: the report is @evaluate's.
  std::optional<Reports> r = trainOneEpoch("blobs-cut.net", blobs("0.5"), 3);
  ASSERT_TRUE(r);
  ASSERT_TRUE(r->running.accuracy);
  EXPECT_EQ(*r->running.accuracy, *r->evaluated.accuracy);
  EXPECT_EQ(*r->running.auc, *r->evaluated.auc);
}

TEST(EpochReport, IsTheStepsOwnJudgementWhileTheWeightsMove) {
  // A full epoch at lr 0.5: the running accuracy counts the early, still
  // untrained steps, so it trails the accuracy of the final weights.
  std::optional<Reports> r = trainOneEpoch("blobs-moving.net", blobs("0.5"));
  ASSERT_TRUE(r);
  ASSERT_TRUE(r->running.accuracy && r->evaluated.accuracy);
  EXPECT_LT(*r->running.accuracy, *r->evaluated.accuracy);
}

} // namespace
