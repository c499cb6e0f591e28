//===- ShapeRules.h - Helpers shared by the ops' shape rules ----*- C++ -*-===//
//
// Every op family's inferReturnTypes and verifiers compare extents that may
// be dynamic and print shapes in their messages the same way ("?x4x12").
//
//===----------------------------------------------------------------------===//
#ifndef NETC_COMPILER_DIALECT_SHAPERULES_H
#define NETC_COMPILER_DIALECT_SHAPERULES_H

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Value.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/raw_ostream.h"

#include <string>

namespace netc::nn {

inline mlir::RankedTensorType rankedType(mlir::Value v) {
  return llvm::cast<mlir::RankedTensorType>(v.getType());
}

/// Two extents agree if they are equal or either is dynamic.
inline bool extentsAgree(int64_t a, int64_t b) {
  return mlir::ShapedType::isDynamic(a) || mlir::ShapedType::isDynamic(b) ||
         a == b;
}

/// The more precise of two agreeing extents.
inline int64_t meetExtent(int64_t a, int64_t b) {
  return mlir::ShapedType::isDynamic(a) ? b : a;
}

inline std::string formatExtent(int64_t d) {
  return mlir::ShapedType::isDynamic(d) ? std::string("?") : std::to_string(d);
}

/// `?x4x12`, as MLIR writes tensor shapes.
inline std::string formatShape(llvm::ArrayRef<int64_t> shape) {
  std::string text;
  llvm::raw_string_ostream os(text);
  llvm::interleave(
      shape, os, [&](int64_t d) { os << formatExtent(d); }, "x");
  return text;
}

inline std::string formatShape(mlir::RankedTensorType type) {
  return formatShape(type.getShape());
}

/// `[1, 2]`, for attribute values.
inline std::string formatList(llvm::ArrayRef<int64_t> values) {
  std::string text = "[";
  llvm::raw_string_ostream os(text);
  llvm::interleaveComma(values, os);
  return text + "]";
}

inline mlir::RankedTensorType f32Tensor(llvm::ArrayRef<int64_t> shape,
                                        mlir::MLIRContext *ctx) {
  return mlir::RankedTensorType::get(shape, mlir::Float32Type::get(ctx));
}

} // namespace netc::nn

#endif // NETC_COMPILER_DIALECT_SHAPERULES_H
