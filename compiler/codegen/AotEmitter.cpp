//===- AotEmitter.cpp - Standalone objects for embedding ------------------===//
//
// 1. Lower each entry point for the target with Halide's `no_runtime` and
//    `user_context` features, compile it to an object and bound the
//    workspace its intermediates need (below).
// 2. Write the headers, then generate the checked C entry points
//    (GlueEmitter.cpp) and compile them, with netc_runtime's sources, by
//    the target's C compiler.
// 3. The weights: a given file, checked against the model, or the
//    initialisation `netc train` would start from; written as
//    `<model>.safetensors` and, with --embed-weights, compiled in.
// 4. Compile one standalone Halide runtime for the target, into the archive
//    or, for programs with several models, into halide_runtime.a.
// 5. Pack `<model>.a` with Halide's archive writer and rename everything
//    from the scratch folder into the output folder.
//
//===----------------------------------------------------------------------===//
#include "compiler/codegen/AotEmitter.h"
#include "compiler/codegen/Glue.h"

#include "compiler/dialect/NNDialect.h"
#include "compiler/lowering/Targets.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"

#include <map>
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
                     llvm::ArrayRef<std::string> includeDirs,
                     const ScratchDir &scratch) {
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
  std::string log = scratch.file("cc.log");
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

//===- The workspace bound ------------------------------------------------===//
//
// Every halide_malloc of a call is served from the caller's workspace by a
// bump allocator that never reuses a block (GlueEmitter.cpp). So the bytes a
// call needs are at most the sum, over the Allocate nodes of the lowered
// pipeline, of each one's size plus one kWorkspaceAlignment (the padding
// Halide's code generator adds, see below) rounded up to it, times the
// iterations of the CPU loops around it. Halide's own lowering gives each
// size as an expression of the buffers' extents (after bounds inference, so
// it covers whatever region the schedule really stores); substituting the
// lets around it and the tensors' dimensions over the symbols turns it into
// a C expression. Exact up to the rounding, with no measurement: a size
// that depends on a loop variable is replaced by its upper bound over the
// loop (Halide's interval analysis), and an allocation whose size cannot be
// bounded is a build error rather than a guess. Allocations Halide puts on
// the stack, in registers or on a GPU are counted too when they are not
// marked so (an over-estimate, never an under-estimate); device memory of
// GPU targets stays Halide's (halide_device_malloc) and is not counted.

namespace HI = Halide::Internal;

class AllocationBounds : public HI::IRVisitor {
public:
  /// `leaves`: the buffer fields ("x.extent.0") the bound may refer to.
  explicit AllocationBounds(std::map<std::string, std::string> leaves)
      : leaves(std::move(leaves)) {}

  Halide::Expr total = Halide::Expr((int64_t)0);
  std::string failure; ///< set when some allocation cannot be bounded

private:
  using HI::IRVisitor::visit;

  Halide::Expr resolve(const Halide::Expr &e) {
    return HI::simplify(HI::substitute(lets, e));
  }

  void visit(const HI::LetStmt *op) override {
    if (leaves.count(op->name)) {
      op->body.accept(this);
      return;
    }
    auto previous = lets.find(op->name);
    std::optional<Halide::Expr> saved;
    if (previous != lets.end())
      saved = previous->second;
    lets[op->name] = resolve(op->value);
    op->body.accept(this);
    if (saved)
      lets[op->name] = *saved;
    else
      lets.erase(op->name);
  }

  void visit(const HI::For *op) override {
    bool gpu = op->for_type == HI::ForType::GPUBlock ||
               op->for_type == HI::ForType::GPUThread ||
               op->for_type == HI::ForType::GPULane ||
               (op->device_api != Halide::DeviceAPI::None &&
                op->device_api != Halide::DeviceAPI::Host);
    if (gpu) {
      ++gpuDepth; // memory inside a kernel is the device's
      op->body.accept(this);
      --gpuDepth;
      return;
    }
    HI::Interval range = HI::bounds_of_expr_in_scope(
        resolve(op->min), loops);
    HI::Interval extent = HI::bounds_of_expr_in_scope(
        resolve(op->extent), loops);
    if (!range.is_bounded() || !extent.has_upper_bound()) {
      fail("the loop over " + op->name);
      return;
    }
    loops.push(op->name, HI::Interval(range.min,
                                          range.max + extent.max - 1));
    iterations.push_back(extent.max);
    op->body.accept(this);
    iterations.pop_back();
    loops.pop(op->name);
  }

  void visit(const HI::Allocate *op) override {
    bool elsewhere = op->memory_type == Halide::MemoryType::Stack ||
                     op->memory_type == Halide::MemoryType::Register ||
                     op->memory_type == Halide::MemoryType::GPUShared ||
                     op->memory_type == Halide::MemoryType::GPUTexture ||
                     op->new_expr.defined();
    if (!gpuDepth && !elsewhere) {
      Halide::Expr bytes = Halide::Expr((int64_t)op->type.bytes());
      for (const Halide::Expr &extent : op->extents)
        bytes = bytes * Halide::cast<int64_t>(extent);
      HI::Interval bound =
          HI::bounds_of_expr_in_scope(resolve(bytes), loops);
      if (!bound.has_upper_bound()) {
        fail("the allocation of " + op->name);
      } else {
        const int64_t a = kWorkspaceAlignment;
        // Halide 14's code generator asks halide_malloc for a few bytes
        // more than the extents (12 for the f32 buffers of the course
        // models on x86-64: room for a vector load past the end, less than
        // one vector); one more alignment unit per block covers that.
        Halide::Expr block = (Halide::max(bound.max, Halide::Expr((int64_t)0)) +
                              Halide::Expr(2 * a - 1)) / Halide::Expr(a) * Halide::Expr(a);
        for (const Halide::Expr &n : iterations)
          block = block * Halide::max(Halide::cast<int64_t>(n),
                                      Halide::Expr((int64_t)0));
        total = total + block;
      }
    }
    op->body.accept(this);
  }

  void fail(const std::string &what) {
    if (failure.empty())
      failure = what;
  }

  std::map<std::string, std::string> leaves;
  std::map<std::string, Halide::Expr> lets;
  HI::Scope<HI::Interval> loops;
  std::vector<Halide::Expr> iterations;
  int gpuDepth = 0;
};

/// Prints a bound over the symbols as C (int64_t arithmetic; Halide's
/// division rounds down, as the helpers of <model>_api.c do).
class CExpr {
public:
  explicit CExpr(const std::map<std::string, std::string> &leaves)
      : leaves(leaves) {}
  std::string failure;

  std::string print(const Halide::Expr &e) {
    using namespace HI;
    if (const int64_t *v = as_const_int(e))
      return "INT64_C(" + std::to_string(*v) + ")";
    if (const uint64_t *v = as_const_uint(e))
      return "INT64_C(" + std::to_string(*v) + ")";
    if (const auto *op = e.as<Variable>()) {
      auto leaf = leaves.find(op->name);
      if (leaf != leaves.end())
        return leaf->second;
      return fail("the value " + op->name);
    }
    if (const auto *op = e.as<Cast>()) {
      if (!op->type.is_int() && !op->type.is_uint())
        return fail("a cast to a non-integer type");
      return print(op->value);
    }
    if (const auto *op = e.as<Add>())
      return binary("+", op->a, op->b);
    if (const auto *op = e.as<Sub>())
      return binary("-", op->a, op->b);
    if (const auto *op = e.as<Mul>())
      return binary("*", op->a, op->b);
    if (const auto *op = e.as<Div>())
      return call("div", op->a, op->b);
    if (const auto *op = e.as<Mod>())
      return call("mod", op->a, op->b);
    if (const auto *op = e.as<Min>())
      return call("min", op->a, op->b);
    if (const auto *op = e.as<Max>())
      return call("max", op->a, op->b);
    if (const auto *op = e.as<EQ>())
      return binary("==", op->a, op->b);
    if (const auto *op = e.as<NE>())
      return binary("!=", op->a, op->b);
    if (const auto *op = e.as<LT>())
      return binary("<", op->a, op->b);
    if (const auto *op = e.as<LE>())
      return binary("<=", op->a, op->b);
    if (const auto *op = e.as<GT>())
      return binary(">", op->a, op->b);
    if (const auto *op = e.as<GE>())
      return binary(">=", op->a, op->b);
    if (const auto *op = e.as<And>())
      return binary("&&", op->a, op->b);
    if (const auto *op = e.as<Or>())
      return binary("||", op->a, op->b);
    if (const auto *op = e.as<Not>())
      return "(!" + print(op->a) + ")";
    if (const auto *op = e.as<Select>())
      return "(" + print(op->condition) + " ? " + print(op->true_value) +
             " : " + print(op->false_value) + ")";
    if (const auto *op = e.as<Let>())
      return print(substitute(op->name, op->value, op->body));
    if (const auto *op = e.as<Call>()) {
      if ((op->is_intrinsic(Call::likely) ||
           op->is_intrinsic(Call::likely_if_innermost) ||
           op->is_intrinsic(Call::promise_clamped) ||
           op->is_intrinsic(Call::unsafe_promise_clamped)) &&
          !op->args.empty())
        return print(op->args[0]);
    }
    std::ostringstream text;
    text << e;
    return fail("the expression " + text.str());
  }

private:
  std::string binary(const char *op, const Halide::Expr &a,
                     const Halide::Expr &b) {
    return "(" + print(a) + " " + op + " " + print(b) + ")";
  }
  std::string call(const char *fn, const Halide::Expr &a,
                   const Halide::Expr &b) {
    return std::string("netc_ws_") + fn + "(" + print(a) + ", " + print(b) +
           ")";
  }
  std::string fail(const std::string &what) {
    if (failure.empty())
      failure = what;
    return "0";
  }
  const std::map<std::string, std::string> &leaves;
};

/// The fields of the buffer of `tensor`, named as Halide's lowering names
/// them, as C over the symbols (the glue makes every buffer dense, min 0).
void addLeaves(const std::string &buffer, const lowering::TensorSignature &t,
               std::map<std::string, std::string> &leaves) {
  size_t rank = t.shape.size();
  std::string stride = "INT64_C(1)";
  for (size_t h = 0; h < rank; ++h) {
    size_t d = rank - 1 - h;
    std::string extent =
        d < t.dims.size() ? "(int64_t)(" + t.dims[d] + ")"
                          : "INT64_C(" + std::to_string(t.shape[d]) + ")";
    std::string field = buffer + "." + std::to_string(h);
    leaves[buffer + ".min." + std::to_string(h)] = "INT64_C(0)";
    leaves[buffer + ".extent." + std::to_string(h)] = extent;
    leaves[buffer + ".stride." + std::to_string(h)] = stride;
    stride = "(" + stride + " * " + extent + ")";
  }
}

/// A C expression, over the symbols, of the workspace bytes one call of
/// `function` (compiled as `module`) needs.
llvm::Expected<std::string>
workspaceBound(const lowering::LoweredFunction &lowered,
               const Halide::Module &module, const std::string &symbol) {
  std::map<std::string, std::string> leaves;
  for (size_t i = 0; i < lowered.params.size(); ++i)
    addLeaves(lowered.params[i].name(), lowered.arguments[i], leaves);
  for (size_t i = 0; i < lowered.outputs.size(); ++i)
    addLeaves(lowered.outputs[i].name(), lowered.results[i], leaves);
  for (const HI::LoweredFunc &fn : module.functions()) {
    if (fn.name != symbol)
      continue;
    AllocationBounds bounds(leaves);
    fn.body.accept(&bounds);
    if (!bounds.failure.empty())
      return makeError("cannot bound the workspace of " + symbol + ": " +
                       bounds.failure + " has no upper bound");
    CExpr printer(leaves);
    std::string text = printer.print(HI::simplify(bounds.total));
    if (!printer.failure.empty())
      return makeError("cannot bound the workspace of " + symbol + ": " +
                       printer.failure + " is not a function of the shapes");
    return text;
  }
  return makeError("Halide produced no function " + symbol);
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
  std::vector<std::string> workspaceBytes; // per entry point, C over symbols
  for (llvm::StringRef fnName : {kInferFn, kTrainStepFn}) {
    auto fn = module.lookupSymbol<func::FuncOp>(fnName);
    if (!fn)
      continue;
    // The user context carries the caller's workspace to halide_malloc.
    Halide::Target noRuntime = target.with_feature(Halide::Target::NoRuntime)
                                   .with_feature(Halide::Target::UserContext);
    std::optional<lowering::LoweredFunction> lowered =
        lowering::lowerToHalide(fn, noRuntime);
    if (!lowered)
      return makeError("cannot lower @" + fnName + " to Halide");
    std::string symbol = model->name + "_" + fnName.str() + "_pipeline";
    std::string object = scratch.file(symbol + ".o");
    llvm::Expected<std::string> bound = makeError("not compiled");
    try {
      Halide::Module compiled = lowered->pipeline.compile_to_module(
          lowered->halideArguments(), symbol, noRuntime);
      compiled.compile({{Halide::OutputFileType::object, object}});
      llvm::consumeError(bound.takeError());
      bound = workspaceBound(*lowered, compiled, symbol);
    } catch (const Halide::Error &e) {
      return makeError("Halide could not compile @" + fnName + ": " +
                       e.what());
    }
    if (!bound)
      return bound.takeError();
    workspaceBytes.push_back(*bound);
    objects.push_back(object);
    entryPoints.push_back(
        {fnName.str(), symbol, lowered->arguments, lowered->results});
  }

  // 2. Headers, then the C entry points and netc_runtime for the target.
  const std::string &m = model->name;
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

  // 3. The weights.
  llvm::Expected<std::vector<float>> weights =
      shippedWeights(*model, options);
  if (!weights)
    return weights.takeError();
  std::string weightsFile = scratch.file(m + ".safetensors");
  if (llvm::Error err = writeWeightsFile(*model, *weights, weightsFile))
    return err;

  std::vector<std::pair<std::string, std::string>> sources = {
      {m + "_api.c", generateApiSource(*model, entryPoints, workspaceBytes)},
      {m + "_params.c", generateParamsSource(*model)}};
  if (options.embedWeights)
    sources.push_back({m + "_weights.c", generateWeightsSource(*model, *weights)});
  std::string compiler = cCompilerFor(target, options);
  std::string runtimeDir = runtimeSourceDir();
  std::vector<std::string> includes = {scratch.file(""), runtimeDir};
  for (const auto &[name, text] : sources) {
    std::string source = scratch.file(name);
    if (llvm::Error err = writeFile(source, text))
      return err;
    std::string object = scratch.file(llvm::StringRef(name).drop_back(2).str() + ".o");
    if (llvm::Error err = compileC(compiler, source, object, includes, scratch))
      return err;
    objects.push_back(object);
  }
  for (const char *name : kRuntimeSources) {
    llvm::SmallString<256> source(runtimeDir);
    llvm::sys::path::append(source, name);
    std::string object =
        scratch.file(llvm::StringRef(name).drop_back(2).str() + ".o");
    if (llvm::Error err =
            compileC(compiler, std::string(source), object, includes, scratch))
      return err;
    objects.push_back(object);
  }

  // 4-5. The Halide runtime, the archives.
  std::string library = scratch.file(m + ".a");
  std::string separateRuntime = scratch.file("halide_runtime.a");
  try {
    std::string runtime = scratch.file(m + "_halide_runtime.o");
    Halide::compile_standalone_runtime(runtime, target);
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
