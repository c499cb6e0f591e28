//===- HyperparameterGrid.cpp - `netc train -D a=1,2 -D b=3,4` ------------===//
#include "compiler/driver/HyperparameterGrid.h"

#include "compiler/driver/RunModel.h"
#include "compiler/driver/TrainingRun.h"

#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <numeric>

namespace netc::driver {

using Report = MetricsAccumulator::Report;

std::vector<Overrides> gridCombinations(const Defines &defines) {
  std::vector<Overrides> result = {{}};
  for (const auto &[name, values] : defines) {
    std::vector<Overrides> next;
    for (const Overrides &prefix : result)
      for (const std::string &value : values) {
        next.push_back(prefix);
        next.back().emplace_back(name, value);
      }
    result = std::move(next);
  }
  return result;
}

namespace {

/// One trained combination: its overrides, and how it did (empty
/// `divergence` when it trained to the end).
struct GridPoint {
  Overrides values;
  RunOutcome outcome;
};

/// "lr=0.1 hidden=32": the values of the names that vary.
std::string describe(const Overrides &values, const Defines &defines) {
  std::string text;
  for (size_t i = 0; i < values.size(); ++i)
    if (defines[i].second.size() > 1)
      text += (text.empty() ? "" : " ") + values[i].first + "=" +
              values[i].second;
  return text;
}

/// Prints `rows` (the first is the header) in columns two spaces apart,
/// each as wide as its widest cell.
void printTable(llvm::raw_ostream &os,
                const std::vector<std::vector<std::string>> &rows) {
  std::vector<size_t> widths(rows.front().size(), 0);
  for (const auto &row : rows)
    for (size_t c = 0; c < row.size(); ++c)
      widths[c] = std::max(widths[c], row[c].size());
  for (const auto &row : rows) {
    std::string line;
    for (size_t c = 0; c < row.size(); ++c) {
      line += row[c];
      if (c + 1 < row.size())
        line += std::string(widths[c] - row[c].size() + 2, ' ');
    }
    os << llvm::StringRef(line).rtrim() << "\n";
  }
}

/// The ranked table: rank, the varying values, the final training loss,
/// the validation loss and each validation metric every row has.
/// Diverged combinations come last, their numbers "-".
void printRanking(llvm::raw_ostream &os, const std::vector<GridPoint> &points,
                  const std::vector<size_t> &order, const Defines &defines) {
  std::vector<Report> reports;
  for (const GridPoint &p : points)
    if (p.outcome.divergence.empty())
      reports.push_back(p.outcome.held);
  Report shared = meanReport(reports); // which metrics every row has
  std::vector<std::pair<std::string, std::optional<double> Report::*>> metrics;
  for (auto [name, field] :
       {std::pair{"accuracy", &Report::accuracy}, {"auc", &Report::auc},
        {"pearson", &Report::pearson}, {"spearman", &Report::spearman}})
    if (!reports.empty() && shared.*field)
      metrics.emplace_back(name, field);

  std::vector<std::vector<std::string>> rows(1);
  rows[0].push_back("rank");
  for (const auto &[name, values] : defines)
    if (values.size() > 1)
      rows[0].push_back(name);
  rows[0].push_back("loss");
  rows[0].push_back("val loss");
  for (const auto &metric : metrics)
    rows[0].push_back("val " + metric.first);
  for (size_t rank = 0; rank < order.size(); ++rank) {
    const GridPoint &p = points[order[rank]];
    std::vector<std::string> &row = rows.emplace_back();
    row.push_back(std::to_string(rank + 1));
    for (size_t i = 0; i < p.values.size(); ++i)
      if (defines[i].second.size() > 1)
        row.push_back(p.values[i].second);
    bool diverged = !p.outcome.divergence.empty();
    row.push_back(diverged ? "diverged"
                           : llvm::formatv("{0:f6}", p.outcome.loss).str());
    row.push_back(diverged ? "-"
                           : llvm::formatv("{0:f6}", p.outcome.held.loss).str());
    for (const auto &metric : metrics)
      row.push_back(diverged ? "-"
                             : llvm::formatv("{0:f4}",
                                             *(p.outcome.held.*metric.second))
                                   .str());
  }
  printTable(os, rows);
}

} // namespace

ExitCode runGrid(llvm::StringRef path, const TrainOptions &options) {
  std::vector<Overrides> combinations = gridCombinations(options.defines);
  std::vector<GridPoint> points;
  for (size_t i = 0; i < combinations.size(); ++i) {
    // Each combination is its own model: loaded and compiled anew.
    TrainingSetup setup;
    std::vector<TrainingData> validation;
    if (auto code = setup.load(path, combinations[i], options))
      return *code;
    if (setup.settings.validation <= 0) {
      const ast::Train &train = *setup.compilation.train();
      setup.compilation.error(
          train.loc, "a -D grid ranks its combinations on held-out examples: "
                     "add a fraction to hold out, `validation: 0.2`, to the "
                     "train block of '" + train.model + "'");
      return ExitCode::UsageError;
    }
    if (auto code = setup.holdOut(validation))
      return *code;
    if (i == 0)
      llvm::outs() << llvm::formatv(
          "netc: grid of {0} combinations of {1}, seed {2}, on {3} examples, "
          "validated on {4}\n",
          combinations.size(), setup.describe(), setup.settings.seed,
          exampleCount(setup.data), exampleCount(validation));
    if (auto code = setup.compile())
      return *code;
    std::string label = llvm::formatv("combination {0}/{1}", i + 1,
                                      combinations.size());
    GridPoint &point = points.emplace_back();
    point.values = combinations[i];
    std::string values = describe(point.values, options.defines);
    if (auto code = trainQuietly(setup, setup.data, validation,
                                 setup.settings.seed, options.maxSteps, label,
                                 point.outcome)) {
      if (point.outcome.divergence.empty())
        return *code;
      // A learning rate too large for the model is a result, not the end.
      llvm::outs() << label << "  " << values
                   << "  diverged: " << point.outcome.divergence << "\n";
      continue;
    }
    llvm::outs() << llvm::formatv("{0}  {1}  loss {2:f6}  ", label, values,
                                  point.outcome.loss)
                 << formatMetrics(point.outcome.held, "val ")
                 << llvm::formatv("  (compiled in {0:f2} s)",
                                  setup.compileSeconds)
                 << "\n";
    llvm::outs().flush();
  }

  std::vector<size_t> order(points.size());
  std::iota(order.begin(), order.end(), 0);
  auto diverged = [&](size_t i) { return !points[i].outcome.divergence.empty(); };
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    if (diverged(a) != diverged(b))
      return diverged(b);
    return !diverged(a) &&
           points[a].outcome.held.loss < points[b].outcome.held.loss;
  });
  llvm::outs() << "ranked by validation loss:\n";
  printRanking(llvm::outs(), points, order, options.defines);
  if (diverged(order.front())) {
    llvm::WithColor::error(llvm::errs(), "netc")
        << "every combination diverged\n";
    return ExitCode::TrainingDiverged;
  }
  std::string best;
  for (const auto &[name, value] : points[order.front()].values)
    best += " -D " + name + "=" + value;
  llvm::outs() << "netc: best:" << best
               << "; a grid saves no weights: train with these values to "
                  "keep them\n";
  return ExitCode::Success;
}

} // namespace netc::driver
