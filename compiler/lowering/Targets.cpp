//===- Targets.cpp - Which machine code netc generates --------------------===//
#include "compiler/lowering/Targets.h"

#include <cstdlib>

namespace netc::lowering {
namespace {

Halide::Target withoutAvx512(Halide::Target target) {
  return target.without_feature(Halide::Target::AVX512)
      .without_feature(Halide::Target::AVX512_KNL)
      .without_feature(Halide::Target::AVX512_Skylake)
      .without_feature(Halide::Target::AVX512_Cannonlake)
      .without_feature(Halide::Target::AVX512_SapphireRapids);
}

/// `module`, lowered for another target, to be compiled for `target`.
Halide::Module withTarget(const Halide::Module &module,
                          const Halide::Target &target) {
  Halide::Module copy(module.name(), target);
  for (const Halide::Buffer<void> &buffer : module.buffers())
    copy.append(buffer);
  for (const Halide::Internal::LoweredFunc &function : module.functions())
    copy.append(function);
  for (const Halide::Module &submodule : module.submodules())
    copy.append(submodule);
  for (const Halide::ExternalCode &code : module.external_code())
    copy.append(code);
  copy.set_any_strict_float(module.any_strict_float());
  return copy;
}

/// `target` with AVX-512 at the level every AVX-512 CPU since Skylake-SP
/// has (F, CD, BW, DQ, VL), where it has that much, else without AVX-512.
/// Halide 14's host detection can also name Cannonlake or Sapphire Rapids,
/// which let LLVM use instructions (VBMI, VNNI, BF16, FP16) that f32
/// pipelines do not need and that not every such CPU has.
Halide::Target withSkylakeAvx512(const Halide::Target &target) {
  Halide::Target result = withoutAvx512(target);
  if (target.has_feature(Halide::Target::AVX512_Skylake))
    result = result.with_feature(Halide::Target::AVX512)
                 .with_feature(Halide::Target::AVX512_Skylake);
  return result;
}

} // namespace

Halide::Target resolveTarget(llvm::StringRef name) {
  if (name == "host")
    return withSkylakeAvx512(Halide::get_host_target());
  return Halide::Target(name.str());
}

Halide::Module compileWithoutBufferAsserts(
    Halide::Pipeline &pipeline, const std::vector<Halide::Argument> &arguments,
    const std::string &symbol, const Halide::Target &target,
    const std::string &path) {
  Halide::Target lowerFor = target.has_gpu_feature()
                                ? target
                                : target.with_feature(Halide::Target::NoAsserts);
  Halide::Module module =
      pipeline.compile_to_module(arguments, symbol, lowerFor);
  if (lowerFor != target)
    module = withTarget(module, target);
  module.compile({{Halide::OutputFileType::object, path}});
  return module;
}

Halide::Target jitTarget() {
  if (std::getenv("HL_JIT_TARGET"))
    return Halide::get_jit_target_from_environment();
  return withSkylakeAvx512(Halide::get_jit_target_from_environment())
      .with_feature(Halide::Target::NoAsserts);
}

} // namespace netc::lowering
