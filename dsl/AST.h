//===- AST.h - Syntax tree of a .net file -----------------------*- C++ -*-===//
//
// The parser's output and MLIRGen's input. Every node carries the location of
// its first token so later stages can point errors at the user's source.
// Nodes are plain structs: the tree is built once and then only read.
//
//===----------------------------------------------------------------------===//
#ifndef NETC_DSL_AST_H
#define NETC_DSL_AST_H

#include <cstdint>
#include <string>
#include <vector>

namespace netc::ast {

/// 1-based line and column of a token in `file`.
struct Location {
  std::string file;
  unsigned line = 0;
  unsigned col = 0;
};

struct Argument;

/// A value written in the source: `64`, `1e-3`, `"data.csv"`, `mse`,
/// `sgd(lr: 0.1)`, `0..64` (half-open range), `[0, 3, 5]`, or arithmetic
/// over numbers and names (`2 * base`, `-lr`). Sema folds arithmetic into
/// a Number, so later stages never see Binary or Negate.
struct Expr {
  enum class Kind {
    Number,
    String,
    Identifier,
    Call,
    Range,
    List,
    Binary,
    Negate
  };
  Kind kind = Kind::Number;
  Location loc;
  double number = 0;          ///< Number.
  bool isInteger = false;     ///< Number written without '.', 'e' or 'E'.
  std::string text;           ///< String contents, identifier, or callee name.
  std::vector<Argument> args; ///< Call arguments, in source order.
  int64_t rangeBegin = 0;     ///< Range: first index.
  int64_t rangeEnd = 0;       ///< Range: one past the last index.
  std::vector<Expr> elements; ///< List elements.
  char op = 0;                ///< Binary: '+', '-', '*' or '/'.
  std::vector<Expr> operands; ///< Binary: left and right; Negate: one.
};

/// `name: value`, or a positional `value` (empty name).
struct Argument {
  Location loc;
  std::string name;
  Expr value;
};

/// One dimension of a tensor type: an integer (`4`), a symbol (`N`, `L`),
/// or arithmetic over them (`L/3`, `(L - 7)/2 + 1`; `/` rounds down).
struct Dim {
  enum class Kind { Constant, Symbol, Add, Sub, Mul, Div };
  Kind kind = Kind::Constant;
  Location loc;
  int64_t size = 0;          ///< Constant.
  std::string symbol;        ///< Symbol.
  std::vector<Dim> operands; ///< Add, Sub, Mul, Div: left and right.

  bool isSymbol() const { return kind == Kind::Symbol; }
  bool isConstant() const { return kind == Kind::Constant; }
};

/// `f32[N, 3]`.
struct TensorType {
  Location loc;
  std::string dtype;
  std::vector<Dim> dims;
};

/// `x: f32[N, 3]` in a model's signature.
struct Input {
  Location loc;
  std::string name;
  TensorType type;
};

/// A statement of a model body: either a layer applied to the running value
/// (`linear(out: 4)`, `relu`) or a named constant (`hidden = 64`).
struct Statement {
  enum class Kind { Layer, Binding };
  Kind kind = Kind::Layer;
  Location loc;
  std::string name;           ///< Layer name, or the bound name.
  std::vector<Argument> args; ///< Layer arguments (empty for bare `relu`).
  Expr value;                 ///< Binding's value.
};

/// `model name(inputs) -> type { statements }`.
struct Model {
  Location loc;
  std::string name;
  std::vector<Input> inputs;
  TensorType result;
  std::vector<Statement> body;
};

/// `key: value` inside a train block.
struct Setting {
  Location loc;
  std::string key;
  Expr value;
};

/// `train model { settings }`.
struct Train {
  Location loc;
  std::string model;
  Location modelLoc;
  std::vector<Setting> settings;
};

/// A whole .net file.
struct File {
  std::string path;
  /// Top-level `name = expr` (Statement::Kind::Binding), in source order:
  /// the file's hyperparameters, visible in every model and train block.
  std::vector<Statement> bindings;
  std::vector<Model> models;
  std::vector<Train> trains;
};

} // namespace netc::ast

#endif // NETC_DSL_AST_H
