//===- ASTPrinter.h - `netc --emit=ast` -------------------------*- C++ -*-===//
#ifndef NETC_DSL_ASTPRINTER_H
#define NETC_DSL_ASTPRINTER_H

#include "dsl/AST.h"

#include "llvm/Support/raw_ostream.h"

namespace netc::dsl {

/// Prints the tree as an indented outline, one node per line with its
/// `line:col`, stable enough for FileCheck.
void printAST(const ast::File &file, llvm::raw_ostream &os);

} // namespace netc::dsl

#endif // NETC_DSL_ASTPRINTER_H
