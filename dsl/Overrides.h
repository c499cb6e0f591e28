//===- Overrides.h - `-D name=value` into a parsed file ---------*- C++ -*-===//
//
// Command-line hyperparameters replace the value a binding was written
// with, after parsing and before Sema, so every later check, shape and
// setting sees the new value exactly as if the file had said it.
//
//===----------------------------------------------------------------------===//
#ifndef NETC_DSL_OVERRIDES_H
#define NETC_DSL_OVERRIDES_H

#include "dsl/AST.h"

#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>

namespace netc::dsl {

/// Replaces the value of binding `name` by `text`. The binding is the
/// file's top-level one of that name, else the one in the body of `model`
/// (which may be null: no model selected). `text` must be of the kind the
/// binding holds, decided from its written value: an integer for an
/// integer (`64`, `2 * base` with an integer `base`), any number for a
/// float (`1` becomes `1.0`), a name for a name, and any text for a string
/// (taken as written, no quotes). Calls, lists and ranges cannot be
/// replaced.
///
/// Returns std::nullopt on success, else the message for the user, which
/// starts `-D name: ...` when the name is unknown and `-D name=text: ...`
/// when the value is wrong (`-D hidden=abc: not a number`).
std::optional<std::string> overrideBinding(ast::File &file, ast::Model *model,
                                           llvm::StringRef name,
                                           llvm::StringRef text);

} // namespace netc::dsl

#endif // NETC_DSL_OVERRIDES_H
