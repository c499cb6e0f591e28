//===- Diagnostics.cpp - Clang-style errors against .net sources ----------===//
//
// ast::Location is file:line:col rather than an SMLoc so that the tree stays
// a plain value independent of the SourceMgr; here we map it back to the
// buffer so SourceMgr can print the source line and caret.
//
//===----------------------------------------------------------------------===//
#include "dsl/Diagnostics.h"

#include "llvm/Support/raw_ostream.h"

using namespace netc;
using namespace netc::dsl;

Diagnostics::Diagnostics(llvm::SourceMgr &sourceMgr, llvm::raw_ostream *os)
    : sm(sourceMgr), os(os) {}

void Diagnostics::error(const ast::Location &loc, const llvm::Twine &message) {
  ++errors;
  report(loc, llvm::SourceMgr::DK_Error, message);
}

void Diagnostics::note(const ast::Location &loc, const llvm::Twine &message) {
  report(loc, llvm::SourceMgr::DK_Note, message);
}

void Diagnostics::warning(const ast::Location &loc,
                          const llvm::Twine &message) {
  report(loc, llvm::SourceMgr::DK_Warning, message);
}

/// The buffer whose identifier is `file`, or 0 when none is.
static unsigned findBuffer(const llvm::SourceMgr &sm, llvm::StringRef file) {
  for (unsigned id = 1, e = sm.getNumBuffers(); id <= e; ++id)
    if (sm.getMemoryBuffer(id)->getBufferIdentifier() == file)
      return id;
  return 0;
}

void Diagnostics::report(const ast::Location &loc,
                         llvm::SourceMgr::DiagKind kind,
                         const llvm::Twine &message) {
  llvm::raw_ostream &out = os ? *os : llvm::errs();
  if (loc.line != 0) {
    if (unsigned id = findBuffer(sm, loc.file)) {
      llvm::SMLoc smLoc = sm.FindLocForLineAndColumn(id, loc.line, loc.col);
      if (smLoc.isValid()) {
        sm.PrintMessage(out, smLoc, kind, message);
        return;
      }
    }
    // A location that is not in any buffer (a synthesised tree, a stale
    // file): still say where, just without the source line.
    llvm::SMDiagnostic(loc.file + ":" + std::to_string(loc.line) + ":" +
                           std::to_string(loc.col),
                       kind, message.str())
        .print(nullptr, out);
    return;
  }
  // Line 0 means the whole file (e.g. "no model in this file").
  llvm::SMDiagnostic(loc.file, kind, message.str()).print(nullptr, out);
}
