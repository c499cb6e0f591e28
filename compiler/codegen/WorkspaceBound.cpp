//===- WorkspaceBound.cpp - Bytes of workspace a call needs ---------------===//
//
// Every halide_malloc of a call is served from the caller's workspace by a
// bump allocator that never reuses a block (GlueEmitter.cpp). So the bytes a
// call needs are at most the sum, over the Allocate nodes of the lowered
// pipeline, of each one's size plus one kWorkspaceAlignment (the padding
// Halide's code generator adds, see below) rounded up to it, times the
// iterations of the CPU loops around it. Halide's own lowering gives each
// size as an expression of the buffers' extents (after bounds inference, so
// it covers whatever region the schedule really stores); substituting the
// lets around it and the tensors' dimensions over the symbols turns it into
// a C expression. Exact up to the rounding, with no measurement: a size
// that depends on a loop variable is replaced by its upper bound over the
// loop (Halide's interval analysis), and an allocation whose size cannot be
// bounded is a build error rather than a guess. Allocations Halide puts on
// the stack, in registers or on a GPU are counted too when they are not
// marked so (an over-estimate, never an under-estimate); device memory of
// GPU targets stays Halide's (halide_device_malloc) and is not counted.
//
//===----------------------------------------------------------------------===//

#include "compiler/codegen/WorkspaceBound.h"
#include "compiler/codegen/Glue.h"

#include <map>
#include <optional>
#include <sstream>

namespace netc::codegen {
namespace {

namespace HI = Halide::Internal;

llvm::Error makeError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 message.str());
}

class AllocationBounds : public HI::IRVisitor {
public:
  /// `leaves`: the buffer fields ("x.extent.0") the bound may refer to.
  explicit AllocationBounds(std::map<std::string, std::string> leaves)
      : leaves(std::move(leaves)) {}

  Halide::Expr total = Halide::Expr((int64_t)0);
  std::string failure; ///< set when some allocation cannot be bounded

private:
  using HI::IRVisitor::visit;

  Halide::Expr resolve(const Halide::Expr &e) {
    return HI::simplify(HI::substitute(lets, e));
  }

  void visit(const HI::LetStmt *op) override {
    if (leaves.count(op->name)) {
      op->body.accept(this);
      return;
    }
    auto previous = lets.find(op->name);
    std::optional<Halide::Expr> saved;
    if (previous != lets.end())
      saved = previous->second;
    lets[op->name] = resolve(op->value);
    op->body.accept(this);
    if (saved)
      lets[op->name] = *saved;
    else
      lets.erase(op->name);
  }

  void visit(const HI::For *op) override {
    bool gpu = op->for_type == HI::ForType::GPUBlock ||
               op->for_type == HI::ForType::GPUThread ||
               op->for_type == HI::ForType::GPULane ||
               (op->device_api != Halide::DeviceAPI::None &&
                op->device_api != Halide::DeviceAPI::Host);
    if (gpu) {
      ++gpuDepth; // memory inside a kernel is the device's
      op->body.accept(this);
      --gpuDepth;
      return;
    }
    HI::Interval range = HI::bounds_of_expr_in_scope(
        resolve(op->min), loops);
    HI::Interval extent = HI::bounds_of_expr_in_scope(
        resolve(op->extent), loops);
    if (!range.is_bounded() || !extent.has_upper_bound()) {
      fail("the loop over " + op->name);
      return;
    }
    loops.push(op->name, HI::Interval(range.min,
                                          range.max + extent.max - 1));
    iterations.push_back(extent.max);
    op->body.accept(this);
    iterations.pop_back();
    loops.pop(op->name);
  }

  void visit(const HI::Allocate *op) override {
    bool elsewhere = op->memory_type == Halide::MemoryType::Stack ||
                     op->memory_type == Halide::MemoryType::Register ||
                     op->memory_type == Halide::MemoryType::GPUShared ||
                     op->memory_type == Halide::MemoryType::GPUTexture ||
                     op->new_expr.defined();
    if (!gpuDepth && !elsewhere) {
      Halide::Expr bytes = Halide::Expr((int64_t)op->type.bytes());
      for (const Halide::Expr &extent : op->extents)
        bytes = bytes * Halide::cast<int64_t>(extent);
      HI::Interval bound =
          HI::bounds_of_expr_in_scope(resolve(bytes), loops);
      if (!bound.has_upper_bound()) {
        fail("the allocation of " + op->name);
      } else {
        const int64_t a = kWorkspaceAlignment;
        // Halide 14's code generator asks halide_malloc for a few bytes
        // more than the extents (12 for the f32 buffers of the course
        // models on x86-64: room for a vector load past the end, less than
        // one vector); one more alignment unit per block covers that.
        Halide::Expr block = (Halide::max(bound.max, Halide::Expr((int64_t)0)) +
                              Halide::Expr(2 * a - 1)) / Halide::Expr(a) * Halide::Expr(a);
        for (const Halide::Expr &n : iterations)
          block = block * Halide::max(Halide::cast<int64_t>(n),
                                      Halide::Expr((int64_t)0));
        total = total + block;
      }
    }
    op->body.accept(this);
  }

  void fail(const std::string &what) {
    if (failure.empty())
      failure = what;
  }

  std::map<std::string, std::string> leaves;
  std::map<std::string, Halide::Expr> lets;
  HI::Scope<HI::Interval> loops;
  std::vector<Halide::Expr> iterations;
  int gpuDepth = 0;
};

/// Prints a bound over the symbols as C (int64_t arithmetic; Halide's
/// division rounds down, as the helpers of <model>_api.c do).
class CExpr {
public:
  explicit CExpr(const std::map<std::string, std::string> &leaves)
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
  const std::map<std::string, std::string> &leaves;
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
    std::string field = buffer + "." + std::to_string(h);
    leaves[buffer + ".min." + std::to_string(h)] = "INT64_C(0)";
    leaves[buffer + ".extent." + std::to_string(h)] = extent;
    leaves[buffer + ".stride." + std::to_string(h)] = stride;
    stride = "(" + stride + " * " + extent + ")";
  }
}

} // namespace

/// A C expression, over the symbols, of the workspace bytes one call of
/// `function` (compiled as `module`) needs.
llvm::Expected<std::string>
workspaceBound(const lowering::LoweredFunction &lowered,
               const Halide::Module &module, const std::string &symbol) {
  std::map<std::string, std::string> leaves;
  for (size_t i = 0; i < lowered.params.size(); ++i)
    addLeaves(lowered.params[i].name(), lowered.arguments[i], leaves);
  for (size_t i = 0; i < lowered.outputs.size(); ++i)
    addLeaves(lowered.outputs[i].name(), lowered.results[i], leaves);
  for (const HI::LoweredFunc &fn : module.functions()) {
    if (fn.name != symbol)
      continue;
    AllocationBounds bounds(leaves);
    fn.body.accept(&bounds);
    if (!bounds.failure.empty())
      return makeError("cannot bound the workspace of " + symbol + ": " +
                       bounds.failure + " has no upper bound");
    CExpr printer(leaves);
    std::string text = printer.print(HI::simplify(bounds.total));
    if (!printer.failure.empty())
      return makeError("cannot bound the workspace of " + symbol + ": " +
                       printer.failure + " is not a function of the shapes");
    return text;
  }
  return makeError("Halide produced no function " + symbol);
}

} // namespace netc::codegen
