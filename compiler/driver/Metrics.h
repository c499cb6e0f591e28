//===- Metrics.h - How good a model's predictions are -----------*- C++ -*-===//
//
// The numbers `netc train` reports each epoch and `netc eval` at the end,
// chosen by the loss:
//   bce, bce_with_logits, one output   accuracy (threshold 0.5, or 0 on
//                                      logits) and ROC AUC
//   cross_entropy, or several outputs  accuracy of the largest output along
//   along the class axis               axis 1, per position; per-class
//                                      accuracy and the confusion matrix
//   mse                                MSE, Pearson and Spearman correlation;
//                                      with targets in [0, 1] (affinities)
//                                      also the AUC of binders (target > 0.5)
// A model with several outputs (named results) is judged per output, by
// each output's own loss (Report::outputs).
// The statistics are plain functions so tests can check them against
// hand-computed values.
//
//===----------------------------------------------------------------------===//
#ifndef NETC_COMPILER_DRIVER_METRICS_H
#define NETC_COMPILER_DRIVER_METRICS_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace netc::driver {

/// Pearson's correlation of two series of equal length; NaN when either
/// is constant or shorter than 2.
double pearson(llvm::ArrayRef<double> x, llvm::ArrayRef<double> y);

/// Each value's rank, 1-based; tied values share their mean rank.
std::vector<double> ranks(llvm::ArrayRef<double> values);

/// Spearman's correlation: Pearson's of the ranks.
double spearman(llvm::ArrayRef<double> x, llvm::ArrayRef<double> y);

/// Area under the ROC curve of `scores` for the `positive` labels: the
/// probability that a random positive scores above a random negative, ties
/// counting half (Mann-Whitney U / (P * N)). NaN without both classes.
double rocAuc(llvm::ArrayRef<double> scores, llvm::ArrayRef<bool> positive);

/// Counts of (true class, predicted class).
class ConfusionMatrix {
public:
  explicit ConfusionMatrix(int64_t classes = 0)
      : classCount(classes), counts(classes * classes, 0) {}
  void add(int64_t truth, int64_t predicted) {
    ++counts[truth * classCount + predicted];
  }
  int64_t classes() const { return classCount; }
  int64_t count(int64_t truth, int64_t predicted) const {
    return counts[truth * classCount + predicted];
  }
  int64_t total() const;
  int64_t correct() const;
  /// Examples of class `truth`.
  int64_t support(int64_t truth) const;
  /// Fraction of class `truth` predicted as such; NaN without examples.
  double recall(int64_t truth) const;

private:
  int64_t classCount;
  std::vector<int64_t> counts;
};

/// What the predictions are judged as.
enum class Task { Regression, Binary, MultiClass };

/// Task of a loss (`mse`, `bce`, ...) for an output with `classes` values
/// along the class axis (1 for a single output).
Task taskFor(llvm::StringRef loss, int64_t classes);

/// Accumulates predictions and targets batch by batch, then reports.
class MetricsAccumulator {
public:
  /// `logits`: binary scores are logits (threshold 0) instead of
  /// probabilities (threshold 0.5).
  /// `indexTargets`: each target is one class index per position
  /// (cross_entropy(targets: indices)) rather than `width` values.
  MetricsAccumulator(Task task, int64_t classes, bool logits,
                     bool indexTargets = false);

  /// `count` examples, each `width` predictions laid out [classes,
  /// positions] (positions = width / classes: the codons of a translated
  /// sequence); targets alike, or `positions` class indices per example.
  void add(llvm::ArrayRef<float> predictions, llvm::ArrayRef<float> targets,
           int64_t count, int64_t width);

  /// One output's metrics in a model with several outputs.
  struct OutputMetrics {
    std::string name;
    std::optional<double> accuracy, auc, pearson, spearman;
  };
  struct Report {
    double loss = 0; ///< filled by the caller
    std::optional<double> accuracy, auc, mse, pearson, spearman;
    std::optional<ConfusionMatrix> confusion;
    /// Several outputs: each judged by its own loss (the fields above
    /// stay empty but the loss, their weighted sum).
    std::vector<OutputMetrics> outputs;
  };
  Report report() const;

private:
  Task task;
  int64_t classes;
  bool logits;
  bool indexTargets;
  std::vector<double> scores, truths; ///< Binary and Regression
  ConfusionMatrix confusion;          ///< MultiClass
};

/// "loss 0.1234  accuracy 0.9500  auc 0.9810" with `prefix` before each
/// name ("val "); the metrics the report has, in a fixed order; then each
/// output's, named ("cls accuracy 0.9500").
std::string formatMetrics(const MetricsAccumulator::Report &report,
                          llvm::StringRef prefix = "");

/// Per-class recall with support and, for up to `maxMatrix` classes, the
/// confusion matrix, rows = true class. `names` label the classes (empty:
/// their indices).
void printClassBreakdown(llvm::raw_ostream &os, const ConfusionMatrix &matrix,
                         llvm::ArrayRef<std::string> names,
                         int64_t maxMatrix = 12);

} // namespace netc::driver

#endif // NETC_COMPILER_DRIVER_METRICS_H
