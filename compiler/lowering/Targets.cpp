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

} // namespace

Halide::Target resolveTarget(llvm::StringRef name) {
  if (name == "host")
    return withoutAvx512(Halide::get_host_target());
  return Halide::Target(name.str());
}

Halide::Target jitTarget() {
  if (std::getenv("HL_JIT_TARGET"))
    return Halide::get_jit_target_from_environment();
  return withoutAvx512(Halide::get_jit_target_from_environment())
      .with_feature(Halide::Target::NoAsserts);
}

} // namespace netc::lowering
