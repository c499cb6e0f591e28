//===- LayerBuilder.cpp - Shared layer-builder helpers and the registry ---===//
#include "compiler/mlirgen/LayerBuilder.h"

#include "compiler/dialect/NNDialect.h"

#include <cstdio>

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

const ast::Expr *LayerContext::findArg(llvm::StringRef name) const {
  for (const ast::Argument &a : stmt.args)
    if (a.name == name)
      return &a.value;
  return nullptr;
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

/// `0.5`, `-1`: a number as the user wrote it.
static std::string formatNumber(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%g", value);
  return buffer;
}

/// The number argument `name` of an initialiser call (canonical: present).
static double initNumber(const ast::Expr &init, llvm::StringRef name) {
  for (const ast::Argument &a : init.args)
    if (a.name == name)
      return a.value.number;
  return 0;
}

/// Records initialiser `init` (a canonical call: `kaiming_uniform(a = 0,
/// mode = fan_in)`) on parameter `param` of @infer; `what` names the
/// argument in messages. fan_in and fan_out follow
/// torch.nn.init._calculate_fan_in_and_fan_out: for [out, in, k...],
/// in * k... and out * k...
static LogicalResult applyInit(LayerContext &c, const ast::Expr &init,
                               llvm::StringRef what, Value param) {
  OpBuilder &b = c.builder;
  auto loc = FileLineColLoc::get(b.getContext(), init.loc.file,
                                 init.loc.line, init.loc.col);
  unsigned index = cast<BlockArgument>(param).getArgNumber();
  ArrayRef<int64_t> shape = cast<RankedTensorType>(param.getType()).getShape();
  llvm::StringRef kind = init.text;
  bool kaiming = kind.starts_with("kaiming"), xavier = kind.starts_with("xavier");
  if ((kaiming || xavier) && shape.size() < 2)
    return emitError(loc) << what << " " << kind
                          << " needs fan_in and fan_out, which torch defines "
                             "only for tensors of rank 2 or more, but the "
                             "bias has rank "
                          << shape.size()
                          << "; use normal, uniform, zeros or ones";
  double args[2] = {0, 0};
  if (kaiming || xavier) {
    int64_t receptive = 1;
    for (int64_t k : shape.drop_front(2))
      receptive *= k;
    c.infer.setArgAttr(index, nn::kFanInAttr,
                       b.getI64IntegerAttr(shape[1] * receptive));
    c.infer.setArgAttr(index, nn::kFanOutAttr,
                       b.getI64IntegerAttr(shape[0] * receptive));
  }
  if (kaiming) {
    args[0] = initNumber(init, "a");
    for (const ast::Argument &a : init.args)
      if (a.name == "mode" && a.value.text == "fan_out")
        args[1] = 1;
  } else if (xavier) {
    args[0] = initNumber(init, "gain");
  } else if (kind == "normal") {
    args[0] = initNumber(init, "mean");
    args[1] = initNumber(init, "std");
  } else if (kind == "uniform") {
    args[0] = initNumber(init, "low");
    args[1] = initNumber(init, "high");
    if (!(args[0] < args[1]))
      return emitError(loc) << what << " uniform needs low < high, got low "
                            << formatNumber(args[0]) << " and high "
                            << formatNumber(args[1]);
  }
  c.infer.setArgAttr(index, nn::kInitAttr, b.getStringAttr(kind));
  if (kind != "zeros" && kind != "ones")
    c.infer.setArgAttr(index, nn::kInitArgsAttr, b.getDenseF64ArrayAttr(args));
  return success();
}

LogicalResult LayerContext::applyInits(Value weight, Value bias) {
  if (const ast::Expr *init = findArg("init"))
    if (failed(applyInit(*this, *init, "init:", weight)))
      return failure();
  const ast::Expr *init = findArg("bias_init");
  if (!init)
    return success();
  if (!bias)
    return mlir::emitError(FileLineColLoc::get(builder.getContext(),
                                               init->loc.file, init->loc.line,
                                               init->loc.col))
           << "bias_init: is given but the layer has no bias (bias: false)";
  return applyInit(*this, *init, "bias_init:", bias);
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
