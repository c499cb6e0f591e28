//===- GpuSchedule.h - Schedules for CUDA (and other GPU APIs) --*- C++ -*-===//
#ifndef NETC_SCHEDULES_GPUSCHEDULE_H
#define NETC_SCHEDULES_GPUSCHEDULE_H

#include "schedules/Stage.h"

namespace netc::schedules {

/// Applies netc's GPU schedule to every stage of one pipeline: stored
/// stages run as GPU kernels (blocks and threads), outputs are written on
/// the host so the caller's buffers stay plain host memory.
void scheduleForGpu(std::vector<Stage> &stages, const Halide::Target &target);

} // namespace netc::schedules

#endif // NETC_SCHEDULES_GPUSCHEDULE_H
