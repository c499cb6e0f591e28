//===- PoolTestSupport.cpp - Run one pooling op, and a naive reference ----===//
#include "PoolTestSupport.h"

#include "TestSupport.h"

#include "llvm/ADT/StringRef.h"

#include <gtest/gtest.h>

#include <sstream>

namespace netc::test {
namespace {

std::string tensorType(const std::vector<int64_t> &shape, bool dynamic) {
  std::string text = "tensor<";
  for (size_t i = 0; i < shape.size(); ++i)
    text += (dynamic && i != 1 ? std::string("?") : std::to_string(shape[i])) +
            "x";
  return text + "f32>";
}

std::string list(const std::vector<int64_t> &values) {
  if (values.size() == 1)
    return std::to_string(values[0]);
  std::string text = "[";
  for (size_t i = 0; i < values.size(); ++i)
    text += (i ? ", " : "") + std::to_string(values[i]);
  return text + "]";
}

/// Any pooling as 2-D windows over [N, C, H, W]: 1-D is H = 1, a global
/// pool one window over all positions flattened row-major.
struct Geometry {
  int64_t n, c, h, w, kh, kw, sh, sw;
  int64_t ho() const { return (h - kh) / sh + 1; }
  int64_t wo() const { return (w - kw) / sw + 1; }
};

Geometry geometryOf(const PoolSpec &spec) {
  const std::vector<int64_t> &s = spec.shape;
  if (spec.isGlobal()) {
    int64_t positions = 1;
    for (size_t i = 2; i < s.size(); ++i)
      positions *= s[i];
    return {s[0], s[1], 1, positions, 1, positions, 1, 1};
  }
  if (spec.kernel.size() == 1)
    return {s[0], s[1], 1, s[2], 1, spec.kernel[0], 1, spec.stride[0]};
  return {s[0], s[1], s[2], s[3], spec.kernel[0], spec.kernel[1],
          spec.stride[0], spec.stride[1]};
}

} // namespace

bool PoolSpec::isMax() const {
  return llvm::StringRef(op).starts_with("max") ||
         llvm::StringRef(op).starts_with("global_max");
}

bool PoolSpec::isGlobal() const {
  return llvm::StringRef(op).starts_with("global");
}

std::vector<int64_t> PoolSpec::resultShape() const {
  std::vector<int64_t> result{shape[0], shape[1]};
  if (isGlobal())
    return result;
  for (size_t i = 0; i < kernel.size(); ++i)
    result.push_back((shape[2 + i] - kernel[i]) / stride[i] + 1);
  return result;
}

std::string PoolSpec::module(bool dynamic) const {
  std::string in = tensorType(shape, dynamic);
  std::string out = tensorType(resultShape(), dynamic);
  std::string attrs = isGlobal() ? std::string()
                                 : " {kernel = " + list(kernel) +
                                       ", stride = " + list(stride) + "}";
  std::ostringstream os;
  os << "module {\n"
     << "  func.func @fwd(%x: " << in << ") -> " << out << " {\n"
     << "    %y = nn." << op << " %x" << attrs << " : " << in << " -> " << out
     << "\n    return %y : " << out << "\n  }\n"
     << "  func.func @grad(%dy: " << out << ", %x: " << in << ") -> " << in
     << " {\n"
     << "    %dx = nn." << op << "_grad %dy, %x" << attrs << " : (" << out
     << ", " << in << ") -> " << in << "\n    return %dx : " << in
     << "\n  }\n}\n";
  return os.str();
}

int64_t elementCount(const std::vector<int64_t> &shape) {
  int64_t count = 1;
  for (int64_t d : shape)
    count *= d;
  return count;
}

std::optional<PoolValues> runPool(const PoolSpec &spec,
                                  const std::vector<float> &x,
                                  const std::vector<float> &dy) {
  auto context = makeContext();
  auto module = parseModule(*context, spec.module());
  if (!module)
    return std::nullopt;
  std::optional<lowering::JitFunction> fwd = jitFunction(*module, "fwd");
  std::optional<lowering::JitFunction> grad = jitFunction(*module, "grad");
  if (!fwd || !grad)
    return std::nullopt;
  EXPECT_EQ(static_cast<int64_t>(x.size()), elementCount(spec.shape));
  EXPECT_EQ(static_cast<int64_t>(dy.size()),
            elementCount(spec.resultShape()));
  PoolValues out;
  out.y.assign(elementCount(spec.resultShape()), -1.0f);
  out.dx.assign(x.size(), -1.0f);
  // Static shapes: the batch argument sizes nothing.
  if (llvm::Error err = fwd->run(1, {x.data()}, {out.y.data()})) {
    ADD_FAILURE() << llvm::toString(std::move(err));
    return std::nullopt;
  }
  if (llvm::Error err = grad->run(1, {dy.data(), x.data()}, {out.dx.data()})) {
    ADD_FAILURE() << llvm::toString(std::move(err));
    return std::nullopt;
  }
  return out;
}

PoolValues referencePool(const PoolSpec &spec, const std::vector<float> &x,
                         const std::vector<float> &dy) {
  Geometry g = geometryOf(spec);
  PoolValues out;
  out.y.assign(g.n * g.c * g.ho() * g.wo(), 0.0f);
  out.dx.assign(x.size(), 0.0f);
  float volume = static_cast<float>(g.kh * g.kw);
  for (int64_t n = 0; n < g.n; ++n)
    for (int64_t c = 0; c < g.c; ++c)
      for (int64_t oh = 0; oh < g.ho(); ++oh)
        for (int64_t ow = 0; ow < g.wo(); ++ow) {
          int64_t o = ((n * g.c + c) * g.ho() + oh) * g.wo() + ow;
          std::vector<int64_t> window; // row-major
          for (int64_t i = 0; i < g.kh; ++i)
            for (int64_t j = 0; j < g.kw; ++j)
              window.push_back(((n * g.c + c) * g.h + oh * g.sh + i) * g.w +
                               ow * g.sw + j);
          if (spec.isMax()) {
            int64_t first = window.front(); // the first maximum wins
            for (int64_t e : window)
              if (x[e] > x[first])
                first = e;
            out.y[o] = x[first];
            out.dx[first] += dy[o];
          } else {
            float sum = 0.0f;
            for (int64_t e : window)
              sum += x[e];
            out.y[o] = sum / volume;
            for (int64_t e : window)
              out.dx[e] += dy[o] / volume;
          }
        }
  return out;
}

} // namespace netc::test
