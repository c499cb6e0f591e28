//===- ModelInterface.cpp - What a compiled model looks like outside ------===//
#include "compiler/codegen/ModelInterface.h"

#include "compiler/dialect/NNDialect.h"
#include "dsl/Dims.h"

#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/ErrorHandling.h"

using namespace mlir;
using namespace netc::nn;
using netc::lowering::kDynamic;
using netc::lowering::TensorSignature;

namespace netc::codegen {
namespace {

std::vector<std::string> dimsOf(ArrayAttr dims) {
  std::vector<std::string> text;
  if (dims)
    for (Attribute d : dims)
      text.push_back(cast<StringAttr>(d).str());
  return text;
}

std::vector<int64_t> shapeOf(Type type) {
  std::vector<int64_t> shape;
  for (int64_t d : cast<RankedTensorType>(type).getShape())
    shape.push_back(ShapedType::isDynamic(d) ? kDynamic : d);
  return shape;
}

} // namespace

std::optional<netc_init_kind> initKindNamed(llvm::StringRef name) {
  return llvm::StringSwitch<std::optional<netc_init_kind>>(name)
      .Case("zeros", NETC_INIT_ZEROS)
      .Case("ones", NETC_INIT_ONES)
      .Case("kaiming_uniform", NETC_INIT_KAIMING_UNIFORM)
      .Case("kaiming_normal", NETC_INIT_KAIMING_NORMAL)
      .Case("xavier_uniform", NETC_INIT_XAVIER_UNIFORM)
      .Case("xavier_normal", NETC_INIT_XAVIER_NORMAL)
      .Case("normal", NETC_INIT_NORMAL)
      .Case("uniform", NETC_INIT_UNIFORM)
      .Default(std::nullopt);
}

std::optional<ModelInterface> ModelInterface::fromModule(ModuleOp module) {
  auto infer = module.lookupSymbol<func::FuncOp>(kInferFn);
  if (!infer || infer.getNumResults() < 1) {
    module.emitError("the module has no @infer with a result");
    return std::nullopt;
  }
  ModelInterface model;
  if (auto name = module->getAttrOfType<StringAttr>(kModelAttr))
    model.name = name.str();
  else
    model.name = "model";
  for (BlockArgument arg : infer.getArguments()) {
    unsigned i = arg.getArgNumber();
    if (auto param = infer.getArgAttrOfType<StringAttr>(i, kParamAttr)) {
      ParameterSlot slot;
      slot.name = param.str();
      slot.shape = shapeOf(arg.getType());
      slot.offset = model.paramCount;
      slot.count = TensorSignature{slot.name, slot.shape}.staticElementCount();
      if (auto fanIn = infer.getArgAttrOfType<IntegerAttr>(i, kFanInAttr))
        slot.fanIn = fanIn.getInt();
      if (auto fanOut = infer.getArgAttrOfType<IntegerAttr>(i, kFanOutAttr))
        slot.fanOut = fanOut.getInt();
      if (auto init = infer.getArgAttrOfType<StringAttr>(i, kInitAttr)) {
        std::optional<netc_init_kind> kind = initKindNamed(init.getValue());
        if (!kind) {
          infer.emitError("parameter '")
              << slot.name << "' has unknown initialiser '" << init.getValue()
              << "'";
          return std::nullopt;
        }
        slot.init = *kind;
      }
      if (auto args = infer.getArgAttrOfType<DenseF64ArrayAttr>(
              i, kInitArgsAttr))
        for (size_t k = 0; k < 2 && k < args.size(); ++k)
          slot.initArgs[k] = args[k];
      slot.buffer = bool(infer.getArgAttr(i, kBufferAttr));
      model.paramCount += slot.count;
      model.params.push_back(slot);
      continue;
    }
    auto name = infer.getArgAttrOfType<StringAttr>(i, kInputAttr);
    model.inputs.push_back({name ? name.str() : "arg" + std::to_string(i),
                            shapeOf(arg.getType()),
                            dimsOf(infer.getArgAttrOfType<ArrayAttr>(
                                i, kDimsAttr))});
  }
  if (auto step = module.lookupSymbol<func::FuncOp>(kTrainStepFn))
    for (unsigned i = 0; i < step.getNumArguments(); ++i)
      if (auto name = step.getArgAttrOfType<StringAttr>(i, kStateAttr)) {
        ParameterSlot slot;
        slot.name = name.str();
        slot.shape = shapeOf(step.getArgument(i).getType());
        slot.offset = model.stateCount;
        slot.count =
            TensorSignature{slot.name, slot.shape, {}}.staticElementCount();
        model.stateCount += slot.count;
        model.state.push_back(slot);
      }
  for (unsigned i = 0; i < infer.getNumResults(); ++i) {
    auto name = infer.getResultAttrOfType<StringAttr>(i, kOutputAttr);
    model.outputs.push_back(
        {name ? name.str() : "output", shapeOf(infer.getResultTypes()[i]),
         dimsOf(infer.getResultAttrOfType<ArrayAttr>(i, kDimsAttr))});
  }
  model.output = model.outputs.front();
  model.target = {"target", model.output.shape, model.output.dims};
  // The target argument of the loss (or of what it was composed into)
  // says whether targets are class indices.
  bool found = false;
  for (llvm::StringRef fnName : {kTrainStepFn, kEvaluateFn, kLossFn})
    if (auto fn = module.lookupSymbol<func::FuncOp>(fnName))
      for (unsigned i = 0; i < fn.getNumArguments() && !found; ++i)
        if ((found = bool(fn.getArgAttr(i, kTargetAttr))))
          model.target = {"target", shapeOf(fn.getArgument(i).getType()),
                          dimsOf(fn.getArgAttrOfType<ArrayAttr>(i, kDimsAttr))};
  return model;
}

std::string ModelInterface::outputPointer(size_t k) const {
  if (!hasSeveralOutputs())
    return "output";
  std::string id = "out_";
  for (char c : outputs[k].name)
    id += llvm::isAlnum(c) ? c : '_';
  return id;
}

int64_t ModelInterface::classCount() const {
  return output.shape.size() > 1 && output.shape[1] > 0
             ? output.shape[1]
             : featuresPerExample(output);
}

const ParameterSlot *ModelInterface::findParam(llvm::StringRef name) const {
  for (const ParameterSlot &slot : params)
    if (slot.name == name)
      return &slot;
  return nullptr;
}

const ParameterSlot *ModelInterface::findState(llvm::StringRef name) const {
  for (const ParameterSlot &slot : state)
    if (slot.name == name)
      return &slot;
  return nullptr;
}

const ParameterSlot *
ModelInterface::findUpdated(llvm::StringRef resultName) const {
  if (!resultName.consume_front("new_"))
    return nullptr;
  if (const ParameterSlot *param = findParam(resultName))
    return param;
  return findState(resultName);
}

void ModelInterface::bindStep(const lowering::LoweredFunction &fn,
                              const StepMemory &memory,
                              std::vector<const float *> &arguments,
                              std::vector<float *> &results) const {
  using lowering::ArgRole;
  arguments.clear();
  for (const lowering::ArgumentInfo &arg : fn.arguments) {
    switch (arg.role) {
    case ArgRole::Input:
      arguments.push_back(memory.input);
      break;
    case ArgRole::Target:
      arguments.push_back(memory.target);
      break;
    case ArgRole::Param:
      arguments.push_back(memory.params + findParam(arg.name)->offset);
      break;
    case ArgRole::State:
      arguments.push_back(memory.state + findState(arg.name)->offset);
      break;
    }
  }
  results.assign({memory.loss});
  llvm::ArrayRef<float *> predictions = memory.predictions;
  for (size_t i = 1; i < fn.results.size(); ++i) {
    llvm::StringRef name = fn.results[i].name; // "new_<param or state>"
    if (name.starts_with("prediction_")) {
      if (predictions.empty()) // a caller's bug, not the user's input
        llvm::report_fatal_error("internal: no memory for @train_step's " +
                                 name);
      results.push_back(predictions.front());
      predictions = predictions.drop_front();
      continue;
    }
    const ParameterSlot *slot = findUpdated(name);
    bool isParam = findParam(name.drop_front(4)) == slot;
    results.push_back((isParam ? memory.newParams : memory.newState) +
                      slot->offset);
  }
}

std::vector<std::string> ModelInterface::symbols() const {
  std::vector<std::string> names;
  for (const TensorSignature &in : inputs)
    for (const std::string &d : in.dims)
      if (std::optional<ast::Dim> dim = dsl::parseDimText(d))
        if (dim->isSymbol() && llvm::find(names, dim->symbol) == names.end())
          names.push_back(dim->symbol);
  return names;
}

static llvm::Error shapeError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 message.str());
}

llvm::Expected<llvm::StringMap<int64_t>> ModelInterface::bindSymbols(
    llvm::ArrayRef<std::vector<int64_t>> inputShapes) const {
  if (inputShapes.size() != inputs.size())
    return shapeError("the model takes " + llvm::Twine(inputs.size()) +
                      " inputs, got " + llvm::Twine(inputShapes.size()));
  llvm::StringMap<int64_t> values;
  for (size_t i = 0; i < inputs.size(); ++i) {
    const TensorSignature &in = inputs[i];
    const std::vector<int64_t> &shape = inputShapes[i];
    if (shape.size() != in.shape.size())
      return shapeError("input '" + in.name + "' has rank " +
                        llvm::Twine(in.shape.size()) + ", got " +
                        llvm::Twine(shape.size()));
    for (size_t d = 0; d < shape.size(); ++d) {
      std::optional<ast::Dim> dim =
          d < in.dims.size() ? dsl::parseDimText(in.dims[d]) : std::nullopt;
      std::string declared = dim ? dsl::formatDim(*dim) : "?";
      if (dim && dim->isSymbol()) {
        auto [it, fresh] = values.try_emplace(dim->symbol, shape[d]);
        if (fresh || it->second == shape[d])
          continue;
        return shapeError("dimension " + llvm::Twine(d + 1) + " of '" +
                          in.name + "' is " + llvm::Twine(shape[d]) +
                          " but " + dim->symbol + " is " +
                          llvm::Twine(it->second));
      }
      if (in.shape[d] != kDynamic && in.shape[d] != shape[d])
        return shapeError("dimension " + llvm::Twine(d + 1) + " of '" +
                          in.name + "' must be " + declared + ", got " +
                          llvm::Twine(shape[d]));
    }
  }
  return values;
}

llvm::Expected<std::vector<int64_t>>
ModelInterface::shapeFor(const TensorSignature &tensor,
                         const llvm::StringMap<int64_t> &symbols) {
  std::vector<int64_t> shape = tensor.shape;
  for (size_t d = 0; d < shape.size(); ++d) {
    if (shape[d] != kDynamic)
      continue;
    std::optional<ast::Dim> dim = d < tensor.dims.size()
                                      ? dsl::parseDimText(tensor.dims[d])
                                      : std::nullopt;
    std::optional<int64_t> value;
    if (dim)
      value = dsl::evaluateDim(*dim, [&](llvm::StringRef s)
                                   -> std::optional<int64_t> {
        auto it = symbols.find(s);
        if (it == symbols.end())
          return std::nullopt;
        return it->second;
      });
    if (!value || *value < 0)
      return shapeError("cannot size dimension " + llvm::Twine(d + 1) +
                        " of '" + tensor.name + "' (" +
                        (dim ? dsl::formatDim(*dim) : std::string("?")) +
                        ") from the inputs");
    shape[d] = *value;
  }
  return shape;
}

int64_t ModelInterface::featuresPerExample(const TensorSignature &t) {
  int64_t count = 1;
  for (size_t i = 1; i < t.shape.size(); ++i)
    count *= t.shape[i];
  return count;
}

} // namespace netc::codegen
