//===- JitAllocator.h - Reused memory for JIT-compiled pipelines -*- C++ -*-===//
//
// Halide's JIT runtime mallocs every intermediate buffer of a call and
// frees it on return. Large buffers come from mmap, so every training step
// page-faulted its whole working set afresh. These handlers keep freed
// blocks and hand them back to the next request of the same size: after
// the first call a pipeline's steps allocate nothing from the system,
// as the AOT code does with the caller's workspace.
//
//===----------------------------------------------------------------------===//
#ifndef NETC_COMPILER_LOWERING_JITALLOCATOR_H
#define NETC_COMPILER_LOWERING_JITALLOCATOR_H

#include "Halide.h"

namespace netc::lowering {

/// Makes `pipeline` allocate through the reusing allocator.
void useReusingAllocator(Halide::Pipeline &pipeline);

/// The same allocator as halide_set_custom_malloc and
/// halide_set_custom_free take it, for pipelines loaded from the cache
/// (PipelineCache.h).
void *reusingMalloc(void *userContext, size_t size);
void reusingFree(void *userContext, void *block);

/// Bytes held in blocks that are free for reuse (for tests).
size_t reusableBytes();

} // namespace netc::lowering

#endif // NETC_COMPILER_LOWERING_JITALLOCATOR_H
