//===- HalideLowering.cpp - One func.func to one Halide pipeline ----------===//
//
// 1. Every argument becomes an ImageParam whose static extents and strides
//    are fixed (Halide then checks callers' buffers and folds the constants).
// 2. Ops are lowered in order (LowerOps.cpp), each recording a stage.
// 3. Every returned value becomes an output Func; a value returned twice, an
//    argument returned as is, a stage with an update definition or a value
//    other ops also read (see below) gets a copy.
// 4. schedules/ schedules the stages for the target; requirements that
//    dynamic extents agree are added to the pipeline.
//
//===----------------------------------------------------------------------===//
#include "compiler/lowering/HalideLowering.h"

#include "compiler/dialect/NNDialect.h"
#include "compiler/lowering/LoweringState.h"
#include "compiler/lowering/SymbolicDims.h"
#include "schedules/TargetSchedule.h"

#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/StringExtras.h"

using namespace mlir;
using namespace netc::nn;
using Halide::Expr;
using Halide::Func;
using Halide::Var;

namespace netc::lowering {

int64_t TensorSignature::staticElementCount() const {
  int64_t count = 1;
  for (int64_t d : shape)
    count *= d == kDynamic ? 1 : d;
  return count;
}

std::vector<Halide::Argument> LoweredFunction::halideArguments() const {
  return std::vector<Halide::Argument>(params.begin(), params.end());
}

namespace {

std::vector<int64_t> shapeOf(Type type) {
  std::vector<int64_t> shape;
  for (int64_t d : cast<RankedTensorType>(type).getShape())
    shape.push_back(ShapedType::isDynamic(d) ? kDynamic : d);
  return shape;
}

std::vector<std::string> dimsOf(ArrayAttr dims) {
  std::vector<std::string> text;
  if (dims)
    for (Attribute d : dims)
      if (auto s = dyn_cast<StringAttr>(d))
        text.push_back(s.str());
  return text;
}

/// Fixes the extents and strides that are known at compile time.
template <typename DimOf>
void constrainDims(DimOf dimOf, const std::vector<int64_t> &shape) {
  int rank = shape.size();
  int64_t stride = 1;
  bool strideKnown = true;
  for (int h = 0; h < rank; ++h) {
    int64_t extent = shape[rank - 1 - h];
    Halide::Internal::Dimension dim = dimOf(h);
    dim.set_min(0);
    if (strideKnown)
      dim.set_stride(static_cast<int>(stride));
    if (extent == kDynamic) {
      strideKnown = false;
    } else {
      dim.set_extent(static_cast<int>(extent));
      stride *= extent;
    }
  }
}

/// Halide names may hold only letters, digits and '_' ('.' separates
/// internal names): "0.weight" -> "p_0_weight".
std::string halideName(const ArgumentInfo &info) {
  std::string name = info.role == ArgRole::Param   ? "p_"
                     : info.role == ArgRole::State ? "s_"
                                                   : "";
  for (char c : info.name)
    name += llvm::isAlnum(c) ? c : '_';
  return name;
}

Halide::ImageParam makeParam(const ArgumentInfo &info) {
  Halide::ImageParam param(Halide::Float(32), info.shape.size(),
                           halideName(info));
  constrainDims([&](int h) { return param.dim(h); }, info.shape);
  return param;
}

std::string argumentName(func::FuncOp fn, unsigned i, ArgRole &role) {
  if (auto name = fn.getArgAttrOfType<StringAttr>(i, kParamAttr)) {
    role = ArgRole::Param;
    return name.str();
  }
  if (auto name = fn.getArgAttrOfType<StringAttr>(i, kStateAttr)) {
    role = ArgRole::State;
    return name.str();
  }
  if (fn.getArgAttr(i, kTargetAttr)) {
    role = ArgRole::Target;
    return "target";
  }
  role = ArgRole::Input;
  if (auto name = fn.getArgAttrOfType<StringAttr>(i, kInputAttr))
    return name.str();
  return "arg" + std::to_string(i);
}

std::string resultName(func::FuncOp fn, unsigned i,
                       const std::vector<ArgumentInfo> &args) {
  StringRef name = fn.getSymName();
  // A forward output returned beside the step's results ("prediction_cls").
  if (auto output = fn.getResultAttrOfType<StringAttr>(i, kPredictionAttr))
    return "prediction_" + output.str();
  if (name == kTrainStepFn || name == kLossAndGradFn) {
    if (i == 0)
      return "loss";
    // Results after the loss follow the parameters, then the optimizer
    // state, in argument order.
    unsigned seen = 0;
    for (ArgRole role : {ArgRole::Param, ArgRole::State})
      for (const ArgumentInfo &a : args)
        if (a.role == role && ++seen == i)
          return (name == kTrainStepFn ? "new_" : "grad_") + a.name;
  }
  // A named result of a model with several outputs ("cls").
  if (auto output = fn.getResultAttrOfType<StringAttr>(i, kOutputAttr))
    return output.str();
  return i == 0 ? "output" : "output" + std::to_string(i);
}

std::optional<LoweredFunction>
lowerToHalideOrThrow(func::FuncOp fn, const Halide::Target &target,
                     Scheduling scheduling);

} // namespace

std::optional<LoweredFunction> lowerToHalide(func::FuncOp fn,
                                             const Halide::Target &target,
                                             Scheduling scheduling) {
  // Halide reports misuse by throwing; no exception leaves the lowering.
  try {
    return lowerToHalideOrThrow(fn, target, scheduling);
  } catch (const Halide::Error &e) {
    fn.emitError("Halide rejected the lowering of @")
        << fn.getSymName() << ": " << e.what();
    return std::nullopt;
  }
}

namespace {

std::optional<LoweredFunction>
lowerToHalideOrThrow(func::FuncOp fn, const Halide::Target &target,
                     Scheduling scheduling) {
  LoweredFunction lowered;
  lowered.name = fn.getSymName().str();
  LoweringState state;
  // The argument wrappers, scheduled with the stages but only after the
  // outputs are matched to stages (an argument returned as is gets a copy).
  std::vector<schedules::Stage> argumentStages;

  // 1. Arguments.
  for (BlockArgument arg : fn.getArguments()) {
    ArgumentInfo info;
    info.name = argumentName(fn, arg.getArgNumber(), info.role);
    info.shape = shapeOf(arg.getType());
    info.dims = dimsOf(
        fn.getArgAttrOfType<ArrayAttr>(arg.getArgNumber(), kDimsAttr));
    Halide::ImageParam param = makeParam(info);
    int rank = info.shape.size();
    std::vector<Var> vars = LoweringState::makeVars(rank);
    Func wrapper("arg_" + halideName(info));
    wrapper(vars) = param(vars);
    std::vector<Expr> extents;
    for (int d = 0; d < rank; ++d)
      extents.push_back(info.shape[d] == kDynamic
                            ? param.dim(rank - 1 - d).extent()
                            : Expr(static_cast<int>(info.shape[d])));
    state.values[arg] = TensorValue{wrapper, extents};
    if (auto dims = fn.getArgAttrOfType<ArrayAttr>(arg.getArgNumber(),
                                                   kDimsAttr))
      if (failed(applyDims(dims, state.values[arg], info.name, state,
                           arg.getLoc())))
        return std::nullopt;
    lowered.params.push_back(param);
    lowered.arguments.push_back(info);
    argumentStages.push_back({wrapper, schedules::StageKind::Elementwise, vars,
                              /*isOutput=*/false, /*isArgument=*/true});
  }

  // 2. Ops.
  auto ret = cast<func::ReturnOp>(fn.getBody().front().getTerminator());
  for (Operation &op : fn.getBody().front().without_terminator())
    if (failed(lowerOp(&op, state)))
      return std::nullopt;

  // 3. Outputs.
  llvm::SmallPtrSet<Halide::Internal::FunctionContents *, 8> used;
  for (auto [i, value] : llvm::enumerate(ret.getOperands())) {
    TensorValue tensor = state.values.lookup(value);
    if (auto dims = fn.getResultAttrOfType<ArrayAttr>(i, kDimsAttr))
      if (failed(applyDims(dims, tensor, "the result", state, ret.getLoc())))
        return std::nullopt;
    auto stage = llvm::find_if(state.stages, [&](const auto &s) {
      return s.func.name() == tensor.func.name();
    });
    // A stage with an update definition is not handed to the caller's
    // buffer directly: a 16-byte-aligned output of a product whose width is
    // a multiple of the vector width crashed in a conv test (aligned vector
    // stores in the update loop; not reproduced with linear layers). A pure
    // copy carries no such assumption and costs one pass over the output.
    // Likewise for a value that other ops also read (@evaluate's prediction,
    // read by the loss): Halide 14 assumes vector alignment for loads from
    // an output Func inside the pipeline, and a cross-entropy's vectorized
    // reductions over a 16-byte-aligned prediction crashed on them.
    bool readInside = llvm::any_of(value.getUsers(), [](Operation *user) {
      return !isa<func::ReturnOp>(user);
    });
    bool reusable = stage != state.stages.end() &&
                    tensor.func.num_update_definitions() == 0 && !readInside &&
                    used.insert(tensor.func.function().get_contents().get())
                        .second;
    TensorSignature signature{
        resultName(fn, i, lowered.arguments), shapeOf(value.getType()),
        dimsOf(fn.getResultAttrOfType<ArrayAttr>(i, kDimsAttr))};
    Func out = tensor.func;
    if (reusable) {
      stage->isOutput = true;
    } else {
      std::vector<Var> vars = LoweringState::makeVars(tensor.rank());
      out = Func(state.freshName("copy"));
      out(vars) = tensor.func(vars);
      state.stages.push_back({out, schedules::StageKind::Elementwise, vars,
                              /*isOutput=*/true});
    }
    constrainDims([&](int h) { return out.output_buffer().dim(h); },
                  signature.shape);
    // A dynamic extent of the caller's buffer must be the one the inputs
    // give the result: Halide computes whatever region it is asked for, and
    // a convolution's zero-padded reads would fill extra rows silently.
    int rank = tensor.rank();
    for (int d = 0; d < rank; ++d)
      if (signature.shape[d] == kDynamic)
        state.requireEqual(out.output_buffer().dim(rank - 1 - d).extent(),
                           tensor.extents[d],
                           "dimension " + std::to_string(d + 1) + " of '" +
                               signature.name +
                               "' does not match the inputs");
    lowered.outputs.push_back(out);
    lowered.results.push_back(signature);
  }

  // 4. Schedule and requirements.
  state.stages.insert(state.stages.end(), argumentStages.begin(),
                      argumentStages.end());
  if (scheduling == Scheduling::Hand)
    schedules::scheduleForTarget(state.stages, target);
  lowered.pipeline = Halide::Pipeline(lowered.outputs);
  for (Requirement &r : state.requirements) // Halide 14 takes a mutable vector
    lowered.pipeline.add_requirement(r.condition, r.message);
  lowered.requirements = state.requirements;
  for (const schedules::Stage &s : state.stages)
    if (!s.isArgument)
      lowered.stages.push_back(s.func);
  return lowered;
}

} // namespace

void printAlgorithm(const LoweredFunction &lowered, std::ostream &os) {
  os << "pipeline " << lowered.name << "(";
  for (size_t i = 0; i < lowered.arguments.size(); ++i)
    os << (i ? ", " : "") << lowered.arguments[i].name;
  os << ")\n";
  auto printDefinition = [&](const std::string &name,
                             const std::vector<Expr> &args, Expr value) {
    os << "  " << name << "(";
    for (size_t i = 0; i < args.size(); ++i)
      os << (i ? ", " : "") << args[i];
    os << ") = " << value << "\n";
  };
  for (const Func &f : lowered.stages) {
    std::vector<Expr> pure;
    for (const Var &v : f.args())
      pure.push_back(v);
    printDefinition(f.name(), pure, f.value());
    for (int u = 0; u < f.num_update_definitions(); ++u) {
      os << "  " << f.name() << "(";
      std::vector<Expr> args = f.update_args(u);
      for (size_t i = 0; i < args.size(); ++i)
        os << (i ? ", " : "") << args[i];
      os << ") <- " << f.update_value(u) << "\n";
    }
  }
  os << "  return ";
  for (size_t i = 0; i < lowered.outputs.size(); ++i)
    os << (i ? ", " : "") << lowered.results[i].name << " = "
       << lowered.outputs[i].name();
  os << "\n";
}

} // namespace netc::lowering
