//===- CpuSchedule.h - Schedules for x86 and ARM CPUs -----------*- C++ -*-===//
#ifndef NETC_SCHEDULES_CPUSCHEDULE_H
#define NETC_SCHEDULES_CPUSCHEDULE_H

#include "schedules/Stage.h"

namespace netc::schedules {

/// Applies netc's hand-written CPU schedule to every stage of one pipeline.
/// Vector widths come from `target` (8 f32 lanes on AVX2, 4 on NEON; on
/// AVX-512 16 where a stage's extent fills them, else 8).
void scheduleForCpu(std::vector<Stage> &stages, const Halide::Target &target);

} // namespace netc::schedules

#endif // NETC_SCHEDULES_CPUSCHEDULE_H
