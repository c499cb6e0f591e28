//===- ExampleTrainingTest.cpp - Each example learns ----------------------===//
//
// Runs `netc train` on the bundled examples (in-process, the same code path
// as the command) and reads the per-epoch JSON log: the final loss must
// fall below a threshold set from what the model can reach on its data.
//
//===----------------------------------------------------------------------===//
#include "TestSupport.h"

#include "compiler/driver/Commands.h"

#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <gtest/gtest.h>

using namespace netc;

namespace {

struct EpochRecord {
  double loss = 0;
  std::optional<double> accuracy;
  std::optional<double> valLoss, valAccuracy;
};

std::vector<EpochRecord> trainExample(const std::string &relativePath,
                                      const std::string &source = "") {
  std::string log = test::tempPath("train.jsonl");
  driver::TrainOptions options;
  options.logJsonPath = log;
  options.savePath = test::tempPath("checkpoint.safetensors");
  std::string path = std::string(NETC_SOURCE_DIR) + "/" + relativePath;
  if (!source.empty()) {
    // A variant of an example, written beside the test's other files.
    path = test::tempPath("variant.net");
    std::error_code ec;
    llvm::raw_fd_ostream os(path, ec);
    os << source;
  }
  driver::ExitCode code = driver::runTrain(path, options);
  EXPECT_EQ(code, driver::ExitCode::Success);
  std::vector<EpochRecord> records;
  auto buffer = llvm::MemoryBuffer::getFile(log);
  if (!buffer) {
    ADD_FAILURE() << "no log written";
    return records;
  }
  llvm::SmallVector<llvm::StringRef> lines;
  (*buffer)->getBuffer().split(lines, '\n', -1, /*KeepEmpty=*/false);
  for (llvm::StringRef line : lines) {
    llvm::Expected<llvm::json::Value> value = llvm::json::parse(line);
    if (!value) {
      ADD_FAILURE() << llvm::toString(value.takeError());
      continue;
    }
    const llvm::json::Object *object = value->getAsObject();
    EpochRecord record;
    record.loss = *object->getNumber("loss");
    record.accuracy = object->getNumber("train_accuracy");
    record.valLoss = object->getNumber("val_loss");
    record.valAccuracy = object->getNumber("val_accuracy");
    records.push_back(record);
  }
  return records;
}

TEST(ExampleTraining, LinearRegressionReachesTheNoiseFloor) {
  // The points have Gaussian noise of variance 0.01 around the line.
  auto records = trainExample("examples/linear_regression/linear_regression.net");
  ASSERT_EQ(records.size(), 60u);
  EXPECT_GT(records.front().loss, 1.0);
  EXPECT_LT(records.back().loss, 0.015);
}

TEST(ExampleTraining, LogisticRegressionSeparatesTheBlobs) {
  // The best linear boundary classifies 95% of these points.
  auto records =
      trainExample("examples/logistic_regression/logistic_regression.net");
  ASSERT_EQ(records.size(), 50u);
  EXPECT_LT(records.back().loss, 0.15);
  ASSERT_TRUE(records.back().accuracy);
  EXPECT_GE(*records.back().accuracy, 0.93);
}

TEST(ExampleTraining, MlpRecognisesThrees) {
  // 10% of the digits are threes: accuracy must beat "never a 3" clearly.
  auto records = trainExample("examples/mlp/mlp.net");
  ASSERT_EQ(records.size(), 40u);
  EXPECT_LT(records.back().loss, 0.08);
  ASSERT_TRUE(records.back().accuracy);
  EXPECT_GE(*records.back().accuracy, 0.97);
}

/// A LeNet example, shortened: the first 3,000 training images (300 held
/// out), three epochs.
std::vector<EpochRecord> trainLeNetOnASubset(const std::string &file) {
  auto buffer = llvm::MemoryBuffer::getFile(NETC_SOURCE_DIR "/" + file);
  if (!buffer) {
    ADD_FAILURE() << "cannot read " << file;
    return {};
  }
  std::string source = (*buffer)->getBuffer().str();
  for (auto [from, to] :
       {std::pair<std::string, std::string>{"scale: 0.00392156862)",
                                            "scale: 0.00392156862, limit: 3000)"},
        {"epochs: 5", "epochs: 3"}}) {
    size_t at = source.find(from);
    if (at == std::string::npos) {
      ADD_FAILURE() << file << " has no '" << from << "'";
      return {};
    }
    source.replace(at, from.size(), to);
  }
  return trainExample("", source);
}

// Ten classes: chance is 10 %. On the full data in five epochs these nets
// reach 88.4 % (lenet) and 89.0 % (lenet_bn); on this subset they reach
// 71 % and 77 % of the held-out images (measured), so 65 % leaves room for
// rounding and still fails a net that barely learns.
void expectLeNetLearnsOnASubset(const std::string &file) {
  auto records = trainLeNetOnASubset(file);
  ASSERT_EQ(records.size(), 3u);
  EXPECT_LT(records.back().loss, records.front().loss);
  ASSERT_TRUE(records.back().valAccuracy);
  EXPECT_GE(*records.back().valAccuracy, 0.65);
}

TEST(ExampleTraining, LeNetLearnsFashionMnistOnASubset) {
  expectLeNetLearnsOnASubset("examples/lenet/lenet.net");
}

TEST(ExampleTraining, LeNetWithBatchNormLearnsFashionMnistOnASubset) {
  expectLeNetLearnsOnASubset("examples/lenet/lenet_bn.net");
}

TEST(ExampleTraining, ValidationSetIsHeldOutAndMeasured) {
  // Logistic regression on its blobs with a quarter held out: the held-out
  // accuracy is reported every epoch and generalises.
  std::string source =
      "model classifier(x: f32[N, 2]) -> f32[N, 1] {\n  linear(out: 1)\n"
      "  sigmoid\n}\ntrain classifier {\n  data: csv(\"" NETC_SOURCE_DIR
      "/examples/logistic_regression/points.csv\", inputs: 0..2, "
      "targets: 2, header: true)\n  loss: bce\n  optimizer: sgd(lr: 0.5)\n"
      "  epochs: 30\n  batch: 20\n  seed: 1\n  validation: 0.25\n}\n";
  auto first = trainExample("", source);
  ASSERT_EQ(first.size(), 30u);
  ASSERT_TRUE(first.back().valLoss && first.back().valAccuracy);
  EXPECT_LT(*first.back().valLoss, 0.2);
  EXPECT_GE(*first.back().valAccuracy, 0.9);
  // The same seed holds out the same examples.
  auto second = trainExample("", source);
  EXPECT_EQ(*second.back().valLoss, *first.back().valLoss);
}

} // namespace
