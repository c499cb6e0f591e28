//===- AotEmitter.cpp - Standalone objects for embedding ------------------===//
//
// 1. The weights: a given file, checked against the model, or the
//    initialisation `netc train` would start from; written as
//    `<model>.safetensors` and, with --embed-weights, compiled in.
// 2. Side by side on a thread pool, as they need nothing from each other:
//    each entry point lowered for the target with Halide's `no_runtime` and
//    `user_context` features, compiled to an object and its workspace
//    bounded (WorkspaceBound.cpp); netc_runtime's sources by the target's
//    C compiler; one standalone Halide runtime for the target. The
//    training step, the longest, is queued first.
// 3. The headers, which need the pipelines' signatures, then side by side
//    the sources that include them: the checked C entry points
//    (GlueEmitter.cpp, with the workspace bounds), parameter init and
//    weight files, the embedded weights.
// 4. `<model>.a` (and halide_runtime.a, for programs with several models)
//    packed with Halide's archive writer, and everything renamed from the
//    scratch folder into the output folder.
//
//===----------------------------------------------------------------------===//
#include "compiler/codegen/AotEmitter.h"
#include "compiler/codegen/Glue.h"
#include "compiler/codegen/ShapeExprC.h"
#include "compiler/codegen/WorkspaceBound.h"

#include "compiler/dialect/NNDialect.h"
#include "compiler/lowering/Targets.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Parallel.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/ThreadPool.h"
#include "llvm/Support/raw_ostream.h"

#include <functional>
#include <map>
#include <optional>
#include <sstream>

#include "netc_rng.h"
#include "netc_safetensors.h"

using namespace mlir;
using namespace netc::nn;

namespace netc::codegen {
namespace {

llvm::Error makeError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 message.str());
}

/// Scratch folder inside the output folder (same file system, so renames
/// are atomic); removed on every exit path.
class ScratchDir {
public:
  llvm::Error create(llvm::StringRef parent) {
    // LLVM puts relative prefixes in the system temp folder: anchor it here.
    llvm::SmallString<128> prefix(parent);
    llvm::sys::fs::make_absolute(prefix);
    llvm::sys::path::append(prefix, ".netc-build");
    if (std::error_code ec = llvm::sys::fs::createUniqueDirectory(prefix, path))
      return makeError("cannot create a scratch folder in '" + parent +
                       "': " + ec.message());
    return llvm::Error::success();
  }
  ~ScratchDir() {
    if (!path.empty())
      llvm::sys::fs::remove_directories(path);
  }
  std::string file(llvm::StringRef name) const {
    llvm::SmallString<128> p(path);
    llvm::sys::path::append(p, name);
    return std::string(p);
  }

private:
  llvm::SmallString<128> path;
};

llvm::Error writeFile(const std::string &path, llvm::StringRef contents) {
  std::error_code ec;
  llvm::raw_fd_ostream os(path, ec);
  if (ec)
    return makeError("cannot write '" + path + "': " + ec.message());
  os << contents;
  os.close();
  if (os.has_error())
    return makeError("cannot write '" + path + "': " + os.error().message());
  return llvm::Error::success();
}

/// netc_runtime's sources (runtime/CMakeLists.txt): compiled into every
/// archive for its target, so init and weight files work on any target.
constexpr const char *kRuntimeSources[] = {"netc_status.c", "netc_rng.c",
                                           "netc_safetensors.c"};

/// runtime/ sources: $NETC_RUNTIME_DIR, an install's share/netc/runtime
/// beside bin/netc, or this source tree's runtime/.
std::string runtimeSourceDir() {
  if (std::optional<std::string> dir =
          llvm::sys::Process::GetEnv("NETC_RUNTIME_DIR"))
    return *dir;
  std::string exe = llvm::sys::fs::getMainExecutable(
      nullptr, reinterpret_cast<void *>(&runtimeSourceDir));
  llvm::SmallString<256> installed(llvm::sys::path::parent_path(
      llvm::sys::path::parent_path(exe)));
  llvm::sys::path::append(installed, "share", "netc", "runtime");
  llvm::SmallString<256> probe(installed);
  llvm::sys::path::append(probe, "netc_rng.c");
  if (llvm::sys::fs::exists(probe))
    return std::string(installed);
  return NETC_RUNTIME_SOURCE_DIR;
}

/// The C compiler for `target`'s objects.
std::string cCompilerFor(const Halide::Target &target,
                         const AotOptions &options) {
  if (!options.cCompiler.empty())
    return options.cCompiler;
  if (std::optional<std::string> cc = llvm::sys::Process::GetEnv("NETC_CC"))
    return *cc;
  Halide::Target host = Halide::get_host_target();
  if (target.arch == Halide::Target::ARM && target.bits == 64 &&
      host.arch != Halide::Target::ARM)
    return "aarch64-linux-gnu-gcc";
  return "cc";
}

/// Compiles one C file to an object; the error carries the compiler's
/// own diagnostics.
llvm::Error compileC(const std::string &compiler, const std::string &source,
                     const std::string &object,
                     llvm::ArrayRef<std::string> includeDirs) {
  llvm::ErrorOr<std::string> program = llvm::sys::findProgramByName(compiler);
  if (!program)
    return makeError("cannot find the C compiler '" + compiler +
                     "' (pass --cc or set NETC_CC)");
  std::vector<std::string> args = {*program, "-c", "-O2", "-std=c11",
                                   "-fPIC", "-o", object};
  for (const std::string &dir : includeDirs)
    args.push_back("-I" + dir);
  args.push_back(source);
  std::vector<llvm::StringRef> argRefs(args.begin(), args.end());
  std::string log = object + ".log"; // one per compile: they run side by side
  std::optional<llvm::StringRef> redirects[] = {std::nullopt, log, log};
  std::string message;
  int rc = llvm::sys::ExecuteAndWait(*program, argRefs, std::nullopt,
                                     redirects, 0, 0, &message);
  if (rc != 0) {
    auto buffer = llvm::MemoryBuffer::getFile(log);
    return makeError("the C compiler failed on '" +
                     llvm::sys::path::filename(source) + "'" +
                     (message.empty() ? "" : ": " + message) + "\n" +
                     (buffer ? (*buffer)->getBuffer() : ""));
  }
  return llvm::Error::success();
}

/// The weights to ship: `options.weightsPath` checked against the model,
/// or the initialisation `netc train` starts from with `options.seed`.
llvm::Expected<std::vector<float>> shippedWeights(const ModelInterface &model,
                                                  const AotOptions &options) {
  std::vector<float> weights(model.paramCount, 0.0f);
  if (options.weightsPath.empty()) {
    netc_rng rng;
    netc_rng_seed(&rng, options.seed);
    for (const ParameterSlot &slot : model.params)
      netc_init_parameter(&rng, slot.init, slot.fanIn, slot.fanOut,
                          slot.initArgs, weights.data() + slot.offset,
                          slot.count);
    return weights;
  }
  std::vector<netc_tensor_slot> slots;
  for (const ParameterSlot &p : model.params)
    slots.push_back({p.name.c_str(), p.shape.data(),
                     static_cast<int32_t>(p.shape.size()),
                     weights.data() + p.offset});
  netc_status status{};
  if (netc_safetensors_load(options.weightsPath.c_str(), slots.data(),
                            static_cast<int64_t>(slots.size()), &status))
    return makeError(llvm::Twine(status.message) + " (the weights of model '" +
                     model.name + "' were expected)");
  return weights;
}

llvm::Error writeWeightsFile(const ModelInterface &model,
                             llvm::ArrayRef<float> weights,
                             const std::string &path) {
  std::vector<netc_tensor_view> views;
  for (const ParameterSlot &p : model.params)
    views.push_back({p.name.c_str(), p.shape.data(),
                     static_cast<int32_t>(p.shape.size()),
                     weights.data() + p.offset});
  netc_metadata_entry metadata[] = {{"netc.model", model.name.c_str()}};
  netc_status status{};
  if (netc_safetensors_write(path.c_str(), views.data(),
                             static_cast<int64_t>(views.size()), metadata, 1,
                             &status))
    return makeError(status.message);
  return llvm::Error::success();
}

/// One entry point compiled to an object in the scratch folder.
struct CompiledEntryPoint {
  std::string object;
  EntryPoint entryPoint;
  std::string workspaceBytes; ///< C expression over the model's symbols
};

/// Step 2 for one entry point: lower it with `no_runtime` and `user_context`
/// (the user context carries the caller's workspace to halide_malloc),
/// compile it to an object and bound its workspace.
llvm::Expected<CompiledEntryPoint>
compileEntryPoint(func::FuncOp fn, const ModelInterface &model,
                  const Halide::Target &target, const ScratchDir &scratch) {
  std::string fnName = fn.getSymName().str();
  Halide::Target noRuntime = target.with_feature(Halide::Target::NoRuntime)
                                 .with_feature(Halide::Target::UserContext);
  std::optional<lowering::LoweredFunction> lowered =
      lowering::lowerToHalide(fn, noRuntime);
  if (!lowered)
    return makeError("cannot lower @" + fnName + " to Halide");
  std::string symbol = model.name + "_" + fnName + "_pipeline";
  std::string object = scratch.file(symbol + ".o");
  llvm::Expected<std::string> bound = makeError("not compiled");
  try {
    // The glue describes each buffer itself from the model's symbols, so
    // Halide's buffer checks cannot fail there (and were a third of
    // compile time: translator 16 -> 7 s with the side-by-side steps); the
    // lowering's requirements stay, and the glue checks them first
    // (RequirementInC).
    Halide::Module compiled = lowering::compileWithoutBufferAsserts(
        lowered->pipeline, lowered->halideArguments(), symbol, noRuntime,
        object);
    llvm::consumeError(bound.takeError());
    bound = workspaceBound(*lowered, compiled, symbol);
  } catch (const Halide::Error &e) {
    return makeError("Halide could not compile @" + fnName + ": " + e.what());
  }
  if (!bound)
    return bound.takeError();
  llvm::Expected<std::vector<RequirementInC>> requirements =
      requirementsInC(*lowered);
  if (!requirements)
    return makeError("cannot check the requirements of @" + fnName + ": " +
                     llvm::toString(requirements.takeError()));
  return CompiledEntryPoint{object,
                            {fnName, symbol, lowered->arguments,
                             lowered->results, std::move(*requirements)},
                            *bound};
}

/// Runs `jobs` on a pool of one thread per core, in queue order, and joins
/// their errors. Halide compiles independent pipelines concurrently, and
/// lowering only reads the module.
llvm::Error runSideBySide(std::vector<std::function<llvm::Error()>> jobs) {
  std::vector<std::optional<llvm::Error>> results(jobs.size());
  {
    llvm::StdThreadPool pool(llvm::hardware_concurrency());
    for (size_t i = 0; i < jobs.size(); ++i)
      pool.async([&, i] { results[i].emplace(jobs[i]()); });
    pool.wait();
  }
  llvm::Error all = llvm::Error::success();
  for (std::optional<llvm::Error> &result : results)
    all = llvm::joinErrors(std::move(all), std::move(*result));
  return all;
}

} // namespace

llvm::Error emitStaticLibrary(ModuleOp module, const AotOptions &options) {
  std::optional<ModelInterface> model = ModelInterface::fromModule(module);
  if (!model)
    return makeError("the module does not describe a model");
  if (std::error_code ec =
          llvm::sys::fs::create_directories(options.outputDir))
    return makeError("cannot create output folder '" + options.outputDir +
                     "': " + ec.message());

  Halide::Target target;
  try {
    target = lowering::resolveTarget(options.targetString);
  } catch (const Halide::Error &e) {
    return makeError("unknown target '" + options.targetString + "'");
  }
  ScratchDir scratch;
  if (llvm::Error err = scratch.create(options.outputDir))
    return err;

  // 1. The weights.
  const std::string &m = model->name;
  llvm::Expected<std::vector<float>> weights =
      shippedWeights(*model, options);
  if (!weights)
    return weights.takeError();
  std::string weightsFile = scratch.file(m + ".safetensors");
  if (llvm::Error err = writeWeightsFile(*model, *weights, weightsFile))
    return err;

  // 2. Everything that needs nothing from the others, side by side.
  std::vector<std::function<llvm::Error()>> jobs;
  std::vector<func::FuncOp> functions;
  for (llvm::StringRef fnName : {kInferFn, kTrainStepFn})
    if (auto fn = module.lookupSymbol<func::FuncOp>(fnName))
      functions.push_back(fn);
  std::vector<std::optional<CompiledEntryPoint>> compiled(functions.size());
  for (size_t i = functions.size(); i-- > 0;) // the training step first
    jobs.push_back([&, i]() -> llvm::Error {
      llvm::Expected<CompiledEntryPoint> entry =
          compileEntryPoint(functions[i], *model, target, scratch);
      if (!entry)
        return entry.takeError();
      compiled[i] = std::move(*entry);
      return llvm::Error::success();
    });

  std::string compiler = cCompilerFor(target, options);
  std::string runtimeDir = runtimeSourceDir();
  std::vector<std::string> includes = {scratch.file(""), runtimeDir};
  std::vector<std::string> objects; // beside the pipelines' objects
  auto objectOf = [&](llvm::StringRef sourceName) {
    objects.push_back(scratch.file(sourceName.drop_back(2).str() + ".o"));
    return objects.back();
  };
  for (const char *name : kRuntimeSources) {
    llvm::SmallString<256> source(runtimeDir);
    llvm::sys::path::append(source, name);
    jobs.push_back([&, source = std::string(source), object = objectOf(name)] {
      return compileC(compiler, source, object, includes);
    });
  }
  std::string runtime = scratch.file(m + "_halide_runtime.o");
  jobs.push_back([&]() -> llvm::Error {
    try {
      Halide::compile_standalone_runtime(runtime, target);
    } catch (const Halide::Error &e) {
      return makeError(llvm::Twine("Halide could not build its runtime: ") +
                       e.what());
    }
    return llvm::Error::success();
  });
  if (llvm::Error err = runSideBySide(std::move(jobs)))
    return err;

  // 3. Headers, then the sources that include them.
  std::vector<EntryPoint> entryPoints;
  std::vector<std::string> workspaceBytes; // per entry point, C over symbols
  for (std::optional<CompiledEntryPoint> &entry : compiled) {
    objects.push_back(entry->object);
    entryPoints.push_back(std::move(entry->entryPoint));
    workspaceBytes.push_back(std::move(entry->workspaceBytes));
  }
  std::string header = scratch.file(m + ".h");
  std::string cppHeader = scratch.file(m + ".hpp");
  std::string runtimeHeader = scratch.file("HalideRuntime.h");
  if (llvm::Error err =
          writeFile(header, generateHeader(*model, entryPoints, options)))
    return err;
  if (llvm::Error err =
          writeFile(cppHeader, generateCppHeader(*model, entryPoints)))
    return err;
  if (std::error_code ec = llvm::sys::fs::copy_file(
          NETC_HALIDE_RUNTIME_HEADER, runtimeHeader))
    return makeError("cannot copy HalideRuntime.h: " + ec.message());
  std::vector<std::pair<std::string, std::string>> sources = {
      {m + "_api.c", generateApiSource(*model, entryPoints, workspaceBytes)},
      {m + "_params.c", generateParamsSource(*model)}};
  if (options.embedWeights)
    sources.push_back({m + "_weights.c", generateWeightsSource(*model, *weights)});
  std::vector<std::function<llvm::Error()>> compiles;
  for (const auto &[name, text] : sources) {
    std::string source = scratch.file(name);
    if (llvm::Error err = writeFile(source, text))
      return err;
    compiles.push_back([&, source, object = objectOf(name)] {
      return compileC(compiler, source, object, includes);
    });
  }
  if (llvm::Error err = runSideBySide(std::move(compiles)))
    return err;

  // 4. The archives.
  std::string library = scratch.file(m + ".a");
  std::string separateRuntime = scratch.file("halide_runtime.a");
  try {
    if (options.separateRuntime)
      Halide::create_static_library({runtime}, target, separateRuntime);
    else
      objects.push_back(runtime);
    Halide::create_static_library(objects, target, library);
  } catch (const Halide::Error &e) {
    return makeError(llvm::Twine("Halide could not build the library: ") +
                     e.what());
  }

  std::vector<std::string> outputs = {library, header, cppHeader,
                                      runtimeHeader, weightsFile};
  if (options.separateRuntime)
    outputs.push_back(separateRuntime);
  for (const std::string &file : outputs) {
    llvm::SmallString<128> destination(options.outputDir);
    llvm::sys::path::append(destination, llvm::sys::path::filename(file));
    if (std::error_code ec = llvm::sys::fs::rename(file, destination))
      return makeError("cannot move '" + file + "' to '" + destination +
                       "': " + ec.message());
  }
  return llvm::Error::success();
}

} // namespace netc::codegen
