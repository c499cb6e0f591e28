//===- Parser.cpp - Recursive-descent parser for .net files ---------------===//
//
// One parseX per grammar rule, each carrying its rule; docs/language.md has
// the whole grammar. Every parseX returns false after reporting an error,
// and the first error ends the parse: the callers just propagate false, so
// no recovery code can loop or cascade into confusing follow-up errors.
//
// Recursion only happens through expressions (lists, call arguments,
// parentheses and unary minus), and the trees it builds are only as deep as
// that recursion plus the operators of each arithmetic chain; both are
// capped at kMaxNesting so hostile input cannot overflow the stack, here or
// in the later passes that walk the tree recursively.
//
//===----------------------------------------------------------------------===//
#include "dsl/Parser.h"

#include "dsl/Lexer.h"

#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/Twine.h"

using namespace netc;
using namespace netc::dsl;

namespace {

/// Lists and calls nested deeper than this are rejected. Real models nest
/// two or three levels; 64 keeps the recursion far from any stack limit.
constexpr unsigned kMaxNesting = 64;

constexpr const char *kTopLevelExpectation =
    "expected 'model', 'train' or a hyperparameter such as 'lr = 0.01' at "
    "top level";

class Parser {
public:
  Parser(Lexer &lex, Diagnostics &diags) : lex(lex), diags(diags) {}

  std::optional<ast::File> parseFile();
  /// A buffer holding exactly one dimension expression.
  std::optional<ast::Dim> parseDimensionOnly() {
    ast::Dim dim;
    if (!parseDim(dim))
      return std::nullopt;
    if (!at(Tok::Eof)) {
      errorHere("unexpected text after the dimension");
      return std::nullopt;
    }
    return dim;
  }

private:
  bool parseBinding(ast::Statement &stmt, const Token &name);
  bool parseModel(ast::Model &model);
  bool parseResults(ast::Model &model);
  bool parseBlock(ast::Block &block, const Token &keyword);
  bool parseBody(std::vector<ast::Statement> &body, const std::string &owner);
  bool parseInput(ast::Input &input, const std::string &model);
  bool parseTensorType(ast::TensorType &type, const llvm::Twine &context);
  bool parseDim(ast::Dim &dim);
  bool parseDimTerm(ast::Dim &dim);
  bool parseDimAtom(ast::Dim &dim);
  bool parseStatement(ast::Statement &stmt);
  bool parseArgs(std::vector<ast::Argument> &args, const std::string &callee);
  bool parseArg(ast::Argument &arg, const std::string &callee);
  /// `first`, when given, is an identifier already consumed (parseArg needs
  /// two tokens to tell `name: value` from a value starting with a name).
  bool parseExpr(ast::Expr &expr, const std::string &context,
                 const Token *first = nullptr);
  bool parseTerm(ast::Expr &expr, const std::string &context,
                 const Token *first);
  bool parseUnary(ast::Expr &expr, const std::string &context,
                  const Token *first);
  bool parseAtom(ast::Expr &expr, const std::string &context);
  bool parseNamedExpr(const Token &name, ast::Expr &expr);
  bool parseList(ast::Expr &expr);
  bool parseTrain(ast::Train &train);
  bool parseSetting(ast::Setting &setting);

  /// Reports that the current token is not the thing the rule needs ("expected
  /// a dimension ..."), pointing at it; at the end of the file, points just
  /// past the last token instead, which is on a line the user can see.
  bool errorHere(const llvm::Twine &message);
  /// Reports missing punctuation after what was just parsed ("expected ')'
  /// after arguments ..."). Points at the current token, unless that is on a
  /// later line (or is the end of file): then just past the previous token,
  /// where the piece was forgotten.
  bool expected(const llvm::Twine &message);
  bool errorAfterPrevious(const llvm::Twine &message);
  bool errorAt(const Token &tok, const llvm::Twine &message);

  /// Counts one level of list or call nesting for the lifetime of a scope.
  struct NestingScope {
    explicit NestingScope(unsigned &depth) : depth(depth) { ++depth; }
    ~NestingScope() { --depth; }
    unsigned &depth;
  };
  bool tooDeep(const Token &opener);
  /// As tooDeep, for an operator, a '(' or a unary '-' of arithmetic.
  bool arithmeticTooDeep(const Token &tok);

  ast::Location loc(const Token &tok) const { return lex.location(tok); }
  const Token &cur() const { return lex.cur(); }
  bool at(Tok kind) const { return lex.cur().is(kind); }

  Lexer &lex;
  Diagnostics &diags;
  unsigned depth = 0;
};

} // namespace

//===----------------------------------------------------------------------===//
// Errors
//===----------------------------------------------------------------------===//

bool Parser::errorAt(const Token &tok, const llvm::Twine &message) {
  // A malformed token is the real problem, whatever the rule expected there.
  if (tok.is(Tok::Error))
    diags.error(loc(tok), tok.text);
  else
    diags.error(loc(tok), message);
  return false;
}

bool Parser::errorAfterPrevious(const llvm::Twine &message) {
  diags.error(lex.location(lex.prevEndLine(), lex.prevEndCol()), message);
  return false;
}

bool Parser::errorHere(const llvm::Twine &message) {
  if (at(Tok::Eof) && lex.prevEndLine() != 0)
    return errorAfterPrevious(message);
  return errorAt(cur(), message);
}

bool Parser::expected(const llvm::Twine &message) {
  const Token &tok = cur();
  bool laterLine = tok.is(Tok::Eof) || tok.line > lex.prevEndLine();
  if (tok.is(Tok::Error) || !laterLine || lex.prevEndLine() == 0)
    return errorAt(tok, message);
  return errorAfterPrevious(message);
}

bool Parser::tooDeep(const Token &opener) {
  if (depth < kMaxNesting)
    return false;
  errorAt(opener, "expression nests too deeply (more than " +
                      llvm::Twine(kMaxNesting) + " levels of lists and calls)");
  return true;
}

bool Parser::arithmeticTooDeep(const Token &tok) {
  if (depth < kMaxNesting)
    return false;
  errorAt(tok, "arithmetic nests too deeply (more than " +
                   llvm::Twine(kMaxNesting) +
                   " levels of operators, parentheses, lists and calls)");
  return true;
}

//===----------------------------------------------------------------------===//
// Top level
//===----------------------------------------------------------------------===//

/// file := (binding | block | model | train)* EOF
///
/// `block` is a keyword only where a block can start: `block = 3` stays a
/// hyperparameter, so files written before blocks existed keep parsing.
std::optional<ast::File> Parser::parseFile() {
  ast::File file;
  file.path = lex.file();
  while (!at(Tok::Eof)) {
    if (at(Tok::Identifier)) {
      Token name = cur();
      lex.next();
      if (name.spelling == "block" && !at(Tok::Equal)) {
        file.blocks.emplace_back();
        if (!parseBlock(file.blocks.back(), name))
          return std::nullopt;
        continue;
      }
      file.bindings.emplace_back();
      if (!parseBinding(file.bindings.back(), name))
        return std::nullopt;
    } else if (at(Tok::KwModel)) {
      file.models.emplace_back();
      if (!parseModel(file.models.back()))
        return std::nullopt;
    } else if (at(Tok::KwTrain)) {
      file.trains.emplace_back();
      if (!parseTrain(file.trains.back()))
        return std::nullopt;
    } else {
      errorHere(kTopLevelExpectation);
      return std::nullopt;
    }
  }
  return file;
}

/// binding := IDENT '=' expr       -- a hyperparameter: lr = 0.01
/// (`name`, the IDENT, is already consumed.)
bool Parser::parseBinding(ast::Statement &stmt, const Token &name) {
  stmt.kind = ast::Statement::Kind::Binding;
  stmt.loc = loc(name);
  stmt.name = name.spelling.str();
  // A name without '=' is most likely a layer outside its model's braces;
  // the message says what the top level may hold, at the name.
  if (!at(Tok::Equal))
    return errorAt(name, kTopLevelExpectation);
  lex.next();
  return parseExpr(stmt.value, "for '" + stmt.name + "'");
}

//===----------------------------------------------------------------------===//
// Models
//===----------------------------------------------------------------------===//

/// model := 'model' IDENT '(' input (',' input)* ')' '->' results
///          '{' statement* '}'
/// results := tensor_type | '(' input (',' input)* ')'
bool Parser::parseModel(ast::Model &model) {
  model.loc = loc(cur());
  lex.next(); // 'model'
  if (!at(Tok::Identifier))
    return errorHere("expected a model name after 'model'");
  model.name = cur().spelling.str();
  lex.next();

  if (!at(Tok::LParen))
    return expected("expected '(' and the inputs of model '" + model.name +
                    "'");
  lex.next();
  while (true) {
    model.inputs.emplace_back();
    if (!parseInput(model.inputs.back(), model.name))
      return false;
    if (at(Tok::RParen))
      break;
    if (!at(Tok::Comma))
      return expected("expected ',' or ')' after input '" +
                      model.inputs.back().name + "' of model '" + model.name +
                      "'");
    Token comma = cur();
    lex.next();
    if (at(Tok::RParen))
      return errorAt(comma, "trailing comma after the last input of model '" +
                                model.name + "'");
  }
  lex.next(); // ')'

  if (!at(Tok::Arrow))
    return expected("expected '->' and the result type after the inputs of "
                    "model '" +
                    model.name + "'");
  lex.next();
  if (at(Tok::LParen)) {
    if (!parseResults(model))
      return false;
  } else {
    model.results.emplace_back();
    model.results.back().loc = loc(cur());
    if (!parseTensorType(model.results.back().type, "after '->'"))
      return false;
  }

  if (!at(Tok::LBrace))
    return expected("expected '{' and the body of model '" + model.name + "'");
  return parseBody(model.body, "model '" + model.name + "'");
}

/// results := '(' input (',' input)* ')'   -- at the '('
/// Several named results, `-> (cls: f32[N, 3], score: f32[N, 1])`: each is
/// the body's value of that name.
bool Parser::parseResults(ast::Model &model) {
  lex.next(); // '('
  while (true) {
    if (!at(Tok::Identifier))
      return errorHere("expected a named result such as 'y: f32[N, 1]' "
                       "after '->' of model '" +
                       model.name + "'");
    model.results.emplace_back();
    ast::Input &result = model.results.back();
    result.loc = loc(cur());
    result.name = cur().spelling.str();
    lex.next();
    if (!at(Tok::Colon))
      return expected("expected ':' and a type after result '" +
                      result.name + "'");
    lex.next();
    if (!parseTensorType(result.type, "for result '" + result.name + "'"))
      return false;
    if (at(Tok::RParen))
      break;
    if (!at(Tok::Comma))
      return expected("expected ',' or ')' after result '" + result.name +
                      "' of model '" + model.name + "'");
    Token comma = cur();
    lex.next();
    if (at(Tok::RParen))
      return errorAt(comma, "trailing comma after the last result of "
                            "model '" +
                                model.name + "'");
  }
  lex.next(); // ')'
  return true;
}

/// body := '{' statement* '}'      -- at the '{'
bool Parser::parseBody(std::vector<ast::Statement> &body,
                       const std::string &owner) {
  lex.next(); // '{'
  while (!at(Tok::RBrace)) {
    if (!at(Tok::Identifier))
      return errorHere("expected a layer, a binding or '}' in the body of " +
                       owner);
    body.emplace_back();
    if (!parseStatement(body.back()))
      return false;
  }
  lex.next(); // '}'
  return true;
}

/// block := 'block' IDENT '(' IDENT (',' IDENT)* ')' body
bool Parser::parseBlock(ast::Block &block, const Token &keyword) {
  block.loc = loc(keyword);
  if (!at(Tok::Identifier))
    return errorHere("expected a block name after 'block'");
  block.name = cur().spelling.str();
  lex.next();
  if (!at(Tok::LParen))
    return expected("expected '(' and the parameters of block '" +
                    block.name + "'");
  lex.next();
  while (true) {
    if (!at(Tok::Identifier))
      return errorHere("expected a parameter name such as 'x' in block '" +
                       block.name + "'");
    block.params.emplace_back();
    block.params.back().loc = loc(cur());
    block.params.back().name = cur().spelling.str();
    lex.next();
    if (at(Tok::RParen))
      break;
    if (!at(Tok::Comma))
      return expected("expected ',' or ')' after parameter '" +
                      block.params.back().name + "' of block '" + block.name +
                      "'");
    Token comma = cur();
    lex.next();
    if (at(Tok::RParen))
      return errorAt(comma, "trailing comma after the last parameter of "
                            "block '" +
                                block.name + "'");
  }
  lex.next(); // ')'
  if (!at(Tok::LBrace))
    return expected("expected '{' and the body of block '" + block.name + "'");
  return parseBody(block.body, "block '" + block.name + "'");
}

/// input := IDENT ':' tensor_type
bool Parser::parseInput(ast::Input &input, const std::string &model) {
  if (!at(Tok::Identifier))
    return errorHere("expected an input such as 'x: f32[N, 4]' in model '" +
                    model + "'");
  input.loc = loc(cur());
  input.name = cur().spelling.str();
  lex.next();
  if (!at(Tok::Colon))
    return expected("expected ':' and a type after input '" + input.name +
                    "'");
  lex.next();
  return parseTensorType(input.type, "for input '" + input.name + "'");
}

/// tensor_type := IDENT '[' dim (',' dim)* ']'
bool Parser::parseTensorType(ast::TensorType &type,
                             const llvm::Twine &context) {
  if (!at(Tok::Identifier))
    return errorHere("expected a tensor type such as f32[N, 4] " + context);
  type.loc = loc(cur());
  type.dtype = cur().spelling.str();
  lex.next();
  if (!at(Tok::LBracket))
    return expected("expected '[' and the dimensions after element type '" +
                    type.dtype + "'");
  lex.next();
  while (true) {
    type.dims.emplace_back();
    if (!parseDim(type.dims.back()))
      return false;
    if (at(Tok::RBracket))
      break;
    if (!at(Tok::Comma))
      return expected("expected ',' or ']' after a dimension");
    Token comma = cur();
    lex.next();
    if (at(Tok::RBracket))
      return errorAt(comma, "trailing comma after the last dimension");
  }
  lex.next(); // ']'
  return true;
}

/// The binary dimension expression `lhs kind rhs`, located at `lhs`.
static ast::Dim combineDims(ast::Dim::Kind kind, ast::Dim lhs, ast::Dim rhs) {
  ast::Dim result;
  result.kind = kind;
  result.loc = lhs.loc;
  result.operands.push_back(std::move(lhs));
  result.operands.push_back(std::move(rhs));
  return result;
}

/// dim := dim_term (('+' | '-') dim_term)*
bool Parser::parseDim(ast::Dim &dim) {
  if (!parseDimTerm(dim))
    return false;
  while (at(Tok::Plus) || at(Tok::Minus)) {
    ast::Dim::Kind kind = at(Tok::Plus) ? ast::Dim::Kind::Add
                                        : ast::Dim::Kind::Sub;
    lex.next();
    ast::Dim rhs;
    if (!parseDimTerm(rhs))
      return false;
    dim = combineDims(kind, std::move(dim), std::move(rhs));
  }
  return true;
}

/// dim_term := dim_atom (('*' | '/') dim_atom)*
bool Parser::parseDimTerm(ast::Dim &dim) {
  if (!parseDimAtom(dim))
    return false;
  while (at(Tok::Star) || at(Tok::Slash)) {
    ast::Dim::Kind kind = at(Tok::Star) ? ast::Dim::Kind::Mul
                                        : ast::Dim::Kind::Div;
    lex.next();
    ast::Dim rhs;
    if (!parseDimAtom(rhs))
      return false;
    dim = combineDims(kind, std::move(dim), std::move(rhs));
  }
  return true;
}

/// dim_atom := INTEGER | IDENT | '(' dim ')'
bool Parser::parseDimAtom(ast::Dim &dim) {
  dim.loc = loc(cur());
  if (at(Tok::Integer)) {
    dim.kind = ast::Dim::Kind::Constant;
    dim.size = cur().intValue;
  } else if (at(Tok::Identifier)) {
    dim.kind = ast::Dim::Kind::Symbol;
    dim.symbol = cur().spelling.str();
  } else if (at(Tok::LParen)) {
    if (tooDeep(cur()))
      return false;
    NestingScope scope(depth);
    lex.next();
    if (!parseDim(dim))
      return false;
    if (!at(Tok::RParen))
      return expected("expected ')' to close the dimension expression");
  } else {
    return errorHere("expected a dimension (an integer or a name such as N)");
  }
  lex.next();
  return true;
}

/// statement := IDENT '=' expr                         -- binding
///            | IDENT ('(' [arg (',' arg)*] ')')?      -- layer
bool Parser::parseStatement(ast::Statement &stmt) {
  stmt.loc = loc(cur());
  stmt.name = cur().spelling.str();
  lex.next();
  if (at(Tok::Equal)) {
    stmt.kind = ast::Statement::Kind::Binding;
    lex.next();
    return parseExpr(stmt.value, "for '" + stmt.name + "'");
  }
  stmt.kind = ast::Statement::Kind::Layer;
  if (!at(Tok::LParen))
    return true; // A bare layer such as `relu`.
  Token open = cur();
  if (tooDeep(open))
    return false;
  NestingScope scope(depth);
  return parseArgs(stmt.args, stmt.name);
}

//===----------------------------------------------------------------------===//
// Arguments and expressions
//===----------------------------------------------------------------------===//

/// args := '(' [arg (',' arg)*] ')'
bool Parser::parseArgs(std::vector<ast::Argument> &args,
                       const std::string &callee) {
  lex.next(); // '('
  if (at(Tok::RParen)) {
    lex.next();
    return true;
  }
  while (true) {
    args.emplace_back();
    if (!parseArg(args.back(), callee))
      return false;
    if (at(Tok::RParen))
      break;
    if (!at(Tok::Comma))
      return expected("expected ')' after arguments of '" + callee + "'");
    Token comma = cur();
    lex.next();
    if (at(Tok::RParen))
      return errorAt(comma, "trailing comma after the last argument of '" +
                                callee + "'");
  }
  lex.next(); // ')'
  return true;
}

/// arg := (IDENT ':')? expr
bool Parser::parseArg(ast::Argument &arg, const std::string &callee) {
  arg.loc = loc(cur());
  if (!at(Tok::Identifier))
    return parseExpr(arg.value, "in the arguments of '" + callee + "'");
  // One token of lookahead cannot see the ':', so take the name first and
  // decide afterwards whether it was a label or the value itself.
  Token name = cur();
  lex.next();
  if (!at(Tok::Colon))
    return parseExpr(arg.value, "in the arguments of '" + callee + "'", &name);
  arg.name = name.spelling.str();
  lex.next();
  return parseExpr(arg.value, "for argument '" + arg.name + "' of '" + callee +
                                  "'");
}

/// The binary expression `lhs op rhs`, located at `lhs`; `opLoc` is the
/// operator's (graph errors about `h + x` point there).
static ast::Expr combineExprs(char op, ast::Location opLoc, ast::Expr lhs,
                              ast::Expr rhs) {
  ast::Expr result;
  result.kind = ast::Expr::Kind::Binary;
  result.op = op;
  result.opLoc = std::move(opLoc);
  result.loc = lhs.loc;
  result.operands.push_back(std::move(lhs));
  result.operands.push_back(std::move(rhs));
  return result;
}

/// expr := term (('+' | '-') term)*
///
/// `context` completes "expected a value ...", e.g. "for setting 'loss'".
/// Each operator counts as a level of nesting until the whole expression
/// is parsed: the chain becomes a left-leaning tree that deep.
bool Parser::parseExpr(ast::Expr &expr, const std::string &context,
                       const Token *first) {
  unsigned outerDepth = depth;
  auto restore = llvm::make_scope_exit([&] { depth = outerDepth; });
  if (!parseTerm(expr, context, first))
    return false;
  while (at(Tok::Plus) || at(Tok::Minus)) {
    if (arithmeticTooDeep(cur()))
      return false;
    ++depth;
    char op = at(Tok::Plus) ? '+' : '-';
    ast::Location opLoc = loc(cur());
    lex.next();
    ast::Expr rhs;
    if (!parseTerm(rhs, context, nullptr))
      return false;
    expr = combineExprs(op, opLoc, std::move(expr), std::move(rhs));
  }
  return true;
}

/// term := unary (('*' | '/') unary)*
bool Parser::parseTerm(ast::Expr &expr, const std::string &context,
                       const Token *first) {
  unsigned outerDepth = depth;
  auto restore = llvm::make_scope_exit([&] { depth = outerDepth; });
  if (!parseUnary(expr, context, first))
    return false;
  while (at(Tok::Star) || at(Tok::Slash)) {
    if (arithmeticTooDeep(cur()))
      return false;
    ++depth;
    char op = at(Tok::Star) ? '*' : '/';
    ast::Location opLoc = loc(cur());
    lex.next();
    ast::Expr rhs;
    if (!parseUnary(rhs, context, nullptr))
      return false;
    expr = combineExprs(op, opLoc, std::move(expr), std::move(rhs));
  }
  return true;
}

/// unary := '-' NUMBER | '-' unary | atom
///
/// A minus before a number is part of the literal (`-1`), so values and
/// messages keep reading `-1`; before anything else it negates.
bool Parser::parseUnary(ast::Expr &expr, const std::string &context,
                        const Token *first) {
  if (first)
    return parseNamedExpr(*first, expr);
  if (!at(Tok::Minus))
    return parseAtom(expr, context);
  Token minus = cur();
  lex.next();
  if (at(Tok::Integer) || at(Tok::Float)) {
    expr.loc = loc(minus);
    expr.kind = ast::Expr::Kind::Number;
    expr.isInteger = at(Tok::Integer);
    expr.number = -cur().number;
    lex.next();
    // Otherwise `-1..3` would fail later with a puzzling "expected ')'".
    if (at(Tok::DotDot))
      return errorAt(cur(), "the bounds of a range must be non-negative "
                            "integers");
    return true;
  }
  if (arithmeticTooDeep(minus))
    return false;
  NestingScope scope(depth);
  expr.loc = loc(minus);
  expr.kind = ast::Expr::Kind::Negate;
  expr.operands.emplace_back();
  if (!at(Tok::Minus) && !at(Tok::Identifier) && !at(Tok::LParen))
    return errorHere("expected a number, a name or '(' after '-'");
  return parseUnary(expr.operands.back(), context, nullptr);
}

/// atom := NUMBER | STRING | INTEGER '..' INTEGER | '(' expr ')'
///       | '[' [expr (',' expr)*] ']' | IDENT ('(' [arg (',' arg)*] ')')?
bool Parser::parseAtom(ast::Expr &expr, const std::string &context) {
  expr.loc = loc(cur());
  switch (cur().kind) {
  case Tok::Integer: {
    expr.kind = ast::Expr::Kind::Number;
    expr.isInteger = true;
    expr.number = cur().number;
    int64_t begin = cur().intValue;
    lex.next();
    if (!at(Tok::DotDot))
      return true;
    lex.next();
    if (!at(Tok::Integer))
      return errorHere("expected an integer after '..' in a range");
    expr.kind = ast::Expr::Kind::Range;
    expr.rangeBegin = begin;
    expr.rangeEnd = cur().intValue;
    lex.next();
    return true;
  }
  case Tok::Float:
    expr.kind = ast::Expr::Kind::Number;
    expr.number = cur().number;
    lex.next();
    if (at(Tok::DotDot))
      return errorAt(cur(), "the bounds of a range must be non-negative "
                            "integers");
    return true;
  case Tok::String:
    expr.kind = ast::Expr::Kind::String;
    expr.text = cur().text;
    lex.next();
    return true;
  case Tok::LBracket:
    return parseList(expr);
  case Tok::LParen: {
    if (arithmeticTooDeep(cur()))
      return false;
    NestingScope scope(depth);
    ast::Location open = expr.loc;
    lex.next();
    if (!parseExpr(expr, context))
      return false;
    if (!at(Tok::RParen))
      return expected("expected ')' to close the parenthesised expression");
    lex.next();
    expr.loc = open; // Errors about `(a - b)` point at its start.
    return true;
  }
  case Tok::Identifier: {
    Token name = cur();
    lex.next();
    return parseNamedExpr(name, expr);
  }
  default:
    return errorHere("expected a value (a number, a string, a name, a range or "
                    "a list) " +
                    context);
  }
}

/// The rest of `IDENT ('(' [arg (',' arg)*] ')')?` once IDENT (`name`) has
/// been consumed.
bool Parser::parseNamedExpr(const Token &name, ast::Expr &expr) {
  expr.loc = loc(name);
  expr.text = name.spelling.str();
  if (!at(Tok::LParen)) {
    expr.kind = ast::Expr::Kind::Identifier;
    return true;
  }
  expr.kind = ast::Expr::Kind::Call;
  if (tooDeep(cur()))
    return false;
  NestingScope scope(depth);
  return parseArgs(expr.args, expr.text);
}

/// list := '[' [expr (',' expr)*] ']'
bool Parser::parseList(ast::Expr &expr) {
  expr.kind = ast::Expr::Kind::List;
  if (tooDeep(cur()))
    return false;
  NestingScope scope(depth);
  lex.next(); // '['
  if (at(Tok::RBracket)) {
    lex.next();
    return true;
  }
  while (true) {
    expr.elements.emplace_back();
    if (!parseExpr(expr.elements.back(), "in a list"))
      return false;
    if (at(Tok::RBracket))
      break;
    if (!at(Tok::Comma))
      return expected("expected ',' or ']' after an element of a list");
    Token comma = cur();
    lex.next();
    if (at(Tok::RBracket))
      return errorAt(comma, "trailing comma after the last element of a list");
  }
  lex.next(); // ']'
  return true;
}

//===----------------------------------------------------------------------===//
// Train blocks
//===----------------------------------------------------------------------===//

/// train := 'train' IDENT '{' setting* '}'
bool Parser::parseTrain(ast::Train &train) {
  train.loc = loc(cur());
  lex.next(); // 'train'
  if (!at(Tok::Identifier))
    return errorHere("expected a model name after 'train'");
  train.model = cur().spelling.str();
  train.modelLoc = loc(cur());
  lex.next();
  if (!at(Tok::LBrace))
    return expected("expected '{' and the settings of the train block for '" +
                    train.model + "'");
  lex.next();
  while (!at(Tok::RBrace)) {
    if (!at(Tok::Identifier))
      return errorHere("expected a setting such as 'epochs: 10' or '}' in the "
                      "train block for '" +
                      train.model + "'");
    train.settings.emplace_back();
    if (!parseSetting(train.settings.back()))
      return false;
  }
  lex.next(); // '}'
  return true;
}

/// setting := IDENT ':' expr
bool Parser::parseSetting(ast::Setting &setting) {
  setting.loc = loc(cur());
  setting.key = cur().spelling.str();
  lex.next();
  if (!at(Tok::Colon))
    return expected("expected ':' and a value after setting '" + setting.key +
                    "'");
  lex.next();
  return parseExpr(setting.value, "for setting '" + setting.key + "'");
}

//===----------------------------------------------------------------------===//

std::optional<ast::Dim> netc::dsl::parseDimension(unsigned bufferId,
                                                  Diagnostics &diags) {
  const llvm::MemoryBuffer *buffer =
      diags.sourceMgr().getMemoryBuffer(bufferId);
  Lexer lex(buffer->getBuffer(), buffer->getBufferIdentifier().str());
  return Parser(lex, diags).parseDimensionOnly();
}

std::optional<ast::File> netc::dsl::parseFile(unsigned bufferId,
                                              Diagnostics &diags) {
  const llvm::MemoryBuffer *buffer =
      diags.sourceMgr().getMemoryBuffer(bufferId);
  Lexer lex(buffer->getBuffer(), buffer->getBufferIdentifier().str());
  return Parser(lex, diags).parseFile();
}
