//===- NNDialect.cpp - Registration of the nn dialect ---------------------===//
#include "compiler/dialect/NNDialect.h"

#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace netc::nn;

#include "compiler/dialect/NNDialect.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "compiler/dialect/NNAttrs.cpp.inc"

#include "compiler/dialect/NNInterfaces.cpp.inc"

void NNDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "compiler/dialect/NNOps.cpp.inc"
      >();
  addAttributes<
#define GET_ATTRDEF_LIST
#include "compiler/dialect/NNAttrs.cpp.inc"
      >();
}
