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
// Graph form (docs/language.md, "Graph form"): a model or block body also
// holds values. A body keeps the value names defined so far (the model's
// inputs, a block's value parameters, then named values); a binding whose
// value calls a layer, a block or `concat`, or uses a value name, becomes a
// Value statement, as does a layer statement that names its input or calls
// a block. Each use of a block is checked on its own copy of the body with
// the constant parameters bound first (BlockInstance), so arithmetic over
// them folds per use; errors in it get a note at the use. A block no body
// names is checked once on its own (checkUnusedBlock), with its constant
// parameters opaque: what depends on them is left unjudged, the rest (names,
// layers, arguments, values) reported; without errors it gets a warning.
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
#include "dsl/OutputLoss.h"
#include "dsl/Suggest.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/Twine.h"

#include <optional>

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

/// The value names of one model or block body, as checking reaches them.
struct Values {
  llvm::StringMap<ast::Location> defined;
  std::vector<llvm::StringRef> order; ///< `defined`, in source order.
  /// A model body's declared result names (`-> (cls: ..., score: ...)`).
  llvm::StringSet<> results;

  bool contains(llvm::StringRef name) const { return defined.contains(name); }
  void add(const std::string &name, const ast::Location &loc) {
    auto [it, inserted] = defined.try_emplace(name, loc);
    if (inserted)
      order.push_back(it->getKey());
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
  void checkBlocks(const std::vector<ast::Block> &fileBlocks);
  /// Checks a model's or block instance's statements; false if none of
  /// them produces a value (a body without layers).
  bool checkStatements(std::vector<ast::Statement> &body, Scope &scope,
                       Values &values);
  void checkBinding(ast::Statement &stmt, Scope &scope,
                    llvm::StringRef noun);
  void checkLayer(ast::Statement &stmt, Scope &scope);
  /// Graph form: whether `expr` joins or computes values, and the check
  /// that rewrites it into the canonical graph expression (AST.h).
  bool isGraph(const ast::Expr &expr, const Values &values) const;
  bool isCallee(llvm::StringRef name) const;
  void checkGraph(ast::Expr &expr, Scope &scope, const Values &values);
  void checkGraphCall(ast::Expr &expr, Scope &scope, const Values &values);
  void checkConcat(ast::Expr &expr, Scope &scope, const Values &values);
  void checkBlockUse(ast::Expr &expr, const ast::Block &block,
                     Scope &callerScope);
  void checkUnusedBlocks(const ast::File &file);
  void checkUnusedBlock(const ast::Block &block);
  /// Whether `expr` mentions a constant of a block checked without a use.
  bool isOpaque(const ast::Expr &expr) const;
  void defineValue(ast::Statement &stmt, Scope &scope, Values &values);
  void checkTrain(ast::Train &train);
  void checkRanges(const ast::Expr &expr);
  void substitute(ast::Expr &expr, const Scope &scope);
  /// substitute() then foldArithmetic(); false if either reported errors.
  bool resolve(ast::Expr &expr, const Scope &scope);

  Diagnostics &diags;
  Scope fileScope;
  llvm::StringMap<const ast::Model *> models;
  llvm::StringMap<const ast::Block *> blocks;
  /// Blocks being instantiated, innermost last: a block may not use itself.
  std::vector<const ast::Block *> activeBlocks;
  /// The constant parameters of the unused block being checked: unknown,
  /// so arithmetic over them stays unfolded and unjudged.
  llvm::StringSet<> opaqueNames;
  llvm::StringMap<const ast::Train *> trained;
};

} // namespace

void Sema::check(ast::File &file) {
  checkHyperparameters(file.bindings);
  checkBlocks(file.blocks);
  for (ast::Model &model : file.models)
    checkModel(model);
  checkUnusedBlocks(file);
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
  llvm::StringMap<const ast::Input *> results;
  for (const ast::Input &result : model.results) {
    std::string what =
        result.name.empty() ? "the result" : "result '" + result.name + "'";
    checkType(result.type, what, /*isResult=*/true, symbols, batch);
    if (result.name.empty())
      continue;
    if (auto prev = results.try_emplace(result.name, &result); !prev.second) {
      diags.error(result.loc, "duplicate result '" + result.name +
                                  "' of model '" + model.name + "'");
      diags.note(prev.first->second->loc,
                 "'" + result.name + "' was first declared here");
    } else if (auto input = inputs.find(result.name); input != inputs.end()) {
      diags.error(result.loc, "result '" + result.name + "' of model '" +
                                  model.name + "' has the name of an input");
      diags.note(input->second->loc,
                 "the input '" + result.name + "' is declared here");
    }
  }
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
  Values values;
  for (const ast::Input &input : model.inputs)
    values.add(input.name, input.loc);
  for (const ast::Input &result : model.results)
    if (!result.name.empty())
      values.results.insert(result.name);
  if (!checkStatements(model.body, scope, values))
    diags.error(model.loc, "model '" + model.name + "' has no layers");
  // Each named result is one named value of the body (defineValue reports
  // a second binding).
  for (const ast::Input &result : model.results) {
    if (result.name.empty() || values.contains(result.name))
      continue;
    diags.error(result.loc, "result '" + result.name + "' of model '" +
                                model.name +
                                "' is never bound; name a value '" +
                                result.name + " = ...' in the body");
  }
}

bool Sema::checkStatements(std::vector<ast::Statement> &body, Scope &scope,
                           Values &values) {
  bool hasLayer = false;
  // Graph form is decided first, in order, with the values defined above
  // each statement in view (`provisional`), so that constant bindings are
  // all known before any is checked (to spot uses before definitions).
  Values provisional = values;
  for (ast::Statement &stmt : body) {
    if (stmt.kind == ast::Statement::Kind::Binding &&
        isGraph(stmt.value, provisional)) {
      stmt.kind = ast::Statement::Kind::Value;
      provisional.add(stmt.name, stmt.loc);
    } else if (stmt.kind == ast::Statement::Kind::Layer &&
               (blocks.contains(stmt.name) || stmt.name == "concat" ||
                llvm::any_of(stmt.args, [&](const ast::Argument &arg) {
                  return arg.name.empty() && isGraph(arg.value, provisional);
                }))) {
      ast::Expr call;
      call.kind = ast::Expr::Kind::Call;
      call.loc = stmt.loc;
      call.text = stmt.name;
      call.args = std::move(stmt.args);
      stmt.kind = ast::Statement::Kind::Value;
      stmt.name.clear();
      stmt.args.clear();
      stmt.value = std::move(call);
    }
    if (stmt.kind == ast::Statement::Kind::Binding)
      scope.all.insert(stmt.name);
  }
  for (ast::Statement &stmt : body) {
    switch (stmt.kind) {
    case ast::Statement::Kind::Binding:
      if (values.contains(stmt.name)) {
        diags.error(stmt.loc, "'" + stmt.name + "' is already a value");
        diags.note(values.defined.lookup(stmt.name),
                   "the value '" + stmt.name + "' is defined here");
      }
      checkBinding(stmt, scope, "binding");
      break;
    case ast::Statement::Kind::Layer:
      hasLayer = true;
      checkLayer(stmt, scope);
      break;
    case ast::Statement::Kind::Value:
      hasLayer = true;
      checkGraph(stmt.value, scope, values);
      defineValue(stmt, scope, values);
      break;
    }
  }
  return hasLayer;
}

void Sema::defineValue(ast::Statement &stmt, Scope &scope, Values &values) {
  if (stmt.name.empty())
    return;
  if (values.contains(stmt.name)) {
    if (values.results.contains(stmt.name)) {
      diags.error(stmt.loc, "result '" + stmt.name + "' is bound twice");
      diags.note(values.defined.lookup(stmt.name),
                 "'" + stmt.name + "' is first bound here");
      return;
    }
    diags.error(stmt.loc, "value '" + stmt.name + "' is already defined");
    diags.note(values.defined.lookup(stmt.name),
               "the first definition of '" + stmt.name + "' is here");
    return;
  }
  for (const Scope *s = &scope; s; s = s->parent)
    if (auto it = s->defined.find(stmt.name); it != s->defined.end()) {
      diags.error(stmt.loc, "value '" + stmt.name +
                                "' has the name of a constant; rename one "
                                "of them");
      diags.note(it->second->loc,
                 "the constant '" + stmt.name + "' is defined here");
      return;
    }
  values.add(stmt.name, stmt.loc);
}

//===----------------------------------------------------------------------===//
// Graph form
//===----------------------------------------------------------------------===//

void Sema::checkBlocks(const std::vector<ast::Block> &fileBlocks) {
  for (const ast::Block &block : fileBlocks) {
    if (lookupLayer(block.name) || block.name == "concat") {
      diags.error(block.loc, "block '" + block.name +
                                 "' has the name of a built-in layer");
      continue;
    }
    auto [it, inserted] = blocks.try_emplace(block.name, &block);
    if (!inserted) {
      diags.error(block.loc, "block '" + block.name + "' is already defined");
      diags.note(it->second->loc,
                 "the first definition of '" + block.name + "' is here");
    }
    llvm::StringMap<ast::Location> seen;
    for (const ast::Input &param : block.params)
      if (!seen.try_emplace(param.name, param.loc).second)
        diags.error(param.loc, "duplicate parameter '" + param.name +
                                   "' of block '" + block.name + "'");
  }
}

bool Sema::isCallee(llvm::StringRef name) const {
  return lookupLayer(name) || blocks.contains(name) || name == "concat";
}

bool Sema::isGraph(const ast::Expr &expr, const Values &values) const {
  switch (expr.kind) {
  case ast::Expr::Kind::Identifier:
    return values.contains(expr.text);
  case ast::Expr::Kind::Binary:
  case ast::Expr::Kind::Negate:
    return llvm::any_of(expr.operands, [&](const ast::Expr &operand) {
      return isGraph(operand, values);
    });
  case ast::Expr::Kind::Call:
    // A call in a body computes a value if it names a layer or a block,
    // or passes a value (so `conv1dd(x, ...)` is an unknown layer, not a
    // puzzling constant).
    return isCallee(expr.text) ||
           llvm::any_of(expr.args, [&](const ast::Argument &arg) {
             return arg.name.empty() && isGraph(arg.value, values);
           });
  default:
    return false;
  }
}

void Sema::checkGraph(ast::Expr &expr, Scope &scope, const Values &values) {
  switch (expr.kind) {
  case ast::Expr::Kind::Identifier: {
    if (values.contains(expr.text))
      return;
    bool constant = false;
    for (const Scope *s = &scope; s && !constant; s = s->parent)
      constant = s->defined.contains(expr.text);
    if (constant)
      diags.error(expr.loc, "'" + expr.text +
                                "' is a constant; only values (inputs and "
                                "named results of layers) combine here");
    else
      diags.error(expr.loc, "unknown value '" + expr.text + "'" +
                                didYouMean(expr.text, values.order));
    return;
  }
  case ast::Expr::Kind::Binary:
    if (expr.op != '+') {
      diags.error(expr.opLoc, llvm::Twine("values combine with '+' only, "
                                          "not '") +
                                  llvm::Twine(expr.op) + "'");
      return;
    }
    for (ast::Expr &operand : expr.operands)
      checkGraph(operand, scope, values);
    return;
  case ast::Expr::Kind::Call:
    checkGraphCall(expr, scope, values);
    return;
  default:
    diags.error(expr.loc, "expected a value (an input, a named value or a "
                          "layer call) here, got " +
                              exprToString(expr));
    return;
  }
}

/// Splits the leading positional arguments (the value inputs) into
/// `operands`, then checks the rest against the callee.
void Sema::checkGraphCall(ast::Expr &expr, Scope &scope,
                          const Values &values) {
  std::vector<ast::Argument> rest;
  for (ast::Argument &arg : expr.args) {
    if (arg.name.empty() && rest.empty() && isGraph(arg.value, values))
      expr.operands.push_back(std::move(arg.value));
    else
      rest.push_back(std::move(arg));
  }
  expr.args = std::move(rest);
  unsigned before = diags.errorCount();
  for (ast::Expr &operand : expr.operands)
    checkGraph(operand, scope, values);
  if (diags.errorCount() != before)
    return;

  if (expr.text == "concat")
    return checkConcat(expr, scope, values);
  if (auto block = blocks.find(expr.text); block != blocks.end())
    return checkBlockUse(expr, *block->second, scope);

  const Signature *sig = lookupLayer(expr.text);
  if (!sig) {
    std::vector<llvm::StringRef> names;
    for (const Signature &layer : layers())
      names.push_back(layer.name);
    for (const auto &entry : blocks)
      names.push_back(entry.getKey());
    diags.error(expr.loc, "unknown layer or block '" + expr.text + "'" +
                              didYouMean(expr.text, names));
    return;
  }
  if (expr.operands.size() > 1) {
    diags.error(expr.operands[1].loc,
                "layer '" + expr.text + "' takes one input value, got " +
                    llvm::Twine(expr.operands.size()));
    return;
  }
  // Checked as the layer statement it amounts to.
  ast::Statement stmt;
  stmt.loc = expr.loc;
  stmt.name = expr.text;
  stmt.args = std::move(expr.args);
  checkLayer(stmt, scope);
  expr.args = std::move(stmt.args);
}

/// concat(a, b, ..., axis: 1): two values or more, an integer axis (the
/// rank is known only when the model is built: MLIRGen checks the range).
void Sema::checkConcat(ast::Expr &expr, Scope &scope,
                       const Values &values) {
  // A positional name that is not a value: say what it is instead.
  for (ast::Argument &arg : expr.args)
    if (arg.name.empty() && arg.value.kind == ast::Expr::Kind::Identifier) {
      checkGraph(arg.value, scope, values);
      return;
    }
  if (expr.operands.size() < 2) {
    diags.error(expr.loc, "concat needs at least two values, got " +
                              llvm::Twine(expr.operands.size()));
    return;
  }
  ast::Expr axis;
  axis.kind = ast::Expr::Kind::Number;
  axis.isInteger = true;
  axis.number = 1;
  axis.loc = expr.loc;
  for (ast::Argument &arg : expr.args) {
    if (arg.name != "axis") {
      diags.error(arg.loc,
                  arg.name.empty()
                      ? std::string("concat takes values, then 'axis: n'; "
                                    "this positional argument is not a value")
                      : "unknown argument '" + arg.name + "' of concat" +
                            didYouMean(arg.name, {"axis"}));
      return;
    }
    if (!resolve(arg.value, scope) || isOpaque(arg.value))
      return;
    if (arg.value.kind != ast::Expr::Kind::Number || !arg.value.isInteger) {
      diags.error(arg.value.loc, "concat's axis must be an integer, got " +
                                     exprToString(arg.value));
      return;
    }
    axis = arg.value;
  }
  expr.args.clear();
  expr.args.push_back({axis.loc, "axis", axis});
}

/// Binds a use's arguments to the block's parameters and checks a copy of
/// the body for it.
void Sema::checkBlockUse(ast::Expr &expr, const ast::Block &block,
                         Scope &callerScope) {
  if (llvm::is_contained(activeBlocks, &block)) {
    diags.error(expr.loc, "block '" + block.name + "' uses itself");
    return;
  }
  auto instance = std::make_shared<ast::BlockInstance>();
  instance->block = block.name;
  size_t valueCount = expr.operands.size();
  if (valueCount > block.params.size()) {
    diags.error(expr.operands[block.params.size()].loc,
                "block '" + block.name + "' takes " +
                    llvm::Twine(block.params.size()) + " parameters, got " +
                    llvm::Twine(valueCount) + " values");
    return;
  }
  // Without values, the block applies to the running value, bound to its
  // first parameter.
  valueCount = std::max<size_t>(valueCount, 1);
  Values values;
  for (size_t i = 0; i < valueCount && i < block.params.size(); ++i) {
    instance->valueParams.push_back(block.params[i].name);
    values.add(block.params[i].name, block.params[i].loc);
  }
  // The remaining parameters are constants, named at the use.
  std::vector<llvm::StringRef> constantNames;
  for (size_t i = valueCount; i < block.params.size(); ++i)
    constantNames.push_back(block.params[i].name);
  bool ok = true;
  llvm::StringSet<> given;
  for (ast::Argument &arg : expr.args) {
    if (arg.name.empty()) {
      diags.error(arg.loc, "the positional arguments of block '" +
                               block.name +
                               "' are its input values; give a constant by "
                               "name, such as '" +
                               (constantNames.empty()
                                    ? std::string("channels")
                                    : constantNames.front().str()) +
                               ": 16'");
      ok = false;
      continue;
    }
    if (!llvm::is_contained(constantNames, arg.name)) {
      diags.error(arg.loc, "block '" + block.name +
                               "' has no constant parameter '" + arg.name +
                               "'" + didYouMean(arg.name, constantNames));
      ok = false;
      continue;
    }
    if (!given.insert(arg.name).second) {
      diags.error(arg.loc, "parameter '" + arg.name + "' of block '" +
                               block.name + "' is given twice");
      ok = false;
      continue;
    }
    // Folded where the use is written: it may use the caller's bindings.
    checkRanges(arg.value);
    if (!resolve(arg.value, callerScope)) {
      ok = false;
      continue;
    }
    ast::Statement binding;
    binding.kind = ast::Statement::Kind::Binding;
    binding.loc = arg.loc;
    binding.name = arg.name;
    binding.value = std::move(arg.value);
    instance->body.push_back(std::move(binding));
  }
  for (llvm::StringRef name : constantNames)
    if (!given.contains(name)) {
      diags.error(expr.loc, "missing parameter '" + name + "' of block '" +
                                block.name + "'");
      ok = false;
    }
  if (!ok)
    return;
  expr.args.clear();
  instance->body.insert(instance->body.end(), block.body.begin(),
                        block.body.end());
  unsigned before = diags.errorCount();
  activeBlocks.push_back(&block);
  Scope scope;
  scope.parent = &fileScope;
  bool hasLayer = checkStatements(instance->body, scope, values);
  activeBlocks.pop_back();
  if (!hasLayer)
    diags.error(block.loc, "block '" + block.name + "' has no layers");
  if (diags.errorCount() != before)
    diags.note(expr.loc, "in this use of block '" + block.name + "'");
  expr.instance = std::move(instance);
}

namespace {

/// Adds the callees `expr` names, at any depth, to `names`.
void collectCallees(const ast::Expr &expr, llvm::StringSet<> &names) {
  if (expr.kind == ast::Expr::Kind::Call)
    names.insert(expr.text);
  for (const ast::Argument &arg : expr.args)
    collectCallees(arg.value, names);
  for (const ast::Expr &operand : expr.operands)
    collectCallees(operand, names);
  for (const ast::Expr &element : expr.elements)
    collectCallees(element, names);
}

void collectCallees(const std::vector<ast::Statement> &body,
                    llvm::StringSet<> &names) {
  for (const ast::Statement &stmt : body) {
    if (stmt.kind == ast::Statement::Kind::Layer)
      names.insert(stmt.name);
    for (const ast::Argument &arg : stmt.args)
      collectCallees(arg.value, names);
    collectCallees(stmt.value, names);
  }
}

/// Adds the identifiers `expr` uses, at any depth, to `names`.
void collectNames(const ast::Expr &expr, llvm::StringSet<> &names) {
  if (expr.kind == ast::Expr::Kind::Identifier)
    names.insert(expr.text);
  for (const ast::Argument &arg : expr.args)
    collectNames(arg.value, names);
  for (const ast::Expr &operand : expr.operands)
    collectNames(operand, names);
  for (const ast::Expr &element : expr.elements)
    collectNames(element, names);
}

/// The names the arguments of layer `sig` use as numbers: named arguments,
/// positional ones after the first (only the first can be the input value),
/// and the first when it must be the layer's required first parameter
/// (`maxpool1d(k)`; `dropout(p)` could be either, and stays a value).
void collectConstantArgs(const Signature &sig,
                         const std::vector<ast::Argument> &args,
                         llvm::StringSet<> &names) {
  const ParamSpec *first =
      sig.numPositional() ? &sig.params.front() : nullptr;
  bool firstIsConstant =
      first && first->defaultValue.empty() &&
      llvm::none_of(args, [&](const ast::Argument &arg) {
        return arg.name == first->name;
      });
  for (size_t i = 0; i < args.size(); ++i)
    if (!args[i].name.empty() || i > 0 || firstIsConstant)
      collectNames(args[i].value, names);
}

/// The names `expr` uses as numbers: as collectConstantArgs in a layer
/// call, or in arithmetic other than `+` between names (values only ever
/// add).
void collectConstantUses(const ast::Expr &expr, llvm::StringSet<> &names) {
  bool arithmetic =
      expr.kind == ast::Expr::Kind::Negate ||
      (expr.kind == ast::Expr::Kind::Binary &&
       (expr.op != '+' ||
        llvm::any_of(expr.operands, [](const ast::Expr &operand) {
          return operand.kind == ast::Expr::Kind::Number;
        })));
  if (arithmetic)
    return collectNames(expr, names);
  const Signature *layer =
      expr.kind == ast::Expr::Kind::Call ? lookupLayer(expr.text) : nullptr;
  if (layer)
    collectConstantArgs(*layer, expr.args, names);
  for (const ast::Argument &arg : expr.args) {
    if (arg.name.empty())
      collectConstantUses(arg.value, names);
    else if (!layer) // a block's constant, concat's axis
      collectNames(arg.value, names);
  }
  for (const ast::Expr &operand : expr.operands)
    collectConstantUses(operand, names);
}

/// How many leading parameters of an unused block are values: those before
/// the first one its body uses as a number (at least one, the running
/// value). A binding of such a number is a number too.
size_t countValueParams(const ast::Block &block) {
  llvm::StringSet<> constants;
  for (const ast::Statement &stmt : block.body) {
    const Signature *layer = stmt.kind == ast::Statement::Kind::Layer
                                 ? lookupLayer(stmt.name)
                                 : nullptr;
    if (layer)
      collectConstantArgs(*layer, stmt.args, constants);
    else
      for (const ast::Argument &arg : stmt.args)
        if (!arg.name.empty())
          collectNames(arg.value, constants);
    collectConstantUses(stmt.value, constants);
  }
  for (bool grew = true; grew;) {
    grew = false;
    for (const ast::Statement &stmt : block.body)
      if (stmt.kind == ast::Statement::Kind::Binding &&
          constants.contains(stmt.name)) {
        size_t before = constants.size();
        collectNames(stmt.value, constants);
        grew |= constants.size() != before;
      }
  }
  size_t count = 0;
  while (count < block.params.size() &&
         !constants.contains(block.params[count].name))
    ++count;
  return std::max<size_t>(count, 1);
}

} // namespace

/// Blocks that no model or other block names would never be checked by a
/// use; they are checked once here.
void Sema::checkUnusedBlocks(const ast::File &file) {
  llvm::StringSet<> used;
  for (const ast::Model &model : file.models)
    collectCallees(model.body, used);
  for (const ast::Block &block : file.blocks) {
    llvm::StringSet<> inBlock;
    collectCallees(block.body, inBlock);
    inBlock.erase(block.name); // using itself is no use
    for (const auto &entry : inBlock)
      used.insert(entry.getKey());
  }
  for (const ast::Block &block : file.blocks)
    if (!used.contains(block.name) && blocks.lookup(block.name) == &block)
      checkUnusedBlock(block);
}

void Sema::checkUnusedBlock(const ast::Block &block) {
  size_t valueCount = countValueParams(block);
  Values values;
  for (size_t i = 0; i < valueCount && i < block.params.size(); ++i)
    values.add(block.params[i].name, block.params[i].loc);
  for (size_t i = valueCount; i < block.params.size(); ++i)
    opaqueNames.insert(block.params[i].name);
  std::vector<ast::Statement> body = block.body;
  unsigned before = diags.errorCount();
  activeBlocks.push_back(&block);
  Scope scope;
  scope.parent = &fileScope;
  bool hasLayer = checkStatements(body, scope, values);
  activeBlocks.pop_back();
  opaqueNames.clear();
  if (!hasLayer)
    diags.error(block.loc, "block '" + block.name + "' has no layers");
  if (diags.errorCount() == before)
    diags.warning(block.loc, "block '" + block.name + "' is never used");
}

bool Sema::isOpaque(const ast::Expr &expr) const {
  if (opaqueNames.empty())
    return false;
  llvm::StringSet<> names;
  collectNames(expr, names);
  return llvm::any_of(names, [&](const auto &entry) {
    return opaqueNames.contains(entry.getKey());
  });
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
  // An unused block's constant: unknown, so left as arithmetic, which
  // bindArguments takes as already judged.
  if (isOpaque(expr)) {
    if (expr.kind != ast::Expr::Kind::Binary &&
        expr.kind != ast::Expr::Kind::Negate) {
      ast::Expr unknown;
      unknown.kind = ast::Expr::Kind::Negate;
      unknown.loc = expr.loc;
      unknown.operands.push_back(std::move(expr));
      expr = std::move(unknown);
    }
    return true;
  }
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

  // A model with named results takes a loss per output (OutputLoss.h),
  // checked on its own; the generic check sees a placeholder loss.
  const ast::Model *trainedModel =
      model == models.end() ? nullptr : model->second;
  std::optional<ast::Expr> outputLoss;
  std::vector<ast::Argument> args;
  for (ast::Setting &setting : train.settings) {
    if (setting.key == "loss" &&
        (isOutputLoss(setting.value) ||
         (trainedModel && trainedModel->results.size() > 1))) {
      bool ok = false;
      if (!trainedModel) {
        ok = false; // the unknown model is reported above
      } else if (!trainedModel->hasNamedResults()) {
        diags.error(setting.value.loc,
                    "model '" + trainedModel->name +
                        "' has one unnamed result; a loss per output needs "
                        "results declared by name, '-> (y: f32[N, 1], "
                        "...)'");
      } else {
        ok = checkOutputLoss(
            setting.value, *trainedModel, diags,
            [&](ast::Expr &e) { return resolve(e, fileScope); },
            fileScope.visibleNames());
      }
      if (ok)
        outputLoss = setting.value;
      ast::Expr placeholder;
      placeholder.kind = ast::Expr::Kind::Identifier;
      placeholder.loc = setting.value.loc;
      placeholder.text = "mse";
      args.push_back({setting.loc, setting.key, std::move(placeholder)});
      continue;
    }
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
  for (ast::Argument &arg : args) {
    if (arg.name == "loss" && outputLoss)
      arg.value = std::move(*outputLoss);
    train.settings.push_back({arg.loc, arg.name, std::move(arg.value)});
  }
}

bool netc::dsl::checkFile(ast::File &file, Diagnostics &diags) {
  unsigned before = diags.errorCount();
  Sema(diags).check(file);
  return diags.errorCount() == before;
}
