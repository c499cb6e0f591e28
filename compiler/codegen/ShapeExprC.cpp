//===- ShapeExprC.cpp - Halide shape expressions as C ---------------------===//
//
// printC walks the integer part of Halide's IR (constants, buffer fields,
// arithmetic, comparisons, logic, select) and prints it as C; anything else
// (a loop variable, a float, a call) means the value is not a function of
// the shapes and is an error, never a guess.
//
//===----------------------------------------------------------------------===//
#include "compiler/codegen/ShapeExprC.h"

#include <sstream>

namespace netc::codegen {
namespace {

namespace HI = Halide::Internal;

/// Prints an integer expression over the fields as C (int64_t arithmetic).
class CExpr {
public:
  explicit CExpr(const SymbolFields &leaves)
      : leaves(leaves) {}
  std::string failure;

  std::string print(const Halide::Expr &e) {
    using namespace HI;
    if (const int64_t *v = as_const_int(e))
      return "INT64_C(" + std::to_string(*v) + ")";
    if (const uint64_t *v = as_const_uint(e))
      return "INT64_C(" + std::to_string(*v) + ")";
    if (const auto *op = e.as<Variable>()) {
      auto leaf = leaves.find(op->name);
      if (leaf != leaves.end())
        return leaf->second;
      return fail("the value " + op->name);
    }
    if (const auto *op = e.as<Cast>()) {
      if (!op->type.is_int() && !op->type.is_uint())
        return fail("a cast to a non-integer type");
      return print(op->value);
    }
    if (const auto *op = e.as<Add>())
      return binary("+", op->a, op->b);
    if (const auto *op = e.as<Sub>())
      return binary("-", op->a, op->b);
    if (const auto *op = e.as<Mul>())
      return binary("*", op->a, op->b);
    if (const auto *op = e.as<Div>())
      return call("div", op->a, op->b);
    if (const auto *op = e.as<Mod>())
      return call("mod", op->a, op->b);
    if (const auto *op = e.as<Min>())
      return call("min", op->a, op->b);
    if (const auto *op = e.as<Max>())
      return call("max", op->a, op->b);
    if (const auto *op = e.as<EQ>())
      return binary("==", op->a, op->b);
    if (const auto *op = e.as<NE>())
      return binary("!=", op->a, op->b);
    if (const auto *op = e.as<LT>())
      return binary("<", op->a, op->b);
    if (const auto *op = e.as<LE>())
      return binary("<=", op->a, op->b);
    if (const auto *op = e.as<GT>())
      return binary(">", op->a, op->b);
    if (const auto *op = e.as<GE>())
      return binary(">=", op->a, op->b);
    if (const auto *op = e.as<And>())
      return binary("&&", op->a, op->b);
    if (const auto *op = e.as<Or>())
      return binary("||", op->a, op->b);
    if (const auto *op = e.as<Not>())
      return "(!" + print(op->a) + ")";
    if (const auto *op = e.as<Select>())
      return "(" + print(op->condition) + " ? " + print(op->true_value) +
             " : " + print(op->false_value) + ")";
    if (const auto *op = e.as<Let>())
      return print(substitute(op->name, op->value, op->body));
    if (const auto *op = e.as<Call>()) {
      if ((op->is_intrinsic(Call::likely) ||
           op->is_intrinsic(Call::likely_if_innermost) ||
           op->is_intrinsic(Call::promise_clamped) ||
           op->is_intrinsic(Call::unsafe_promise_clamped)) &&
          !op->args.empty())
        return print(op->args[0]);
    }
    std::ostringstream text;
    text << e;
    return fail("the expression " + text.str());
  }

private:
  std::string binary(const char *op, const Halide::Expr &a,
                     const Halide::Expr &b) {
    return "(" + print(a) + " " + op + " " + print(b) + ")";
  }
  std::string call(const char *fn, const Halide::Expr &a,
                   const Halide::Expr &b) {
    return std::string("netc_ws_") + fn + "(" + print(a) + ", " + print(b) +
           ")";
  }
  std::string fail(const std::string &what) {
    if (failure.empty())
      failure = what;
    return "0";
  }
  const SymbolFields &leaves;
};

/// The fields of the buffer of `tensor`, named as Halide's lowering names
/// them, as C over the symbols (the glue makes every buffer dense, min 0).
void addLeaves(const std::string &buffer, const lowering::TensorSignature &t,
               std::map<std::string, std::string> &leaves) {
  size_t rank = t.shape.size();
  std::string stride = "INT64_C(1)";
  for (size_t h = 0; h < rank; ++h) {
    size_t d = rank - 1 - h;
    std::string extent =
        d < t.dims.size() ? "(int64_t)(" + t.dims[d] + ")"
                          : "INT64_C(" + std::to_string(t.shape[d]) + ")";
    leaves[buffer + ".min." + std::to_string(h)] = "INT64_C(0)";
    leaves[buffer + ".extent." + std::to_string(h)] = extent;
    leaves[buffer + ".stride." + std::to_string(h)] = stride;
    stride = "(" + stride + " * " + extent + ")";
  }
}

/// `text` as literal text of a printf format in a C string: quotes and
/// backslashes escaped, `%` doubled.
std::string formatText(llvm::StringRef text) {
  std::string out;
  for (char c : text) {
    if (c == '"' || c == '\\')
      out += '\\';
    if (c == '%')
      out += '%';
    out += c;
  }
  return out;
}

llvm::Error makeError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 message.str());
}

} // namespace

SymbolFields symbolFields(const lowering::LoweredFunction &lowered) {
  SymbolFields fields;
  for (size_t i = 0; i < lowered.params.size(); ++i)
    addLeaves(lowered.params[i].name(), lowered.arguments[i], fields);
  for (size_t i = 0; i < lowered.outputs.size(); ++i)
    addLeaves(lowered.outputs[i].name(), lowered.results[i], fields);
  return fields;
}

llvm::Expected<std::string> printC(const Halide::Expr &e,
                                   const SymbolFields &fields) {
  CExpr printer(fields);
  std::string text = printer.print(HI::simplify(e));
  if (!printer.failure.empty())
    return makeError(printer.failure + " is not a function of the shapes");
  return text;
}

llvm::Expected<std::vector<RequirementInC>>
requirementsInC(const lowering::LoweredFunction &lowered) {
  SymbolFields fields = symbolFields(lowered);
  std::vector<RequirementInC> checks;
  for (const lowering::Requirement &r : lowered.requirements) {
    RequirementInC check;
    llvm::Expected<std::string> condition = printC(r.condition, fields);
    if (!condition)
      return condition.takeError();
    check.condition = *condition;
    // Halide prints the parts of a message separated by spaces.
    for (size_t i = 0; i < r.message.size(); ++i) {
      check.format += i ? " " : "";
      if (const auto *s = r.message[i].as<HI::StringImm>()) {
        check.format += formatText(s->value);
        continue;
      }
      llvm::Expected<std::string> value = printC(r.message[i], fields);
      if (!value)
        return value.takeError();
      check.format += "%lld";
      check.values.push_back(*value);
    }
    checks.push_back(std::move(check));
  }
  return checks;
}

} // namespace netc::codegen
