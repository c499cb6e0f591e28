//===- TargetSchedule.h - Picks the schedule for a target -------*- C++ -*-===//
#ifndef NETC_SCHEDULES_TARGETSCHEDULE_H
#define NETC_SCHEDULES_TARGETSCHEDULE_H

#include "schedules/Stage.h"

namespace netc::schedules {

/// Schedules every stage of one pipeline for `target`: the GPU schedule
/// when the target has a GPU feature (host-cuda, ...), else the CPU one,
/// whose vector widths come from the target (AVX2, AVX-512, NEON).
void scheduleForTarget(std::vector<Stage> &stages,
                       const Halide::Target &target);

} // namespace netc::schedules

#endif // NETC_SCHEDULES_TARGETSCHEDULE_H
