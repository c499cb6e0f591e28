//===- BodyGen.cpp - Statements of a model or block body into @infer ------===//
//
// A sequential body is a chain: each layer statement consumes the running
// value and produces the next. The graph form (docs/language.md) adds named
// values, `+` (nn.add), `concat` (nn.concat) and blocks. A block use
// generates the block's checked instance with its own numbering under the
// use's number, as a PyTorch submodule would name it ("3.0.weight").
// `concat` and `+` are not layers: they take no number, so adding a
// residual does not rename the parameters after it.
// `+` compares shapes with their symbols: each value carries the .net names
// of its extents (SymbolicShape), from the inputs' declared types through
// the layers that keep an extent, so f32[N, 16, L] from two paths adds, and
// L against M is an error naming both shapes. An extent a layer computes
// (a strided convolution, a pool) is unknown: it adds to any symbolic one
// and the pointwise kernel checks it when it runs.
//
//===----------------------------------------------------------------------===//
#include "compiler/mlirgen/BodyGen.h"

#include "compiler/dialect/NNDialect.h"
#include "compiler/mlirgen/LayerBuilder.h"
#include "compiler/mlirgen/MLIRGen.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"

using namespace mlir;
using namespace netc::nn;

namespace netc {

namespace {

/// The extents of a value as .net writes them: a number, a symbol of the
/// inputs' types (`L`), or "?" for a computed extent not known by name.
using SymbolicShape = std::vector<std::string>;
constexpr llvm::StringLiteral kUnknown = "?";

/// `f32[N, 16, L]`, as the .net language writes types.
std::string describe(const SymbolicShape &shape) {
  return "f32[" + llvm::join(shape, ", ") + "]";
}

bool isNumber(llvm::StringRef extent) {
  return !extent.empty() && llvm::all_of(extent, llvm::isDigit);
}

/// An integer or a list of them (a per-dimension argument), as a list.
SmallVector<int64_t> integers(const ast::Expr *e) {
  SmallVector<int64_t> values;
  if (!e)
    return values;
  if (e->kind == ast::Expr::Kind::Number)
    values.push_back(static_cast<int64_t>(e->number));
  for (const ast::Expr &element : e->elements)
    if (element.kind == ast::Expr::Kind::Number)
      values.push_back(static_cast<int64_t>(element.number));
  return values;
}

const ast::Expr *findArg(const ast::Statement &stmt, StringRef name) {
  for (const ast::Argument &arg : stmt.args)
    if (arg.name == name)
      return &arg.value;
  return nullptr;
}

/// Whether the layer's output keeps every extent of its input but the
/// channels: the elementwise layers, and a convolution with stride 1 whose
/// padding makes up for its (dilated) kernel.
bool keepsExtents(const ast::Statement &stmt) {
  static const llvm::StringSet<> elementwise = {
      "relu",    "sigmoid",     "tanh",      "leaky_relu", "elu",
      "softmax", "log_softmax", "batchnorm", "dropout"};
  if (elementwise.contains(stmt.name))
    return true;
  if (stmt.name != "conv1d" && stmt.name != "conv2d")
    return false;
  const ast::Expr *padding = findArg(stmt, "padding");
  if (padding && padding->kind == ast::Expr::Kind::Identifier)
    return padding->text == "same"; // stride 1 only (Sema)
  size_t rank = stmt.name == "conv1d" ? 1 : 2;
  auto perDimension = [&](StringRef name, int64_t fallback) {
    SmallVector<int64_t> v = integers(findArg(stmt, name));
    if (v.empty())
      v.push_back(fallback);
    v.resize(rank, v.back());
    return v;
  };
  SmallVector<int64_t> kernel = perDimension("kernel", 0);
  SmallVector<int64_t> stride = perDimension("stride", 1);
  SmallVector<int64_t> pad = perDimension("padding", 0);
  SmallVector<int64_t> dilation = perDimension("dilation", 1);
  for (size_t d = 0; d < rank; ++d)
    if (stride[d] != 1 || 2 * pad[d] != dilation[d] * (kernel[d] - 1))
      return false;
  return true;
}

class BodyGenerator {
public:
  BodyGenerator(OpBuilder &builder, func::FuncOp infer,
                llvm::StringMap<Value> values, Value running,
                StringRef prefix, unsigned &applications,
                llvm::DenseMap<Value, SymbolicShape> &shapes)
      : builder(builder), infer(infer), values(std::move(values)),
        running(running), prefix(prefix.str()), applications(applications),
        shapes(shapes) {}

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

  const llvm::StringMap<Value> &namedValues() const { return values; }

private:
  Location loc(const ast::Location &l) {
    return toLocation(*builder.getContext(), l);
  }

  /// The extents of `v` by name: the input's declared dims, or what a
  /// statement recorded, else numbers and "?" from its type.
  SymbolicShape shapeOf(Value v) {
    if (auto it = shapes.find(v); it != shapes.end())
      return it->second;
    SymbolicShape shape;
    if (auto arg = dyn_cast<BlockArgument>(v))
      if (arg.getOwner()->getParentOp() == infer.getOperation())
        if (auto dims = infer.getArgAttrOfType<ArrayAttr>(arg.getArgNumber(),
                                                          kDimsAttr))
          for (Attribute dim : dims)
            shape.push_back(cast<StringAttr>(dim).getValue().str());
    auto type = cast<RankedTensorType>(v.getType());
    if (shape.size() != static_cast<size_t>(type.getRank())) {
      shape.clear();
      for (int64_t extent : type.getShape())
        shape.push_back(ShapedType::isDynamic(extent) ? kUnknown.str()
                                                      : std::to_string(extent));
    }
    return shapes[v] = shape;
  }

  /// A layer's result: its own static extents; the batch, and every
  /// extent a shape-keeping layer passes through, named as in its input.
  void recordLayerShape(const ast::Statement &stmt, Value input,
                        Value result) {
    SymbolicShape in = shapeOf(input);
    auto type = cast<RankedTensorType>(result.getType());
    SymbolicShape out;
    bool keeps = keepsExtents(stmt) &&
                 in.size() == static_cast<size_t>(type.getRank());
    for (int64_t d = 0; d < type.getRank(); ++d) {
      int64_t extent = type.getDimSize(d);
      if (!ShapedType::isDynamic(extent))
        out.push_back(std::to_string(extent));
      else if ((d == 0 || keeps) && !in.empty() && !isNumber(in[d]))
        out.push_back(in[d]);
      else
        out.push_back(kUnknown.str());
    }
    shapes[result] = out;
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
    FailureOr<Value> result = entry->build(context, input);
    if (succeeded(result) && isa<RankedTensorType>(result->getType()))
      recordLayerShape(stmt, input, *result);
    return result;
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

  /// `h + x`: both sides must have one type (nn.add's rule) and agree
  /// extent by extent once symbols are unified: equal numbers, the same
  /// symbol, or an unknown extent against a symbol (checked when it runs).
  /// A symbol against a number is refused, as nn.add needs one type.
  FailureOr<Value> add(const ast::Expr &e) {
    FailureOr<Value> lhs = expr(e.operands[0]);
    if (failed(lhs))
      return failure();
    FailureOr<Value> rhs = expr(e.operands[1]);
    if (failed(rhs))
      return failure();
    SymbolicShape a = shapeOf(*lhs), b = shapeOf(*rhs);
    bool agree = lhs->getType() == rhs->getType();
    SymbolicShape sum = a;
    for (size_t d = 0; agree && d < a.size(); ++d) {
      if (a[d] == kUnknown)
        sum[d] = b[d];
      else
        agree = b[d] == kUnknown || a[d] == b[d];
    }
    if (!agree)
      return emitError(loc(e.opLoc))
             << "cannot add values of different shapes: " << describe(a)
             << " + " << describe(b);
    Value result = builder.create<AddOp>(loc(e.opLoc), *lhs, *rhs);
    shapes[result] = sum;
    return result;
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
               << describe(shapeOf(inputs.front())) << " and "
               << describe(shapeOf(inputs[i])) << " differ on another axis";
    }
    NamedAttribute attr =
        builder.getNamedAttr("axis", builder.getI64IntegerAttr(axis));
    FailureOr<Value> result =
        createInferred<ConcatOp>(builder, loc(e.loc), inputs, {attr});
    if (succeeded(result)) {
      // The other extents are input 0's; the axis is their sum.
      SymbolicShape shape = shapeOf(inputs.front());
      int64_t extent = cast<RankedTensorType>(result->getType())
                           .getDimSize(axis < 0 ? axis + rank : axis);
      shape[axis < 0 ? axis + rank : axis] =
          ShapedType::isDynamic(extent) ? kUnknown.str()
                                        : std::to_string(extent);
      shapes[*result] = shape;
    }
    return result;
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
                         nextNumber(), applications, shapes)
        .generate(instance.body);
  }

  OpBuilder &builder;
  func::FuncOp infer;
  llvm::StringMap<Value> values;
  Value running;
  std::string prefix;
  unsigned count = 0;          ///< Layer applications of this body so far.
  unsigned &applications;      ///< Of the whole model (LayerContext).
  llvm::DenseMap<Value, SymbolicShape> &shapes; ///< Of the whole model.
};

} // namespace

FailureOr<Value> generateBody(OpBuilder &builder, func::FuncOp infer,
                              ArrayRef<ast::Statement> body,
                              llvm::StringMap<Value> values, Value running,
                              StringRef prefix,
                              llvm::StringMap<Value> *namedOut) {
  unsigned applications = 0;
  llvm::DenseMap<Value, SymbolicShape> shapes;
  BodyGenerator generator(builder, infer, std::move(values), running, prefix,
                          applications, shapes);
  FailureOr<Value> result = generator.generate(body);
  if (succeeded(result) && namedOut)
    *namedOut = generator.namedValues();
  return result;
}

} // namespace netc
