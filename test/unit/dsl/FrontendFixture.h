//===- FrontendFixture.h - Run the front end on a string --------*- C++ -*-===//
//
// Every dsl test feeds source text through the real entry points
// (parseFile, checkFile, printAST) with diagnostics captured in a string,
// so assertions are on exactly what a user would see.
//
//===----------------------------------------------------------------------===//
#ifndef NETC_TEST_UNIT_DSL_FRONTENDFIXTURE_H
#define NETC_TEST_UNIT_DSL_FRONTENDFIXTURE_H

#include "dsl/ASTPrinter.h"
#include "dsl/Diagnostics.h"
#include "dsl/Parser.h"
#include "dsl/Sema.h"

#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <memory>
#include <optional>
#include <string>

namespace netc::dsl::test {

/// One source buffer named `test.net`, its diagnostics and its tree.
class Frontend {
public:
  explicit Frontend(llvm::StringRef source, llvm::StringRef name = "test.net")
      : os(output), diags(sm, &os) {
    bufferId = sm.AddNewSourceBuffer(
        llvm::MemoryBuffer::getMemBufferCopy(source, name), llvm::SMLoc());
  }

  /// Parses; true if the file is syntactically valid.
  bool parse() {
    file = parseFile(bufferId, diags);
    return file.has_value();
  }

  /// Checks the parsed tree; true if it is valid (and now canonical).
  bool sema() { return checkFile(*file, diags); }

  /// Parses and checks; true if both succeed.
  bool check() { return parse() && sema(); }

  /// Everything reported so far, as the user would see it.
  const std::string &diagnostics() {
    os.flush();
    return output;
  }

  std::string ast() {
    std::string text;
    llvm::raw_string_ostream out(text);
    printAST(*file, out);
    out.flush();
    return text;
  }

  unsigned errorCount() const { return diags.errorCount(); }

  std::optional<ast::File> file;

private:
  llvm::SourceMgr sm;
  std::string output;
  llvm::raw_string_ostream os;
  Diagnostics diags;
  unsigned bufferId = 0;
};

/// Diagnostics of parsing and (if that worked) checking `source`.
inline std::string diagnosticsOf(llvm::StringRef source) {
  Frontend fe(source);
  fe.check();
  return fe.diagnostics();
}

/// The block SourceMgr prints for a diagnostic at `line`:`col` of `source`:
/// the message line, the source line and the caret. Assumes no tabs.
inline std::string diagnosticAt(llvm::StringRef source, unsigned line,
                                unsigned col, llvm::StringRef message,
                                llvm::StringRef kind = "error") {
  llvm::StringRef rest = source;
  for (unsigned i = 1; i < line; ++i)
    rest = rest.split('\n').second;
  llvm::StringRef text = rest.split('\n').first;
  return ("test.net:" + llvm::Twine(line) + ":" + llvm::Twine(col) + ": " +
          kind + ": " + message + "\n" + text + "\n" +
          std::string(col - 1, ' ') + "^\n")
      .str();
}

} // namespace netc::dsl::test

#endif // NETC_TEST_UNIT_DSL_FRONTENDFIXTURE_H
