//===- CheckpointTest.cpp - Training resumes exactly; bad files are named --===//
#include "TestSupport.h"

#include "compiler/driver/Checkpoint.h"
#include "compiler/driver/Commands.h"
#include "compiler/driver/Frontend.h"

#include "netc_safetensors.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"

#include <gtest/gtest.h>

#include <fstream>

using namespace netc;

namespace {

const std::string kExample =
    std::string(NETC_SOURCE_DIR) + "/examples/logistic_regression/logistic_regression.net";

driver::ExitCode train(int64_t epochs, const std::string &save,
                       const std::string &resume = "") {
  driver::TrainOptions options;
  options.epochs = epochs;
  options.savePath = save;
  options.resumePath = resume;
  return driver::runTrain(kExample, options);
}

std::string contents(const std::string &path) {
  auto buffer = llvm::MemoryBuffer::getFile(path);
  return buffer ? (*buffer)->getBuffer().str() : std::string();
}

TEST(Checkpoint, ResumedRunEqualsUninterruptedRun) {
  std::string straight = test::tempPath("straight.safetensors");
  std::string resumed = test::tempPath("resumed.safetensors");
  ASSERT_EQ(train(6, straight), driver::ExitCode::Success);
  ASSERT_EQ(train(3, resumed), driver::ExitCode::Success);
  EXPECT_NE(contents(straight), contents(resumed)); // 3 epochs differ from 6
  ASSERT_EQ(train(6, resumed, resumed), driver::ExitCode::Success);
  // Same parameters, optimizer state, epoch and shuffling state, bit for bit.
  EXPECT_EQ(contents(straight), contents(resumed));
  EXPECT_EQ(contents(driver::optimizerPath(straight)),
            contents(driver::optimizerPath(resumed)));
}

TEST(Checkpoint, ParametersCarryTheirPyTorchNamesAndShapes) {
  std::string path = test::tempPath("names.safetensors");
  ASSERT_EQ(train(1, path), driver::ExitCode::Success);
  netc_safetensors_header header{};
  netc_status status;
  ASSERT_EQ(netc_safetensors_read_header(path.c_str(), &header, &status),
            NETC_OK)
      << status.message;
  ASSERT_EQ(header.tensor_count, 2);
  std::map<std::string, std::vector<int64_t>> shapes;
  for (int64_t i = 0; i < header.tensor_count; ++i) {
    const auto &t = header.tensors[i];
    shapes[t.name] = std::vector<int64_t>(t.shape, t.shape + t.rank);
    EXPECT_STREQ(t.dtype, "F32");
  }
  EXPECT_EQ(shapes["0.weight"], (std::vector<int64_t>{1, 2}));
  EXPECT_EQ(shapes["0.bias"], (std::vector<int64_t>{1}));
  EXPECT_STREQ(netc_safetensors_metadata_find(&header, "epoch"), "1");
  netc_safetensors_header_free(&header);
}

TEST(Checkpoint, ACheckpointOfAnotherModelIsRejectedByName) {
  // Save the MLP's weights, then try to resume the logistic regression.
  std::string path = test::tempPath("mlp.safetensors");
  driver::TrainOptions options;
  options.epochs = 1;
  options.savePath = path;
  ASSERT_EQ(driver::runTrain(std::string(NETC_SOURCE_DIR) +
                                 "/examples/mlp/mlp.net",
                             options),
            driver::ExitCode::Success);
  driver::Compilation c;
  ASSERT_FALSE(c.load(kExample));
  ASSERT_FALSE(c.generate());
  ASSERT_FALSE(c.buildTrainStep());
  auto model = codegen::ModelInterface::fromModule(c.module());
  driver::TrainingState state;
  llvm::Error err = driver::loadCheckpoint(path, *model, state);
  ASSERT_TRUE(bool(err));
  EXPECT_EQ(llvm::toString(std::move(err)),
            path + ": error: tensor '0.weight' has shape [32, 64], the model "
                   "expects [1, 2]");
}

TEST(Checkpoint, AFailedSaveKeepsThePreviousCheckpoint) {
  std::string path = test::tempPath("keep.safetensors");
  ASSERT_EQ(train(2, path), driver::ExitCode::Success);
  std::string before = contents(path);
  // A folder where the optimizer file should go makes the next save fail.
  std::string blocker = driver::optimizerPath(path);
  std::remove(blocker.c_str());
  ASSERT_EQ(llvm::sys::fs::create_directory(blocker), std::error_code());
  EXPECT_EQ(train(3, path, ""), driver::ExitCode::OutputError);
  EXPECT_EQ(contents(path), before);
  llvm::sys::fs::remove_directories(blocker);
}

} // namespace
