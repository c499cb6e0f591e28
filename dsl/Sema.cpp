//===- Sema.cpp - Name, arity and value checks for a parsed file ----------===//
//
// Walks the file once, in source order, reporting every error it finds:
//  1. the file's hyperparameters (top-level bindings), in order: each value
//     may use the ones above it, and is folded to a literal;
//  2. each model: its name, its signature's types (f32, batch symbol first,
//     positive sizes after), then its body in order: bindings are recorded
//     and substituted into later statements, layers are bound against the
//     catalog (ArgumentBinder);
//  3. each train block: the model it names, then its settings as arguments
//     of the catalog's "train" signature;
//  4. the file as a whole: it must define a model.
// Names resolve in the model body first (bindings above the use), then in
// the file's hyperparameters; train blocks see only the latter. After
// substitution, arithmetic is folded into a number (Fold.h), so bindings,
// layers and settings hold literals.
// Ranges are checked where they are written, before substitution, so a
// bad range in a binding is reported once however often it is used.
//
//===----------------------------------------------------------------------===//
#include "dsl/Sema.h"

#include "dsl/ArgumentBinder.h"
#include "dsl/Dims.h"
#include "dsl/ExprPrinter.h"
#include "dsl/Fold.h"
#include "dsl/LayerCatalog.h"
#include "dsl/Suggest.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/Twine.h"

using namespace netc;
using namespace netc::dsl;

namespace {

/// The bindings of one model body, or of the file's top level, as checking
/// reaches each of them.
struct Scope {
  llvm::StringMap<const ast::Statement *> defined; ///< So far.
  std::vector<llvm::StringRef> order; ///< `defined`, in source order.
  llvm::StringSet<> all; ///< Every binding of the scope, to spot early uses.
  const Scope *parent = nullptr; ///< The file's, for a model body.

  /// Every name defined so far here and in the parents, innermost first:
  /// the candidates for "did you mean".
  std::vector<llvm::StringRef> visibleNames() const {
    std::vector<llvm::StringRef> names;
    for (const Scope *s = this; s; s = s->parent)
      names.insert(names.end(), s->order.begin(), s->order.end());
    return names;
  }
};

/// The batch symbol fixed by the first tensor type that names one.
struct Batch {
  std::string symbol;
  std::string owner; ///< "'x'": where the symbol was first seen.
};

class Sema {
public:
  explicit Sema(Diagnostics &diags) : diags(diags) {}

  void check(ast::File &file);

private:
  void checkHyperparameters(std::vector<ast::Statement> &bindings);
  void checkModel(ast::Model &model);
  /// `symbols` holds the symbolic dimensions the inputs declare: an input
  /// adds to it, the result may only use them.
  void checkType(const ast::TensorType &type, const std::string &what,
                 bool isResult, llvm::StringSet<> &symbols,
                 Batch &batch);
  void checkBody(ast::Model &model);
  void checkBinding(ast::Statement &stmt, Scope &scope,
                    llvm::StringRef noun);
  void checkLayer(ast::Statement &stmt, Scope &scope);
  void checkTrain(ast::Train &train);
  void checkRanges(const ast::Expr &expr);
  void substitute(ast::Expr &expr, const Scope &scope);
  /// substitute() then foldArithmetic(); false if either reported errors.
  bool resolve(ast::Expr &expr, const Scope &scope);

  Diagnostics &diags;
  Scope fileScope;
  llvm::StringMap<const ast::Model *> models;
  llvm::StringMap<const ast::Train *> trained;
};

} // namespace

void Sema::check(ast::File &file) {
  checkHyperparameters(file.bindings);
  for (ast::Model &model : file.models)
    checkModel(model);
  for (ast::Train &train : file.trains)
    checkTrain(train);
  if (file.models.empty())
    diags.error(ast::Location{file.path, 0, 0}, "no model in this file");
}

//===----------------------------------------------------------------------===//
// Hyperparameters
//===----------------------------------------------------------------------===//

void Sema::checkHyperparameters(std::vector<ast::Statement> &bindings) {
  for (const ast::Statement &stmt : bindings)
    fileScope.all.insert(stmt.name);
  for (ast::Statement &stmt : bindings)
    checkBinding(stmt, fileScope, "hyperparameter");
}

//===----------------------------------------------------------------------===//
// Models
//===----------------------------------------------------------------------===//

void Sema::checkModel(ast::Model &model) {
  auto [it, inserted] = models.try_emplace(model.name, &model);
  if (!inserted) {
    diags.error(model.loc, "model '" + model.name + "' is already defined");
    diags.note(it->second->loc, "the first definition of '" + model.name +
                                    "' is here");
  }

  Batch batch;
  llvm::StringSet<> symbols;
  llvm::StringMap<const ast::Input *> inputs;
  for (const ast::Input &input : model.inputs) {
    auto [prev, fresh] = inputs.try_emplace(input.name, &input);
    if (!fresh) {
      diags.error(input.loc, "duplicate input '" + input.name +
                                 "' of model '" + model.name + "'");
      diags.note(prev->second->loc,
                 "'" + input.name + "' was first declared here");
    }
    checkType(input.type, "'" + input.name + "'", /*isResult=*/false, symbols,
              batch);
  }
  checkType(model.result, "the result", /*isResult=*/true, symbols, batch);
  checkBody(model);
}

/// Only f32 for now, the batch as a symbol first (the same one everywhere,
/// since the whole model runs on one batch). Further dimensions of an input
/// are positive sizes or symbols (a sequence length `L`); the result may
/// also compute with the inputs' symbols (`L / 3`), checked when it runs.
void Sema::checkType(const ast::TensorType &type, const std::string &what,
                     bool isResult, llvm::StringSet<> &symbols,
                     Batch &batch) {
  if (type.dtype != "f32")
    diags.error(type.loc, "unsupported element type '" + type.dtype +
                              "'; only f32 is supported");
  if (type.dims.empty())
    return; // The grammar requires a dimension; a built tree may not.
  const ast::Dim &first = type.dims.front();
  if (!first.isSymbol()) {
    diags.error(first.loc, "the first dimension of " + what +
                               " must be the batch symbol");
  } else if (batch.symbol.empty()) {
    batch = {first.symbol, what};
  } else if (first.symbol != batch.symbol) {
    diags.error(first.loc, "the first dimension of " + what +
                               " must be the batch symbol '" + batch.symbol +
                               "', as in " + batch.owner);
  }
  for (size_t i = 1; i < type.dims.size(); ++i) {
    const ast::Dim &dim = type.dims[i];
    std::string which = "dimension " + std::to_string(i + 1) + " of " + what;
    if (dim.isConstant()) {
      if (dim.size < 1)
        diags.error(dim.loc, which + " must be a positive integer");
    } else if (!isResult) {
      if (dim.isSymbol())
        symbols.insert(dim.symbol);
      else
        diags.error(dim.loc, which + " must be an integer or a name such as "
                                     "L; arithmetic belongs in the result");
    } else {
      llvm::SmallVector<std::string> used;
      collectSymbols(dim, used);
      for (const std::string &symbol : used)
        if (!symbols.contains(symbol) && symbol != batch.symbol)
          diags.error(dim.loc, "'" + symbol + "' in " + which +
                                   " is not a dimension of any input");
    }
  }
  if (!isResult && first.isSymbol())
    symbols.insert(first.symbol);
}

void Sema::checkBody(ast::Model &model) {
  Scope scope;
  scope.parent = &fileScope;
  bool hasLayer = false;
  for (const ast::Statement &stmt : model.body)
    if (stmt.kind == ast::Statement::Kind::Binding)
      scope.all.insert(stmt.name);
  for (ast::Statement &stmt : model.body) {
    if (stmt.kind == ast::Statement::Kind::Binding) {
      checkBinding(stmt, scope, "binding");
    } else {
      hasLayer = true;
      checkLayer(stmt, scope);
    }
  }
  if (!hasLayer)
    diags.error(model.loc, "model '" + model.name + "' has no layers");
}

/// `noun` is "binding" in a model body, "hyperparameter" at top level.
void Sema::checkBinding(ast::Statement &stmt, Scope &scope,
                        llvm::StringRef noun) {
  checkRanges(stmt.value);
  resolve(stmt.value, scope);
  // `true` and `false` are the Bool values; rebinding them would change
  // the meaning of every flag after it.
  if (stmt.name == "true" || stmt.name == "false") {
    diags.error(stmt.loc, "'" + stmt.name + "' is reserved and cannot be bound");
    return;
  }
  // A body binding may not hide a hyperparameter: `-D hidden=128` would
  // change the top-level value and leave this model's unchanged.
  if (scope.parent) {
    auto outer = scope.parent->defined.find(stmt.name);
    if (outer != scope.parent->defined.end()) {
      diags.error(stmt.loc, "binding '" + stmt.name +
                                "' hides the hyperparameter '" + stmt.name +
                                "' of the file; rename one of them");
      diags.note(outer->second->loc,
                 "the hyperparameter '" + stmt.name + "' is declared here");
      // Still defined below, so uses in the body are not reported again.
    }
  }
  auto [it, inserted] = scope.defined.try_emplace(stmt.name, &stmt);
  if (!inserted) {
    diags.error(stmt.loc, noun + " '" + stmt.name + "' is already defined");
    diags.note(it->second->loc,
               "the first definition of '" + stmt.name + "' is here");
    return;
  }
  scope.order.push_back(stmt.name);
}

void Sema::checkLayer(ast::Statement &stmt, Scope &scope) {
  for (ast::Argument &arg : stmt.args)
    checkRanges(arg.value);
  unsigned before = diags.errorCount();
  for (ast::Argument &arg : stmt.args)
    resolve(arg.value, scope);
  const Signature *sig = lookupLayer(stmt.name);
  if (!sig) {
    std::vector<llvm::StringRef> names;
    for (const Signature &layer : layers())
      names.push_back(layer.name);
    diags.error(stmt.loc, "unknown layer '" + stmt.name + "'" +
                              didYouMean(stmt.name, names));
    return;
  }
  // A name used before its binding, or arithmetic that failed, would only
  // add "expects an integer, got ..." for the same mistake.
  if (diags.errorCount() != before)
    return;
  ArgumentOwner owner{"layer '" + stmt.name + "'", "argument", stmt.loc};
  bindArguments(*sig, owner, stmt.args, diags, scope.visibleNames());
}

/// Replaces identifiers that name a binding by a copy of its value. The
/// copy takes the use's location, so errors about the value point at the
/// argument the user is looking at.
void Sema::substitute(ast::Expr &expr, const Scope &scope) {
  switch (expr.kind) {
  case ast::Expr::Kind::Identifier:
    for (const Scope *s = &scope; s; s = s->parent) {
      auto it = s->defined.find(expr.text);
      if (it != s->defined.end()) {
        ast::Location use = expr.loc;
        expr = it->second->value;
        expr.loc = use;
        return;
      }
      if (s->all.contains(expr.text)) {
        diags.error(expr.loc,
                    "'" + expr.text + "' is used before it is defined");
        return;
      }
    }
    return;
  case ast::Expr::Kind::Binary:
  case ast::Expr::Kind::Negate:
    for (ast::Expr &operand : expr.operands)
      substitute(operand, scope);
    return;
  case ast::Expr::Kind::Call:
    for (ast::Argument &arg : expr.args)
      substitute(arg.value, scope);
    return;
  case ast::Expr::Kind::List:
    for (ast::Expr &element : expr.elements)
      substitute(element, scope);
    return;
  default:
    return;
  }
}

bool Sema::resolve(ast::Expr &expr, const Scope &scope) {
  unsigned before = diags.errorCount();
  substitute(expr, scope);
  // A name used too early is already reported; folding would add "unknown
  // name" for it.
  if (diags.errorCount() != before)
    return false;
  return foldArithmetic(expr, scope.visibleNames(), diags);
}

void Sema::checkRanges(const ast::Expr &expr) {
  switch (expr.kind) {
  case ast::Expr::Kind::Range:
    if (expr.rangeEnd <= expr.rangeBegin)
      diags.error(expr.loc, "range " + exprToString(expr) +
                                " is empty; its end must be greater than its "
                                "start");
    return;
  case ast::Expr::Kind::Call:
    for (const ast::Argument &arg : expr.args)
      checkRanges(arg.value);
    return;
  case ast::Expr::Kind::List:
    for (const ast::Expr &element : expr.elements)
      checkRanges(element);
    return;
  case ast::Expr::Kind::Binary:
  case ast::Expr::Kind::Negate:
    for (const ast::Expr &operand : expr.operands)
      checkRanges(operand);
    return;
  default:
    return;
  }
}

//===----------------------------------------------------------------------===//
// Train blocks
//===----------------------------------------------------------------------===//

void Sema::checkTrain(ast::Train &train) {
  auto model = models.find(train.model);
  if (model == models.end()) {
    std::vector<llvm::StringRef> names;
    for (const auto &entry : models)
      names.push_back(entry.getKey());
    // StringMap iterates in hash order; sort so suggestions are stable.
    llvm::sort(names);
    diags.error(train.modelLoc, "train block names unknown model '" +
                                    train.model + "'" +
                                    didYouMean(train.model, names));
  } else {
    auto [first, inserted] = trained.try_emplace(train.model, &train);
    if (!inserted) {
      diags.error(train.loc,
                  "model '" + train.model + "' already has a train block");
      diags.note(first->second->loc,
                 "the first train block for '" + train.model + "' is here");
    }
  }

  std::vector<ast::Argument> args;
  for (ast::Setting &setting : train.settings) {
    checkRanges(setting.value);
    // Arithmetic that fails to fold stays in the tree, and bindArguments
    // rejects it without a second message, so the other settings are
    // still checked.
    resolve(setting.value, fileScope);
    args.push_back({setting.loc, setting.key, std::move(setting.value)});
  }
  ArgumentOwner owner{"train block '" + train.model + "'", "setting",
                      train.loc};
  bindArguments(trainSettings(), owner, args, diags,
                fileScope.visibleNames());
  train.settings.clear();
  for (ast::Argument &arg : args)
    train.settings.push_back({arg.loc, arg.name, std::move(arg.value)});
}

bool netc::dsl::checkFile(ast::File &file, Diagnostics &diags) {
  unsigned before = diags.errorCount();
  Sema(diags).check(file);
  return diags.errorCount() == before;
}
