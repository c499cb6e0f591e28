//===- ArgumentBinder.cpp - Arguments against a catalog signature ---------===//
//
// Binding runs in two passes so that every error is found in one go:
//  1. walk the arguments as written and assign each to a parameter
//     (positional ones by position, named ones by name), reporting unknown,
//     duplicate and surplus arguments;
//  2. walk the parameters in catalog order, take the assigned value or the
//     default, and check the value; call values (`csv(...)`) recurse into
//     their own signature.
//
//===----------------------------------------------------------------------===//
#include "dsl/ArgumentBinder.h"

#include "dsl/ExprPrinter.h"
#include "dsl/Suggest.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/Twine.h"

#include <algorithm>

using namespace netc;
using namespace netc::dsl;

namespace {

class ValueChecker {
public:
  ValueChecker(const ParamSpec &param, const ArgumentOwner &owner,
               Diagnostics &diags, llvm::ArrayRef<llvm::StringRef> names)
      : param(param), owner(owner), diags(diags), names(names),
        what("'" + param.name.str() + "' of " + owner.subject) {}

  bool check(ast::Expr &value);

private:
  bool checkInt(const ast::Expr &value);
  bool checkShape(const ast::Expr &value);
  bool checkOneInt(const ast::Expr &value);
  bool checkPadding(const ast::Expr &value);
  bool checkPerDimensionList(const ast::Expr &value,
                             llvm::StringRef expectation);
  bool checkFloat(const ast::Expr &value);
  bool checkString(const ast::Expr &value);
  bool checkIndices(const ast::Expr &value);
  bool checkCall(ast::Expr &value);
  bool checkOneOf(const ast::Expr &value);
  bool mismatch(const ast::Expr &value, llvm::StringRef expectation);
  /// A name where a number belongs: unknown, since bindings are already
  /// substituted. `true` and `false` are values, so they get mismatch().
  bool isUnknownName(const ast::Expr &value) const {
    return value.kind == ast::Expr::Kind::Identifier && value.text != "true" &&
           value.text != "false";
  }
  bool unknownName(const ast::Expr &value) {
    return fail(value.loc, "unknown name '" + value.text + "'" +
                               didYouMean(value.text, names));
  }
  bool fail(const ast::Location &loc, const llvm::Twine &message) {
    diags.error(loc, message);
    return false;
  }

  const ParamSpec &param;
  const ArgumentOwner &owner;
  Diagnostics &diags;
  llvm::ArrayRef<llvm::StringRef> names; ///< Bindings in scope.
  std::string what; ///< "'out' of layer 'linear'"
};

} // namespace

/// How a value is named after "got": the number itself, or its kind.
static std::string describeValue(const ast::Expr &value) {
  switch (value.kind) {
  case ast::Expr::Kind::Number:
    return formatNumber(value.number, value.isInteger);
  case ast::Expr::Kind::String: return "a string";
  case ast::Expr::Kind::Identifier: return "the name '" + value.text + "'";
  case ast::Expr::Kind::Call: return "a call to '" + value.text + "'";
  case ast::Expr::Kind::Range: return "a range";
  case ast::Expr::Kind::List: return "a list";
  case ast::Expr::Kind::Binary:
  case ast::Expr::Kind::Negate: return "arithmetic";
  }
  return "a value";
}

/// "mse or bce", "sgd".
static std::string joinAlternatives(llvm::ArrayRef<llvm::StringRef> names) {
  std::string text;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i != 0)
      text += i + 1 == names.size() ? " or " : ", ";
    text += names[i].str();
  }
  return text;
}

static bool isNumber(const ast::Expr &value) {
  return value.kind == ast::Expr::Kind::Number;
}
static bool isInteger(const ast::Expr &value) {
  return isNumber(value) && value.isInteger;
}

bool ValueChecker::mismatch(const ast::Expr &value,
                            llvm::StringRef expectation) {
  return fail(value.loc, what + " expects " + expectation + ", got " +
                             describeValue(value));
}

bool ValueChecker::check(ast::Expr &value) {
  // Arithmetic is folded before binding; what is left failed to fold and
  // is already reported (Fold.h).
  if (value.kind == ast::Expr::Kind::Binary ||
      value.kind == ast::Expr::Kind::Negate)
    return false;
  switch (param.kind) {
  case ParamKind::Int: return checkInt(value);
  case ParamKind::Float: return checkFloat(value);
  case ParamKind::Bool:
    if (value.kind != ast::Expr::Kind::Identifier ||
        (value.text != "true" && value.text != "false"))
      return mismatch(value, describe(param.kind));
    return true;
  case ParamKind::String: return checkString(value);
  case ParamKind::Ident:
    if (value.kind != ast::Expr::Kind::Identifier)
      return mismatch(value, "a name (" + joinAlternatives(param.allowed) + ")");
    return checkOneOf(value);
  case ParamKind::Indices: return checkIndices(value);
  case ParamKind::Call:
  case ParamKind::CallOrIdent: return checkCall(value);
  case ParamKind::Padding: return checkPadding(value);
  }
  return true;
}

/// An integer, or (with ParamSpec::listLength) a list of that many, each
/// checked alone.
bool ValueChecker::checkInt(const ast::Expr &value) {
  if (param.variadic)
    return checkShape(value);
  if (param.listLength == 0 || value.kind != ast::Expr::Kind::List)
    return checkOneInt(value);
  if (!checkPerDimensionList(value, "an integer or a list of " +
                                        std::to_string(param.listLength) +
                                        " integers"))
    return false;
  bool ok = true;
  for (const ast::Expr &element : value.elements)
    ok &= checkOneInt(element);
  return ok;
}

bool ValueChecker::checkOneInt(const ast::Expr &value) {
  if (isUnknownName(value))
    return unknownName(value);
  if (!isInteger(value))
    return mismatch(value, param.listLength == 0
                               ? describe(ParamKind::Int).str()
                               : "an integer or a list of " +
                                     std::to_string(param.listLength) +
                                     " integers");
  if (param.constraint == Constraint::Positive && value.number < 1)
    return fail(value.loc, what + " must be a positive integer, got " +
                               describeValue(value));
  if (param.constraint == Constraint::NonNegative && value.number < 0)
    return fail(value.loc, what + " must be a non-negative integer, got " +
                               describeValue(value));
  return true;
}

/// A variadic parameter's list: at least one extent, each a positive
/// integer or -1 (inferred, as in torch.reshape), -1 at most once.
bool ValueChecker::checkShape(const ast::Expr &value) {
  if (value.kind != ast::Expr::Kind::List)
    return mismatch(value, "a list of extents");
  if (value.elements.empty())
    return fail(value.loc, what + " expects at least one extent");
  bool ok = true;
  const ast::Expr *inferred = nullptr;
  for (const ast::Expr &element : value.elements) {
    if (isUnknownName(element)) {
      ok &= unknownName(element);
      continue;
    }
    if (!isInteger(element) || (element.number < 1 && element.number != -1)) {
      ok &= fail(element.loc, what + " expects positive integers or -1, got " +
                                  describeValue(element));
      continue;
    }
    if (element.number != -1)
      continue;
    if (inferred) {
      diags.error(element.loc, what + " can infer only one extent (-1)");
      diags.note(inferred->loc, "the first -1 is here");
      ok = false;
    }
    inferred = &element;
  }
  return ok;
}

/// A list of exactly ParamSpec::listLength elements.
bool ValueChecker::checkPerDimensionList(const ast::Expr &value,
                                         llvm::StringRef expectation) {
  if (value.elements.size() == param.listLength)
    return true;
  return fail(value.loc, what + " expects " + expectation + ", got a list of " +
                             llvm::Twine(value.elements.size()));
}

/// A non-negative integer or `same`; with ParamSpec::listLength, also a
/// list of that many non-negative integers.
bool ValueChecker::checkPadding(const ast::Expr &value) {
  std::string expectation =
      param.listLength == 0
          ? "a non-negative integer or 'same'"
          : "a non-negative integer, 'same' or a list of " +
                std::to_string(param.listLength) + " non-negative integers";
  auto checkAmount = [&](const ast::Expr &amount) {
    if (isInteger(amount) && amount.number >= 0)
      return true;
    std::string hint;
    if (amount.kind == ast::Expr::Kind::Identifier)
      hint = didYouMean(amount.text, {"same"});
    return fail(amount.loc, what + " must be " + expectation + ", got " +
                                describeValue(amount) + hint);
  };
  if (value.kind == ast::Expr::Kind::Identifier && value.text == "same")
    return true;
  if (param.listLength == 0 || value.kind != ast::Expr::Kind::List)
    return checkAmount(value);
  if (!checkPerDimensionList(value, expectation))
    return false;
  bool ok = true;
  for (const ast::Expr &element : value.elements)
    ok &= checkAmount(element);
  return ok;
}

bool ValueChecker::checkFloat(const ast::Expr &value) {
  if (isUnknownName(value))
    return unknownName(value);
  if (!isNumber(value))
    return mismatch(value, describe(ParamKind::Float));
  // The ranges PyTorch enforces for the same settings (Adam's betas in
  // [0, 1), dropout's p in [0, 1], ...), checked here, at the value, and
  // nowhere later.
  double x = value.number;
  auto outside = [&](llvm::StringRef range) {
    return fail(value.loc,
                what + " must be " + range + ", got " + describeValue(value));
  };
  switch (param.constraint) {
  case Constraint::Positive:
    return x > 0 || outside("a positive number");
  case Constraint::NonNegative:
    return x >= 0 || outside("a non-negative number");
  case Constraint::Probability:
    return (x >= 0 && x <= 1) || outside("a probability in [0, 1]");
  case Constraint::Fraction:
    return (x >= 0 && x < 1) || outside("a fraction in [0, 1)");
  default: return true;
  }
}

bool ValueChecker::checkString(const ast::Expr &value) {
  if (value.kind != ast::Expr::Kind::String)
    return mismatch(value, describe(ParamKind::String));
  if (param.constraint == Constraint::NonEmpty && value.text.empty())
    return fail(value.loc, what + " must not be empty");
  if (param.constraint == Constraint::SingleCharacter && value.text.size() != 1)
    return fail(value.loc, what + " must be a single character, got " +
                               exprToString(value));
  return true;
}

/// A range, a non-negative integer, or a non-empty list of them. Range
/// bounds are non-negative by construction (the lexer has no negative
/// integers) and their order is checked by Sema where ranges are written.
bool ValueChecker::checkIndices(const ast::Expr &value) {
  auto checkIndex = [&](const ast::Expr &index) {
    if (isUnknownName(index))
      return unknownName(index);
    if (!isInteger(index))
      return mismatch(index, describe(ParamKind::Indices));
    if (index.number < 0)
      return fail(index.loc, what + " must list non-negative column indices, "
                                    "got " +
                                    describeValue(index));
    return true;
  };
  switch (value.kind) {
  case ast::Expr::Kind::Range: return true;
  case ast::Expr::Kind::Number:
  case ast::Expr::Kind::Identifier: return checkIndex(value);
  case ast::Expr::Kind::List: {
    if (value.elements.empty())
      return fail(value.loc, what + " must list at least one column");
    bool ok = true;
    for (const ast::Expr &element : value.elements)
      ok &= checkIndex(element);
    return ok;
  }
  default: return mismatch(value, describe(ParamKind::Indices));
  }
}

bool ValueChecker::checkOneOf(const ast::Expr &value) {
  if (llvm::is_contained(param.allowed, value.text))
    return true;
  return fail(value.loc, what + " must be " + joinAlternatives(param.allowed) +
                             ", got '" + value.text + "'" +
                             didYouMean(value.text, param.allowed));
}

bool ValueChecker::checkCall(ast::Expr &value) {
  // `optimizer: sgd` is shorthand for `optimizer: sgd()`.
  if (param.kind == ParamKind::CallOrIdent &&
      value.kind == ast::Expr::Kind::Identifier)
    value.kind = ast::Expr::Kind::Call;
  if (value.kind != ast::Expr::Kind::Call) {
    std::string example = param.allowed.empty()
                              ? std::string("(...)")
                              : param.allowed.front().str() + "(...)";
    return mismatch(value, (param.kind == ParamKind::CallOrIdent
                                ? "a call or a name such as "
                                : "a call such as ") +
                               example);
  }
  if (!checkOneOf(value))
    return false;
  const Signature *sig = lookupCall(value.text);
  if (!sig)
    return fail(value.loc, "'" + value.text + "' is not in the call catalog");
  ArgumentOwner callOwner{"'" + value.text + "'", "argument", value.loc};
  return bindArguments(*sig, callOwner, value.args, diags, names);
}

/// Reports arguments beyond the positional parameters of `sig`.
static void reportSurplusPositional(const Signature &sig,
                                    const ArgumentOwner &owner,
                                    const ast::Argument &arg,
                                    Diagnostics &diags) {
  unsigned n = sig.numPositional();
  if (sig.params.empty())
    diags.error(arg.loc, owner.subject + " takes no arguments");
  else if (n == 0)
    diags.error(arg.loc, owner.subject + " takes only named arguments");
  else
    diags.error(arg.loc, owner.subject + " takes at most " + llvm::Twine(n) +
                             " positional argument" + (n == 1 ? "" : "s"));
}

/// Folds the positional arguments from a variadic parameter's position on
/// into one list argument (`reshape(4, 50)` -> `reshape([4, 50])`); a single
/// list written there is taken as it is.
static void gatherVariadic(const Signature &sig,
                           std::vector<ast::Argument> &args) {
  unsigned n = sig.numPositional();
  if (n == 0 || !sig.params[n - 1].variadic)
    return;
  auto first = args.begin();
  for (unsigned seen = 0; first != args.end() && first->name.empty() &&
                          seen + 1 < n;
       ++first, ++seen) {
  }
  auto last = std::find_if(first, args.end(), [](const ast::Argument &arg) {
    return !arg.name.empty();
  });
  if (first == last ||
      (last - first == 1 && first->value.kind == ast::Expr::Kind::List))
    return;
  ast::Argument list;
  list.loc = first->loc;
  list.value.kind = ast::Expr::Kind::List;
  list.value.loc = first->loc;
  for (auto it = first; it != last; ++it)
    list.value.elements.push_back(std::move(it->value));
  auto at = args.erase(first, last);
  args.insert(at, std::move(list));
}

bool netc::dsl::bindArguments(const Signature &sig, const ArgumentOwner &owner,
                              std::vector<ast::Argument> &args,
                              Diagnostics &diags,
                              llvm::ArrayRef<llvm::StringRef> bindingNames) {
  // A layer without parameters gets one clear error, whatever was passed.
  if (sig.params.empty() && !args.empty()) {
    reportSurplusPositional(sig, owner, args.front(), diags);
    return false;
  }

  gatherVariadic(sig, args);

  // Pass 1: assign arguments to parameters.
  bool ok = true;
  std::vector<const ast::Argument *> given(sig.params.size(), nullptr);
  unsigned positional = 0;
  bool sawNamed = false, reportedSurplus = false;
  std::vector<llvm::StringRef> names;
  for (const ParamSpec &param : sig.params)
    names.push_back(param.name);

  for (const ast::Argument &arg : args) {
    size_t index;
    if (arg.name.empty()) {
      if (sawNamed) {
        diags.error(arg.loc, "a positional argument cannot follow named "
                             "arguments");
        ok = false;
        continue;
      }
      if (positional >= sig.numPositional()) {
        if (!reportedSurplus)
          reportSurplusPositional(sig, owner, arg, diags);
        reportedSurplus = true;
        ok = false;
        continue;
      }
      index = positional++;
    } else {
      sawNamed = true;
      const ParamSpec *param = sig.lookup(arg.name);
      if (!param) {
        diags.error(arg.loc, "unknown " + owner.noun + " '" + arg.name +
                                 "' of " + owner.subject +
                                 didYouMean(arg.name, names));
        ok = false;
        continue;
      }
      index = param - sig.params.data();
    }
    if (const ast::Argument *first = given[index]) {
      diags.error(arg.loc, "duplicate " + owner.noun + " '" +
                               sig.params[index].name + "' of " +
                               owner.subject);
      diags.note(first->loc, "'" + sig.params[index].name +
                                 "' was first given here");
      ok = false;
      continue;
    }
    given[index] = &arg;
  }

  // Pass 2: values as written, in source order (so errors are too), then
  // the canonical list in catalog order with defaults filled in.
  std::vector<ast::Argument> values(sig.params.size());
  for (const ast::Argument &arg : args) {
    auto it = llvm::find(given, &arg);
    if (it == given.end())
      continue;
    size_t index = it - given.begin();
    values[index] = arg;
    ok &= ValueChecker(sig.params[index], owner, diags, bindingNames)
              .check(values[index].value);
  }
  std::vector<ast::Argument> canonical;
  for (size_t i = 0; i < sig.params.size(); ++i) {
    const ParamSpec &param = sig.params[i];
    ast::Argument arg;
    if (given[i]) {
      arg = std::move(values[i]);
    } else if (param.omittable && param.kind != ParamKind::String) {
      continue; // absent: the consumer's own default applies
    } else if (param.isRequired()) {
      diags.error(owner.loc, owner.subject + " is missing required " +
                                 owner.noun + " '" + param.name + "'");
      ok = false;
      continue;
    } else if (!param.defaultFrom.empty()) {
      // The value the earlier parameter got (`stride` = `kernel`); if it
      // has none, its own error is already reported.
      auto from = llvm::find_if(canonical, [&](const ast::Argument &a) {
        return a.name == param.defaultFrom;
      });
      if (from == canonical.end()) {
        ok = false;
        continue;
      }
      arg.loc = owner.loc;
      arg.value = from->value;
      arg.value.loc = owner.loc;
    } else {
      arg.loc = owner.loc;
      arg.value = defaultValue(param, owner.loc);
      // Defaults are catalog data; checking them catches a bad table row
      // and expands call defaults into canonical calls.
      ok &= ValueChecker(param, owner, diags, bindingNames).check(arg.value);
    }
    arg.name = param.name.str();
    canonical.push_back(std::move(arg));
  }
  if (ok)
    args = std::move(canonical);
  return ok;
}
