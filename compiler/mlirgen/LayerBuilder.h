//===- LayerBuilder.h - How one layer statement becomes nn ops --*- C++ -*-===//
//
// MLIRGen walks a model body and hands each layer statement to the builder
// registered under the layer's name. Builders live with their op family
// (DenseLayers.cpp, ...); LayerBuilder.cpp lists the families.
//
//===----------------------------------------------------------------------===//
#ifndef NETC_COMPILER_MLIRGEN_LAYERBUILDER_H
#define NETC_COMPILER_MLIRGEN_LAYERBUILDER_H

#include "dsl/AST.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"


namespace netc {

/// Creates an op whose result type is inferred, checking its shape rule
/// first: a model whose shapes disagree gets a located error, where the
/// generated builder would abort.
template <typename OpT>
mlir::FailureOr<mlir::Value>
createInferred(mlir::OpBuilder &builder, mlir::Location loc,
               mlir::ValueRange operands,
               llvm::ArrayRef<mlir::NamedAttribute> attributes = {}) {
  llvm::SmallVector<mlir::Type> types;
  mlir::OperationState state(loc, OpT::getOperationName());
  state.addOperands(operands);
  state.addAttributes(attributes);
  using Properties = typename OpT::template InferredProperties<OpT>;
  if constexpr (!std::is_same_v<Properties, mlir::EmptyProperties>) {
    // Inherent attributes live in the op's properties, and the adaptor that
    // inferReturnTypes reads sees only those.
    auto &properties = state.getOrAddProperties<Properties>();
    if (mlir::failed(OpT::setPropertiesFromAttr(
            properties, state.attributes.getDictionary(builder.getContext()),
            [&] { return mlir::emitError(loc); })))
      return mlir::failure();
    for (llvm::StringRef name : OpT::getAttributeNames())
      state.attributes.erase(name);
  }
  if (mlir::failed(OpT::inferReturnTypes(
          builder.getContext(), loc, operands,
          state.attributes.getDictionary(builder.getContext()),
          state.getRawProperties(), /*regions=*/{}, types)))
    return mlir::failure();
  state.addTypes(types);
  return builder.create(state)->getResult(0);
}

/// What a layer builder may use: the statement, a builder positioned in
/// @infer, and a way to add trainable parameters.
class LayerContext {
public:
  LayerContext(mlir::OpBuilder &builder, mlir::func::FuncOp infer,
               const ast::Statement &stmt, unsigned layerIndex,
               std::string paramPrefix, mlir::Location loc)
      : builder(builder), infer(infer), stmt(stmt), layerIndex(layerIndex),
        paramPrefix(std::move(paramPrefix)), loc(loc) {}

  mlir::OpBuilder &builder;
  mlir::func::FuncOp infer;
  const ast::Statement &stmt;
  /// Position among all the model's layer applications, in order (blocks'
  /// layers included): distinct per layer, for what must differ (seeds).
  unsigned layerIndex;
  /// Names parameters like PyTorch's state_dict ("<paramPrefix>.weight"):
  /// the layer's position among the model's layers ("3"), or in a block,
  /// the block's position then the layer's within it ("3.0").
  std::string paramPrefix;
  mlir::Location loc;

  /// The statement's argument `name` (every parameter is present after
  /// dsl::checkFile).
  const ast::Expr &arg(llvm::StringRef name) const;
  /// As arg(), or null for an omittable argument that was left out.
  const ast::Expr *findArg(llvm::StringRef name) const;
  int64_t intArg(llvm::StringRef name) const;
  /// One value per spatial dimension from an argument that is an integer or
  /// a list of `rank` integers (Sema checked which).
  llvm::SmallVector<int64_t> perDimensionArg(llvm::StringRef name,
                                             unsigned rank) const;
  /// Checks that `input` is [batch, channels, <rank spatial dims>].
  mlir::LogicalResult expectSpatialInput(mlir::RankedTensorType input,
                                         unsigned rank) const;
  double floatArg(llvm::StringRef name) const;
  bool boolArg(llvm::StringRef name) const;

  /// Appends the parameter "<paramPrefix>.<name>" to @infer. `fanIn` sets
  /// PyTorch's default initialisation U(±1/sqrt(fanIn)).
  mlir::Value addParam(llvm::StringRef name, llvm::ArrayRef<int64_t> shape,
                       int64_t fanIn);
  /// Applies the layer's `init:` to `weight` and `bias_init:` to `bias`
  /// (null for a layer without one), as torch.nn.init would; absent ones
  /// keep PyTorch's default. Fails (reported) for an initialiser that needs
  /// fans of a rank-1 bias, which torch rejects too, or uniform's low >=
  /// high.
  mlir::LogicalResult applyInits(mlir::Value weight, mlir::Value bias);

  /// A parameter with a constant initial value ("ones" or "zeros"); a
  /// `buffer` is updated by training's forward pass, not by gradients.
  mlir::Value addConstantParam(llvm::StringRef name,
                               llvm::ArrayRef<int64_t> shape,
                               llvm::StringRef init, bool buffer);

  /// See netc::createInferred.
  template <typename OpT>
  mlir::FailureOr<mlir::Value>
  createInferred(mlir::ValueRange operands,
                 llvm::ArrayRef<mlir::NamedAttribute> attributes = {});

  mlir::InFlightDiagnostic emitError() const { return mlir::emitError(loc); }
};

struct LayerBuilderEntry {
  llvm::StringLiteral name;
  mlir::FailureOr<mlir::Value> (*build)(LayerContext &, mlir::Value input);
};

/// Families of layer builders.
llvm::ArrayRef<LayerBuilderEntry> denseLayerBuilders();
llvm::ArrayRef<LayerBuilderEntry> convLayerBuilders();
llvm::ArrayRef<LayerBuilderEntry> poolLayerBuilders();
llvm::ArrayRef<LayerBuilderEntry> activationLayerBuilders();
llvm::ArrayRef<LayerBuilderEntry> normLayerBuilders();
llvm::ArrayRef<LayerBuilderEntry> dropoutLayerBuilders();

/// The builder for layer `name`, or null.
const LayerBuilderEntry *findLayerBuilder(llvm::StringRef name);

template <typename OpT>
mlir::FailureOr<mlir::Value>
LayerContext::createInferred(mlir::ValueRange operands,
                             llvm::ArrayRef<mlir::NamedAttribute> attributes) {
  return netc::createInferred<OpT>(builder, loc, operands, attributes);
}

} // namespace netc

#endif // NETC_COMPILER_MLIRGEN_LAYERBUILDER_H
