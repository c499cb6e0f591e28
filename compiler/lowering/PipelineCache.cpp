//===- PipelineCache.cpp - Compiled pipelines kept between runs -----------===//
#include "compiler/lowering/PipelineCache.h"
#include "compiler/lowering/JitAllocator.h"
#include "compiler/lowering/Targets.h"

#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/SHA256.h"
#include "llvm/Support/xxhash.h"

#include <cstdlib>
#include <dlfcn.h>
#include <functional>
#include <mutex>
#include <sys/stat.h>

namespace netc::lowering {
namespace {

llvm::Error failure(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

/// This executable's bytes and the Halide library it runs, hashed once: a
/// rebuilt netc or an upgraded Halide may lower the same MLIR differently.
/// 0 when either cannot be read, which turns the cache off.
uint64_t codeIdentity() {
  static const uint64_t identity = []() -> uint64_t {
    auto exe = llvm::MemoryBuffer::getFile("/proc/self/exe");
    Dl_info halide;
    struct stat halideFile;
    if (!exe ||
        !dladdr(reinterpret_cast<void *>(&Halide::get_host_target),
                &halide) ||
        !halide.dli_fname || stat(halide.dli_fname, &halideFile) != 0)
      return 0;
    std::string halideId = std::string(halide.dli_fname) + ":" +
                           std::to_string(halideFile.st_size) + ":" +
                           std::to_string(halideFile.st_mtime);
    uint64_t hash = llvm::xxh3_64bits(
        llvm::arrayRefFromStringRef((*exe)->getBuffer()));
    return hash ^ llvm::xxh3_64bits(llvm::arrayRefFromStringRef(halideId));
  }();
  return identity;
}

/// The message of the last error a cached pipeline's Halide runtime
/// reported (its runtime calls halide_error before the entry point fails).
std::mutex errorMutex;
std::string lastError;

void recordError(void *, const char *message) {
  std::lock_guard<std::mutex> lock(errorMutex);
  lastError = message;
}

/// Writes a file through `write(tempPath)` and renames it to `path`.
llvm::Error writeAtomically(llvm::StringRef path, llvm::StringRef suffix,
                            const std::function<llvm::Error(
                                const std::string &)> &write) {
  llvm::SmallString<256> temp;
  if (std::error_code ec = llvm::sys::fs::createUniqueFile(
          path + ".tmp-%%%%%%%%" + suffix, temp))
    return failure("cannot write in the pipeline cache: " + ec.message());
  llvm::Error err = write(std::string(temp));
  if (!err)
    if (std::error_code ec = llvm::sys::fs::rename(temp, path))
      err = failure(llvm::Twine("cannot rename ") + temp + ": " +
                    ec.message());
  if (err)
    llvm::sys::fs::remove(temp);
  return err;
}

/// Halide's runtime for `target`, compiled once per target into the cache.
llvm::Expected<std::string> runtimeObject(const Halide::Target &target,
                                          llvm::StringRef dir) {
  std::string name = target.to_string();
  std::string path =
      (dir + "/halide-runtime-" +
       llvm::utohexstr(llvm::xxh3_64bits(llvm::arrayRefFromStringRef(name)) ^
                       codeIdentity()) +
       ".o")
          .str();
  if (llvm::sys::fs::exists(path))
    return path;
  if (llvm::Error err = writeAtomically(
          path, ".o", [&](const std::string &temp) -> llvm::Error {
            Halide::compile_standalone_runtime(temp, target);
            return llvm::Error::success();
          }))
    return std::move(err);
  return path;
}

/// Compiles `lowered` and links it with Halide's runtime into `library`.
llvm::Error compileLibrary(const LoweredFunction &lowered,
                           const Halide::Target &target, llvm::StringRef dir,
                           llvm::StringRef library, llvm::StringRef symbol) {
  llvm::ErrorOr<std::string> cc = llvm::sys::findProgramByName("cc");
  if (!cc)
    return failure("no C compiler (cc) to link the pipeline cache with");
  Halide::Target aot = target.without_feature(Halide::Target::JIT);
  llvm::Expected<std::string> runtime = runtimeObject(aot, dir);
  if (!runtime)
    return runtime.takeError();
  llvm::SmallString<256> object;
  if (std::error_code ec = llvm::sys::fs::createUniqueFile(
          library + ".tmp-%%%%%%%%.o", object))
    return failure("cannot write in the pipeline cache: " + ec.message());
  auto removeObject =
      llvm::make_scope_exit([&] { llvm::sys::fs::remove(object); });
  // Mutable: Halide 14's compilers are not const.
  Halide::Pipeline pipeline = lowered.pipeline;
  Halide::Target noRuntime = aot.with_feature(Halide::Target::NoRuntime);
  if (aot.has_feature(Halide::Target::NoAsserts)) {
    // As the JIT, without Halide's buffer checks (JitFunction checks each
    // call's shapes), but an allocation that fails ends the call with an
    // error instead of a crash.
    compileWithoutBufferAsserts(
        pipeline, lowered.halideArguments(), symbol.str(),
        noRuntime.without_feature(Halide::Target::NoAsserts),
        std::string(object));
  } else {
    pipeline.compile_to_object(std::string(object),
                               lowered.halideArguments(), symbol.str(),
                               noRuntime);
  }
  return writeAtomically(
      library, ".so", [&](const std::string &temp) -> llvm::Error {
        // -Bsymbolic: the library's pipeline calls its own copy of the
        // runtime even if another library loaded first exports one.
        llvm::SmallVector<llvm::StringRef> args = {
            "cc", "-shared", "-Wl,-Bsymbolic", "-o", temp, object,
            *runtime, "-lpthread", "-ldl", "-lm"};
        std::string message;
        if (llvm::sys::ExecuteAndWait(*cc, args, std::nullopt, {}, 0, 0,
                                      &message) != 0)
          return failure(llvm::Twine("cc could not link ") + library +
                         (message.empty() ? "" : ": " + message));
        return llvm::Error::success();
      });
}

} // namespace

std::optional<std::string> pipelineCacheDir() {
  if (const char *off = std::getenv("NETC_CACHE");
      off && llvm::StringRef(off).equals_insensitive("off"))
    return std::nullopt;
  if (codeIdentity() == 0)
    return std::nullopt;
  if (const char *dir = std::getenv("NETC_CACHE_DIR"); dir && *dir)
    return std::string(dir);
  llvm::SmallString<256> path;
  if (const char *xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg)
    path = xdg;
  else if (const char *home = std::getenv("HOME"); home && *home)
    llvm::sys::path::append(path, home, ".cache");
  else
    return std::nullopt;
  llvm::sys::path::append(path, "netc");
  return std::string(path);
}

std::string pipelineCacheKey(llvm::StringRef functionText,
                             const Halide::Target &target) {
  llvm::SHA256 hash;
  uint64_t identity = codeIdentity();
  hash.update(llvm::ArrayRef<uint8_t>(
      reinterpret_cast<const uint8_t *>(&identity), sizeof identity));
  hash.update(target.to_string());
  hash.update(llvm::StringRef("\0", 1));
  hash.update(functionText);
  return llvm::toHex(hash.final(), /*LowerCase=*/true);
}

llvm::Expected<std::shared_ptr<CachedPipeline>>
CachedPipeline::getOrCompile(const LoweredFunction &lowered,
                             const Halide::Target &target,
                             llvm::StringRef dir, llvm::StringRef key) {
  std::string symbol = "netc_" + lowered.name;
  std::string library = (dir + "/" + key + ".so").str();
  bool hit = llvm::sys::fs::exists(library);
  if (!hit) {
    if (std::error_code ec = llvm::sys::fs::create_directories(dir))
      return failure(llvm::Twine("cannot create the pipeline cache ") + dir +
                     ": " + ec.message());
    try {
      if (llvm::Error err =
              compileLibrary(lowered, target, dir, library, symbol))
        return std::move(err);
    } catch (const Halide::Error &e) {
      return failure(llvm::Twine("Halide could not compile '") +
                     lowered.name + "': " + e.what());
    }
  }
  void *handle = dlopen(library.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!handle) {
    // Not a library this machine can load (another libc, a damaged
    // file): the next run compiles it again.
    std::string why = dlerror();
    llvm::sys::fs::remove(library);
    return failure("cannot load " + library + ": " + why);
  }
  using Malloc = void *(*)(void *, size_t);
  using Free = void (*)(void *, void *);
  using ErrorHandler = void (*)(void *, const char *);
  auto entry = reinterpret_cast<int (*)(void **)>(
      dlsym(handle, (symbol + "_argv").c_str()));
  auto setMalloc = reinterpret_cast<Malloc (*)(Malloc)>(
      dlsym(handle, "halide_set_custom_malloc"));
  auto setFree =
      reinterpret_cast<Free (*)(Free)>(dlsym(handle, "halide_set_custom_free"));
  auto setErrorHandler = reinterpret_cast<ErrorHandler (*)(ErrorHandler)>(
      dlsym(handle, "halide_set_error_handler"));
  if (!entry || !setMalloc || !setFree || !setErrorHandler) {
    dlclose(handle);
    llvm::sys::fs::remove(library);
    return failure(library + " lacks " + symbol + "_argv or Halide's runtime");
  }
  // As in the JIT (JitAllocator.h): no system allocation after the first
  // call; Halide's messages become llvm::Errors instead of stderr lines.
  setMalloc(reusingMalloc);
  setFree(reusingFree);
  setErrorHandler(recordError);
  return std::shared_ptr<CachedPipeline>(
      new CachedPipeline(handle, entry, hit));
}

llvm::Error CachedPipeline::run(void **buffers) const {
  {
    std::lock_guard<std::mutex> lock(errorMutex);
    lastError.clear();
  }
  int status = entry(buffers);
  if (status == 0)
    return llvm::Error::success();
  std::lock_guard<std::mutex> lock(errorMutex);
  return failure(lastError.empty()
                     ? "Halide error " + llvm::Twine(status)
                     : llvm::Twine(llvm::StringRef(lastError).rtrim()));
}

CachedPipeline::~CachedPipeline() { dlclose(handle); }

} // namespace netc::lowering
