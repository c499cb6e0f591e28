//===- Targets.h - Which machine code netc generates ------------*- C++ -*-===//
#ifndef NETC_COMPILER_LOWERING_TARGETS_H
#define NETC_COMPILER_LOWERING_TARGETS_H

#include "Halide.h"

#include "llvm/ADT/StringRef.h"

namespace netc::lowering {

/// The Halide target for netc's `--target` spelling. "host" is this machine
/// without AVX-512: Halide 14's AVX-512 code crashed on an AMD Zen 4 here
/// (a segfault inside a gradient pipeline that runs correctly with AVX2 and
/// under the `debug` feature), so AVX-512 is only used when named
/// explicitly, e.g. "x86-64-linux-avx512". Throws Halide::Error for an
/// unknown spelling.
Halide::Target resolveTarget(llvm::StringRef name);

/// The target of in-process (JIT) code: HL_JIT_TARGET if set, else "host"
/// as above.
Halide::Target jitTarget();

} // namespace netc::lowering

#endif // NETC_COMPILER_LOWERING_TARGETS_H
