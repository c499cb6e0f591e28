//===- netc-opt.cpp - mlir-opt for the nn dialect -------------------------===//
//
// Runs netc's registered passes on .mlir files so each pass is lit-testable
// alone: `netc-opt --nn-differentiate model.mlir`.
//
//===----------------------------------------------------------------------===//
#include "compiler/transforms/Passes.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "mlir/Transforms/Passes.h"

int main(int argc, char **argv) {
  mlir::DialectRegistry registry;
  registry.insert<netc::nn::NNDialect, mlir::func::FuncDialect,
                  mlir::arith::ArithDialect>();
  netc::nn::registerNNPasses();
  mlir::registerCanonicalizerPass();
  mlir::registerCSEPass();
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "netc pass driver\n", registry));
}
