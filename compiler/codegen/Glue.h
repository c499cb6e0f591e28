//===- Glue.h - C sources compiled around a model's pipelines ---*- C++ -*-===//
#ifndef NETC_COMPILER_CODEGEN_GLUE_H
#define NETC_COMPILER_CODEGEN_GLUE_H

#include "compiler/codegen/AotEmitter.h"

#include "llvm/ADT/ArrayRef.h"

namespace netc::codegen {

/// `<model>_api.c`: abi/version queries and the checked infer/train_step
/// entry points over plain arrays (libc and the pipelines only).
std::string generateApiSource(const ModelInterface &model,
                              const std::vector<EntryPoint> &entryPoints);

/// `<model>_params.c`: init from a seed, weights-file load and save
/// (these link netc_runtime).
std::string generateParamsSource(const ModelInterface &model);

/// `<model>_weights.c`: `weights` as a constant array (--embed-weights).
std::string generateWeightsSource(const ModelInterface &model,
                                  llvm::ArrayRef<float> weights);

/// The C++ class over the C entry points (`<model>.hpp`).
std::string generateCppHeader(const ModelInterface &model,
                              const std::vector<EntryPoint> &entryPoints);

/// The ABI of the generated entry points; bump it when a signature or a
/// region's layout changes meaning.
inline constexpr unsigned kAbiVersion = 1;

} // namespace netc::codegen

#endif // NETC_COMPILER_CODEGEN_GLUE_H
