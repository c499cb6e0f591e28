//===- DiagnosticsTest.cpp - Clang-style output through SourceMgr ---------===//
#include "dsl/Diagnostics.h"

#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <gtest/gtest.h>

using namespace netc;
using namespace netc::dsl;

namespace {

class DiagnosticsTest : public ::testing::Test {
protected:
  DiagnosticsTest() : os(output), diags(sm, &os) {
    sm.AddNewSourceBuffer(
        llvm::MemoryBuffer::getMemBufferCopy("first line\n\tsecond\n", "a.net"),
        llvm::SMLoc());
    sm.AddNewSourceBuffer(
        llvm::MemoryBuffer::getMemBufferCopy("other", "b.net"), llvm::SMLoc());
  }
  const std::string &text() {
    os.flush();
    return output;
  }

  llvm::SourceMgr sm;
  std::string output;
  llvm::raw_string_ostream os;
  Diagnostics diags;
};

TEST_F(DiagnosticsTest, ErrorWithCaret) {
  diags.error({"a.net", 1, 7}, "bad line");
  EXPECT_EQ(text(), "a.net:1:7: error: bad line\nfirst line\n      ^\n");
  EXPECT_EQ(diags.errorCount(), 1u);
}

TEST_F(DiagnosticsTest, NotesDoNotCount) {
  diags.note({"a.net", 1, 1}, "look here");
  EXPECT_EQ(text(), "a.net:1:1: note: look here\nfirst line\n^\n");
  EXPECT_EQ(diags.errorCount(), 0u);
}

TEST_F(DiagnosticsTest, TabsKeepTheCaretAligned) {
  diags.error({"a.net", 2, 2}, "after a tab");
  EXPECT_EQ(text(), "a.net:2:2: error: after a tab\n        second\n"
                    "        ^\n");
}

TEST_F(DiagnosticsTest, FindsTheBufferByName) {
  diags.error({"b.net", 1, 3}, "in b");
  EXPECT_EQ(text(), "b.net:1:3: error: in b\nother\n  ^\n");
}

TEST_F(DiagnosticsTest, EndOfLineAndEndOfFile) {
  diags.error({"a.net", 1, 11}, "end of line");
  diags.error({"a.net", 3, 1}, "end of file");
  EXPECT_EQ(text(), "a.net:1:11: error: end of line\nfirst line\n"
                    "          ^\n"
                    "a.net:3:1: error: end of file\n\n^\n");
}

TEST_F(DiagnosticsTest, LineZeroIsTheWholeFile) {
  diags.error({"a.net", 0, 0}, "no model in this file");
  EXPECT_EQ(text(), "a.net: error: no model in this file\n");
  EXPECT_EQ(diags.errorCount(), 1u);
}

TEST_F(DiagnosticsTest, LocationsOutsideTheBuffersStillSayWhere) {
  diags.error({"a.net", 9, 4}, "past the end");
  diags.error({"gone.net", 2, 5}, "unknown file");
  EXPECT_EQ(text(), "a.net:9:4: error: past the end\n"
                    "gone.net:2:5: error: unknown file\n");
  EXPECT_EQ(diags.errorCount(), 2u);
}

} // namespace
