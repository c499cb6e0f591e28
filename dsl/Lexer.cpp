//===- Lexer.cpp - Tokens of a .net file ----------------------------------===//
//
// Works on byte pointers bounded by the buffer's end, never on NUL
// termination, so embedded NULs are just another unexpected character.
//
//===----------------------------------------------------------------------===//
#include "dsl/Lexer.h"

#include "llvm/ADT/APFloat.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Error.h"

using namespace netc;
using namespace netc::dsl;

/// Shows a byte the way the user can recognise it: itself when printable,
/// `\xHH` otherwise (control characters, NUL, each byte of UTF-8).
static std::string showByte(char c) {
  auto u = static_cast<unsigned char>(c);
  if (u >= 0x20 && u < 0x7f)
    return std::string(1, c);
  std::string s = "\\x";
  s += llvm::hexdigit(u >> 4);
  s += llvm::hexdigit(u & 0xf);
  return s;
}

static bool isIdentStart(char c) { return llvm::isAlpha(c) || c == '_'; }
static bool isIdentChar(char c) { return llvm::isAlnum(c) || c == '_'; }

Lexer::Lexer(llvm::StringRef buffer, std::string file)
    : buffer(buffer), fileName(std::move(file)), ptr(buffer.begin()),
      lineStart(buffer.begin()) {
  current = lex();
}

void Lexer::next() {
  if (current.is(Tok::Eof) || current.is(Tok::Error))
    return;
  prevLine = current.line;
  prevCol = current.col + static_cast<unsigned>(current.spelling.size());
  current = lex();
}

Token Lexer::make(Tok kind, const char *start) {
  Token tok;
  tok.kind = kind;
  tok.spelling = llvm::StringRef(start, ptr - start);
  tok.line = line;
  tok.col = columnOf(start);
  return tok;
}

Token Lexer::error(const char *start, std::string message) {
  Token tok = make(Tok::Error, start);
  tok.text = std::move(message);
  return tok;
}

void Lexer::skipSpaceAndComments() {
  const char *end = buffer.end();
  while (ptr != end) {
    char c = *ptr;
    if (c == '\n') {
      ++ptr;
      ++line;
      lineStart = ptr;
    } else if (c == ' ' || c == '\t' || c == '\r') {
      ++ptr;
    } else if (c == '#') {
      while (ptr != end && *ptr != '\n')
        ++ptr;
    } else {
      return;
    }
  }
}

Token Lexer::lex() {
  skipSpaceAndComments();
  const char *start = ptr;
  const char *end = buffer.end();
  if (ptr == end)
    return make(Tok::Eof, start);

  char c = *ptr++;
  auto peekIs = [&](char want) { return ptr != end && *ptr == want; };
  switch (c) {
  case '(': return make(Tok::LParen, start);
  case ')': return make(Tok::RParen, start);
  case '[': return make(Tok::LBracket, start);
  case ']': return make(Tok::RBracket, start);
  case '{': return make(Tok::LBrace, start);
  case '}': return make(Tok::RBrace, start);
  case ',': return make(Tok::Comma, start);
  case ':': return make(Tok::Colon, start);
  case '=': return make(Tok::Equal, start);
  case '+': return make(Tok::Plus, start);
  case '*': return make(Tok::Star, start);
  case '/': return make(Tok::Slash, start);
  case '"': return lexString(start);
  case '-':
    if (peekIs('>')) {
      ++ptr;
      return make(Tok::Arrow, start);
    }
    return make(Tok::Minus, start);
  case '.':
    if (peekIs('.')) {
      ++ptr;
      return make(Tok::DotDot, start);
    }
    return error(start, "unexpected character '.'");
  default:
    break;
  }
  if (isIdentStart(c))
    return lexIdentifier(start);
  if (llvm::isDigit(c))
    return lexNumber(start);
  return error(start, "unexpected character '" + showByte(c) + "'");
}

/// identifier := [A-Za-z_][A-Za-z0-9_]*
Token Lexer::lexIdentifier(const char *start) {
  while (ptr != buffer.end() && isIdentChar(*ptr))
    ++ptr;
  Token tok = make(Tok::Identifier, start);
  if (tok.spelling == "model")
    tok.kind = Tok::KwModel;
  else if (tok.spelling == "train")
    tok.kind = Tok::KwTrain;
  return tok;
}

/// integer := [0-9]+
/// float   := [0-9]+ ('.' [0-9]+)? ([eE] [+-]? [0-9]+)?   (with '.' or exponent)
///
/// `0..64` must lex as Integer DotDot Integer, so a '.' is only a decimal
/// point when a digit follows it.
Token Lexer::lexNumber(const char *start) {
  const char *end = buffer.end();
  auto digits = [&] {
    while (ptr != end && llvm::isDigit(*ptr))
      ++ptr;
  };
  digits();
  bool isFloat = false;
  if (ptr != end && *ptr == '.' && !(ptr + 1 != end && ptr[1] == '.')) {
    if (ptr + 1 == end || !llvm::isDigit(ptr[1])) {
      ++ptr;
      return error(start, "expected a digit after the '.' in number '" +
                              llvm::StringRef(start, ptr - start).str() + "'");
    }
    ++ptr;
    digits();
    isFloat = true;
  }
  if (ptr != end && (*ptr == 'e' || *ptr == 'E')) {
    ++ptr;
    if (ptr != end && (*ptr == '+' || *ptr == '-'))
      ++ptr;
    if (ptr == end || !llvm::isDigit(*ptr))
      return error(start, "expected digits in the exponent of number '" +
                              llvm::StringRef(start, ptr - start).str() + "'");
    digits();
    isFloat = true;
  }
  // `3x` is a typo, not the number 3 followed by the name x.
  if (ptr != end && isIdentChar(*ptr)) {
    while (ptr != end && isIdentChar(*ptr))
      ++ptr;
    return error(start, "invalid number '" +
                            llvm::StringRef(start, ptr - start).str() + "'");
  }

  Token tok = make(isFloat ? Tok::Float : Tok::Integer, start);
  std::string spelling = tok.spelling.str();
  if (!isFloat) {
    unsigned long long value = 0;
    if (llvm::getAsUnsignedInteger(tok.spelling, 10, value) ||
        value > static_cast<unsigned long long>(INT64_MAX))
      return error(start, "integer '" + spelling + "' is too large");
    tok.intValue = static_cast<int64_t>(value);
    tok.number = static_cast<double>(value);
    return tok;
  }
  // APFloat rather than strtod: independent of the C locale's decimal point.
  llvm::APFloat value(llvm::APFloat::IEEEdouble());
  auto status =
      value.convertFromString(tok.spelling, llvm::APFloat::rmNearestTiesToEven);
  if (!status) {
    llvm::consumeError(status.takeError());
    return error(start, "invalid number '" + spelling + "'");
  }
  if (*status & llvm::APFloat::opOverflow)
    return error(start, "number '" + spelling + "' is too large");
  tok.number = value.convertToDouble();
  return tok;
}

/// string := '"' ( [^"\\\n] | '\"' | '\\' )* '"'
Token Lexer::lexString(const char *start) {
  const char *end = buffer.end();
  std::string contents;
  while (true) {
    if (ptr == end || *ptr == '\n' ||
        (*ptr == '\r' && ptr + 1 != end && ptr[1] == '\n'))
      return error(start, "unterminated string");
    char c = *ptr;
    if (c == '"') {
      ++ptr;
      break;
    }
    if (c == '\\') {
      if (ptr + 1 != end && (ptr[1] == '"' || ptr[1] == '\\')) {
        contents += ptr[1];
        ptr += 2;
        continue;
      }
      if (ptr + 1 == end || ptr[1] == '\n')
        return error(start, "unterminated string");
      // Point at the escape itself, not at the string's start.
      return error(ptr, "unknown escape sequence '\\" + showByte(ptr[1]) +
                            "' in string; only \\\" and \\\\ are allowed");
    }
    // Control bytes in a file name or delimiter are always a mistake (and
    // unprintable in diagnostics); tabs and UTF-8 are fine.
    if (static_cast<unsigned char>(c) < 0x20 && c != '\t') {
      return error(ptr,
                   "unexpected character '" + showByte(c) + "' in string");
    }
    contents += c;
    ++ptr;
  }
  Token tok = make(Tok::String, start);
  tok.text = std::move(contents);
  return tok;
}
