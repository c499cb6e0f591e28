//===- HalideLowering.h - nn functions to Halide pipelines ------*- C++ -*-===//
//
// Lowers one func.func of nn ops (@infer, @train_step, @loss_and_grad) to a
// Halide pipeline: one ImageParam per argument, one output Func per result.
// Tensors map to Halide with their dimensions reversed (Halide's dimension 0
// is the contiguous one), so a row-major [N, F] tensor is (f, n) in Halide
// and buffers are shared with C without copies.
//
//===----------------------------------------------------------------------===//
#ifndef NETC_COMPILER_LOWERING_HALIDELOWERING_H
#define NETC_COMPILER_LOWERING_HALIDELOWERING_H

#include "Halide.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Support/LogicalResult.h"

#include <optional>
#include <string>
#include <vector>

namespace netc::lowering {

/// What an argument of the lowered function is.
enum class ArgRole { Input, Param, Target, State };

/// Extent of a dimension, in MLIR order; kDynamic for the batch.
inline constexpr int64_t kDynamic = -1;

struct TensorSignature {
  std::string name;            ///< "x", "0.weight", "target", "loss", ...
  std::vector<int64_t> shape;  ///< MLIR order; kDynamic where symbolic.
  /// The .net signature's dimension expressions ("N", "4", "L / 3"), when
  /// the tensor is an input, target or result of the model; else empty.
  std::vector<std::string> dims;
  int64_t staticElementCount() const;
};

struct ArgumentInfo : TensorSignature {
  ArgRole role = ArgRole::Input;
};

/// A condition on a call's extents, checked before the pipeline computes,
/// with the parts of its error message (printed separated by spaces:
/// "dimension 3 of 'target' must be L:", 6, "vs", 5).
struct Requirement {
  Halide::Expr condition;
  std::vector<Halide::Expr> message;
};

struct LoweredFunction {
  std::string name;
  std::vector<Halide::ImageParam> params; ///< One per argument, in order.
  std::vector<ArgumentInfo> arguments;
  std::vector<Halide::Func> outputs;      ///< One per result, in order.
  std::vector<TensorSignature> results;
  Halide::Pipeline pipeline;
  /// Every Func of the algorithm, in definition order (for printing).
  std::vector<Halide::Func> stages;
  /// What the extents of a call must satisfy beyond the signature (named
  /// dimensions that must agree, convolutions that must leave an output).
  /// Added to the pipeline (asserted there unless the target has no_asserts),
  /// checked on the host before JIT calls (JitFunction) and by the AOT entry
  /// points (codegen::RequirementInC).
  std::vector<Requirement> requirements;

  /// Halide arguments for AOT compilation, in the function's order.
  std::vector<Halide::Argument> halideArguments() const;
};

/// Who schedules the lowered pipeline.
enum class Scheduling {
  Hand,        ///< netc's schedules/ for the target
  Unscheduled, ///< nobody yet: the caller applies an autoscheduler
               ///< (schedules/AutoSchedule.h, the benchmarks' baseline)
};

/// Lowers `fn` and applies netc's schedule for `target` (unless
/// `scheduling` says otherwise). Reports unsupported ops through MLIR
/// diagnostics and returns std::nullopt.
std::optional<LoweredFunction>
lowerToHalide(mlir::func::FuncOp fn, const Halide::Target &target,
              Scheduling scheduling = Scheduling::Hand);

/// Prints each Func of the pipeline's algorithm (`name(args) = value` and its
/// updates) in definition order: `netc --emit=halide`.
void printAlgorithm(const LoweredFunction &lowered, std::ostream &os);

} // namespace netc::lowering

#endif // NETC_COMPILER_LOWERING_HALIDELOWERING_H
