//===- HyperparameterGrid.h - `netc train -D a=1,2 -D b=3,4` ----*- C++ -*-===//
//
// A -D name with several values makes `netc train` train every combination
// (the cartesian product, the last name varying fastest). Each combination
// is its own model, so each is compiled (Compilation::load with its
// overrides) and trained once from the train block's seed, then judged on
// the `validation:` examples (required; the same examples for every
// combination). One line per combination, then a table ranked by
// validation loss, lowest first. A grid saves no weights: train the chosen
// combination with single values to keep them.
//
//===----------------------------------------------------------------------===//
#ifndef NETC_COMPILER_DRIVER_HYPERPARAMETERGRID_H
#define NETC_COMPILER_DRIVER_HYPERPARAMETERGRID_H

#include "compiler/driver/Commands.h"
#include "compiler/driver/Frontend.h"

#include <vector>

namespace netc::driver {

/// Every combination of `defines`' values, each as one override per name
/// in the defines' order; the last name varies fastest.
std::vector<Overrides> gridCombinations(const Defines &defines);

/// `netc train FILE -D name=v1,v2 ...`.
ExitCode runGrid(llvm::StringRef path, const TrainOptions &options);

} // namespace netc::driver

#endif // NETC_COMPILER_DRIVER_HYPERPARAMETERGRID_H
