//===- TrainSettings.cpp - A train block, read into plain values ----------===//
#include "compiler/driver/TrainSettings.h"

namespace netc::driver {

const ast::Argument *findArgument(const std::vector<ast::Argument> &args,
                                  llvm::StringRef name) {
  for (const ast::Argument &arg : args)
    if (arg.name == name)
      return &arg;
  return nullptr;
}

TrainSettings TrainSettings::fromAST(const ast::Train &train) {
  TrainSettings settings;
  for (const ast::Setting &s : train.settings) {
    if (s.key == "data")
      settings.data = &s;
    else if (s.key == "loss") {
      settings.loss = s.value.text;
      const ast::Argument *reduction = findArgument(s.value.args, "reduction");
      settings.lossIsSum = reduction && reduction->value.text == "sum";
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
