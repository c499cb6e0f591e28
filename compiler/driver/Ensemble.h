//===- Ensemble.h - `netc train --ensemble K` -------------------*- C++ -*-===//
//
// K models of one architecture on the same training examples, from the
// seeds seed, seed + 1, ..., seed + K - 1 (init and shuffling), judged on
// the train block's `validation:` examples (required). The ensemble's
// prediction is the mean of the members' outputs as the model produces
// them (probabilities after a sigmoid, logits for bce_with_logits and
// cross_entropy): every loss netc has is convex in those outputs, so the
// averaged prediction's loss is never above the members' mean loss
// (Jensen). Each member's weights go to `<save minus .safetensors>.
// member<i>.safetensors` (i from 1).
//
//===----------------------------------------------------------------------===//
#ifndef NETC_COMPILER_DRIVER_ENSEMBLE_H
#define NETC_COMPILER_DRIVER_ENSEMBLE_H

#include "compiler/driver/Commands.h"
#include "compiler/driver/TrainSettings.h"
#include "compiler/driver/TrainingData.h"

#include "llvm/ADT/ArrayRef.h"

#include <cstdint>
#include <vector>

namespace netc::driver {

/// The loss of `predictions` (one array per group) against `groups`'
/// targets, per example as @evaluate reports it: `settings`' loss and
/// reduction, computed on the host in double precision. `classes` is the
/// extent of the class axis (cross_entropy).
double lossOfPredictions(const TrainSettings &settings, int64_t classes,
                         const std::vector<TrainingData> &groups,
                         const std::vector<std::vector<float>> &predictions);

/// `netc train FILE --ensemble K`.
ExitCode runEnsemble(llvm::StringRef path, const TrainOptions &options);

} // namespace netc::driver

#endif // NETC_COMPILER_DRIVER_ENSEMBLE_H
