//===- ShapeExprC.h - Halide shape expressions as C -------------*- C++ -*-===//
//
// The generated entry points know every tensor's extents as C expressions
// over the model's symbols (`N`, `L`, ...). What Halide's lowering derives
// from those extents (workspace sizes, the lowering's requirements) is
// printed as C over the same symbols, so the glue evaluates it per call.
//
//===----------------------------------------------------------------------===//
#ifndef NETC_COMPILER_CODEGEN_SHAPEEXPRC_H
#define NETC_COMPILER_CODEGEN_SHAPEEXPRC_H

#include "compiler/codegen/AotEmitter.h"
#include "compiler/lowering/HalideLowering.h"

#include "Halide.h"
#include "llvm/Support/Error.h"

#include <map>
#include <string>

namespace netc::codegen {

/// Buffer field ("x.extent.0", "x.stride.1", "x.min.0", as Halide's lowering
/// names them) -> C expression over the symbols, for the arguments and
/// results of `lowered` as the glue describes them (dense, min 0).
using SymbolFields = std::map<std::string, std::string>;
SymbolFields symbolFields(const lowering::LoweredFunction &lowered);

/// `e` as an int64_t C expression over `fields` (Halide's division and
/// modulo round down, as the netc_ws_div/mod helpers of <model>_api.c do).
/// Fails naming the part of `e` that is not a function of the shapes.
llvm::Expected<std::string> printC(const Halide::Expr &e,
                                   const SymbolFields &fields);

/// The requirements of `lowered` as checks the entry point makes before the
/// pipeline runs.
llvm::Expected<std::vector<RequirementInC>>
requirementsInC(const lowering::LoweredFunction &lowered);

} // namespace netc::codegen

#endif // NETC_COMPILER_CODEGEN_SHAPEEXPRC_H
