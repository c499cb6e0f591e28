//===- ASTPrinter.cpp - `netc --emit=ast` ---------------------------------===//
//
// One node per line, children indented by two spaces, each line ending in
// `@line:col` so lit tests can check both structure and locations. The
// file's hyperparameters come first, then models, then train blocks:
//
//   binding lr = 0.01 @1:1
//   model line @2:1
//     input x : f32[N, 1] @2:12
//     result f32[N, 1] @2:29
//     binding hidden = 4 @3:3
//     layer linear @4:3
//       out = 4 @4:10
//       bias = true @4:3
//   train line @7:1
//     loss = mse @9:3
//
// Graph form: a block prints as `block name(params)` with its body; a Value
// statement as `value h` (or `value` when unnamed) over its graph
// expression: `call conv1d` with its input values under `input`, `add`
// with both operands, `ref x` for a value name. A checked block use
// prints its instance's body under `instance`.
//
// Arguments are printed in the order the tree holds them: as written before
// Sema, canonical (all of them, catalog order) after it. A filled-in default
// carries the location of the node that lacked it.
//
//===----------------------------------------------------------------------===//
#include "dsl/ASTPrinter.h"

#include "dsl/Dims.h"

#include "dsl/ExprPrinter.h"

#include "llvm/ADT/StringExtras.h"

using namespace netc;
using namespace netc::dsl;

namespace {

class ASTPrinter {
public:
  explicit ASTPrinter(llvm::raw_ostream &os) : os(os) {}

  void print(const ast::File &file);

private:
  void print(const ast::Model &model);
  void print(const ast::Train &train);
  void print(const ast::Statement &stmt);
  void print(const ast::Block &block);
  void printGraph(const ast::Expr &expr);
  void print(const ast::TensorType &type);
  void printArgument(const std::string &name, const ast::Expr &value,
                     const ast::Location &loc);
  void at(const ast::Location &loc) {
    os << " @" << loc.line << ':' << loc.col << '\n';
  }
  llvm::raw_ostream &line() { return os.indent(indent); }

  llvm::raw_ostream &os;
  unsigned indent = 0;
};

} // namespace

void ASTPrinter::print(const ast::File &file) {
  for (const ast::Statement &binding : file.bindings)
    print(binding);
  for (const ast::Block &block : file.blocks)
    print(block);
  for (const ast::Model &model : file.models)
    print(model);
  for (const ast::Train &train : file.trains)
    print(train);
}

void ASTPrinter::print(const ast::Model &model) {
  line() << "model " << model.name;
  at(model.loc);
  indent += 2;
  for (const ast::Input &input : model.inputs) {
    line() << "input " << input.name << " : ";
    print(input.type);
    at(input.loc);
  }
  for (const ast::Input &result : model.results) {
    line() << "result ";
    if (!result.name.empty())
      os << result.name << " : ";
    print(result.type);
    at(result.loc);
  }
  for (const ast::Statement &stmt : model.body)
    print(stmt);
  indent -= 2;
}

void ASTPrinter::print(const ast::TensorType &type) {
  os << type.dtype << '[';
  llvm::ListSeparator sep;
  for (const ast::Dim &dim : type.dims) {
    os << sep;
    os << formatDim(dim);
  }
  os << ']';
}

void ASTPrinter::print(const ast::Block &block) {
  line() << "block " << block.name << '(';
  llvm::ListSeparator sep;
  for (const ast::Input &param : block.params)
    os << sep << param.name;
  os << ')';
  at(block.loc);
  indent += 2;
  for (const ast::Statement &stmt : block.body)
    print(stmt);
  indent -= 2;
}

void ASTPrinter::printGraph(const ast::Expr &expr) {
  switch (expr.kind) {
  case ast::Expr::Kind::Identifier:
    line() << "ref " << expr.text;
    at(expr.loc);
    return;
  case ast::Expr::Kind::Binary:
    line() << "add";
    at(expr.opLoc);
    break;
  case ast::Expr::Kind::Call:
    line() << "call " << expr.text;
    at(expr.loc);
    break;
  default:
    line();
    printExpr(expr, os);
    at(expr.loc);
    return;
  }
  indent += 2;
  for (const ast::Expr &operand : expr.operands) {
    if (expr.kind == ast::Expr::Kind::Call) {
      line() << "input";
      at(operand.loc);
      indent += 2;
      printGraph(operand);
      indent -= 2;
    } else {
      printGraph(operand);
    }
  }
  for (const ast::Argument &arg : expr.args)
    printArgument(arg.name, arg.value, arg.loc);
  if (expr.instance) {
    line() << "instance " << expr.instance->block;
    at(expr.loc);
    indent += 2;
    for (const ast::Statement &stmt : expr.instance->body)
      print(stmt);
    indent -= 2;
  }
  indent -= 2;
}

void ASTPrinter::print(const ast::Statement &stmt) {
  if (stmt.kind == ast::Statement::Kind::Value) {
    line() << "value" << (stmt.name.empty() ? "" : " ") << stmt.name;
    at(stmt.loc);
    indent += 2;
    printGraph(stmt.value);
    indent -= 2;
    return;
  }
  if (stmt.kind == ast::Statement::Kind::Binding) {
    line() << "binding " << stmt.name << " = ";
    printExpr(stmt.value, os);
    at(stmt.loc);
    return;
  }
  line() << "layer " << stmt.name;
  at(stmt.loc);
  indent += 2;
  for (const ast::Argument &arg : stmt.args)
    printArgument(arg.name, arg.value, arg.loc);
  indent -= 2;
}

void ASTPrinter::print(const ast::Train &train) {
  line() << "train " << train.model;
  at(train.loc);
  indent += 2;
  for (const ast::Setting &setting : train.settings)
    printArgument(setting.key, setting.value, setting.loc);
  indent -= 2;
}

/// `name = value`, or just `value` for a positional argument.
void ASTPrinter::printArgument(const std::string &name, const ast::Expr &value,
                               const ast::Location &loc) {
  line();
  if (!name.empty())
    os << name << " = ";
  printExpr(value, os);
  at(loc);
}

void netc::dsl::printAST(const ast::File &file, llvm::raw_ostream &os) {
  ASTPrinter(os).print(file);
}
