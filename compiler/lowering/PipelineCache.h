//===- PipelineCache.h - Compiled pipelines kept between runs ---*- C++ -*-===//
//
// Halide's JIT compiles every pipeline anew in every process: 0.5-4 s per
// model (docs/benchmarks.md), more than a whole LeNet epoch takes to train.
// The cache compiles a pipeline once, ahead of time, into a shared library
// (Halide's object and its runtime, linked by the system's `cc`) named by
// a key over everything that decides the code: the function's MLIR, the
// target, and the identity of the executable and Halide that lower it.
// Later runs load the library and call its `<name>_argv` entry point.
//
// Where: $NETC_CACHE_DIR, else $XDG_CACHE_HOME/netc, else ~/.cache/netc.
// NETC_CACHE=off turns it off. A library is written under a unique name
// and renamed into place, so concurrent runs and interrupted ones never
// leave a half-written entry. Anything that goes wrong on the way (no
// `cc`, a read-only directory) falls back to the JIT.
//
//===----------------------------------------------------------------------===//
#ifndef NETC_COMPILER_LOWERING_PIPELINECACHE_H
#define NETC_COMPILER_LOWERING_PIPELINECACHE_H

#include "compiler/lowering/HalideLowering.h"

#include "llvm/Support/Error.h"

#include <memory>
#include <optional>
#include <string>

namespace netc::lowering {

/// The cache's directory, or none when NETC_CACHE=off or no home is known.
std::optional<std::string> pipelineCacheDir();

/// The key of `functionText` (a function's MLIR) compiled for `target`
/// by this executable with this Halide: 64 hex digits.
std::string pipelineCacheKey(llvm::StringRef functionText,
                             const Halide::Target &target);

/// A pipeline loaded from the cache.
class CachedPipeline {
public:
  /// Loads `key`'s library from `dir`; when it is missing, compiles
  /// `lowered` for `target` into it first.
  static llvm::Expected<std::shared_ptr<CachedPipeline>>
  getOrCompile(const LoweredFunction &lowered, const Halide::Target &target,
               llvm::StringRef dir, llvm::StringRef key);

  /// Runs the pipeline: one halide_buffer_t per argument, then per result.
  /// A Halide error comes back with Halide's message.
  llvm::Error run(void **buffers) const;

  /// Whether the library was already in the cache.
  bool wasCached() const { return hit; }

  ~CachedPipeline();
  CachedPipeline(const CachedPipeline &) = delete;
  CachedPipeline &operator=(const CachedPipeline &) = delete;

private:
  CachedPipeline(void *handle, int (*entry)(void **), bool hit)
      : handle(handle), entry(entry), hit(hit) {}
  void *handle;
  int (*entry)(void **);
  bool hit;
};

} // namespace netc::lowering

#endif // NETC_COMPILER_LOWERING_PIPELINECACHE_H
