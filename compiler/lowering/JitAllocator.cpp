//===- JitAllocator.cpp - Reused memory for JIT-compiled pipelines --------===//
#include "compiler/lowering/JitAllocator.h"

#include <cstdlib>
#include <map>
#include <mutex>

namespace netc::lowering {
namespace {

/// Halide may read 8 bytes either side of a block and loads whole vectors
/// from it aligned (64 bytes on AVX-512, as Halide 14's own allocator
/// aligns); a 64-byte header before each 64-byte-aligned block keeps both
/// true and records the block's size for free().
constexpr size_t kHeader = 64;
constexpr size_t kSlack = 64;
/// Free blocks beyond this many bytes go back to the system (a run that
/// changes batch sizes would otherwise keep every size it ever used).
constexpr size_t kMaxReusable = size_t(1) << 30;

struct FreeBlocks {
  std::mutex mutex;
  std::multimap<size_t, void *> bySize; // block start (after the header)
  size_t bytes = 0;
};

FreeBlocks &freeBlocks() {
  static FreeBlocks *blocks = new FreeBlocks; // outlives every pipeline
  return *blocks;
}

size_t &sizeOf(void *block) {
  return *reinterpret_cast<size_t *>(static_cast<char *>(block) - kHeader);
}

void *allocateBlock(size_t size) {
  FreeBlocks &blocks = freeBlocks();
  {
    std::lock_guard<std::mutex> lock(blocks.mutex);
    auto it = blocks.bySize.find(size);
    if (it != blocks.bySize.end()) {
      void *block = it->second;
      blocks.bySize.erase(it);
      blocks.bytes -= size;
      return block;
    }
  }
  size_t total = (kHeader + size + kSlack + 63) / 64 * 64;
  char *base = static_cast<char *>(std::aligned_alloc(64, total));
  if (!base)
    return nullptr;
  void *block = base + kHeader;
  sizeOf(block) = size;
  return block;
}

void releaseBlock(void *block) {
  if (!block)
    return;
  size_t size = sizeOf(block);
  FreeBlocks &blocks = freeBlocks();
  {
    std::lock_guard<std::mutex> lock(blocks.mutex);
    if (blocks.bytes + size <= kMaxReusable) {
      blocks.bySize.emplace(size, block);
      blocks.bytes += size;
      return;
    }
  }
  std::free(static_cast<char *>(block) - kHeader);
}

} // namespace

void useReusingAllocator(Halide::Pipeline &pipeline) {
  pipeline.jit_handlers().custom_malloc = [](Halide::JITUserContext *,
                                             size_t size) {
    return allocateBlock(size);
  };
  pipeline.jit_handlers().custom_free = [](Halide::JITUserContext *,
                                           void *block) {
    releaseBlock(block);
  };
}

void *reusingMalloc(void *, size_t size) { return allocateBlock(size); }

void reusingFree(void *, void *block) { releaseBlock(block); }

size_t reusableBytes() {
  FreeBlocks &blocks = freeBlocks();
  std::lock_guard<std::mutex> lock(blocks.mutex);
  return blocks.bytes;
}

} // namespace netc::lowering
