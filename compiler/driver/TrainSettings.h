//===- TrainSettings.h - A train block, read into plain values --*- C++ -*-===//
#ifndef NETC_COMPILER_DRIVER_TRAINSETTINGS_H
#define NETC_COMPILER_DRIVER_TRAINSETTINGS_H

#include "dsl/AST.h"

#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <string>

namespace netc::driver {

/// The argument `name` of a call or layer (after dsl::checkFile every
/// parameter is present and named), or null.
const ast::Argument *findArgument(const std::vector<ast::Argument> &args,
                                  llvm::StringRef name);

/// The learning rate of each epoch: the optimizer's lr, under
/// `schedule: step(...)` or `cosine(...)`. The same closed forms as
/// nn.lr_schedule computes inside @train_step; this copy is for printing.
struct LearningRateSchedule {
  std::string kind = "constant"; ///< "constant", "step" or "cosine"
  double lr = 0;                 ///< the optimizer's
  int64_t every = 1;             ///< step
  double gamma = 0.1;            ///< step
  int64_t epochs = 1;            ///< cosine: T_max
  double minLr = 0;              ///< cosine: eta_min

  bool scheduled() const { return kind != "constant"; }
  /// The learning rate of `epoch`, counted from 0.
  double at(int64_t epoch) const;
};

/// One term of the loss of a model with several outputs
/// (`0.5 * mse(output: score)`), in the outputs' declaration order.
struct OutputLoss {
  std::string output;        ///< "score"
  std::string kind;          ///< "mse", "cross_entropy", ...
  bool indexTargets = false; ///< cross_entropy(targets: indices)
  double weight = 1;
};

struct TrainSettings {
  const ast::Setting *data = nullptr; ///< `data: csv(...)`, for locations
  std::string loss;                   ///< "mse", "bce", "cross_entropy", ...
                                      ///< (empty with several outputs)
  bool lossIsSum = false;             ///< reduction: sum (else mean)
  /// Several outputs: a loss each, summed (`loss` is then empty).
  std::vector<OutputLoss> outputLosses;
  int64_t epochs = 10;
  int64_t batch = 32;
  uint64_t seed = 0;
  bool shuffle = true;
  double validation = 0;          ///< fraction held out
  ast::Location validationLoc;    ///< of the setting, for errors
  LearningRateSchedule schedule;

  /// Reads a train block that passed dsl::checkFile.
  static TrainSettings fromAST(const ast::Train &train);
};

} // namespace netc::driver

#endif // NETC_COMPILER_DRIVER_TRAINSETTINGS_H
