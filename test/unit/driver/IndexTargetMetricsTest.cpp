// Metrics of cross_entropy(targets: indices): the target of a position is
// its class index, not a one-hot row; the verdicts match the one-hot form.
#include "compiler/driver/Metrics.h"

#include <gtest/gtest.h>

using namespace netc::driver;

namespace {

TEST(IndexTargetMetrics, EveryPositionIsJudgedAgainstItsIndex) {
  // Two examples, 3 classes x 2 positions, predictions [class][position].
  // Example 0: argmax 2 then 0; example 1: argmax 1 then 1.
  std::vector<float> prediction = {0.1f, 0.7f, 0.2f, 0.2f, 0.7f, 0.1f,
                                   0.0f, 0.1f, 0.9f, 0.8f, 0.1f, 0.1f};
  // Truths: example 0 (2, 1), example 1 (1, 0): 2 of 4 right.
  std::vector<float> indices = {2, 1, 1, 0};
  MetricsAccumulator acc(Task::MultiClass, 3, false, /*indexTargets=*/true);
  acc.add(prediction, indices, 2, 6);
  MetricsAccumulator::Report r = acc.report();
  ASSERT_TRUE(r.accuracy && r.confusion);
  EXPECT_DOUBLE_EQ(*r.accuracy, 0.5);
  EXPECT_EQ(r.confusion->count(2, 2), 1);
  EXPECT_EQ(r.confusion->count(1, 0), 1);
  EXPECT_EQ(r.confusion->count(1, 1), 1);
  EXPECT_EQ(r.confusion->count(0, 1), 1);

  // The same truths as one-hot rows give the same confusion matrix.
  std::vector<float> oneHot = {0, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 0};
  MetricsAccumulator hot(Task::MultiClass, 3, false);
  hot.add(prediction, oneHot, 2, 6);
  for (int64_t t = 0; t < 3; ++t)
    for (int64_t p = 0; p < 3; ++p)
      EXPECT_EQ(hot.report().confusion->count(t, p), r.confusion->count(t, p))
          << t << " " << p;
}

} // namespace
