//===- LayerCatalog.h - What layers, calls and settings exist ---*- C++ -*-===//
//
// The one table of the language's vocabulary: every layer, every call
// (`csv(...)`, `sgd(...)`) and the train block's settings, each with its
// parameters in canonical order. Sema checks source against it and fills
// defaults from it; docs/language.md describes the same entries. Adding a
// layer is adding a row in LayerCatalog.cpp (and a lowering in compiler/).
//
//===----------------------------------------------------------------------===//
#ifndef NETC_DSL_LAYERCATALOG_H
#define NETC_DSL_LAYERCATALOG_H

#include "dsl/AST.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <vector>

namespace netc::dsl {

/// What a parameter's value must be. Sema prints the phrase from
/// describe(ParamKind) in "expects ..." errors.
enum class ParamKind {
  Int,         ///< An integer literal: `64`, `-1`.
  Float,       ///< A number literal; an integer literal is accepted too.
  Bool,        ///< The identifier `true` or `false`.
  String,      ///< A string literal.
  Ident,       ///< One of ParamSpec::allowed, written as a bare name.
  Indices,     ///< Column indices: a range `0..4`, an integer, or `[0, 3]`.
  Call,        ///< A call to one of ParamSpec::allowed: `csv("a.csv", ...)`.
  CallOrIdent, ///< As Call; a bare name `sgd` means the call `sgd()`.
  Padding      ///< A non-negative integer, or the name `same`.
};

/// Extra condition on a value of the right kind.
enum class Constraint {
  None,
  Positive,       ///< Int >= 1; Float > 0.
  NonNegative,    ///< Int >= 0; Float >= 0.
  Probability,    ///< Float in [0, 1]: dropout's p.
  Fraction,       ///< Float in [0, 1): Adam's betas, `validation`.
  NonEmpty,       ///< String of at least one character.
  SingleCharacter ///< String of exactly one byte.
};

struct ParamSpec {
  llvm::StringRef name;
  ParamKind kind;
  /// Default as written in .net syntax for the kind (`true`, `10`, `0.5`,
  /// `mse`); a String default is the contents without quotes. Empty means
  /// the parameter is required.
  llvm::StringRef defaultValue;
  Constraint constraint = Constraint::None;
  /// May be given without its name. Positional parameters form a prefix of
  /// the parameter list, so the n-th positional argument is the n-th one.
  bool positional = false;
  /// Ident: the accepted names. Call/CallOrIdent: the accepted callees,
  /// each of which has a signature in calls().
  std::vector<llvm::StringRef> allowed;
  llvm::StringRef summary; ///< One line, for docs and help.
  /// Int and Padding: when non-zero, a list of exactly this many values
  /// (one per spatial dimension, `[3, 5]`) is accepted too; each element
  /// is checked like a single value (Padding: a non-negative integer).
  unsigned listLength = 0;
  /// When set (with an empty defaultValue), the parameter is optional and
  /// defaults to the value given to this earlier parameter of the same
  /// signature: pooling's `stride` defaults to its `kernel`.
  llvm::StringRef defaultFrom;
  /// A parameter that may be left out: a String's default is then "" (a
  /// `file:` or `column:` that only some uses need); any other kind is
  /// absent from the canonical list (`init:` of linear: the layer's own
  /// default initialisation).
  bool omittable = false;
  /// Int, the last positional parameter: takes every remaining positional
  /// argument as one list (`reshape(4, 50)` is `shape: [4, 50]`). Each
  /// element is a positive integer, or -1 once (an extent to infer).
  bool variadic = false;

  bool isRequired() const {
    return defaultValue.empty() && defaultFrom.empty() && !omittable;
  }
};

/// A layer, a call, or the train block: a name and its parameters in
/// canonical order (the order Sema leaves named arguments in).
struct Signature {
  llvm::StringRef name;
  llvm::StringRef summary;
  std::vector<ParamSpec> params;

  const ParamSpec *lookup(llvm::StringRef paramName) const;
  /// How many leading parameters may be given positionally.
  unsigned numPositional() const;
};

/// Layers that may appear in a model body, e.g. `linear`, `relu`.
llvm::ArrayRef<Signature> layers();
const Signature *lookupLayer(llvm::StringRef name);

/// Callees that may appear as values of Call parameters: `csv`, `sgd`.
llvm::ArrayRef<Signature> calls();
const Signature *lookupCall(llvm::StringRef name);

/// The settings of a `train` block, as one signature named "train".
const Signature &trainSettings();

/// "an integer", "true or false", ... for "expects ..." errors.
llvm::StringRef describe(ParamKind kind);

/// The default of `param` as an expression located at `loc` (the node that
/// lacked the argument). Must not be called for required parameters.
ast::Expr defaultValue(const ParamSpec &param, const ast::Location &loc);

} // namespace netc::dsl

#endif // NETC_DSL_LAYERCATALOG_H
