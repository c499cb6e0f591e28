//===- TargetScheduleTest.cpp - Each target gets its own schedule ---------===//
//
// schedules/TargetSchedule picks the CPU or GPU schedule from the target,
// and the CPU schedule's vector width from the target's natural f32 width:
// 4 lanes on NEON and SSE, 8 on AVX2; on AVX-512 16 where a stage's
// contiguous extent fills them and 8 elsewhere. Checked on Halide's lowered
// statement of a training step, where an N-lane vector shows as a
// broadcast `xN(...)`.
//
//===----------------------------------------------------------------------===//
#include "TestSupport.h"

#include "compiler/dialect/NNDialect.h"
#include "compiler/driver/Frontend.h"
#include "compiler/lowering/HalideLowering.h"

#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>

using namespace netc;

namespace {

const char *const kMlp = "/examples/mlp/mlp.net";
/// Convolutions over 64 positions, then a linear layer.
const char *const kWideConv = "/test/lit/targets/Inputs/conv1d_wide.net";
/// Convolutions and pools over 21, 8, 7 and 4 positions, a linear layer of
/// 5 outputs.
const char *const kNarrowConv = "/test/lit/targets/Inputs/conv1d_pool.net";

/// The lowered statement of @train_step of `model` (a path under the
/// source tree) for `targetName`.
std::string trainStepStmt(const std::string &targetName,
                          const char *model = kMlp) {
  driver::Compilation c;
  EXPECT_FALSE(c.load(std::string(NETC_SOURCE_DIR) + model));
  EXPECT_FALSE(c.generate());
  EXPECT_FALSE(c.buildTrainStep());
  auto fn = c.module().lookupSymbol<mlir::func::FuncOp>(nn::kTrainStepFn);
  EXPECT_TRUE(fn);
  if (!fn)
    return "";
  Halide::Target target(targetName);
  std::optional<lowering::LoweredFunction> lowered =
      lowering::lowerToHalide(fn, target);
  EXPECT_TRUE(lowered);
  if (!lowered)
    return "";
  std::string path = test::tempPath("train_step_" + targetName + ".stmt");
  lowered->pipeline.compile_to_lowered_stmt(path, lowered->halideArguments(),
                                            Halide::StmtOutputFormat::Text,
                                            target);
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

/// The lane counts of every broadcast in `stmt`.
std::set<int> vectorWidths(const std::string &stmt) {
  std::set<int> widths;
  std::regex vector("[^A-Za-z0-9_.]x([0-9]+)\\(");
  for (auto it = std::sregex_iterator(stmt.begin(), stmt.end(), vector);
       it != std::sregex_iterator(); ++it)
    widths.insert(std::stoi((*it)[1]));
  return widths;
}

TEST(TargetScheduleTest, NeonUsesFourLanes) {
  std::set<int> widths = vectorWidths(trainStepStmt("arm-64-linux"));
  EXPECT_EQ(widths, std::set<int>{4});
}

TEST(TargetScheduleTest, Avx2UsesEightLanes) {
  std::set<int> widths =
      vectorWidths(trainStepStmt("x86-64-linux-avx2-fma"));
  EXPECT_EQ(widths, std::set<int>{8});
}

TEST(TargetScheduleTest, Avx512UsesSixteenLanesWhereTheyFill) {
  // The convolution's 64 positions fill 16 lanes; the linear layers and
  // elementwise stages record no extent and keep 8.
  std::set<int> widths =
      vectorWidths(trainStepStmt("x86-64-linux-avx512", kWideConv));
  EXPECT_EQ(widths, (std::set<int>{8, 16}));
}

TEST(TargetScheduleTest, Avx512KeepsEightLanesForNarrowStages) {
  // 8 lanes for the 21-, 8- and 7-wide stages (16 everywhere was up to 20x
  // slower on such models), 4 for the 4-wide pool as on AVX2, 16 only for
  // the 16 features the linear layer reads.
  std::set<int> widths =
      vectorWidths(trainStepStmt("x86-64-linux-avx512", kNarrowConv));
  EXPECT_EQ(widths, (std::set<int>{4, 8, 16}));
  EXPECT_EQ(vectorWidths(trainStepStmt("x86-64-linux-avx2-fma", kNarrowConv)),
            (std::set<int>{4, 8}));
}

TEST(TargetScheduleTest, Avx2UsesEightLanesOnTheWideConvolutionToo) {
  std::set<int> widths =
      vectorWidths(trainStepStmt("x86-64-linux-avx2-fma", kWideConv));
  EXPECT_EQ(widths, std::set<int>{8});
}

TEST(TargetScheduleTest, CudaRunsProductsOnTheGpu) {
  std::string stmt = trainStepStmt("host-cuda-cuda_capability_61");
  // Kernels launched, with shared memory in their PTX.
  EXPECT_NE(stmt.find("halide_cuda_run"), std::string::npos);
  EXPECT_NE(stmt.find("ld.shared.f32"), std::string::npos);
  // Arguments reach the device by copies into the pipeline's own buffers;
  // no caller buffer (x, target, p_*) gets a device allocation of its own.
  EXPECT_NE(stmt.find("halide_buffer_copy((halide_buffer_t *)x.buffer"),
            std::string::npos);
  std::regex callerToDevice(
      "halide_copy_to_device\\((\\(halide_buffer_t \\*\\))?"
      "(x|target|p_[0-9a-z_]+)\\.buffer");
  EXPECT_FALSE(std::regex_search(stmt, callerToDevice));
}

} // namespace
