//===- Dims.cpp - Dimension expressions of tensor types -------------------===//
#include "dsl/Dims.h"

#include "dsl/Diagnostics.h"
#include "dsl/Parser.h"

#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

namespace netc::dsl {
namespace {

using Kind = ast::Dim::Kind;

int precedence(Kind kind) {
  switch (kind) {
  case Kind::Add:
  case Kind::Sub:
    return 1;
  case Kind::Mul:
  case Kind::Div:
    return 2;
  default:
    return 3;
  }
}

char operatorChar(Kind kind) {
  switch (kind) {
  case Kind::Add:
    return '+';
  case Kind::Sub:
    return '-';
  case Kind::Mul:
    return '*';
  default:
    return '/';
  }
}

void format(const ast::Dim &dim, llvm::raw_ostream &os) {
  switch (dim.kind) {
  case Kind::Constant:
    os << dim.size;
    return;
  case Kind::Symbol:
    os << dim.symbol;
    return;
  default:
    break;
  }
  // Left-associative: parenthesise a left operand of lower precedence and a
  // right operand of lower or equal precedence.
  const ast::Dim &lhs = dim.operands[0], &rhs = dim.operands[1];
  bool wrapLeft = precedence(lhs.kind) < precedence(dim.kind);
  bool wrapRight = precedence(rhs.kind) <= precedence(dim.kind);
  if (wrapLeft)
    os << '(';
  format(lhs, os);
  if (wrapLeft)
    os << ')';
  os << ' ' << operatorChar(dim.kind) << ' ';
  if (wrapRight)
    os << '(';
  format(rhs, os);
  if (wrapRight)
    os << ')';
}

int64_t floorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

} // namespace

std::string formatDim(const ast::Dim &dim) {
  std::string text;
  llvm::raw_string_ostream os(text);
  format(dim, os);
  return text;
}

std::optional<ast::Dim> parseDimText(llvm::StringRef text) {
  // "model m(x: f32[DIM]) -> f32[DIM] { }" would need a whole model; parse
  // the expression alone through the parser's dimension entry point.
  llvm::SourceMgr sm;
  unsigned id = sm.AddNewSourceBuffer(
      llvm::MemoryBuffer::getMemBufferCopy(text, "<dim>"), llvm::SMLoc());
  std::string ignored;
  llvm::raw_string_ostream sink(ignored);
  Diagnostics diags(sm, &sink);
  return parseDimension(id, diags);
}

std::optional<int64_t>
evaluateDim(const ast::Dim &dim,
            llvm::function_ref<std::optional<int64_t>(llvm::StringRef)> symbol) {
  switch (dim.kind) {
  case Kind::Constant:
    return dim.size;
  case Kind::Symbol:
    return symbol(dim.symbol);
  default:
    break;
  }
  std::optional<int64_t> a = evaluateDim(dim.operands[0], symbol);
  std::optional<int64_t> b = evaluateDim(dim.operands[1], symbol);
  if (!a || !b)
    return std::nullopt;
  switch (dim.kind) {
  case Kind::Add:
    return *a + *b;
  case Kind::Sub:
    return *a - *b;
  case Kind::Mul:
    return *a * *b;
  default:
    if (*b == 0)
      return std::nullopt;
    return floorDiv(*a, *b);
  }
}

void collectSymbols(const ast::Dim &dim,
                    llvm::SmallVectorImpl<std::string> &symbols) {
  if (dim.kind == Kind::Symbol) {
    if (llvm::find(symbols, dim.symbol) == symbols.end())
      symbols.push_back(dim.symbol);
    return;
  }
  for (const ast::Dim &operand : dim.operands)
    collectSymbols(operand, symbols);
}

} // namespace netc::dsl
