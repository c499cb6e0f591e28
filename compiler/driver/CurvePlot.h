//===- CurvePlot.h - Training curves as a standalone SVG --------*- C++ -*-===//
//
// `netc train` writes <checkpoint minus .safetensors>.svg after every epoch:
// one panel per quantity (loss; then the validation metric, if any), each
// series a polyline over the epochs with labelled axes. Plain SVG 1.1, no
// script or external reference, so it opens in any browser or viewer.
//
//===----------------------------------------------------------------------===//
#ifndef NETC_COMPILER_DRIVER_CURVEPLOT_H
#define NETC_COMPILER_DRIVER_CURVEPLOT_H

#include "llvm/Support/Error.h"

#include <string>
#include <vector>

namespace netc::driver {

struct CurveSeries {
  std::string name;           ///< "train loss"
  std::vector<double> values; ///< one per epoch, from epoch 1
};

struct CurvePanel {
  std::string title;               ///< "loss"
  std::vector<CurveSeries> series; ///< drawn in distinct colours
};

/// The SVG text of `panels` stacked vertically under `title`.
std::string renderCurves(const std::string &title,
                         const std::vector<CurvePanel> &panels);

/// Writes renderCurves() to `path` atomically (AtomicFile.h).
llvm::Error writeCurves(const std::string &path, const std::string &title,
                        const std::vector<CurvePanel> &panels);

} // namespace netc::driver

#endif // NETC_COMPILER_DRIVER_CURVEPLOT_H
