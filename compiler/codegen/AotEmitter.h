//===- AotEmitter.h - Standalone objects for embedding ----------*- C++ -*-===//
#ifndef NETC_COMPILER_CODEGEN_AOTEMITTER_H
#define NETC_COMPILER_CODEGEN_AOTEMITTER_H

#include "compiler/codegen/ModelInterface.h"

#include "llvm/Support/Error.h"

namespace netc::codegen {

struct AotOptions {
  std::string outputDir;
  std::string targetString = "host"; ///< a Halide target, e.g. arm-64-linux
  std::string sourcePath;            ///< recorded in the header's banner
  /// The C compiler for the generated entry points and netc_runtime; empty:
  /// $NETC_CC, else the target's usual one (cc, aarch64-linux-gnu-gcc).
  std::string cCompiler;
  /// The weights file to ship (checked against the model); empty: the
  /// initialisation `netc train` would use with `seed`.
  std::string weightsPath;
  uint64_t seed = 0;
  bool embedWeights = false;   ///< the weights as a const array in the .a
  /// Leave the Halide runtime out of <model>.a and write it once as
  /// halide_runtime.a, for programs that link several models.
  bool separateRuntime = false;
};

/// Writes `<dir>/<model>.a` (the @infer and, if present, @train_step
/// pipelines, their checked C entry points, netc_runtime and one Halide
/// runtime), `<dir>/<model>.h`, `<dir>/<model>.hpp`,
/// `<dir>/<model>.safetensors` and `<dir>/HalideRuntime.h`. Files are written to a scratch folder and moved
/// into place only when all of them are complete, so a failure never leaves
/// a half-written artifact or damages an older one.
llvm::Error emitStaticLibrary(mlir::ModuleOp module, const AotOptions &options);

/// A requirement of the lowering (lowering::Requirement) as C over the
/// model's symbols: the entry point checks it before the pipeline runs, so
/// a call that breaks it is NETC_ERROR_SHAPE with the symbols' values
/// rather than a Halide error code.
struct RequirementInC {
  std::string condition;           ///< nonzero when it holds
  std::string format;              ///< printf format of the message
  std::vector<std::string> values; ///< int64_t C expressions, one per %lld
};

/// One compiled pipeline: its symbol and signature.
struct EntryPoint {
  std::string function; ///< "infer", "train_step"
  std::string symbol;   ///< "<model>_<function>_pipeline"
  std::vector<lowering::ArgumentInfo> arguments;
  std::vector<lowering::TensorSignature> results;
  std::vector<RequirementInC> requirements;
};

/// The self-describing C header over `entryPoints` of `model`.
std::string generateHeader(const ModelInterface &model,
                           const std::vector<EntryPoint> &entryPoints,
                           const AotOptions &options);

} // namespace netc::codegen

#endif // NETC_COMPILER_CODEGEN_AOTEMITTER_H
