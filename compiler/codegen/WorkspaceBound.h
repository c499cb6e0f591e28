//===- WorkspaceBound.h - Bytes of workspace a call needs -------*- C++ -*-===//
#ifndef NETC_COMPILER_CODEGEN_WORKSPACEBOUND_H
#define NETC_COMPILER_CODEGEN_WORKSPACEBOUND_H

#include "compiler/lowering/HalideLowering.h"

#include "Halide.h"
#include "llvm/Support/Error.h"

#include <string>

namespace netc::codegen {

/// A C expression, over the model's symbols (`N`, `L`, ...), of the
/// workspace bytes one call of `symbol` (a function of `module`, lowered
/// from `lowered`) needs: an upper bound derived from the lowered pipeline,
/// never measured. Fails when some allocation has no bound in the shapes.
llvm::Expected<std::string>
workspaceBound(const lowering::LoweredFunction &lowered,
               const Halide::Module &module, const std::string &symbol);

} // namespace netc::codegen

#endif
