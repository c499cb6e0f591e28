//===- AutoSchedule.h - The autoscheduled twin of a pipeline ----*- C++ -*-===//
//
// The baseline the hand schedules (CpuSchedule.cpp) must beat: the same
// algorithm, left unscheduled by the lowering, scheduled by one of Halide
// 14's autoschedulers at one concrete shape. Used by benchmarks/netc_bench
// (--autoschedule) and by one parity test; never by `netc` itself.
//
//===----------------------------------------------------------------------===//
#ifndef NETC_SCHEDULES_AUTOSCHEDULE_H
#define NETC_SCHEDULES_AUTOSCHEDULE_H

#include "Halide.h"

#include <string>
#include <utility>
#include <vector>

namespace netc::schedules {

/// Extents of one buffer in Halide order (contiguous first).
using Extents = std::vector<int>;

/// Applies the Halide 14 autoscheduler `name` ("Adams2019", "Li2018" or
/// "Mullapudi2016"; its plugin is loaded on first use) to `pipeline`, whose
/// Funcs must carry no schedule yet. Every input and output gets the
/// estimate of its extents at the shape being tuned for (a batch, a
/// sequence length). Returns "" on success, else why it failed.
std::string
autoschedule(Halide::Pipeline pipeline, const std::string &name,
             const std::vector<std::pair<Halide::ImageParam, Extents>> &inputs,
             const std::vector<std::pair<Halide::Func, Extents>> &outputs,
             const Halide::Target &target);

} // namespace netc::schedules

#endif // NETC_SCHEDULES_AUTOSCHEDULE_H
