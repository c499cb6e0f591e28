//===- Parser.h - Recursive-descent parser for .net files -------*- C++ -*-===//
#ifndef NETC_DSL_PARSER_H
#define NETC_DSL_PARSER_H

#include "dsl/AST.h"
#include "dsl/Diagnostics.h"

#include <optional>

namespace netc::dsl {

/// Parses buffer `bufferId` of `diags.sourceMgr()`; the buffer's identifier is
/// the file name recorded in every location. Stops at the first syntax error,
/// reports it and returns std::nullopt. Never crashes or loops on any input.
std::optional<ast::File> parseFile(unsigned bufferId, Diagnostics &diags);

/// Parses buffer `bufferId` as one dimension expression (`L / 3`) filling
/// the whole buffer; reports and returns std::nullopt otherwise.
std::optional<ast::Dim> parseDimension(unsigned bufferId, Diagnostics &diags);

} // namespace netc::dsl

#endif // NETC_DSL_PARSER_H
