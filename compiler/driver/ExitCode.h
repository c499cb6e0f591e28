//===- ExitCode.h - What netc's exit status means ---------------*- C++ -*-===//
#ifndef NETC_COMPILER_DRIVER_EXITCODE_H
#define NETC_COMPILER_DRIVER_EXITCODE_H

namespace netc::driver {

enum class ExitCode : int {
  Success = 0,
  /// The .net file or the data it names is wrong; a located error says why.
  InputError = 1,
  /// The command line is wrong (unknown flag, missing file argument).
  UsageError = 2,
  /// Training diverged (the loss became NaN or infinite).
  TrainingDiverged = 3,
  /// An output could not be written.
  OutputError = 4,
  /// netc itself failed (a Halide compile error, say): a bug to report.
  InternalError = 70,
};

inline int toInt(ExitCode code) { return static_cast<int>(code); }

} // namespace netc::driver

#endif // NETC_COMPILER_DRIVER_EXITCODE_H
