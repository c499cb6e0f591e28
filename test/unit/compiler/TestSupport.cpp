//===- TestSupport.cpp - Shared helpers of the compiler tests -------------===//
#include "TestSupport.h"

#include "llvm/Support/raw_ostream.h"

#include "compiler/dialect/NNDialect.h"

#include "mlir/Parser/Parser.h"

#include <gtest/gtest.h>

namespace netc::test {

std::unique_ptr<mlir::MLIRContext> makeContext() {
  mlir::DialectRegistry registry;
  registry.insert<nn::NNDialect, mlir::func::FuncDialect,
                  mlir::arith::ArithDialect>();
  auto context = std::make_unique<mlir::MLIRContext>(registry);
  context->loadAllAvailableDialects();
  return context;
}

mlir::OwningOpRef<mlir::ModuleOp> parseModule(mlir::MLIRContext &context,
                                              const std::string &text) {
  auto module = mlir::parseSourceString<mlir::ModuleOp>(text, &context);
  EXPECT_TRUE(module) << "could not parse:\n" << text;
  return module;
}

std::optional<lowering::JitFunction> jitFunction(mlir::ModuleOp module,
                                                 llvm::StringRef name) {
  auto fn = module.lookupSymbol<mlir::func::FuncOp>(name);
  EXPECT_TRUE(fn) << "no @" << name.str();
  if (!fn)
    return std::nullopt;
  auto lowered =
      lowering::lowerToHalide(fn, lowering::jitTarget());
  EXPECT_TRUE(lowered) << "lowering @" << name.str() << " failed";
  if (!lowered)
    return std::nullopt;
  auto jit = lowering::JitFunction::compile(std::move(*lowered));
  if (!jit) {
    ADD_FAILURE() << llvm::toString(jit.takeError());
    return std::nullopt;
  }
  return std::move(*jit);
}

std::string tempPath(const std::string &name) {
  // ctest runs tests in parallel processes: keep their files apart.
  const auto *info = ::testing::UnitTest::GetInstance()->current_test_info();
  std::string prefix = info ? std::string(info->test_suite_name()) + "." +
                                  info->name() + "."
                            : "";
  for (char &c : prefix)
    if (c == '/')
      c = '_';
  return ::testing::TempDir() + "/" + prefix + name;
}

std::string writeTemp(const std::string &name, const std::string &text) {
  std::string path = tempPath(name);
  std::error_code ec;
  llvm::raw_fd_ostream os(path, ec);
  EXPECT_FALSE(ec) << path << ": " << ec.message();
  os << text;
  return path;
}

} // namespace netc::test
