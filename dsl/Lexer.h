//===- Lexer.h - Tokens of a .net file --------------------------*- C++ -*-===//
//
// Splits a buffer into tokens on demand, one token of lookahead, after MLIR
// Toy's Lexer. Newlines are not significant; `#` starts a comment that runs
// to the end of the line.
//
// The lexer never reports errors itself: a malformed token (stray byte,
// unterminated string, number out of range) becomes a Token::Error carrying
// its message, and since no grammar rule accepts it, the parser stops on it
// and reports that message at the token's location. This keeps "stops at the
// first error" a property of one place, the parser.
//
//===----------------------------------------------------------------------===//
#ifndef NETC_DSL_LEXER_H
#define NETC_DSL_LEXER_H

#include "dsl/AST.h"

#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <string>

namespace netc::dsl {

enum class Tok {
  Eof,
  Error, ///< Malformed input; Token::text holds the message.

  Identifier, ///< [A-Za-z_][A-Za-z0-9_]*, not a keyword.
  Integer,    ///< 64 (digits only).
  Float,      ///< 0.01, 1e-3, 2.5E+2.
  String,     ///< "data.csv"; Token::text holds the unescaped contents.

  KwModel, ///< model
  KwTrain, ///< train

  LParen,   ///< (
  RParen,   ///< )
  LBracket, ///< [
  RBracket, ///< ]
  LBrace,   ///< {
  RBrace,   ///< }
  Comma,    ///< ,
  Colon,    ///< :
  Equal,    ///< =
  Arrow,    ///< ->
  Minus,    ///< -
  Plus,     ///< +
  Star,     ///< *
  Slash,    ///< /
  DotDot,   ///< ..
};

struct Token {
  Tok kind = Tok::Eof;
  llvm::StringRef spelling; ///< The token as written (empty at Eof).
  unsigned line = 0;        ///< 1-based line of the first character.
  unsigned col = 0;         ///< 1-based byte column of the first character.
  int64_t intValue = 0;     ///< Integer.
  double number = 0;        ///< Integer and Float.
  std::string text;         ///< String contents, or the Error message.

  bool is(Tok k) const { return kind == k; }
};

class Lexer {
public:
  /// `file` is recorded in every location handed out; `buffer` must outlive
  /// the lexer and all tokens (spellings point into it).
  Lexer(llvm::StringRef buffer, std::string file);

  /// The current (lookahead) token.
  const Token &cur() const { return current; }

  /// Moves to the next token. At Eof or an Error token it stays put, so a
  /// caller that loops on next() cannot run past the end.
  void next();

  /// Line and column just past the last character of the previous token
  /// (0:0 before the first). Used to place "expected X after Y" errors at
  /// the end of Y when the unexpected token is on a later line.
  unsigned prevEndLine() const { return prevLine; }
  unsigned prevEndCol() const { return prevCol; }

  const std::string &file() const { return fileName; }
  ast::Location location(const Token &tok) const {
    return {fileName, tok.line, tok.col};
  }
  ast::Location location(unsigned line, unsigned col) const {
    return {fileName, line, col};
  }

private:
  Token lex();
  void skipSpaceAndComments();
  Token lexIdentifier(const char *start);
  Token lexNumber(const char *start);
  Token lexString(const char *start);
  Token make(Tok kind, const char *start);
  Token error(const char *start, std::string message);
  unsigned columnOf(const char *p) const {
    return static_cast<unsigned>(p - lineStart) + 1;
  }

  llvm::StringRef buffer;
  std::string fileName;
  const char *ptr;
  const char *lineStart; ///< First byte of the line `ptr` is on.
  unsigned line = 1;
  Token current;
  unsigned prevLine = 0, prevCol = 0;
};

} // namespace netc::dsl

#endif // NETC_DSL_LEXER_H
