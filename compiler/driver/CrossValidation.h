//===- CrossValidation.h - `netc train --folds K` ---------------*- C++ -*-===//
//
// K-fold cross-validation: the examples (every group, seeded by the train
// block's seed) are dealt into K folds; K models, each from the same seeded
// init, train on all folds but one and are judged on that one. One line per
// fold, then the mean and the sample standard deviation of each validation
// value. The `validation:` fraction is not used: every fold is held out in
// turn. Each fold's weights go to `<save minus .safetensors>.fold<i>.
// safetensors` (i from 1).
//
//===----------------------------------------------------------------------===//
#ifndef NETC_COMPILER_DRIVER_CROSSVALIDATION_H
#define NETC_COMPILER_DRIVER_CROSSVALIDATION_H

#include "compiler/driver/Commands.h"
#include "compiler/driver/TrainingData.h"

#include <cstdint>
#include <vector>

namespace netc::driver {

/// Each example's fold, per group: a seeded shuffle of every group dealt
/// round robin, continuing from group to group, so fold sizes differ by at
/// most one whatever the groups' sizes.
std::vector<std::vector<int64_t>>
assignFolds(const std::vector<TrainingData> &groups, int64_t folds,
            uint64_t seed);

/// The examples of `fold` (`held` = true) or of every other fold, in
/// groups shaped as `groups`.
std::vector<TrainingData>
selectFold(const std::vector<TrainingData> &groups,
           const std::vector<std::vector<int64_t>> &assignment, int64_t fold,
           bool held);

/// `netc train FILE --folds K`.
ExitCode runCrossValidation(llvm::StringRef path, const TrainOptions &options);

} // namespace netc::driver

#endif // NETC_COMPILER_DRIVER_CROSSVALIDATION_H
