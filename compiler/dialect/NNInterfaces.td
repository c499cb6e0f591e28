//===- NNInterfaces.td - Op interfaces of the nn dialect ----*- tablegen -*-===//
#ifndef NETC_NN_INTERFACES_TD
#define NETC_NN_INTERFACES_TD

include "mlir/IR/OpBase.td"

def NN_DifferentiableOpInterface : OpInterface<"DifferentiableOpInterface"> {
  let cppNamespace = "::netc::nn";
  let description = [{
    An op whose vector-Jacobian product can be written with nn ops. Reverse-
    mode autodiff (`nn-differentiate`) walks a function backwards and asks
    each op, given the gradient of its result, for the gradients of its
    operands.
  }];
  let methods = [
    InterfaceMethod<[{
        Builds, at the builder's insertion point, the gradient of each operand
        given `resultGrad`, the gradient of the op's (single) result. Appends
        exactly one value per operand to `operandGrads`; a null Value means
        the operand receives no gradient (targets of a loss, say).
      }],
      "::mlir::LogicalResult", "buildVJP",
      (ins "::mlir::OpBuilder &":$builder, "::mlir::Value":$resultGrad,
           "::llvm::SmallVectorImpl<::mlir::Value> &":$operandGrads)>
  ];
}

#endif // NETC_NN_INTERFACES_TD
