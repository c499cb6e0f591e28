//===- BuildCommand.cpp - `netc build` ------------------------------------===//
#include "compiler/codegen/AotEmitter.h"
#include "compiler/driver/Commands.h"
#include "compiler/driver/Frontend.h"
#include "compiler/driver/TrainSettings.h"

#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

namespace netc::driver {

ExitCode runBuild(llvm::StringRef path, const BuildOptions &options) {
  Compilation c;
  if (auto code = c.load(path, "", singleValues(options.defines)))
    return *code;
  if (auto code = c.generate())
    return *code;
  // Either way @infer ends folded: buildTrainStep() optimizes it last.
  if (auto code = c.train() ? c.buildTrainStep() : c.optimizeInference())
    return *code;
  codegen::AotOptions aot;
  aot.outputDir = options.outputDir;
  aot.targetString = options.target;
  aot.sourcePath = path.str();
  aot.weightsPath = options.weightsPath;
  // The shipped initialisation is the one `netc train` would start from.
  aot.seed = options.seed ? *options.seed
             : c.train()  ? TrainSettings::fromAST(*c.train()).seed
                          : 0;
  aot.embedWeights = options.embedWeights;
  aot.separateRuntime = options.separateRuntime;
  aot.cCompiler = options.cCompiler;
  if (llvm::Error err = codegen::emitStaticLibrary(c.module(), aot)) {
    llvm::WithColor::error(llvm::errs(), "netc") << toString(std::move(err))
                                                 << "\n";
    return ExitCode::OutputError;
  }
  llvm::outs() << "netc: wrote " << options.outputDir << "/"
               << c.model().name << ".a and " << c.model().name << ".h\n";
  return ExitCode::Success;
}

} // namespace netc::driver
