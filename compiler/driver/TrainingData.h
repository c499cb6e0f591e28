//===- TrainingData.h - The examples named by a train block -----*- C++ -*-===//
#ifndef NETC_COMPILER_DRIVER_TRAININGDATA_H
#define NETC_COMPILER_DRIVER_TRAININGDATA_H

#include "compiler/codegen/ModelInterface.h"
#include "compiler/driver/DataFiles.h"
#include "compiler/driver/Frontend.h"

#include <vector>

namespace netc::driver {

/// Examples as two row-major arrays: `count` rows of `inputWidth` features
/// and of `targetWidth` targets.
struct TrainingData {
  int64_t count = 0;
  int64_t inputWidth = 0;
  int64_t targetWidth = 0;
  /// Floats of the model's output per example when they differ from the
  /// target's (class-index targets: one index per position); 0 otherwise.
  int64_t outputWidth = 0;
  int64_t predictionWidth() const { return outputWidth ? outputWidth : targetWidth; }
  std::vector<float> inputs;
  std::vector<float> targets;
  /// Every example's extents without the batch, when they are not the
  /// model's static ones (sequences of length L): set by the sequence
  /// sources, empty otherwise.
  std::vector<int64_t> inputShape, targetShape;
  /// Each example's name for `netc predict`: the FASTA id, or the row or
  /// image number.
  std::vector<std::string> ids;
  /// Each example's position in the data file (0-based): groups reorder
  /// examples, `netc predict` writes them back in file order.
  std::vector<int64_t> indices;
};

/// Reads the `data:` source of the compilation's train block (paths
/// relative to the .net file, or the request's file) and checks it against
/// the model's input and output shapes: the examples in groups of equal
/// shape (one group per sequence length; one group for csv and idx).
/// Errors point at the file and record, and at the .net line that named
/// the data.
std::optional<std::vector<TrainingData>>
loadTrainingGroups(Compilation &compilation,
                   const codegen::ModelInterface &model,
                   const DataRequest &request = {});

} // namespace netc::driver

#endif // NETC_COMPILER_DRIVER_TRAININGDATA_H
