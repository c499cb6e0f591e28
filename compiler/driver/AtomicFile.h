//===- AtomicFile.h - Write a whole file or nothing -------------*- C++ -*-===//
#ifndef NETC_COMPILER_DRIVER_ATOMICFILE_H
#define NETC_COMPILER_DRIVER_ATOMICFILE_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <string>

namespace netc::driver {

/// Writes `contents` to `path` through a temporary file beside it, flushed
/// to disk and renamed over `path` once complete: a reader (or a crash)
/// sees the old file or the new one, never half of one. Errors name the
/// file.
llvm::Error writeFileAtomically(const std::string &path,
                                llvm::StringRef contents);

} // namespace netc::driver

#endif // NETC_COMPILER_DRIVER_ATOMICFILE_H
