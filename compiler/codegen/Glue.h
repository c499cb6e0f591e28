//===- Glue.h - C sources compiled around a model's pipelines ---*- C++ -*-===//
#ifndef NETC_COMPILER_CODEGEN_GLUE_H
#define NETC_COMPILER_CODEGEN_GLUE_H

#include "compiler/codegen/AotEmitter.h"

#include "llvm/ADT/ArrayRef.h"

namespace netc::codegen {

/// `<model>_api.c`: abi/version queries, `<model>_workspace_bytes` and the
/// checked infer/train_step entry points over plain arrays and a caller's
/// workspace (libc and the pipelines only). `workspaceBytes[i]`: a C
/// expression over the symbols bounding the bytes entry point i allocates.
std::string generateApiSource(const ModelInterface &model,
                              const std::vector<EntryPoint> &entryPoints,
                              const std::vector<std::string> &workspaceBytes);

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
/// 2: the entry points take a caller-owned workspace.
inline constexpr unsigned kAbiVersion = 2;

/// The workspace's required alignment; every block the generated allocator
/// carves out of it starts at a multiple of it (Halide assumes at most 128
/// for heap buffers on any target).
inline constexpr int64_t kWorkspaceAlignment = 128;

} // namespace netc::codegen

#endif // NETC_COMPILER_CODEGEN_GLUE_H
