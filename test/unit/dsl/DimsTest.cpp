//===- DimsTest.cpp - Dimension expressions: text, parsing, values --------===//
#include "dsl/Dims.h"

#include <gtest/gtest.h>

#include <map>

using namespace netc;

namespace {

std::optional<int64_t> eval(llvm::StringRef text,
                            std::map<std::string, int64_t> values) {
  std::optional<ast::Dim> dim = dsl::parseDimText(text);
  EXPECT_TRUE(dim) << text.str();
  if (!dim)
    return std::nullopt;
  return dsl::evaluateDim(*dim, [&](llvm::StringRef s) -> std::optional<int64_t> {
    auto it = values.find(s.str());
    if (it == values.end())
      return std::nullopt;
    return it->second;
  });
}

TEST(Dims, FormatIsCanonicalAndParsesBack) {
  for (const char *text : {"4", "L", "L / 3", "(L - 7) / 2 + 1", "L - (K - 1)",
                           "2 * (L + 1)", "L / (2 * S)", "L - K - 1"}) {
    std::optional<ast::Dim> dim = dsl::parseDimText(text);
    ASSERT_TRUE(dim) << text;
    EXPECT_EQ(dsl::formatDim(*dim), text);
  }
  // Redundant parentheses and spacing disappear.
  EXPECT_EQ(dsl::formatDim(*dsl::parseDimText("((L))/3")), "L / 3");
}

TEST(Dims, EvaluatesWithFloorDivisionAndPrecedence) {
  EXPECT_EQ(eval("L / 3", {{"L", 10}}), 3);
  EXPECT_EQ(eval("(L - 7) / 2 + 1", {{"L", 20}}), 7);
  EXPECT_EQ(eval("L - 7 / 2 + 1", {{"L", 20}}), 18);
  EXPECT_EQ(eval("(L - 9) / 2", {{"L", 4}}), -3); // floor, not truncation
  EXPECT_EQ(eval("L - K - 1", {{"L", 10}, {"K", 3}}), 6);
}

TEST(Dims, UnknownSymbolsAndDivisionByZeroHaveNoValue) {
  EXPECT_EQ(eval("L / 3", {}), std::nullopt);
  EXPECT_EQ(eval("L / (K - 2)", {{"L", 9}, {"K", 2}}), std::nullopt);
}

TEST(Dims, RejectsMalformedText) {
  for (const char *text : {"", "L /", "(L", "L)", "3 L", "L..2", "\"x\""})
    EXPECT_FALSE(dsl::parseDimText(text)) << text;
}

TEST(Dims, CollectsSymbolsOnce) {
  llvm::SmallVector<std::string> symbols;
  dsl::collectSymbols(*dsl::parseDimText("(L - K) / S + L"), symbols);
  EXPECT_EQ(symbols, (llvm::SmallVector<std::string>{"L", "K", "S"}));
}

} // namespace
