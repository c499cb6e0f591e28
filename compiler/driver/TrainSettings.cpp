//===- TrainSettings.cpp - A train block, read into plain values ----------===//
#include "compiler/driver/TrainSettings.h"

#include <cmath>

namespace netc::driver {

const ast::Argument *findArgument(const std::vector<ast::Argument> &args,
                                  llvm::StringRef name) {
  for (const ast::Argument &arg : args)
    if (arg.name == name)
      return &arg;
  return nullptr;
}

double LearningRateSchedule::at(int64_t epoch) const {
  if (kind == "step")
    return lr * std::pow(gamma, double(epoch / every));
  if (kind == "cosine")
    return minLr + (lr - minLr) * (1 + std::cos(M_PI * epoch / epochs)) / 2;
  return lr;
}

/// A number argument of a canonical call (every parameter present).
static double numberArg(const ast::Expr &call, llvm::StringRef name) {
  const ast::Argument *arg = findArgument(call.args, name);
  return arg ? arg->value.number : 0;
}

TrainSettings TrainSettings::fromAST(const ast::Train &train) {
  TrainSettings settings;
  for (const ast::Setting &s : train.settings) {
    if (s.key == "data")
      settings.data = &s;
    else if (s.key == "loss" && s.value.kind == ast::Expr::Kind::List) {
      // Canonical per-output form (dsl/OutputLoss.h).
      for (const ast::Expr &call : s.value.elements) {
        const ast::Argument *output = findArgument(call.args, "output");
        const ast::Argument *targets = findArgument(call.args, "targets");
        settings.outputLosses.push_back(
            {output ? output->value.text : "", call.text,
             targets && targets->value.text == "indices",
             numberArg(call, "weight")});
      }
    } else if (s.key == "loss") {
      settings.loss = s.value.text;
      const ast::Argument *reduction = findArgument(s.value.args, "reduction");
      settings.lossIsSum = reduction && reduction->value.text == "sum";
    }
    else if (s.key == "optimizer")
      settings.schedule.lr = numberArg(s.value, "lr");
    else if (s.key == "schedule") {
      settings.schedule.kind = s.value.text;
      if (s.value.text == "step") {
        settings.schedule.every = int64_t(numberArg(s.value, "every"));
        settings.schedule.gamma = numberArg(s.value, "gamma");
      } else if (s.value.text == "cosine") {
        settings.schedule.epochs = int64_t(numberArg(s.value, "epochs"));
        settings.schedule.minLr = numberArg(s.value, "min_lr");
      }
    }
    else if (s.key == "epochs")
      settings.epochs = static_cast<int64_t>(s.value.number);
    else if (s.key == "batch")
      settings.batch = static_cast<int64_t>(s.value.number);
    else if (s.key == "seed")
      settings.seed = static_cast<uint64_t>(s.value.number);
    else if (s.key == "shuffle")
      settings.shuffle = s.value.text != "false";
    else if (s.key == "validation") {
      settings.validation = s.value.number;
      settings.validationLoc = s.value.loc;
    }
  }
  return settings;
}

} // namespace netc::driver
