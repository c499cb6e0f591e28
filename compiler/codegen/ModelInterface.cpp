//===- ModelInterface.cpp - What a compiled model looks like outside ------===//
#include "compiler/codegen/ModelInterface.h"

#include "compiler/dialect/NNDialect.h"

using namespace mlir;
using namespace netc::nn;
using netc::lowering::kDynamic;
using netc::lowering::TensorSignature;

namespace netc::codegen {
namespace {

std::vector<int64_t> shapeOf(Type type) {
  std::vector<int64_t> shape;
  for (int64_t d : cast<RankedTensorType>(type).getShape())
    shape.push_back(ShapedType::isDynamic(d) ? kDynamic : d);
  return shape;
}

} // namespace

std::optional<ModelInterface> ModelInterface::fromModule(ModuleOp module) {
  auto infer = module.lookupSymbol<func::FuncOp>(kInferFn);
  if (!infer || infer.getNumResults() != 1) {
    module.emitError("the module has no @infer with one result");
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
      model.paramCount += slot.count;
      model.params.push_back(slot);
      continue;
    }
    auto name = infer.getArgAttrOfType<StringAttr>(i, kInputAttr);
    model.inputs.push_back(
        {name ? name.str() : "arg" + std::to_string(i), shapeOf(arg.getType())});
  }
  model.output = {"output", shapeOf(infer.getResultTypes().front())};
  return model;
}

const ParameterSlot *ModelInterface::findParam(llvm::StringRef name) const {
  for (const ParameterSlot &slot : params)
    if (slot.name == name)
      return &slot;
  return nullptr;
}

int64_t ModelInterface::featuresPerExample(const TensorSignature &t) {
  int64_t count = 1;
  for (size_t i = 1; i < t.shape.size(); ++i)
    count *= t.shape[i];
  return count;
}

} // namespace netc::codegen
