//===- AutoSchedule.cpp - The autoscheduled twin of a pipeline ------------===//
//
// Halide 14's autoschedulers are plugins (Debian: libautoschedule_*.so in
// lib/<triple>/halide14) that register themselves with Pipeline when
// loaded. All three apply the schedule they find to the pipeline's Funcs
// directly, so the pipeline is JIT-compiled as usual afterwards.
//  - Adams2019 searches with a learned cost model; Debian's plugin has the
//    upstream baseline weights built in ("Loading weights from built-in
//    data"), so it needs no HL_WEIGHTS_DIR. It is the default baseline.
//  - Li2018 is the one written for gradient pipelines (no search, quick).
//  - Mullapudi2016 is the analytic one (grouping and tiling from a model of
//    the cache).
// MachineParams: the parallelism the host has, a 16 MiB last-level cache
// and Halide's default load/arithmetic balance of 40.
//
//===----------------------------------------------------------------------===//
#include "schedules/AutoSchedule.h"

#include <set>
#include <thread>

using namespace Halide;

namespace netc::schedules {
namespace {

/// The plugin file of autoscheduler `name`, from the build (CMake knows
/// the Halide package's imported targets), or "" if unknown.
std::string pluginPath(const std::string &name) {
#ifdef NETC_AUTOSCHEDULER_ADAMS2019
  if (name == "Adams2019")
    return NETC_AUTOSCHEDULER_ADAMS2019;
#endif
#ifdef NETC_AUTOSCHEDULER_LI2018
  if (name == "Li2018")
    return NETC_AUTOSCHEDULER_LI2018;
#endif
#ifdef NETC_AUTOSCHEDULER_MULLAPUDI2016
  if (name == "Mullapudi2016")
    return NETC_AUTOSCHEDULER_MULLAPUDI2016;
#endif
  return "";
}

Region estimateRegion(const Extents &extents) {
  Region region;
  for (int e : extents)
    region.emplace_back(0, e);
  return region;
}

} // namespace

std::string
autoschedule(Pipeline pipeline, const std::string &name,
             const std::vector<std::pair<ImageParam, Extents>> &inputs,
             const std::vector<std::pair<Func, Extents>> &outputs,
             const Target &target) {
  static std::set<std::string> loaded;
  std::string path = pluginPath(name);
  if (path.empty())
    return "no autoscheduler plugin named '" + name +
           "' (Adams2019, Li2018, Mullapudi2016) in this Halide build";
  try {
    if (loaded.insert(name).second)
      load_plugin(path);
    for (auto [param, extents] : inputs)
      param.set_estimates(estimateRegion(extents));
    for (auto [func, extents] : outputs)
      func.set_estimates(estimateRegion(extents));
    int cores = std::max(1u, std::thread::hardware_concurrency());
    MachineParams machine(cores, 16 * 1024 * 1024, 40);
    pipeline.auto_schedule(name, target, machine);
  } catch (const Halide::Error &e) {
    return name + " failed: " + e.what();
  }
  return "";
}

} // namespace netc::schedules
