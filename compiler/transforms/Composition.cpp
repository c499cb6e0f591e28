//===- Composition.cpp - Building one function from others' bodies --------===//
#include "compiler/transforms/Composition.h"

using namespace mlir;

namespace netc::nn {

SmallVector<Value> inlineBody(OpBuilder &b, func::FuncOp source,
                              IRMapping &mapping) {
  for (Operation &op : source.getBody().front().without_terminator())
    b.clone(op, mapping);
  auto ret = cast<func::ReturnOp>(source.getBody().front().getTerminator());
  SmallVector<Value> results;
  for (Value v : ret.getOperands())
    results.push_back(mapping.lookup(v));
  return results;
}

} // namespace netc::nn
