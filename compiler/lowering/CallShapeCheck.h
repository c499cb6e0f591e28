//===- CallShapeCheck.h - A JIT call's extents, on the host -*- C++ -*-===//
//
// netc compiles its in-process pipelines without Halide's asserts (see
// jitTarget()): they make up about a third of the compile time, and netc
// owns the buffers it passes. What those asserts guarded against, a call
// whose extents disagree with the function, is checked here instead, once
// per distinct set of shapes, with the pipeline's own requirement messages.
//
//===----------------------------------------------------------------------===//
#ifndef NETC_COMPILER_LOWERING_CALLSHAPECHECK_H
#define NETC_COMPILER_LOWERING_CALLSHAPECHECK_H

#include "compiler/lowering/HalideLowering.h"
#include "compiler/lowering/PipelineCache.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <vector>

namespace netc::lowering {

/// Checks the extents of one call of `function`, JIT-compiled for
/// `target` (each shape outermost first): every tensor has its signature's
/// rank and static extents and fits Halide's 32-bit indexing; every
/// requirement of the lowering holds (named dimensions such as L / 3,
/// convolutions that leave an output, each dynamic extent of a result
/// equal to the one its inputs give it); and the region of each argument
/// the pipeline reads lies inside it. Leaves the function's ImageParams
/// unbound. A pipeline loaded from the cache answers the bounds query
/// itself (`cached`): realizing `function`'s would JIT-compile it.
llvm::Error checkCallShapes(const LoweredFunction &function,
                            const Halide::Target &target,
                            llvm::ArrayRef<std::vector<int64_t>> arguments,
                            llvm::ArrayRef<std::vector<int64_t>> results,
                            const CachedPipeline *cached = nullptr);

} // namespace netc::lowering

#endif // NETC_COMPILER_LOWERING_CALLSHAPECHECK_H
