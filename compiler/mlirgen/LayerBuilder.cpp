//===- LayerBuilder.cpp - Shared layer-builder helpers and the registry ---===//
#include "compiler/mlirgen/LayerBuilder.h"

#include "compiler/dialect/NNDialect.h"

using namespace mlir;

namespace netc {

const ast::Expr &LayerContext::arg(llvm::StringRef name) const {
  for (const ast::Argument &a : stmt.args)
    if (a.name == name)
      return a.value;
  llvm::report_fatal_error(llvm::Twine("layer '") + stmt.name +
                           "' has no argument '" + name +
                           "': dsl::checkFile must run first");
}

int64_t LayerContext::intArg(llvm::StringRef name) const {
  return static_cast<int64_t>(arg(name).number);
}

double LayerContext::floatArg(llvm::StringRef name) const {
  return arg(name).number;
}

bool LayerContext::boolArg(llvm::StringRef name) const {
  return arg(name).text == "true";
}

Value LayerContext::addParam(llvm::StringRef name, ArrayRef<int64_t> shape,
                             int64_t fanIn) {
  unsigned index = infer.getNumArguments();
  auto type = RankedTensorType::get(shape, builder.getF32Type());
  std::string fullName = std::to_string(layerIndex) + "." + name.str();
  NamedAttribute attrs[] = {
      builder.getNamedAttr(nn::kParamAttr, builder.getStringAttr(fullName)),
      builder.getNamedAttr(nn::kFanInAttr, builder.getI64IntegerAttr(fanIn))};
  (void)infer.insertArgument(index, type, builder.getDictionaryAttr(attrs),
                             loc);
  return infer.getArgument(index);
}

const LayerBuilderEntry *findLayerBuilder(llvm::StringRef name) {
  for (auto family : {denseLayerBuilders, convLayerBuilders, poolLayerBuilders,
                      activationLayerBuilders})
    for (const LayerBuilderEntry &entry : family())
      if (entry.name == name)
        return &entry;
  return nullptr;
}

} // namespace netc
