//===- Overrides.cpp - `-D name=value` into a parsed file -----------------===//
//
// The kind of a binding is read off its written value, since Sema has not
// run yet: literals say it directly, a name takes the kind of the binding
// it names (looking only at bindings above it, so cycles cannot recurse),
// and arithmetic is an integer only if every operand is.
//
//===----------------------------------------------------------------------===//
#include "dsl/Overrides.h"

#include "dsl/ExprPrinter.h"
#include "dsl/Lexer.h"
#include "dsl/Suggest.h"

#include "llvm/ADT/STLExtras.h"

#include <variant>
#include <vector>

using namespace netc;
using namespace netc::dsl;

namespace {

/// What a binding holds, as far as the command line can replace it.
enum class ValueKind {
  Integer,
  Float,
  Number, ///< Arithmetic over something unknown; Sema will say what.
  String,
  Name,
  Call,
  List,
  Range
};

/// The bindings a value may name: `scope[0, limit)`, then all of `outer`
/// (the file's, for a model body).
struct Lookup {
  const std::vector<ast::Statement> *scope;
  size_t limit;
  const std::vector<ast::Statement> *outer;
};

} // namespace

static bool isBinding(const ast::Statement &stmt) {
  return stmt.kind == ast::Statement::Kind::Binding;
}

static ValueKind kindOf(const ast::Expr &value, Lookup lookup);

static ValueKind kindOfName(const std::string &name, Lookup lookup) {
  for (size_t i = lookup.limit; i-- > 0;) {
    const ast::Statement &stmt = (*lookup.scope)[i];
    if (isBinding(stmt) && stmt.name == name)
      return kindOf(stmt.value, {lookup.scope, i, lookup.outer});
  }
  if (lookup.outer) {
    const std::vector<ast::Statement> &outer = *lookup.outer;
    for (size_t i = 0; i < outer.size(); ++i)
      if (outer[i].name == name)
        return kindOf(outer[i].value, {&outer, i, nullptr});
  }
  return ValueKind::Name;
}

static bool isNumeric(ValueKind kind) {
  return kind == ValueKind::Integer || kind == ValueKind::Float ||
         kind == ValueKind::Number;
}

static ValueKind kindOf(const ast::Expr &value, Lookup lookup) {
  switch (value.kind) {
  case ast::Expr::Kind::Number:
    return value.isInteger ? ValueKind::Integer : ValueKind::Float;
  case ast::Expr::Kind::String: return ValueKind::String;
  case ast::Expr::Kind::Identifier: return kindOfName(value.text, lookup);
  case ast::Expr::Kind::Call: return ValueKind::Call;
  case ast::Expr::Kind::List: return ValueKind::List;
  case ast::Expr::Kind::Range: return ValueKind::Range;
  case ast::Expr::Kind::Binary:
  case ast::Expr::Kind::Negate: {
    bool anyFloat = false, allInteger = true;
    for (const ast::Expr &operand : value.operands) {
      ValueKind kind = kindOf(operand, lookup);
      anyFloat |= kind == ValueKind::Float;
      allInteger &= kind == ValueKind::Integer;
    }
    return anyFloat     ? ValueKind::Float
           : allInteger ? ValueKind::Integer
                        : ValueKind::Number;
  }
  }
  return ValueKind::Number;
}

/// `text` as one number (`64`, `-0.5`, `1e-3`), or std::nullopt.
static std::optional<ast::Expr> parseNumber(llvm::StringRef text) {
  Lexer lex(text, "-D");
  bool negative = lex.cur().is(Tok::Minus);
  if (negative)
    lex.next();
  Token number = lex.cur();
  if (!number.is(Tok::Integer) && !number.is(Tok::Float))
    return std::nullopt;
  lex.next();
  if (!lex.cur().is(Tok::Eof))
    return std::nullopt;
  ast::Expr expr;
  expr.kind = ast::Expr::Kind::Number;
  expr.isInteger = number.is(Tok::Integer);
  expr.number = negative ? -number.number : number.number;
  return expr;
}

/// `text` as one identifier (`mse`, `true`), or std::nullopt.
static std::optional<ast::Expr> parseName(llvm::StringRef text) {
  Lexer lex(text, "-D");
  Token name = lex.cur();
  if (!name.is(Tok::Identifier))
    return std::nullopt;
  lex.next();
  if (!lex.cur().is(Tok::Eof))
    return std::nullopt;
  ast::Expr expr;
  expr.kind = ast::Expr::Kind::Identifier;
  expr.text = name.spelling.str();
  return expr;
}

/// The value `text` stands for in a binding of `kind`, or the reason it
/// cannot stand there.
static std::variant<ast::Expr, std::string> valueFor(ValueKind kind,
                                                     llvm::StringRef text) {
  switch (kind) {
  case ValueKind::Integer:
  case ValueKind::Float:
  case ValueKind::Number: {
    std::optional<ast::Expr> number = parseNumber(text);
    if (!number)
      return std::string("not a number");
    if (kind == ValueKind::Integer && !number->isInteger)
      return std::string("not an integer");
    if (kind == ValueKind::Float)
      number->isInteger = false; // `-D lr=1` is the float 1.0, as written.
    return *number;
  }
  case ValueKind::Name: {
    std::optional<ast::Expr> name = parseName(text);
    if (!name)
      return std::string("not a name");
    return *name;
  }
  case ValueKind::String: {
    ast::Expr string;
    string.kind = ast::Expr::Kind::String;
    string.text = text.str();
    return string;
  }
  case ValueKind::Call: return std::string("the file binds a call here, "
                                           "which -D cannot replace");
  case ValueKind::List: return std::string("the file binds a list here, "
                                           "which -D cannot replace");
  case ValueKind::Range: return std::string("the file binds a range here, "
                                            "which -D cannot replace");
  }
  return std::string("cannot be replaced");
}

std::optional<std::string> netc::dsl::overrideBinding(ast::File &file,
                                                      ast::Model *model,
                                                      llvm::StringRef name,
                                                      llvm::StringRef text) {
  ast::Statement *target = nullptr;
  Lookup lookup{&file.bindings, 0, nullptr};
  for (size_t i = 0; i < file.bindings.size() && !target; ++i)
    if (file.bindings[i].name == name) {
      target = &file.bindings[i];
      lookup.limit = i;
    }
  if (!target && model) {
    for (size_t i = 0; i < model->body.size() && !target; ++i)
      if (isBinding(model->body[i]) && model->body[i].name == name) {
        target = &model->body[i];
        lookup = {&model->body, i, &file.bindings};
      }
  }
  if (!target) {
    std::vector<llvm::StringRef> names;
    for (const ast::Statement &stmt : file.bindings)
      names.push_back(stmt.name);
    if (model)
      for (const ast::Statement &stmt : model->body)
        if (isBinding(stmt))
          names.push_back(stmt.name);
    return "-D " + name.str() + ": the file declares no hyperparameter '" +
           name.str() + "'" + didYouMean(name, names);
  }

  auto value = valueFor(kindOf(target->value, lookup), text);
  if (auto *message = std::get_if<std::string>(&value))
    return "-D " + name.str() + "=" + text.str() + ": " + *message;
  ast::Location where = target->value.loc;
  target->value = std::get<ast::Expr>(std::move(value));
  target->value.loc = where;
  return std::nullopt;
}
