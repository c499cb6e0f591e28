//===- AotEmitter.cpp - Standalone objects for embedding ------------------===//
//
// 1. Lower each entry point for the target with Halide's `no_runtime`
//    feature and compile it to an object.
// 2. Compile one standalone Halide runtime for the target, so entry points
//    (and later, several models) share it.
// 3. Pack the objects into `<model>.a` with Halide's archive writer, write
//    the header, copy HalideRuntime.h (the buffer type the header uses).
// 4. Rename everything from the scratch folder into the output folder.
//
//===----------------------------------------------------------------------===//
#include "compiler/codegen/AotEmitter.h"

#include "compiler/dialect/NNDialect.h"
#include "compiler/lowering/Targets.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <fstream>

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

  std::vector<std::string> objects;
  std::vector<EntryPoint> entryPoints;
  for (llvm::StringRef fnName : {kInferFn, kTrainStepFn}) {
    auto fn = module.lookupSymbol<func::FuncOp>(fnName);
    if (!fn)
      continue;
    Halide::Target noRuntime = target.with_feature(Halide::Target::NoRuntime);
    std::optional<lowering::LoweredFunction> lowered =
        lowering::lowerToHalide(fn, noRuntime);
    if (!lowered)
      return makeError("cannot lower @" + fnName + " to Halide");
    std::string symbol = model->name + "_" + fnName.str() + "_pipeline";
    std::string object = scratch.file(symbol + ".o");
    try {
      lowered->pipeline.compile_to_object(
          object, lowered->halideArguments(), symbol, noRuntime);
    } catch (const Halide::Error &e) {
      return makeError("Halide could not compile @" + fnName + ": " +
                       e.what());
    }
    objects.push_back(object);
    entryPoints.push_back(
        {fnName.str(), symbol, lowered->arguments, lowered->results});
  }

  std::string library = scratch.file(model->name + ".a");
  try {
    std::string runtime = scratch.file(model->name + "_runtime.o");
    Halide::compile_standalone_runtime(runtime, target);
    objects.push_back(runtime);
    Halide::create_static_library(objects, target, library);
  } catch (const Halide::Error &e) {
    return makeError(llvm::Twine("Halide could not build the library: ") +
                     e.what());
  }

  std::string header = scratch.file(model->name + ".h");
  if (llvm::Error err =
          writeFile(header, generateHeader(*model, entryPoints, options)))
    return err;
  std::string runtimeHeader = scratch.file("HalideRuntime.h");
  if (std::error_code ec = llvm::sys::fs::copy_file(
          NETC_HALIDE_RUNTIME_HEADER, runtimeHeader))
    return makeError("cannot copy HalideRuntime.h: " + ec.message());

  for (const std::string &file : {library, header, runtimeHeader}) {
    llvm::SmallString<128> destination(options.outputDir);
    llvm::sys::path::append(destination, llvm::sys::path::filename(file));
    if (std::error_code ec = llvm::sys::fs::rename(file, destination))
      return makeError("cannot move '" + file + "' to '" + destination +
                       "': " + ec.message());
  }
  return llvm::Error::success();
}

} // namespace netc::codegen
