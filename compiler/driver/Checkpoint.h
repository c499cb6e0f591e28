//===- Checkpoint.h - Training state on disk, as safetensors ----*- C++ -*-===//
//
// A checkpoint is two safetensors files written atomically (runtime/
// netc_safetensors.h): `<path>` holds the parameters under their PyTorch
// names, so it loads into the matching torch model with strict=True;
// `<path minus .safetensors>.optimizer.safetensors` holds the optimizer
// state and, as metadata, what a resumed run needs to continue exactly as
// an uninterrupted one: the epoch and the shuffling generator's state.
//
//===----------------------------------------------------------------------===//
#ifndef NETC_COMPILER_DRIVER_CHECKPOINT_H
#define NETC_COMPILER_DRIVER_CHECKPOINT_H

#include "compiler/codegen/ModelInterface.h"

#include "netc_rng.h"

#include "llvm/Support/Error.h"

#include <string>
#include <vector>

namespace netc::driver {

struct TrainingState {
  std::vector<float> params;     ///< the model's parameter region
  std::vector<float> optimizer;  ///< the optimizer-state region
  int64_t epoch = 0;             ///< epochs completed
  netc_rng shuffleRng{};         ///< as it stands after `epoch`
};

/// The companion file of `path` that holds the optimizer state.
std::string optimizerPath(llvm::StringRef path);

/// Writes both files; each replaces its old version only once complete.
llvm::Error saveCheckpoint(const std::string &path,
                           const codegen::ModelInterface &model,
                           const TrainingState &state);

/// Reads both files into `state` (sized for `model`); every tensor's name,
/// dtype and shape is checked against the model, and the two files must be
/// of the same model and epoch.
llvm::Error loadCheckpoint(const std::string &path,
                           const codegen::ModelInterface &model,
                           TrainingState &state);

/// Loads only the parameters (for prediction), checked the same way.
llvm::Error loadParameters(const std::string &path,
                           const codegen::ModelInterface &model,
                           std::vector<float> &params);

} // namespace netc::driver

#endif // NETC_COMPILER_DRIVER_CHECKPOINT_H
