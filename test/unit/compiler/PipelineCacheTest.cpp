//===- PipelineCacheTest.cpp - Compiled pipelines kept between runs -------===//
//
// The driver's jitCompile keys each function for the pipeline cache: the
// first compile writes a library, the next loads it, and either computes
// what the JIT computes. Wrong shapes are refused as the JIT refuses them;
// a damaged library is replaced, not trusted; an allocation that fails
// ends the call with an error, not a crash; NETC_CACHE=off turns the cache
// off.
//
//===----------------------------------------------------------------------===//
#include "TestSupport.h"

#include "compiler/dialect/NNDialect.h"
#include "compiler/driver/Frontend.h"
#include "compiler/driver/RunModel.h"
#include "compiler/lowering/PipelineCache.h"
#include "compiler/lowering/Targets.h"

#include "llvm/Support/FileSystem.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <random>
#include <sys/resource.h>
#include <unistd.h>

using namespace netc;
using ::testing::HasSubstr;

namespace {

// Codons: N and L name extents that the input and output share (checked
// on the host, for a cached pipeline too).
const char *kCodonModel = R"(
model codons(dna: f32[N, 4, L]) -> f32[N, 5, L / 3] {
  conv1d(out: 5, kernel: 3, stride: 3)
  relu
}
)";

/// Points NETC_CACHE_DIR at a fresh folder for one test, and restores the
/// environment afterwards.
class PipelineCache : public ::testing::Test {
protected:
  void SetUp() override {
    dir = test::tempPath("cache");
    llvm::sys::fs::remove_directories(dir);
    for (const char *name : {"NETC_CACHE_DIR", "NETC_CACHE"})
      if (const char *value = std::getenv(name))
        saved.emplace_back(name, value);
    setenv("NETC_CACHE_DIR", dir.c_str(), 1);
    unsetenv("NETC_CACHE");
    ASSERT_FALSE(compilation.load(test::writeTemp("codons.net", kCodonModel)));
    ASSERT_FALSE(compilation.generate());
  }
  void TearDown() override {
    unsetenv("NETC_CACHE_DIR");
    unsetenv("NETC_CACHE");
    for (auto &[name, value] : saved)
      setenv(name.c_str(), value.c_str(), 1);
  }

  std::optional<lowering::JitFunction> compileInfer() {
    return driver::jitCompile(compilation, nn::kInferFn, lowering::jitTarget());
  }

  /// The libraries (.so) in the cache folder.
  std::vector<std::string> libraries() const {
    std::vector<std::string> found;
    std::error_code ec;
    for (llvm::sys::fs::directory_iterator it(dir, ec), end; it != end && !ec;
         it.increment(ec))
      if (llvm::StringRef(it->path()).ends_with(".so"))
        found.push_back(it->path());
    return found;
  }

  std::string dir;
  driver::Compilation compilation;
  std::vector<std::pair<std::string, std::string>> saved;
};

/// @infer of the codon model on `n` seeded random sequences of `length`
/// bases, into `y` of `outputs` rows (by default n).
llvm::Error runInto(lowering::JitFunction &fn, int64_t n, int64_t length,
                    std::vector<float> &y, int64_t outputs = -1) {
  if (outputs < 0)
    outputs = n;
  int64_t codons = length / 3;
  std::mt19937 rng(7);
  std::uniform_real_distribution<float> uniform(-1, 1);
  std::vector<float> x(n * 4 * length), w(5 * 4 * 3), b(5);
  y.assign(outputs * 5 * codons, 0.0f);
  for (std::vector<float> *v : {&x, &w, &b})
    for (float &f : *v)
      f = uniform(rng);
  return fn.run({{x.data(), {n, 4, length}},
                 {w.data(), {5, 4, 3}},
                 {b.data(), {5}}},
                {{y.data(), {outputs, 5, codons}}});
}

std::vector<float> run(lowering::JitFunction &fn, int64_t n, int64_t length) {
  std::vector<float> y;
  if (llvm::Error err = runInto(fn, n, length, y))
    ADD_FAILURE() << llvm::toString(std::move(err));
  return y;
}

TEST_F(PipelineCache, SecondCompileLoadsTheLibraryAndComputesAsTheJit) {
  std::optional<lowering::JitFunction> first = compileInfer();
  ASSERT_TRUE(first);
  EXPECT_FALSE(first->fromCache());
  ASSERT_EQ(libraries().size(), 1u);
  std::optional<lowering::JitFunction> second = compileInfer();
  ASSERT_TRUE(second);
  EXPECT_TRUE(second->fromCache());
  EXPECT_EQ(libraries().size(), 1u);

  std::optional<lowering::JitFunction> jit =
      test::jitFunction(compilation.module(), nn::kInferFn);
  ASSERT_TRUE(jit);
  EXPECT_FALSE(jit->fromCache()) << "no key, no cache";
  // Two batch sizes and lengths: each new set of shapes is bounds-checked
  // by the library itself.
  for (auto [n, length] : {std::pair{3, 12}, std::pair{1, 30}}) {
    std::vector<float> expected = run(*jit, n, length);
    EXPECT_EQ(run(*first, n, length), expected);
    EXPECT_EQ(run(*second, n, length), expected);
  }
}

TEST_F(PipelineCache, WrongShapesAreRefusedAsTheJitRefusesThem) {
  ASSERT_TRUE(compileInfer());
  std::optional<lowering::JitFunction> cached = compileInfer();
  ASSERT_TRUE(cached && cached->fromCache());
  std::optional<lowering::JitFunction> jit =
      test::jitFunction(compilation.module(), nn::kInferFn);
  ASSERT_TRUE(jit);
  std::vector<float> y;
  // Two sequences in, three rows out.
  llvm::Error fromCache = runInto(*cached, 2, 12, y, 3);
  llvm::Error fromJit = runInto(*jit, 2, 12, y, 3);
  ASSERT_TRUE(bool(fromJit)) << "the JIT accepted it";
  ASSERT_TRUE(bool(fromCache)) << "the cache accepted what the JIT refused: "
                               << llvm::toString(std::move(fromJit));
  std::string message = llvm::toString(std::move(fromCache));
  EXPECT_EQ(message, llvm::toString(std::move(fromJit)));
  EXPECT_THAT(message, HasSubstr("running 'infer' failed"));
  // A refused call leaves the function usable.
  EXPECT_EQ(run(*cached, 2, 12), run(*jit, 2, 12));
}

TEST_F(PipelineCache, ADamagedLibraryIsReplacedNotTrusted) {
  ASSERT_TRUE(compileInfer());
  ASSERT_EQ(libraries().size(), 1u);
  std::string library = libraries().front();
  {
    std::error_code ec;
    llvm::raw_fd_ostream os(library, ec);
    os << "not a shared library";
  }
  // The damaged file is removed and this compile falls back to the JIT.
  std::optional<lowering::JitFunction> fallback = compileInfer();
  ASSERT_TRUE(fallback);
  EXPECT_FALSE(fallback->fromCache());
  EXPECT_FALSE(llvm::sys::fs::exists(library));
  // The next one writes it afresh, and the one after loads it.
  ASSERT_TRUE(compileInfer());
  std::optional<lowering::JitFunction> reloaded = compileInfer();
  ASSERT_TRUE(reloaded);
  EXPECT_TRUE(reloaded->fromCache());
  EXPECT_EQ(run(*reloaded, 2, 9), run(*fallback, 2, 9));
}

TEST_F(PipelineCache, OffMeansNoCache) {
  setenv("NETC_CACHE", "off", 1);
  EXPECT_FALSE(lowering::pipelineCacheDir());
  std::optional<lowering::JitFunction> fn = compileInfer();
  ASSERT_TRUE(fn);
  EXPECT_FALSE(fn->fromCache());
  EXPECT_FALSE(llvm::sys::fs::exists(dir));
}

TEST_F(PipelineCache, TheKeyCoversTheFunctionAndTheTarget) {
  Halide::Target host = lowering::jitTarget();
  Halide::Target other = host.with_feature(Halide::Target::Profile);
  std::string key = lowering::pipelineCacheKey("func.func @f()", host);
  EXPECT_EQ(key.size(), 64u);
  EXPECT_EQ(key, lowering::pipelineCacheKey("func.func @f()", host));
  EXPECT_NE(key, lowering::pipelineCacheKey("func.func @g()", host));
  EXPECT_NE(key, lowering::pipelineCacheKey("func.func @f()", other));
}

TEST_F(PipelineCache, AnAllocationThatFailsIsAnErrorNotACrash) {
  // A hidden layer of 512 floats per example: 400 MB for 200,000 examples,
  // which the child process below cannot map.
  driver::Compilation wide;
  ASSERT_FALSE(wide.load(test::writeTemp("wide.net", R"(
model wide(x: f32[N, 16]) -> f32[N, 1] {
  linear(out: 512)
  relu
  linear(out: 1)
}
)")));
  ASSERT_FALSE(wide.generate());
  ASSERT_TRUE(driver::jitCompile(wide, nn::kInferFn, lowering::jitTarget()));
  std::optional<lowering::JitFunction> fn =
      driver::jitCompile(wide, nn::kInferFn, lowering::jitTarget());
  ASSERT_TRUE(fn && fn->fromCache());
  const int64_t n = 200000;
  std::vector<float> x(n * 16, 0.5f), w1(512 * 16, 0.1f), b1(512),
      w2(512, 0.1f), b2(1), y(n);
  EXPECT_EXIT(
      {
        setenv("HL_NUM_THREADS", "1", 1);
        // What is mapped now, plus 64 MB.
        long pages = 0;
        std::ifstream("/proc/self/statm") >> pages;
        rlimit limit;
        limit.rlim_cur = limit.rlim_max =
            pages * sysconf(_SC_PAGESIZE) + (64 << 20);
        setrlimit(RLIMIT_AS, &limit);
        llvm::Error err = fn->run({{x.data(), {n, 16}},
                                   {w1.data(), {512, 16}},
                                   {b1.data(), {512}},
                                   {w2.data(), {1, 512}},
                                   {b2.data(), {1}}},
                                  {{y.data(), {n, 1}}});
        std::string message = err ? llvm::toString(std::move(err)) : "";
        fprintf(stderr, "%s\n", message.c_str());
        exit(message.empty() ? 1 : 0);
      },
      ::testing::ExitedWithCode(0), "running 'infer' failed: .*[Oo]ut of memory");
}

} // namespace
