//===- Sema.h - Name, arity and value checks for a parsed file --*- C++ -*-===//
#ifndef NETC_DSL_SEMA_H
#define NETC_DSL_SEMA_H

#include "dsl/AST.h"
#include "dsl/Diagnostics.h"

namespace netc::dsl {

/// Checks `file` against the layer catalog (LayerCatalog.h) and normalises it.
/// Reports every error found; returns false if there was any.
///
/// On success the tree is in canonical form, which is what MLIRGen relies on:
///  - every layer, train setting and call (`csv(...)`, `sgd(...)`) has all of
///    its parameters, as *named* arguments in catalog order, defaults filled in;
///  - identifiers that name a model binding (`hidden = 64`) or a file-level
///    hyperparameter are replaced by the bound value in layer arguments,
///    settings and later bindings; bindings stay where they were written;
///  - arithmetic (`2 * hidden`) is folded into a Number literal, in
///    bindings, layer arguments and settings alike;
///  - bare identifiers for enumerated settings (`loss: mse`) stay identifiers,
///    and a bare optimizer name (`optimizer: sgd`) becomes the call `sgd()`
///    with its defaults filled in.
bool checkFile(ast::File &file, Diagnostics &diags);

} // namespace netc::dsl

#endif // NETC_DSL_SEMA_H
