//===- GradientChecker.h - Gradients against finite differences -*- C++ -*-===//
//
// For a module holding @infer and @loss: run nn-differentiate (with input
// gradients), JIT @loss_and_grad, and compare every analytic gradient with
// the central difference (L(v + h) - L(v - h)) / 2h of the loss that the
// same pipeline computes. Op families add their cases in their own test
// files and call checkGradients.
//
//===----------------------------------------------------------------------===//
#ifndef NETC_TEST_UNIT_COMPILER_GRADIENTCHECKER_H
#define NETC_TEST_UNIT_COMPILER_GRADIENTCHECKER_H

#include <cstdint>
#include <ostream>

namespace netc::test {

struct GradientCase {
  const char *name;
  const char *module;    ///< MLIR text with @infer and @loss
  float lo = -1.0f;      ///< inputs and parameters are drawn from
  float hi = 1.0f;       ///< ±[lo, hi] when symmetric, else [lo, hi]
  bool symmetric = false;
  float targetLo = -1.0f, targetHi = 1.0f;
  float step = 1e-2f;    ///< h of the central difference
  /// Inputs and parameters hold distinct values instead: each argument a
  /// shuffled grid 3·step apart, centred on 0. Max-like ops (max pooling)
  /// then have no ties or near-ties, where their derivative jumps and a
  /// central difference straddling the jump means nothing.
  bool distinct = false;
};

inline std::ostream &operator<<(std::ostream &os, const GradientCase &c) {
  return os << c.name;
}

/// Checks every gradient of `c` at `batch` (every dynamic extent equals
/// `batch`), reporting mismatches as GoogleTest failures.
void checkGradients(const GradientCase &c, int64_t batch);

} // namespace netc::test

#endif // NETC_TEST_UNIT_COMPILER_GRADIENTCHECKER_H
