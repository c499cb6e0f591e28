//===- CallShapeCheck.cpp - A JIT call's extents, checked on the host -----===//
//
// 1. Each tensor against its signature: rank, static extents, the size
//    limit of Halide buffers without the large_buffers feature.
// 2. The lowering's requirements, evaluated by substituting this call's
//    extents for the buffer-extent variables they mention and simplifying
//    to a constant: their messages name the dimension that disagrees.
// 3. What remains of Halide's asserts: the region of each argument that
//    the pipeline reads at these shapes, from a bounds query, lies inside
//    the tensor (dynamic extents of hand-written functions, which carry no
//    names, meet here).
//
//===----------------------------------------------------------------------===//
#include "compiler/lowering/CallShapeCheck.h"

#include <cstdint>
#include <map>
#include <sstream>

namespace netc::lowering {
namespace {

using Halide::Expr;

llvm::Error error(const std::string &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

std::string shapeText(llvm::ArrayRef<int64_t> shape) {
  std::string text = "[";
  for (size_t d = 0; d < shape.size(); ++d)
    text += (d ? ", " : "") + (shape[d] == kDynamic ? std::string("?")
                                                    : std::to_string(shape[d]));
  return text + "]";
}

llvm::Error checkSignature(const TensorSignature &signature,
                           llvm::ArrayRef<int64_t> shape) {
  const std::string &name = signature.name;
  if (shape.size() != signature.shape.size())
    return error("'" + name + "' must have rank " +
                 std::to_string(signature.shape.size()) + " " +
                 shapeText(signature.shape) + ", got " + shapeText(shape));
  int64_t elements = 1;
  for (size_t d = 0; d < shape.size(); ++d) {
    std::string which =
        "dimension " + std::to_string(d + 1) + " of '" + name + "'";
    if (shape[d] < 0)
      return error(which + " is negative: " + std::to_string(shape[d]));
    elements *= shape[d];
    if (elements > INT32_MAX)
      return error("'" + name + "' " + shapeText(shape) +
                   " has more than 2^31 - 1 elements");
    int64_t expected = signature.shape[d];
    if (expected != kDynamic && shape[d] != expected)
      return error(which + " must be " + std::to_string(expected) + ", got " +
                   std::to_string(shape[d]));
  }
  return llvm::Error::success();
}

/// Maps the extent variables of `buffer` (named "<buffer>.extent.<h>",
/// Halide order) to this call's extents.
template <typename Buffer>
void bindExtents(const Buffer &buffer, llvm::ArrayRef<int64_t> shape,
                 std::map<std::string, Expr> &extents) {
  int rank = static_cast<int>(shape.size());
  for (int h = 0; h < rank; ++h) {
    Expr variable = buffer.dim(h).extent();
    if (const auto *v = variable.as<Halide::Internal::Variable>())
      extents[v->name] = Expr(static_cast<int>(shape[rank - 1 - h]));
  }
}

std::string messageText(const std::vector<Expr> &parts,
                        const std::map<std::string, Expr> &extents) {
  std::ostringstream os;
  for (size_t i = 0; i < parts.size(); ++i) {
    Expr part = Halide::Internal::simplify(
        Halide::Internal::substitute(extents, parts[i]));
    os << (i ? " " : "");
    if (const auto *s = part.as<Halide::Internal::StringImm>())
      os << s->value;
    else
      os << part;
  }
  return os.str();
}

/// Halide order, contiguous first.
std::vector<int> halideSizes(llvm::ArrayRef<int64_t> shape) {
  return std::vector<int>(shape.rbegin(), shape.rend());
}

/// Asks the pipeline which region of each argument it reads to produce
/// results of these shapes and reports the first that reaches outside its
/// tensor. A bounds query: buffers without memory, which the pipeline
/// answers by rewriting their dimensions instead of computing; the same
/// question Halide's asserts ask at the start of every call.
llvm::Error checkReadRegions(const LoweredFunction &function,
                             const Halide::Target &target,
                             llvm::ArrayRef<std::vector<int64_t>> arguments,
                             llvm::ArrayRef<std::vector<int64_t>> results,
                             const CachedPipeline *cached) {
  std::vector<Halide::Buffer<>> outputs;
  for (const std::vector<int64_t> &shape : results)
    outputs.push_back(Halide::Buffer<float>(nullptr, halideSizes(shape)));
  std::vector<Halide::Buffer<float>> read;
  std::vector<Halide::ImageParam> params = function.params;
  for (size_t i = 0; i < params.size(); ++i) {
    read.push_back(Halide::Buffer<float>(nullptr, halideSizes(arguments[i])));
    params[i].set(read.back());
  }
  if (cached) {
    std::vector<void *> argv;
    for (Halide::Buffer<float> &b : read)
      argv.push_back(b.raw_buffer());
    for (Halide::Buffer<> &b : outputs)
      argv.push_back(b.raw_buffer());
    if (llvm::Error err = cached->run(argv.data()))
      return error("bounds query failed: " + llvm::toString(std::move(err)));
  } else {
    Halide::Pipeline pipeline = function.pipeline;
    try {
      pipeline.realize(Halide::Realization(outputs), target);
    } catch (const Halide::Error &e) {
      return error(std::string("bounds query failed: ") + e.what());
    }
  }
  for (size_t i = 0; i < params.size(); ++i) {
    params[i].reset();
    int rank = static_cast<int>(arguments[i].size());
    for (int h = 0; h < rank; ++h) {
      int64_t begin = read[i].dim(h).min();
      int64_t end = begin + read[i].dim(h).extent();
      int64_t extent = arguments[i][rank - 1 - h];
      if (begin >= 0 && end <= extent)
        continue;
      return error("dimension " + std::to_string(rank - h) + " of '" +
                   function.arguments[i].name + "' is " +
                   std::to_string(extent) + ", but these shapes read [" +
                   std::to_string(begin) + ", " + std::to_string(end) +
                   ") of it");
    }
  }
  return llvm::Error::success();
}

} // namespace

llvm::Error checkCallShapes(const LoweredFunction &function,
                            const Halide::Target &target,
                            llvm::ArrayRef<std::vector<int64_t>> arguments,
                            llvm::ArrayRef<std::vector<int64_t>> results,
                            const CachedPipeline *cached) {
  std::map<std::string, Expr> extents;
  for (size_t i = 0; i < arguments.size(); ++i) {
    if (auto err = checkSignature(function.arguments[i], arguments[i]))
      return err;
    bindExtents(function.params[i], arguments[i], extents);
  }
  for (size_t i = 0; i < results.size(); ++i) {
    if (auto err = checkSignature(function.results[i], results[i]))
      return err;
    bindExtents(function.outputs[i].output_buffer(), results[i], extents);
  }
  for (const Requirement &r : function.requirements) {
    Expr holds = Halide::Internal::simplify(
        Halide::Internal::substitute(extents, r.condition));
    if (Halide::Internal::is_const_one(holds))
      continue;
    if (Halide::Internal::is_const_zero(holds))
      return error(messageText(r.message, extents));
    // Every extent a requirement can mention is bound above.
    std::ostringstream os;
    os << "internal error: requirement " << r.condition
       << " does not reduce to a constant: " << holds;
    return error(os.str());
  }
  return checkReadRegions(function, target, arguments, results, cached);
}

} // namespace netc::lowering
