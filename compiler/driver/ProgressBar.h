//===- ProgressBar.h - Training progress on a terminal ----------*- C++ -*-===//
//
// On a terminal, `netc train` redraws one line in place while an epoch runs:
//   epoch 2/3 [#########.........]  812/1600  loss 0.0912  2140 ex/s  ETA 0:07
// When output is not a terminal (a log file, CI, a pipe) the bar is silent
// and only the plain per-epoch lines are printed.
//
//===----------------------------------------------------------------------===//
#ifndef NETC_COMPILER_DRIVER_PROGRESSBAR_H
#define NETC_COMPILER_DRIVER_PROGRESSBAR_H

#include "llvm/Support/raw_ostream.h"

#include <chrono>
#include <cstdint>

namespace netc::driver {

class ProgressBar {
public:
  /// Draws on `os` only when `enabled` (normally: `os` is a terminal).
  ProgressBar(llvm::raw_ostream &os, bool enabled, int64_t epochs)
      : os(os), enabled(enabled), epochs(epochs) {}

  /// Starts epoch `epoch` (1-based) of the run.
  void startEpoch(int64_t epoch);
  /// After `step` of `steps` batches, `seen` examples with mean `loss`;
  /// redrawn at most ten times a second.
  void update(int64_t step, int64_t steps, int64_t seen, double loss);
  /// Erases the bar, so the epoch's line takes its place.
  void clear();

  /// "1:05", "12:00:09".
  static std::string formatDuration(double seconds);

private:
  using Clock = std::chrono::steady_clock;
  llvm::raw_ostream &os;
  bool enabled;
  int64_t epochs, epoch = 0, epochsTimed = 0;
  double secondsPerEpoch = 0; ///< mean over finished epochs
  Clock::time_point epochStart, lastDraw;
  bool drawn = false;
};

} // namespace netc::driver

#endif // NETC_COMPILER_DRIVER_PROGRESSBAR_H
