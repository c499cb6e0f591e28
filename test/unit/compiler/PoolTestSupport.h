//===- PoolTestSupport.h - One pooling op, and a reference ------*- C++ -*-===//
//
// The pooling tests compare netc's lowering of one op and its gradient op
// with an independent reference: plain loops over every window that give
// each max window's gradient to its first maximum in row-major order, as
// PyTorch does. Shapes are static here (no `?`).
//
//===----------------------------------------------------------------------===//
#ifndef NETC_TEST_UNIT_COMPILER_POOLTESTSUPPORT_H
#define NETC_TEST_UNIT_COMPILER_POOLTESTSUPPORT_H

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace netc::test {

/// One pooling op: `op` is an nn mnemonic ("maxpool2d", "global_avgpool");
/// kernel and stride have one value per spatial dimension (none for the
/// global ops); `shape` is the input's, [N, C, spatial...].
struct PoolSpec {
  std::string op;
  std::vector<int64_t> kernel, stride, shape;

  bool isMax() const;
  bool isGlobal() const;
  std::vector<int64_t> resultShape() const;
  /// A module with `@fwd(x) -> y` and `@grad(dy, x) -> dx`; `dynamic`
  /// makes every extent of x but the channels `?`.
  std::string module(bool dynamic = false) const;
};

/// The forward result and the input gradient for one x and dy.
struct PoolValues {
  std::vector<float> y, dx;
};

/// Runs @fwd and @grad of spec.module() through netc (JIT); fails the
/// current test and returns std::nullopt on any error.
std::optional<PoolValues> runPool(const PoolSpec &spec,
                                  const std::vector<float> &x,
                                  const std::vector<float> &dy);

/// The naive reference.
PoolValues referencePool(const PoolSpec &spec, const std::vector<float> &x,
                         const std::vector<float> &dy);

int64_t elementCount(const std::vector<int64_t> &shape);

} // namespace netc::test

#endif // NETC_TEST_UNIT_COMPILER_POOLTESTSUPPORT_H
