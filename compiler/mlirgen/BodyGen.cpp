//===- BodyGen.cpp - Statements of a model or block body into @infer ------===//
//
// A sequential body is a chain: each layer statement consumes the running
// value and produces the next. The graph form (docs/language.md) adds named
// values, `+` (nn.add), `concat` (nn.concat) and blocks. A block use
// generates the block's checked instance with its own numbering under the
// use's number, as a PyTorch submodule would name it ("3.0.weight").
// `concat` and `+` are not layers: they take no number, so adding a
// residual does not rename the parameters after it.
//
//===----------------------------------------------------------------------===//
#include "compiler/mlirgen/BodyGen.h"

#include "compiler/dialect/NNDialect.h"
#include "compiler/mlirgen/LayerBuilder.h"
#include "compiler/mlirgen/MLIRGen.h"

using namespace mlir;
using namespace netc::nn;

namespace netc {

namespace {

/// `f32[?, 16, 10]`, as the .net language writes types.
std::string describe(Type type) {
  auto tensor = cast<RankedTensorType>(type);
  std::string text = "f32[";
  for (int64_t i = 0; i < tensor.getRank(); ++i) {
    if (i)
      text += ", ";
    text += ShapedType::isDynamic(tensor.getDimSize(i))
                ? std::string("?")
                : std::to_string(tensor.getDimSize(i));
  }
  return text + "]";
}

class BodyGenerator {
public:
  BodyGenerator(OpBuilder &builder, func::FuncOp infer,
                llvm::StringMap<Value> values, Value running,
                StringRef prefix, unsigned &applications)
      : builder(builder), infer(infer), values(std::move(values)),
        running(running), prefix(prefix.str()), applications(applications) {}

  FailureOr<Value> generate(ArrayRef<ast::Statement> body) {
    for (const ast::Statement &stmt : body) {
      FailureOr<Value> next = failure();
      switch (stmt.kind) {
      case ast::Statement::Kind::Binding:
        continue; // folded into the statements that use it
      case ast::Statement::Kind::Layer:
        next = layer(stmt, running);
        break;
      case ast::Statement::Kind::Value:
        next = expr(stmt.value);
        break;
      }
      if (failed(next))
        return failure();
      running = *next;
      if (stmt.kind == ast::Statement::Kind::Value && !stmt.name.empty())
        values[stmt.name] = running;
    }
    return running;
  }

private:
  Location loc(const ast::Location &l) {
    return toLocation(*builder.getContext(), l);
  }

  /// The parameter prefix of the next layer application.
  std::string nextNumber() {
    std::string number = std::to_string(count++);
    return prefix.empty() ? number : prefix + "." + number;
  }

  FailureOr<Value> layer(const ast::Statement &stmt, Value input) {
    const LayerBuilderEntry *entry = findLayerBuilder(stmt.name);
    if (!entry)
      return emitError(loc(stmt.loc))
             << "layer '" << stmt.name << "' has no MLIR generator yet";
    LayerContext context(builder, infer, stmt, applications++, nextNumber(),
                         loc(stmt.loc));
    return entry->build(context, input);
  }

  FailureOr<Value> expr(const ast::Expr &e) {
    switch (e.kind) {
    case ast::Expr::Kind::Identifier:
      return values.lookup(e.text);
    case ast::Expr::Kind::Binary:
      return add(e);
    case ast::Expr::Kind::Call:
      break;
    default:
      return emitError(loc(e.loc)) << "not a value: dsl::checkFile must run "
                                      "first";
    }
    SmallVector<Value> inputs;
    for (const ast::Expr &operand : e.operands) {
      FailureOr<Value> v = expr(operand);
      if (failed(v))
        return failure();
      inputs.push_back(*v);
    }
    if (e.text == "concat")
      return concat(e, inputs);
    Value input = inputs.empty() ? running : inputs.front();
    if (e.instance)
      return block(e, input, inputs);
    ast::Statement stmt;
    stmt.kind = ast::Statement::Kind::Layer;
    stmt.loc = e.loc;
    stmt.name = e.text;
    stmt.args = e.args;
    return layer(stmt, input);
  }

  /// `h + x`: both sides must have one type (nn.add's rule); a symbolic
  /// extent against a number is also refused, as it cannot be checked
  /// before the program runs.
  FailureOr<Value> add(const ast::Expr &e) {
    FailureOr<Value> lhs = expr(e.operands[0]);
    if (failed(lhs))
      return failure();
    FailureOr<Value> rhs = expr(e.operands[1]);
    if (failed(rhs))
      return failure();
    if (lhs->getType() != rhs->getType())
      return emitError(loc(e.opLoc))
             << "cannot add values of different shapes: "
             << describe(lhs->getType()) << " + " << describe(rhs->getType());
    return builder.create<AddOp>(loc(e.opLoc), *lhs, *rhs).getResult();
  }

  FailureOr<Value> concat(const ast::Expr &e, ArrayRef<Value> inputs) {
    int64_t axis = static_cast<int64_t>(e.args.front().value.number);
    const ast::Location &axisLoc = e.args.front().value.loc;
    int64_t rank = cast<RankedTensorType>(inputs.front().getType()).getRank();
    if (axis < -rank || axis >= rank)
      return emitError(loc(axisLoc))
             << "concat axis " << axis << " is out of range for values of "
             << "rank " << rank << " (expected " << -rank << " to "
             << rank - 1 << ")";
    if (axis == 0 || axis == -rank)
      return emitError(loc(axisLoc))
             << "concat along axis 0, the batch, is not supported";
    for (size_t i = 1; i < inputs.size(); ++i) {
      auto a = cast<RankedTensorType>(inputs.front().getType());
      auto b = cast<RankedTensorType>(inputs[i].getType());
      int64_t resolved = axis < 0 ? axis + rank : axis;
      bool agree = a.getRank() == b.getRank();
      for (int64_t d = 0; agree && d < rank; ++d)
        agree = d == resolved || a.getDimSize(d) == b.getDimSize(d);
      if (!agree)
        return emitError(loc(e.operands[i].loc))
               << "cannot concat along axis " << axis << ": "
               << describe(a) << " and " << describe(b)
               << " differ on another axis";
    }
    NamedAttribute attr =
        builder.getNamedAttr("axis", builder.getI64IntegerAttr(axis));
    return createInferred<ConcatOp>(builder, loc(e.loc), inputs, {attr});
  }

  FailureOr<Value> block(const ast::Expr &e, Value input,
                         ArrayRef<Value> inputs) {
    const ast::BlockInstance &instance = *e.instance;
    llvm::StringMap<Value> params;
    for (auto [name, value] : llvm::zip(instance.valueParams, inputs))
      params[name] = value;
    if (inputs.empty()) // applied to the running value
      params[instance.valueParams.front()] = input;
    return BodyGenerator(builder, infer, std::move(params), input,
                         nextNumber(), applications)
        .generate(instance.body);
  }

  OpBuilder &builder;
  func::FuncOp infer;
  llvm::StringMap<Value> values;
  Value running;
  std::string prefix;
  unsigned count = 0;          ///< Layer applications of this body so far.
  unsigned &applications;      ///< Of the whole model (LayerContext).
};

} // namespace

FailureOr<Value> generateBody(OpBuilder &builder, func::FuncOp infer,
                              ArrayRef<ast::Statement> body,
                              llvm::StringMap<Value> values, Value running,
                              StringRef prefix) {
  unsigned applications = 0;
  return BodyGenerator(builder, infer, std::move(values), running, prefix,
                       applications)
      .generate(body);
}

} // namespace netc
