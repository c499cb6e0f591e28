//===- Targets.h - Which machine code netc generates ------------*- C++ -*-===//
#ifndef NETC_COMPILER_LOWERING_TARGETS_H
#define NETC_COMPILER_LOWERING_TARGETS_H

#include "Halide.h"

#include "llvm/ADT/StringRef.h"

namespace netc::lowering {

/// The Halide target for netc's `--target` spelling. "host" is this
/// machine, its AVX-512 limited to the Skylake level (F, CD, BW, DQ, VL).
/// History: in netc's first days Halide 14's AVX-512 code crashed on an
/// AMD Zen 4 (a segfault in a gradient pipeline, fine with AVX2 and under
/// `debug`), so "host" left AVX-512 out. Since then the lowering stopped
/// handing Halide caller buffers it would assume vector-aligned
/// (HalideLowering.cpp), which crashed with AVX2 too; the whole test suite
/// passes with 16-lane code on a Sapphire Rapids Xeon, and the schedule
/// uses 16 lanes only where they pay (schedules/CpuSchedule.cpp). Not yet
/// rerun on a Zen 4: should it crash there, `--target
/// x86-64-linux-avx2-fma` and HL_JIT_TARGET (taken as written) avoid
/// AVX-512. Throws Halide::Error for an unknown spelling.
Halide::Target resolveTarget(llvm::StringRef name);

/// The target of in-process (JIT) code: HL_JIT_TARGET if set, else "host"
/// as above with Halide's asserts left out. netc creates every buffer it
/// passes and JitFunction checks each call's extents on the host
/// (CallShapeCheck.h), so the asserts only repeated that check, at a cost:
/// the translator's two entry points compiled in 14 s with them and 9.6 s
/// without (2-core Xeon, Halide 14). HL_JIT_TARGET without no_asserts puts
/// them back, a debugging aid for a suspected out-of-bounds access. AOT
/// builds (`netc build`) keep them: an embedding program's buffers are
/// checked by nothing else.
Halide::Target jitTarget();

/// Compiles `pipeline` for `target` to the object file `path` and returns
/// its module. On CPU targets the lowering leaves out Halide's buffer
/// checks (type, rank, extents and the region read of every argument, at
/// every call: the callers check shapes themselves) while code generation
/// keeps its own, above all that a halide_malloc which returned NULL fails
/// the call instead of crashing it (`netc build`'s exhausted workspace, an
/// out-of-memory in a pipeline of the cache). GPU targets keep every
/// check: theirs report failed device calls.
Halide::Module compileWithoutBufferAsserts(
    Halide::Pipeline &pipeline, const std::vector<Halide::Argument> &arguments,
    const std::string &symbol, const Halide::Target &target,
    const std::string &path);

} // namespace netc::lowering

#endif // NETC_COMPILER_LOWERING_TARGETS_H
