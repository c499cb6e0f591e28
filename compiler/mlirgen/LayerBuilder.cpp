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

SmallVector<int64_t> LayerContext::perDimensionArg(llvm::StringRef name,
                                                   unsigned rank) const {
  const ast::Expr &value = arg(name);
  if (value.kind == ast::Expr::Kind::List) {
    SmallVector<int64_t> values;
    for (const ast::Expr &element : value.elements)
      values.push_back(static_cast<int64_t>(element.number));
    return values;
  }
  return SmallVector<int64_t>(rank, static_cast<int64_t>(value.number));
}

LogicalResult LayerContext::expectSpatialInput(RankedTensorType input,
                                               unsigned rank) const {
  if (input.getRank() == 2 + rank)
    return success();
  return emitError() << stmt.name << " expects a "
                     << (rank == 1 ? "[batch, channels, length]"
                                   : "[batch, channels, height, width]")
                     << " input, got rank " << input.getRank();
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
  std::string fullName = paramPrefix + "." + name.str();
  NamedAttribute attrs[] = {
      builder.getNamedAttr(nn::kParamAttr, builder.getStringAttr(fullName)),
      builder.getNamedAttr(nn::kFanInAttr, builder.getI64IntegerAttr(fanIn))};
  (void)infer.insertArgument(index, type, builder.getDictionaryAttr(attrs),
                             loc);
  return infer.getArgument(index);
}

Value LayerContext::addConstantParam(llvm::StringRef name,
                                     ArrayRef<int64_t> shape,
                                     llvm::StringRef init, bool buffer) {
  Value param = addParam(name, shape, /*fanIn=*/1);
  unsigned index = infer.getNumArguments() - 1;
  infer.setArgAttr(index, nn::kInitAttr, builder.getStringAttr(init));
  if (buffer)
    infer.setArgAttr(index, nn::kBufferAttr, builder.getUnitAttr());
  return param;
}

const LayerBuilderEntry *findLayerBuilder(llvm::StringRef name) {
  for (auto family : {denseLayerBuilders, convLayerBuilders, poolLayerBuilders,
                      activationLayerBuilders, normLayerBuilders,
                      dropoutLayerBuilders})
    for (const LayerBuilderEntry &entry : family())
      if (entry.name == name)
        return &entry;
  return nullptr;
}

} // namespace netc
