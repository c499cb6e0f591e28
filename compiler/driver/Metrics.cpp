//===- Metrics.cpp - How good a model's predictions are -------------------===//
#include "compiler/driver/Metrics.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/FormatVariadic.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace netc::driver {

static constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double pearson(llvm::ArrayRef<double> x, llvm::ArrayRef<double> y) {
  size_t n = std::min(x.size(), y.size());
  if (n < 2)
    return kNaN;
  double mx = std::accumulate(x.begin(), x.begin() + n, 0.0) / n;
  double my = std::accumulate(y.begin(), y.begin() + n, 0.0) / n;
  double sxy = 0, sxx = 0, syy = 0;
  for (size_t i = 0; i < n; ++i) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) * (x[i] - mx);
    syy += (y[i] - my) * (y[i] - my);
  }
  if (sxx == 0 || syy == 0)
    return kNaN;
  return sxy / std::sqrt(sxx * syy);
}

std::vector<double> ranks(llvm::ArrayRef<double> values) {
  std::vector<size_t> order(values.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return values[a] < values[b]; });
  std::vector<double> rank(values.size());
  for (size_t i = 0; i < order.size();) {
    size_t j = i;
    while (j + 1 < order.size() && values[order[j + 1]] == values[order[i]])
      ++j;
    double shared = (i + j) / 2.0 + 1; // mean of the 1-based ranks i+1..j+1
    for (size_t k = i; k <= j; ++k)
      rank[order[k]] = shared;
    i = j + 1;
  }
  return rank;
}

double spearman(llvm::ArrayRef<double> x, llvm::ArrayRef<double> y) {
  return pearson(ranks(x), ranks(y));
}

double rocAuc(llvm::ArrayRef<double> scores, llvm::ArrayRef<bool> positive) {
  std::vector<double> rank = ranks(scores);
  double positives = 0, rankSum = 0;
  for (size_t i = 0; i < scores.size(); ++i)
    if (positive[i]) {
      ++positives;
      rankSum += rank[i];
    }
  double negatives = scores.size() - positives;
  if (positives == 0 || negatives == 0)
    return kNaN;
  // U of the positives: their rank sum less the ranks they take among
  // themselves; every tie with a negative contributed half through the
  // shared ranks.
  double u = rankSum - positives * (positives + 1) / 2;
  return u / (positives * negatives);
}

int64_t ConfusionMatrix::total() const {
  return std::accumulate(counts.begin(), counts.end(), int64_t(0));
}

int64_t ConfusionMatrix::correct() const {
  int64_t sum = 0;
  for (int64_t c = 0; c < classCount; ++c)
    sum += count(c, c);
  return sum;
}

int64_t ConfusionMatrix::support(int64_t truth) const {
  int64_t sum = 0;
  for (int64_t p = 0; p < classCount; ++p)
    sum += count(truth, p);
  return sum;
}

double ConfusionMatrix::recall(int64_t truth) const {
  int64_t n = support(truth);
  return n ? double(count(truth, truth)) / n : kNaN;
}

Task taskFor(llvm::StringRef loss, int64_t classes) {
  if (loss == "cross_entropy")
    return Task::MultiClass;
  if (loss == "bce" || loss == "bce_with_logits")
    return classes > 1 ? Task::MultiClass : Task::Binary;
  return Task::Regression;
}

MetricsAccumulator::MetricsAccumulator(Task task, int64_t classes, bool logits,
                                       bool indexTargets)
    : task(task), classes(classes), logits(logits), indexTargets(indexTargets),
      confusion(task == Task::MultiClass ? classes : 0) {}

void MetricsAccumulator::add(llvm::ArrayRef<float> predictions,
                             llvm::ArrayRef<float> targets, int64_t count,
                             int64_t width) {
  if (task != Task::MultiClass) {
    scores.insert(scores.end(), predictions.begin(),
                  predictions.begin() + count * width);
    truths.insert(truths.end(), targets.begin(), targets.begin() + count * width);
    return;
  }
  int64_t positions = width / classes;
  for (int64_t example = 0; example < count; ++example)
    for (int64_t position = 0; position < positions; ++position) {
      const float *p = predictions.data() + example * width + position;
      int64_t best = 0, truth = 0;
      for (int64_t c = 1; c < classes; ++c)
        if (p[c * positions] > p[best * positions])
          best = c;
      if (indexTargets) {
        // The loaders checked that every index is a class.
        truth = static_cast<int64_t>(targets[example * positions + position]);
      } else {
        // One-hot or probability targets: the most likely class.
        const float *t = targets.data() + example * width + position;
        for (int64_t c = 1; c < classes; ++c)
          if (t[c * positions] > t[truth * positions])
            truth = c;
      }
      confusion.add(truth, best);
    }
}

MetricsAccumulator::Report MetricsAccumulator::report() const {
  Report r;
  switch (task) {
  case Task::MultiClass:
    if (confusion.total())
      r.accuracy = double(confusion.correct()) / confusion.total();
    r.confusion = confusion;
    break;
  case Task::Binary: {
    double threshold = logits ? 0.0 : 0.5;
    llvm::SmallVector<bool, 0> positive; // not vector<bool>: ArrayRef needs data()
    int64_t correct = 0;
    for (size_t i = 0; i < scores.size(); ++i) {
      positive.push_back(truths[i] >= 0.5);
      correct += (scores[i] >= threshold) == positive.back();
    }
    if (!scores.empty())
      r.accuracy = double(correct) / scores.size();
    double auc = rocAuc(scores, positive);
    if (!std::isnan(auc))
      r.auc = auc;
    break;
  }
  case Task::Regression: {
    double squared = 0;
    for (size_t i = 0; i < scores.size(); ++i)
      squared += (scores[i] - truths[i]) * (scores[i] - truths[i]);
    if (!scores.empty())
      r.mse = squared / scores.size();
    // Targets in [0, 1] are affinities (the peptide examples): the AUC of
    // telling binders (target above 0.5) from the rest, as the course does.
    bool unitInterval = !truths.empty() &&
                        llvm::all_of(truths, [](double t) { return t >= 0 && t <= 1; });
    if (unitInterval) {
      llvm::SmallVector<bool, 0> binder;
      for (double t : truths)
        binder.push_back(t > 0.5);
      double auc = rocAuc(scores, binder);
      if (!std::isnan(auc))
        r.auc = auc;
    }
    double rp = pearson(scores, truths), rs = spearman(scores, truths);
    if (!std::isnan(rp))
      r.pearson = rp;
    if (!std::isnan(rs))
      r.spearman = rs;
    break;
  }
  }
  return r;
}

std::string formatMetrics(const MetricsAccumulator::Report &report,
                          llvm::StringRef prefix) {
  std::string line = llvm::formatv("{0}loss {1:f6}", prefix, report.loss);
  auto add = [&](llvm::StringRef name, const std::optional<double> &value) {
    if (value)
      line += llvm::formatv("  {0}{1} {2:f4}", prefix, name, *value).str();
  };
  add("accuracy", report.accuracy);
  add("auc", report.auc);
  add("pearson", report.pearson);
  add("spearman", report.spearman);
  for (const MetricsAccumulator::OutputMetrics &out : report.outputs) {
    std::string named = out.name + " ";
    add(named + "accuracy", out.accuracy);
    add(named + "auc", out.auc);
    add(named + "pearson", out.pearson);
    add(named + "spearman", out.spearman);
  }
  return line;
}

void printClassBreakdown(llvm::raw_ostream &os, const ConfusionMatrix &matrix,
                         llvm::ArrayRef<std::string> names, int64_t maxMatrix) {
  auto name = [&](int64_t c) {
    return c < int64_t(names.size()) ? names[c] : std::to_string(c);
  };
  os << "class  examples  accuracy\n";
  for (int64_t c = 0; c < matrix.classes(); ++c) {
    int64_t n = matrix.support(c);
    if (n == 0)
      continue;
    os << llvm::formatv("{0,-5}  {1,8}  {2,8:f4}\n", name(c), n,
                        matrix.recall(c));
  }
  if (matrix.classes() > maxMatrix)
    return;
  os << "confusion (rows: true class, columns: predicted)\n      ";
  for (int64_t p = 0; p < matrix.classes(); ++p)
    os << llvm::formatv("{0,6}", name(p));
  os << "\n";
  for (int64_t t = 0; t < matrix.classes(); ++t) {
    os << llvm::formatv("{0,-6}", name(t));
    for (int64_t p = 0; p < matrix.classes(); ++p)
      os << llvm::formatv("{0,6}", matrix.count(t, p));
    os << "\n";
  }
}

} // namespace netc::driver
