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
#include <memory>
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
struct BlockInstance;

/// A value written in the source: `64`, `1e-3`, `"data.csv"`, `mse`,
/// `sgd(lr: 0.1)`, `0..64` (half-open range), `[0, 3, 5]`, or arithmetic
/// over numbers and names (`2 * base`, `-lr`). Sema folds arithmetic into
/// a Number, so later stages never see Binary or Negate, except in the
/// graph expression of a Value statement (see Statement).
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
  Location opLoc;             ///< Binary: the operator.
  std::vector<Expr> operands; ///< Binary: left and right; Negate: one;
                              ///< graph Call (after Sema): value inputs.
  /// Graph Call of a block (after Sema): the block's body, checked for
  /// this use. Shared by copies of the expression; never modified.
  std::shared_ptr<const BlockInstance> instance;
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

/// A statement of a model or block body: a layer applied to the running
/// value (`linear(out: 4)`, `relu`), a named constant (`hidden = 64`), or
/// (graph form) a named value (`h = conv1d(x, out: 16)`, `y = h + x`).
///
/// The parser produces Layer and Binding only; Sema turns a binding whose
/// value is a call or uses a value name, and a layer statement that names
/// its input (`conv1d(x, out: 16)`) or calls a block or `concat`, into a
/// Value statement. Its `value` is then a graph expression: Identifier (a
/// value name), Binary '+' (elementwise sum), or Call of a layer, `concat`
/// or a block, with the value inputs in `operands`, the other arguments in
/// canonical form in `args`, and a block's checked body in `instance`.
/// A Call without operands applies to the running value.
struct Statement {
  enum class Kind { Layer, Binding, Value };
  Kind kind = Kind::Layer;
  Location loc;
  std::string name;           ///< Layer name, bound name, or value name
                              ///< (empty for an unnamed Value statement).
  std::vector<Argument> args; ///< Layer arguments (empty for bare `relu`).
  Expr value;                 ///< Binding's value, Value's graph expression.
};

/// `block name(params) { statements }`: a sub-network used like a layer.
/// At a use, positional arguments bind the leading parameters to values
/// and named arguments bind the rest to constants.
struct Block {
  Location loc;
  std::string name;
  std::vector<Input> params; ///< Names only (`type` is empty).
  std::vector<Statement> body;
};

/// One use of a block, as Sema checked it: the body with the constant
/// parameters bound (Binding statements first) and the value parameters'
/// names, in order, bound to the use's operands.
struct BlockInstance {
  std::string block;
  std::vector<std::string> valueParams;
  std::vector<Statement> body;
};

/// `model name(inputs) -> type { statements }`, or with several named
/// results `-> (cls: f32[N, 3], score: f32[N, 1])`.
struct Model {
  Location loc;
  std::string name;
  std::vector<Input> inputs;
  /// The declared results, in order. The single form `-> f32[N, 3]` is one
  /// result with an empty name: the running value at the end of the body.
  /// Named results are the body's values of those names.
  std::vector<Input> results;
  std::vector<Statement> body;

  /// Whether results are named values (`-> (a: ..., b: ...)`).
  bool hasNamedResults() const {
    return !results.empty() && !results.front().name.empty();
  }
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
  std::vector<Block> blocks;
  std::vector<Model> models;
  std::vector<Train> trains;
};

} // namespace netc::ast

#endif // NETC_DSL_AST_H
