//===- NNDialect.td - The nn dialect ------------------------*- tablegen -*-===//
//
// The dialect netc compiles .net models into. Values are f32 tensors whose
// leading (batch) dimension is dynamic; layer-level ops keep the structure a
// scheduler needs (a linear layer stays one op, not a loop nest).
//
//===----------------------------------------------------------------------===//
#ifndef NETC_NN_DIALECT_TD
#define NETC_NN_DIALECT_TD

include "mlir/IR/OpBase.td"
include "mlir/IR/AttrTypeBase.td"

def NN_Dialect : Dialect {
  let name = "nn";
  let cppNamespace = "::netc::nn";
  let summary = "Neural-network layers, losses, gradients and optimizer updates";
  let description = [{
    A module produced from a `.net` file holds `func.func @infer` (the model's
    forward pass, parameters as arguments tagged `nn.param`) and
    `func.func @loss` (prediction and target to a scalar). The autodiff passes
    add `@loss_and_grad` and `@train_step`, built from the same ops plus their
    gradient ops, so every stage is verified, printed and lowered alike.
  }];
  let dependentDialects = ["::mlir::func::FuncDialect", "::mlir::arith::ArithDialect"];
  let useDefaultAttributePrinterParser = 1;
}

//===----------------------------------------------------------------------===//
// Attributes
//===----------------------------------------------------------------------===//

class NN_Attr<string name, string attrMnemonic> : AttrDef<NN_Dialect, name> {
  let mnemonic = attrMnemonic;
}

def NN_SGDAttr : NN_Attr<"SGD", "sgd"> {
  let summary = "Stochastic gradient descent settings (PyTorch's torch.optim.SGD)";
  let description = [{
    Attached to a module as `nn.optimizer`; `nn-apply-optimizer` turns it into
    updates of every parameter (and of a momentum buffer per parameter when
    `momentum` is set). Absent settings are 0 / false.

    ```mlir
    module attributes {nn.optimizer = #nn.sgd<lr = 1.000000e-01 : f32, momentum = 9.000000e-01 : f32>} {}
    ```
  }];
  let parameters = (ins "::mlir::FloatAttr":$lr,
                        OptionalParameter<"::mlir::FloatAttr">:$momentum,
                        OptionalParameter<"::mlir::FloatAttr">:$weight_decay,
                        OptionalParameter<"::mlir::BoolAttr">:$nesterov);
  let assemblyFormat = "`<` struct(params) `>`";
}

def NN_AdamAttr : NN_Attr<"Adam", "adam"> {
  let summary = "Adam settings (PyTorch's torch.optim.Adam)";
  let description = [{
    `nn-apply-optimizer` keeps two moment estimates per parameter and a step
    count as optimizer state. Absent `weight_decay` is 0.

    ```mlir
    module attributes {nn.optimizer = #nn.adam<lr = 1.000000e-03 : f32, beta1 = 0.9 : f32, beta2 = 0.999 : f32, eps = 1.0e-08 : f32>} {}
    ```
  }];
  let parameters = (ins "::mlir::FloatAttr":$lr, "::mlir::FloatAttr":$beta1,
                        "::mlir::FloatAttr":$beta2, "::mlir::FloatAttr":$eps,
                        OptionalParameter<"::mlir::FloatAttr">:$weight_decay);
  let assemblyFormat = "`<` struct(params) `>`";
}

def NN_StepLRAttr : NN_Attr<"StepLR", "step_lr"> {
  let summary = "Step learning-rate schedule (PyTorch's StepLR)";
  let description = [{
    Attached to a module as `nn.lr_schedule`: epoch e trains with
    lr · gamma^floor(e / step_size). `nn-apply-optimizer` turns it into an
    `nn.lr_schedule` op that reads the `epoch` optimizer state.

    ```mlir
    module attributes {nn.lr_schedule = #nn.step_lr<step_size = 10 : i64, gamma = 5.000000e-01 : f32>} {}
    ```
  }];
  let parameters = (ins "::mlir::IntegerAttr":$step_size,
                        "::mlir::FloatAttr":$gamma);
  let assemblyFormat = "`<` struct(params) `>`";
}

def NN_CosineLRAttr : NN_Attr<"CosineLR", "cosine_lr"> {
  let summary = "Cosine learning-rate schedule (PyTorch's CosineAnnealingLR)";
  let description = [{
    Attached to a module as `nn.lr_schedule`: epoch e trains with
    eta_min + (lr - eta_min) · (1 + cos(π · e / t_max)) / 2.

    ```mlir
    module attributes {nn.lr_schedule = #nn.cosine_lr<t_max = 20 : i64, eta_min = 0.000000e+00 : f32>} {}
    ```
  }];
  let parameters = (ins "::mlir::IntegerAttr":$t_max,
                        "::mlir::FloatAttr":$eta_min);
  let assemblyFormat = "`<` struct(params) `>`";
}

#endif // NETC_NN_DIALECT_TD
