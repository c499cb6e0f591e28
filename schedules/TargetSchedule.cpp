//===- TargetSchedule.cpp - Picks the schedule for a target ---------------===//
#include "schedules/TargetSchedule.h"

#include "schedules/CpuSchedule.h"
#include "schedules/GpuSchedule.h"

namespace netc::schedules {

void scheduleForTarget(std::vector<Stage> &stages,
                       const Halide::Target &target) {
  if (target.has_gpu_feature())
    scheduleForGpu(stages, target);
  else
    scheduleForCpu(stages, target);
}

} // namespace netc::schedules
