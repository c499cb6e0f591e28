//===- Diagnostics.h - Clang-style errors against .net sources --*- C++ -*-===//
//
// Prints `file:line:col: error: message`, the offending source line and a
// caret, through llvm::SourceMgr, so the front end reports exactly like the
// MLIR stages that follow it (they share the same SourceMgr).
//
//===----------------------------------------------------------------------===//
#ifndef NETC_DSL_DIAGNOSTICS_H
#define NETC_DSL_DIAGNOSTICS_H

#include "dsl/AST.h"

#include "llvm/ADT/Twine.h"
#include "llvm/Support/SourceMgr.h"

namespace netc::dsl {

class Diagnostics {
public:
  /// Errors are printed to `os` (stderr when null).
  explicit Diagnostics(llvm::SourceMgr &sourceMgr, llvm::raw_ostream *os = nullptr);

  void error(const ast::Location &loc, const llvm::Twine &message);
  void note(const ast::Location &loc, const llvm::Twine &message);
  /// Printed like an error, but not counted: the file still compiles.
  void warning(const ast::Location &loc, const llvm::Twine &message);

  unsigned errorCount() const { return errors; }
  llvm::SourceMgr &sourceMgr() { return sm; }

private:
  void report(const ast::Location &loc, llvm::SourceMgr::DiagKind kind,
              const llvm::Twine &message);

  llvm::SourceMgr &sm;
  llvm::raw_ostream *os;
  unsigned errors = 0;
};

} // namespace netc::dsl

#endif // NETC_DSL_DIAGNOSTICS_H
