// Metrics against values computed by hand (each comment shows the sums).
#include "compiler/driver/Metrics.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace netc::driver;

namespace {

TEST(Metrics, PearsonOfHandComputedSeries) {
  EXPECT_DOUBLE_EQ(pearson({1, 2, 3, 4}, {2, 4, 6, 8}), 1.0);
  EXPECT_DOUBLE_EQ(pearson({1, 2, 3}, {3, 2, 1}), -1.0);
  // dx = -2 -1 0 1 2, dy = -1 -2 1 0 2: sxy = 8, sxx = syy = 10.
  EXPECT_NEAR(pearson({1, 2, 3, 4, 5}, {2, 1, 4, 3, 5}), 0.8, 1e-12);
}

TEST(Metrics, PearsonIsUndefinedForAConstantOrTooShortSeries) {
  EXPECT_TRUE(std::isnan(pearson({1, 1, 1}, {1, 2, 3})));
  EXPECT_TRUE(std::isnan(pearson({1}, {2})));
}

TEST(Metrics, TiedValuesShareTheirMeanRank) {
  std::vector<double> r = ranks({30, 10, 20, 20});
  EXPECT_EQ(r, (std::vector<double>{4, 1, 2.5, 2.5}));
}

TEST(Metrics, SpearmanSeesOnlyTheOrder) {
  std::vector<double> x = {1, 2, 3, 4, 5}, y = {1, 4, 9, 16, 100};
  EXPECT_DOUBLE_EQ(spearman(x, y), 1.0);
  EXPECT_LT(pearson(x, y), 0.9);
  // Ranks 1..5 against 2 1 4 3 5: Pearson of the ranks is 0.8.
  EXPECT_NEAR(spearman({10, 20, 30, 40, 50}, {0.2, 0.1, 0.4, 0.3, 0.5}), 0.8,
              1e-12);
}

TEST(Metrics, RocAucCountsOrderedPairs) {
  // Positives 0.35 and 0.8 against negatives 0.1 and 0.4: 3 of 4 pairs
  // ordered (0.35 < 0.4 is the one that is not).
  llvm::SmallVector<bool> positive = {false, false, true, true};
  EXPECT_DOUBLE_EQ(rocAuc({0.1, 0.4, 0.35, 0.8}, positive), 0.75);
  llvm::SmallVector<bool> split = {true, false};
  EXPECT_DOUBLE_EQ(rocAuc({0.5, 0.5}, split), 0.5); // a tie counts half
  EXPECT_DOUBLE_EQ(rocAuc({0.9, 0.1}, split), 1.0);
  llvm::SmallVector<bool> onlyPositives = {true, true};
  EXPECT_TRUE(std::isnan(rocAuc({0.2, 0.7}, onlyPositives)));
}

TEST(Metrics, ConfusionMatrixCountsAndRecalls) {
  ConfusionMatrix m(3);
  m.add(0, 0);
  m.add(0, 1);
  m.add(1, 1);
  m.add(2, 2);
  m.add(2, 0);
  EXPECT_EQ(m.total(), 5);
  EXPECT_EQ(m.correct(), 3);
  EXPECT_EQ(m.support(2), 2);
  EXPECT_EQ(m.count(2, 0), 1);
  EXPECT_DOUBLE_EQ(m.recall(0), 0.5);
  EXPECT_DOUBLE_EQ(m.recall(1), 1.0);
}

TEST(Metrics, TaskFollowsTheLossAndTheClassCount) {
  EXPECT_EQ(taskFor("mse", 1), Task::Regression);
  EXPECT_EQ(taskFor("bce", 1), Task::Binary);
  EXPECT_EQ(taskFor("bce_with_logits", 1), Task::Binary);
  EXPECT_EQ(taskFor("bce", 21), Task::MultiClass); // one-hot per codon
  EXPECT_EQ(taskFor("cross_entropy", 10), Task::MultiClass);
}

TEST(Metrics, MultiClassJudgesEveryPositionAlongTheClassAxis) {
  // One example, 3 classes x 2 positions, laid out [class][position].
  // Position 0: prediction argmax 2, truth 2. Position 1: argmax 0, truth 1.
  std::vector<float> prediction = {0.1f, 0.7f, 0.2f, 0.2f, 0.7f, 0.1f};
  std::vector<float> target = {0, 0, 0, 1, 1, 0};
  MetricsAccumulator acc(Task::MultiClass, 3, false);
  acc.add(prediction, target, 1, 6);
  MetricsAccumulator::Report r = acc.report();
  ASSERT_TRUE(r.accuracy && r.confusion);
  EXPECT_DOUBLE_EQ(*r.accuracy, 0.5);
  EXPECT_EQ(r.confusion->count(2, 2), 1);
  EXPECT_EQ(r.confusion->count(1, 0), 1);
}

TEST(Metrics, BinaryThresholdsProbabilitiesAtHalfAndLogitsAtZero) {
  std::vector<float> scores = {-1.0f, 0.3f, 0.6f, 2.0f};
  std::vector<float> truth = {0, 1, 1, 1};
  MetricsAccumulator probabilities(Task::Binary, 1, false);
  probabilities.add(scores, truth, 4, 1);
  EXPECT_DOUBLE_EQ(*probabilities.report().accuracy, 0.75); // 0.3 -> 0
  MetricsAccumulator logits(Task::Binary, 1, true);
  logits.add(scores, truth, 4, 1);
  MetricsAccumulator::Report r = logits.report();
  EXPECT_DOUBLE_EQ(*r.accuracy, 1.0);
  EXPECT_DOUBLE_EQ(*r.auc, 1.0);
}

TEST(Metrics, RegressionReportsMseAndCorrelations) {
  std::vector<float> prediction = {1, 2, 3, 4, 5};
  std::vector<float> truth = {2, 1, 4, 3, 5};
  MetricsAccumulator acc(Task::Regression, 1, false);
  acc.add(prediction, truth, 5, 1);
  MetricsAccumulator::Report r = acc.report();
  EXPECT_DOUBLE_EQ(*r.mse, 4.0 / 5); // four errors of 1
  EXPECT_NEAR(*r.pearson, 0.8, 1e-12);
  EXPECT_NEAR(*r.spearman, 0.8, 1e-12);
  EXPECT_FALSE(r.accuracy);
  EXPECT_FALSE(r.auc); // targets outside [0, 1]: no binders to tell apart
}

TEST(Metrics, AffinitiesInTheUnitIntervalAlsoGetTheAucOfBinders) {
  // Binders (target > 0.5): 0.9 and 0.6, scored 0.7 and 0.3; the others
  // scored 0.2 and 0.4: 3 of 4 pairs ordered.
  std::vector<float> prediction = {0.7f, 0.3f, 0.2f, 0.4f};
  std::vector<float> truth = {0.9f, 0.6f, 0.1f, 0.5f};
  MetricsAccumulator acc(Task::Regression, 1, false);
  acc.add(prediction, truth, 4, 1);
  EXPECT_DOUBLE_EQ(*acc.report().auc, 0.75);
}

TEST(Metrics, FormatNamesEachMetricWithThePrefix) {
  MetricsAccumulator::Report r;
  r.loss = 0.25;
  r.accuracy = 0.5;
  r.auc = 0.75;
  EXPECT_EQ(formatMetrics(r, "val "),
            "val loss 0.250000  val accuracy 0.5000  val auc 0.7500");
}

} // namespace
