//===- LexerTest.cpp - Tokens of .net source ------------------------------===//
#include "dsl/Lexer.h"

#include <gtest/gtest.h>

#include <vector>

using namespace netc::dsl;

namespace {

/// All tokens up to and including Eof or the first Error.
std::vector<Token> lexAll(llvm::StringRef source) {
  Lexer lex(source, "test.net");
  std::vector<Token> tokens;
  while (true) {
    tokens.push_back(lex.cur());
    if (lex.cur().is(Tok::Eof) || lex.cur().is(Tok::Error))
      return tokens;
    lex.next();
  }
}

std::vector<Tok> kinds(llvm::StringRef source) {
  std::vector<Tok> result;
  for (const Token &tok : lexAll(source))
    result.push_back(tok.kind);
  return result;
}

/// The message of the Error token `source` ends in.
std::string lexError(llvm::StringRef source) {
  Token last = lexAll(source).back();
  EXPECT_EQ(last.kind, Tok::Error) << "for " << source.str();
  return last.text;
}

TEST(Lexer, Punctuation) {
  EXPECT_EQ(kinds("( ) [ ] { } , : = -> - .."),
            (std::vector<Tok>{Tok::LParen, Tok::RParen, Tok::LBracket,
                              Tok::RBracket, Tok::LBrace, Tok::RBrace,
                              Tok::Comma, Tok::Colon, Tok::Equal, Tok::Arrow,
                              Tok::Minus, Tok::DotDot, Tok::Eof}));
}

TEST(Lexer, KeywordsAndIdentifiers) {
  auto tokens = lexAll("model train models _x9 Train");
  ASSERT_EQ(tokens.size(), 6u);
  EXPECT_EQ(tokens[0].kind, Tok::KwModel);
  EXPECT_EQ(tokens[1].kind, Tok::KwTrain);
  EXPECT_EQ(tokens[2].kind, Tok::Identifier);
  EXPECT_EQ(tokens[2].spelling, "models");
  EXPECT_EQ(tokens[3].spelling, "_x9");
  EXPECT_EQ(tokens[4].kind, Tok::Identifier); // Keywords are case-sensitive.
}

TEST(Lexer, Numbers) {
  auto tokens = lexAll("64 0.01 1e-3 2.5E+2 7e2 0");
  ASSERT_EQ(tokens.size(), 7u);
  EXPECT_EQ(tokens[0].kind, Tok::Integer);
  EXPECT_EQ(tokens[0].intValue, 64);
  EXPECT_EQ(tokens[0].number, 64.0);
  EXPECT_EQ(tokens[1].kind, Tok::Float);
  EXPECT_DOUBLE_EQ(tokens[1].number, 0.01);
  EXPECT_EQ(tokens[2].kind, Tok::Float);
  EXPECT_DOUBLE_EQ(tokens[2].number, 1e-3);
  EXPECT_EQ(tokens[3].kind, Tok::Float);
  EXPECT_DOUBLE_EQ(tokens[3].number, 250.0);
  EXPECT_EQ(tokens[4].kind, Tok::Float); // An exponent makes a float.
  EXPECT_EQ(tokens[5].kind, Tok::Integer);
}

TEST(Lexer, IntegerBeforeDotDotIsARange) {
  auto tokens = lexAll("0..64");
  ASSERT_EQ(tokens.size(), 4u);
  EXPECT_EQ(tokens[0].kind, Tok::Integer);
  EXPECT_EQ(tokens[1].kind, Tok::DotDot);
  EXPECT_EQ(tokens[2].kind, Tok::Integer);
  EXPECT_EQ(tokens[2].intValue, 64);
}

TEST(Lexer, LargestInteger) {
  auto tokens = lexAll("9223372036854775807");
  EXPECT_EQ(tokens[0].kind, Tok::Integer);
  EXPECT_EQ(tokens[0].intValue, INT64_MAX);
}

TEST(Lexer, Strings) {
  auto tokens = lexAll(R"("data.csv" "a\"b\\c" "" "tab	é")");
  ASSERT_EQ(tokens.size(), 5u);
  EXPECT_EQ(tokens[0].kind, Tok::String);
  EXPECT_EQ(tokens[0].text, "data.csv");
  EXPECT_EQ(tokens[1].text, "a\"b\\c");
  EXPECT_EQ(tokens[2].text, "");
  EXPECT_EQ(tokens[3].text, "tab\té");
}

TEST(Lexer, CommentsAndNewlinesAreSkipped) {
  EXPECT_EQ(kinds("# a comment\nrelu # another\n\r\n\t# last"),
            (std::vector<Tok>{Tok::Identifier, Tok::Eof}));
}

TEST(Lexer, Locations) {
  auto tokens = lexAll("model m\n  # c\n  relu(\n\"s\"");
  EXPECT_EQ(tokens[0].line, 1u);
  EXPECT_EQ(tokens[0].col, 1u);
  EXPECT_EQ(tokens[1].col, 7u);
  EXPECT_EQ(tokens[2].line, 3u); // relu
  EXPECT_EQ(tokens[2].col, 3u);
  EXPECT_EQ(tokens[3].col, 7u); // (
  EXPECT_EQ(tokens[4].line, 4u);
  EXPECT_EQ(tokens[4].col, 1u);
  EXPECT_EQ(tokens[5].kind, Tok::Eof);
  EXPECT_EQ(tokens[5].line, 4u);
  EXPECT_EQ(tokens[5].col, 4u);
}

TEST(Lexer, PreviousTokenEnd) {
  Lexer lex("linear(out\n  relu", "test.net");
  EXPECT_EQ(lex.prevEndLine(), 0u);
  lex.next(); // (
  lex.next(); // out
  lex.next(); // relu
  EXPECT_EQ(lex.prevEndLine(), 1u);
  EXPECT_EQ(lex.prevEndCol(), 11u);
}

TEST(Lexer, Errors) {
  EXPECT_EQ(lexError("\"abc"), "unterminated string");
  EXPECT_EQ(lexError("\"abc\ndef\""), "unterminated string");
  EXPECT_EQ(lexError("\"a\\"), "unterminated string");
  EXPECT_EQ(lexError("\"a\\n\""),
            "unknown escape sequence '\\n' in string; only \\\" and \\\\ are "
            "allowed");
  EXPECT_EQ(lexError(llvm::StringRef("\"a\0\"", 4)),
            "unexpected character '\\x00' in string");
  EXPECT_EQ(lexError("\x01"), "unexpected character '\\x01'");
  EXPECT_EQ(lexError(llvm::StringRef("\0", 1)), "unexpected character '\\x00'");
  EXPECT_EQ(lexError("\xc3\xa9"), "unexpected character '\\xC3'");
  EXPECT_EQ(lexError("@"), "unexpected character '@'");
  EXPECT_EQ(lexError(".5"), "unexpected character '.'");
  EXPECT_EQ(lexError("1."), "expected a digit after the '.' in number '1.'");
  EXPECT_EQ(lexError("1e"), "expected digits in the exponent of number '1e'");
  EXPECT_EQ(lexError("1e+"), "expected digits in the exponent of number '1e+'");
  EXPECT_EQ(lexError("3x"), "invalid number '3x'");
  EXPECT_EQ(lexError("9223372036854775808"),
            "integer '9223372036854775808' is too large");
  EXPECT_EQ(lexError("1e400"), "number '1e400' is too large");
}

TEST(Lexer, StaysAtEndAndAtErrors) {
  Lexer lex("@ relu", "test.net");
  ASSERT_TRUE(lex.cur().is(Tok::Error));
  lex.next();
  EXPECT_TRUE(lex.cur().is(Tok::Error));

  Lexer empty("", "test.net");
  empty.next();
  EXPECT_TRUE(empty.cur().is(Tok::Eof));
}

} // namespace
