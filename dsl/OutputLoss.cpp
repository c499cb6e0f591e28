//===- OutputLoss.cpp - The loss of a model with several outputs ----------===//
//
// A multi-output loss is written as arithmetic over calls, which the
// generic setting check (one Call or Ident) cannot take, so it is checked
// here on its own:
//  1. split the sum into terms (`+` only; `-` would train an output to
//     maximise its loss);
//  2. each term is a loss call, or a weight times one (either side); the
//     weight is folded like any number and must be positive;
//  3. each call names its output, a result of the model, and its other
//     arguments are bound against the loss's catalog signature;
//  4. every result has exactly one term.
// The canonical List holds the terms in the results' declaration order,
// the order the target row is split in.
//
//===----------------------------------------------------------------------===//
#include "dsl/OutputLoss.h"

#include "dsl/ArgumentBinder.h"
#include "dsl/ExprPrinter.h"
#include "dsl/LayerCatalog.h"
#include "dsl/Suggest.h"

#include "llvm/ADT/StringMap.h"

using namespace netc;

namespace netc::dsl {
namespace {

const std::vector<llvm::StringRef> kLosses = {"mse", "bce", "bce_with_logits",
                                              "cross_entropy"};

bool hasOutputArg(const ast::Expr &call) {
  return llvm::any_of(call.args, [](const ast::Argument &arg) {
    return arg.name == "output";
  });
}

void collectTerms(ast::Expr &expr, std::vector<ast::Expr *> &terms,
                  Diagnostics &diags, bool &ok) {
  if (expr.kind == ast::Expr::Kind::Binary &&
      (expr.op == '+' || expr.op == '-')) {
    if (expr.op == '-') {
      diags.error(expr.opLoc, "the losses of several outputs combine with "
                              "'+' only, not '-'");
      ok = false;
      return;
    }
    for (ast::Expr &operand : expr.operands)
      collectTerms(operand, terms, diags, ok);
    return;
  }
  terms.push_back(&expr);
}

ast::Expr number(double value, const ast::Location &loc) {
  ast::Expr e;
  e.kind = ast::Expr::Kind::Number;
  e.loc = loc;
  e.number = value;
  return e;
}

ast::Expr identifier(const std::string &name, const ast::Location &loc) {
  ast::Expr e;
  e.kind = ast::Expr::Kind::Identifier;
  e.loc = loc;
  e.text = name;
  return e;
}

} // namespace

bool isOutputLoss(const ast::Expr &value) {
  if (value.kind == ast::Expr::Kind::Binary)
    return true;
  return value.kind == ast::Expr::Kind::Call && hasOutputArg(value);
}

bool checkOutputLoss(ast::Expr &value, const ast::Model &model,
                     Diagnostics &diags,
                     llvm::function_ref<bool(ast::Expr &)> resolve,
                     llvm::ArrayRef<llvm::StringRef> names) {
  bool ok = true;
  std::vector<llvm::StringRef> outputs;
  for (const ast::Input &result : model.results)
    outputs.push_back(result.name);

  // 1. Terms.
  std::vector<ast::Expr *> terms;
  collectTerms(value, terms, diags, ok);

  llvm::StringMap<ast::Expr> byOutput;
  llvm::StringMap<ast::Location> firstTerm;
  for (ast::Expr *term : terms) {
    // 2. `call`, `w * call` or `call * w`.
    ast::Expr *call = term;
    ast::Expr weight = number(1.0, term->loc);
    if (term->kind == ast::Expr::Kind::Binary && term->op == '*') {
      bool callFirst = term->operands[0].kind == ast::Expr::Kind::Call;
      call = &term->operands[callFirst ? 0 : 1];
      weight = std::move(term->operands[callFirst ? 1 : 0]);
      if (call->kind != ast::Expr::Kind::Call) {
        diags.error(term->loc, "expected a loss such as 'mse(output: y)' "
                               "times a weight, got " +
                                   exprToString(*term));
        ok = false;
        continue;
      }
      if (!resolve(weight)) {
        ok = false;
        continue;
      }
      if (weight.kind != ast::Expr::Kind::Number || !(weight.number > 0)) {
        diags.error(weight.loc, "the weight of a loss must be a positive "
                                "number, got " +
                                    exprToString(weight));
        ok = false;
        continue;
      }
    } else if (call->kind != ast::Expr::Kind::Call &&
               call->kind != ast::Expr::Kind::Identifier) {
      diags.error(term->loc, "expected a loss such as 'mse(output: y)', "
                             "optionally times a weight ('0.5 * mse(output: "
                             "y)'), got " +
                                 exprToString(*term));
      ok = false;
      continue;
    }
    if (!llvm::is_contained(kLosses, call->text)) {
      diags.error(call->loc, "unknown loss '" + call->text + "'" +
                                 didYouMean(call->text, kLosses));
      ok = false;
      continue;
    }

    // 3. The output, then the loss's own arguments.
    std::vector<ast::Argument> args;
    const ast::Argument *output = nullptr;
    for (ast::Argument &arg : call->args) {
      if (arg.name == "output")
        output = &arg;
      else
        args.push_back(arg);
    }
    if (!output) {
      diags.error(call->loc, "each loss of model '" + model.name +
                                 "' names its output: " + call->text +
                                 "(output: " + outputs.front().str() + ")");
      ok = false;
      continue;
    }
    if (output->value.kind != ast::Expr::Kind::Identifier ||
        !llvm::is_contained(outputs, output->value.text)) {
      std::string got = output->value.kind == ast::Expr::Kind::Identifier
                            ? "'" + output->value.text + "'"
                            : exprToString(output->value);
      diags.error(output->value.loc,
                  "model '" + model.name + "' has no output " + got +
                      (output->value.kind == ast::Expr::Kind::Identifier
                           ? didYouMean(output->value.text, outputs)
                           : std::string()));
      ok = false;
      continue;
    }
    std::string name = output->value.text;
    ast::Location outputLoc = output->value.loc;
    for (ast::Argument &arg : args)
      ok &= resolve(arg.value);
    ArgumentOwner owner{"'" + call->text + "'", "argument", call->loc};
    if (!bindArguments(*lookupCall(call->text), owner, args, diags, names)) {
      ok = false;
      continue;
    }
    args.push_back({outputLoc, "output", identifier(name, outputLoc)});
    args.push_back({weight.loc, "weight", weight});

    // 4. One term per output.
    if (auto [first, fresh] = firstTerm.try_emplace(name, call->loc);
        !fresh) {
      diags.error(call->loc, "output '" + name + "' has two losses");
      diags.note(first->second, "its first loss is here");
      ok = false;
      continue;
    }
    ast::Expr canonical;
    canonical.kind = ast::Expr::Kind::Call;
    canonical.loc = call->loc;
    canonical.text = call->text;
    canonical.args = std::move(args);
    byOutput[name] = std::move(canonical);
  }
  if (!ok)
    return false;
  for (llvm::StringRef name : outputs)
    if (!firstTerm.contains(name)) {
      diags.error(value.loc, "output '" + name.str() + "' of model '" +
                                 model.name + "' has no loss; add a term "
                                 "such as '+ mse(output: " +
                                 name.str() + ")'");
      ok = false;
    }
  if (!ok)
    return false;

  ast::Expr list;
  list.kind = ast::Expr::Kind::List;
  list.loc = value.loc;
  for (llvm::StringRef name : outputs)
    list.elements.push_back(std::move(byOutput[name]));
  value = std::move(list);
  return true;
}

} // namespace netc::dsl
