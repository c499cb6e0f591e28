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
#include "compiler/codegen/ShapeExprC.h"

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

} // namespace

/// A C expression, over the symbols, of the workspace bytes one call of
/// `function` (compiled as `module`) needs.
llvm::Expected<std::string>
workspaceBound(const lowering::LoweredFunction &lowered,
               const Halide::Module &module, const std::string &symbol) {
  SymbolFields leaves = symbolFields(lowered);
  for (const HI::LoweredFunc &fn : module.functions()) {
    if (fn.name != symbol)
      continue;
    AllocationBounds bounds(leaves);
    fn.body.accept(&bounds);
    if (!bounds.failure.empty())
      return makeError("cannot bound the workspace of " + symbol + ": " +
                       bounds.failure + " has no upper bound");
    llvm::Expected<std::string> text = printC(bounds.total, leaves);
    if (!text)
      return makeError("cannot bound the workspace of " + symbol + ": " +
                       llvm::toString(text.takeError()));
    return text;
  }
  return makeError("Halide produced no function " + symbol);
}

} // namespace netc::codegen
