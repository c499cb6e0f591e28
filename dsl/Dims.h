//===- Dims.h - Dimension expressions of tensor types -----------*- C++ -*-===//
//
// A model's inputs name their symbolic dimensions (`dna: f32[N, 4, L]`); its
// result may compute with them (`-> f32[N, 21, L/3]`). The compiler keeps
// these expressions as text on function arguments and results and reads
// them back with parseDimText; the runtime checks them with evaluateDim.
//
//===----------------------------------------------------------------------===//
#ifndef NETC_DSL_DIMS_H
#define NETC_DSL_DIMS_H

#include "dsl/AST.h"

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>

namespace netc::dsl {

/// Canonical text: `L / 3`, `(L - 7) / 2 + 1`; parseDimText reads it back.
std::string formatDim(const ast::Dim &dim);

/// Parses one dimension expression (the text of formatDim or of a .net
/// file); std::nullopt if `text` is not one.
std::optional<ast::Dim> parseDimText(llvm::StringRef text);

/// The value of `dim` given each symbol's value; std::nullopt when a symbol
/// is unknown or a division is by zero. Division rounds toward negative
/// infinity, as in the shapes of strided layers.
std::optional<int64_t>
evaluateDim(const ast::Dim &dim,
            llvm::function_ref<std::optional<int64_t>(llvm::StringRef)> symbol);

/// Every symbol `dim` mentions, in order of first appearance.
void collectSymbols(const ast::Dim &dim,
                    llvm::SmallVectorImpl<std::string> &symbols);

} // namespace netc::dsl

#endif // NETC_DSL_DIMS_H
