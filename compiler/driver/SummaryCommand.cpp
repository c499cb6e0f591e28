//===- SummaryCommand.cpp - `netc summary` --------------------------------===//
//
// A table of the selected model's layers, one row per op of @infer (MLIRGen
// builds exactly one op per layer statement, so row i is layer i and owns
// the parameters "i.weight", "i.bias", ...): the output shape, the trainable
// parameters the op reads, and the FLOPs it costs per example; then totals.
//
// Shapes: MLIR types only know `?` for a symbolic extent, so the extents are
// carried along as dimension expressions (ast::Dim), starting from the
// input's `nn.dims`, through each op's shape rule written symbolically here.
// A derived expression that always equals one the signature spells (for
// example (L - 3 + 3) / 3 and `L / 3`) is shown as the signature spells it.
//
// FLOPs (docs/summary.md has the table): a multiply-add is 2. linear
// 2·in·out, conv 2·Cin·kernel·(output elements), activations and softmax 1
// per element, batchnorm 2 per element (its statistics fold into one scale
// and shift), windowed pooling the window size per output element, global
// pooling and maxout 1 per input element, flatten 0. Biases are not
// counted. A count that depends on a symbol is printed as a formula in it.
//
//===----------------------------------------------------------------------===//
#include "compiler/dialect/NNConvGeometry.h"
#include "compiler/dialect/NNDialect.h"
#include "compiler/driver/Commands.h"
#include "compiler/driver/Frontend.h"
#include "dsl/Dims.h"

#include "llvm/Support/Format.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

#include <map>

using namespace mlir;
using netc::ast::Dim;

namespace netc::driver {
namespace {

//===----------------------------------------------------------------------===//
// Dimension expressions, folded as they are built
//===----------------------------------------------------------------------===//

Dim constant(int64_t value) {
  Dim d;
  d.size = value;
  return d;
}

Dim binary(Dim::Kind kind, Dim lhs, Dim rhs) {
  Dim d;
  d.kind = kind;
  d.operands = {std::move(lhs), std::move(rhs)};
  return d;
}

int64_t floorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

/// `d + c`, merging constants: (L - 3) + 3 is L.
Dim plus(const Dim &d, int64_t c) {
  if (c == 0)
    return d;
  if (d.isConstant())
    return constant(d.size + c);
  if ((d.kind == Dim::Kind::Add || d.kind == Dim::Kind::Sub) &&
      d.operands[1].isConstant()) {
    int64_t inner = d.kind == Dim::Kind::Add ? d.operands[1].size
                                             : -d.operands[1].size;
    return plus(d.operands[0], inner + c);
  }
  return c > 0 ? binary(Dim::Kind::Add, d, constant(c))
               : binary(Dim::Kind::Sub, d, constant(-c));
}

/// `floor(d / s)` for s > 0.
Dim divide(const Dim &d, int64_t s) {
  if (s == 1)
    return d;
  if (d.isConstant())
    return constant(floorDiv(d.size, s));
  return binary(Dim::Kind::Div, d, constant(s));
}

/// Sliding windows: floor((e + pad - span) / stride) + 1 windows along an
/// extent e, written as floor((e + pad - span + stride) / stride).
Dim windows(const Dim &extent, int64_t pad, int64_t span, int64_t stride) {
  return divide(plus(extent, pad - span + stride), stride);
}

//===----------------------------------------------------------------------===//
// Counts that may depend on symbols: sums of products of extents
//===----------------------------------------------------------------------===//

/// Σ coefficient · Π factors; a factor is the text of a non-constant
/// extent ("L", "L / 3"). The empty product is the constant term.
class Count {
public:
  Count() = default;
  explicit Count(int64_t c) {
    if (c)
      terms[{}] = c;
  }

  /// The product of `dims` (an example's extents).
  static Count product(llvm::ArrayRef<Dim> dims) {
    int64_t coefficient = 1;
    std::vector<std::string> factors;
    for (const Dim &d : dims)
      factorize(d, coefficient, factors);
    llvm::sort(factors);
    Count c;
    if (coefficient)
      c.terms[factors] = coefficient;
    return c;
  }

  Count operator*(int64_t k) const {
    Count c;
    if (k)
      for (const auto &[factors, coefficient] : terms)
        c.terms[factors] = coefficient * k;
    return c;
  }

  Count &operator+=(const Count &other) {
    for (const auto &[factors, coefficient] : other.terms)
      if ((terms[factors] += coefficient) == 0)
        terms.erase(factors);
    return *this;
  }

  bool isConstant() const {
    return terms.empty() || (terms.size() == 1 && terms.begin()->first.empty());
  }
  int64_t constantTerm() const {
    auto it = terms.find({});
    return it == terms.end() ? 0 : it->second;
  }

  /// `12,821`, or `12821 * (L / 3)` when the count depends on a symbol.
  std::string str() const;

private:
  /// Splits products (flatten's `12 * (L / 3)`) so that like terms meet.
  static void factorize(const Dim &d, int64_t &coefficient,
                        std::vector<std::string> &factors) {
    if (d.isConstant()) {
      coefficient *= d.size;
    } else if (d.kind == Dim::Kind::Mul) {
      factorize(d.operands[0], coefficient, factors);
      factorize(d.operands[1], coefficient, factors);
    } else {
      factors.push_back(dsl::formatDim(d));
    }
  }

  std::map<std::vector<std::string>, int64_t> terms;
};

std::string withCommas(int64_t n) {
  std::string digits = std::to_string(n < 0 ? -n : n), text;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0)
      text += ',';
    text += digits[i];
  }
  return (n < 0 ? "-" : "") + text;
}

std::string Count::str() const {
  if (isConstant())
    return withCommas(constantTerm());
  std::string text;
  // Symbolic terms first (the map puts the constant term first), so the
  // dominant cost leads.
  for (auto it = terms.rbegin(); it != terms.rend(); ++it) {
    const auto &[factors, coefficient] = *it;
    if (!text.empty())
      text += coefficient < 0 ? " - " : " + ";
    else if (coefficient < 0)
      text += "-";
    int64_t magnitude = coefficient < 0 ? -coefficient : coefficient;
    std::string term = magnitude == 1 && !factors.empty()
                           ? ""
                           : std::to_string(magnitude);
    for (const std::string &f : factors) {
      if (!term.empty())
        term += " * ";
      term += f.find(' ') == std::string::npos ? f : "(" + f + ")";
    }
    text += term;
  }
  return text;
}

//===----------------------------------------------------------------------===//
// One row per layer op
//===----------------------------------------------------------------------===//

using Dims = std::vector<Dim>;

struct Row {
  std::string layer;
  Dims shape;
  int64_t params = 0;  ///< trainable
  int64_t buffers = 0; ///< batchnorm's running statistics
  std::optional<Count> flops;
};

std::string formatShape(const Dims &dims) {
  std::string text = "[";
  for (size_t i = 0; i < dims.size(); ++i)
    text += (i ? ", " : "") + dsl::formatDim(dims[i]);
  return text + "]";
}

/// The dimension expressions of a signature (`nn.dims`); where the
/// attribute is missing or unreadable, `type`'s extent or `?`.
Dims dimsOf(ArrayAttr attr, Type type) {
  auto tensor = cast<RankedTensorType>(type);
  Dims dims;
  for (int64_t i = 0; i < tensor.getRank(); ++i) {
    std::optional<Dim> dim;
    if (attr && i < static_cast<int64_t>(attr.size()))
      if (auto text = dyn_cast<StringAttr>(attr[i]))
        dim = dsl::parseDimText(text.getValue());
    if (!dim) {
      Dim unknown;
      unknown.kind = Dim::Kind::Symbol;
      unknown.symbol = "?";
      dim = tensor.isDynamicDim(i) ? unknown : constant(tensor.getDimSize(i));
    }
    dims.push_back(*dim);
  }
  return dims;
}

llvm::SmallVector<int64_t, 2> ints(Attribute attr) {
  if (auto i = dyn_cast_or_null<IntegerAttr>(attr))
    return {i.getInt()};
  if (auto a = dyn_cast_or_null<DenseI64ArrayAttr>(attr))
    return llvm::SmallVector<int64_t, 2>(a.asArrayRef());
  return {};
}

/// The op's result extents given its input's: the symbolic shape rules of
/// the ops whose extents can depend on a symbol.
Dims derivedShape(Operation *op, const Dims &in) {
  Dims out;
  if (isa<nn::Conv1dOp, nn::Conv2dOp>(op)) {
    nn::ConvGeometry g = isa<nn::Conv1dOp>(op)
                             ? nn::getConvGeometry(cast<nn::Conv1dOp>(op))
                             : nn::getConvGeometry(cast<nn::Conv2dOp>(op));
    auto weight = cast<RankedTensorType>(op->getOperand(1).getType());
    out = {in[0], constant(weight.getDimSize(0))};
    for (size_t i = 0; i < g.stride.size(); ++i) {
      int64_t span = g.dilation[i] * (weight.getDimSize(2 + i) - 1) + 1;
      out.push_back(windows(in[2 + i], g.padBegin[i] + g.padEnd[i], span,
                            g.stride[i]));
    }
    return out;
  }
  if (isa<nn::MaxPool1dOp, nn::AvgPool1dOp, nn::MaxPool2dOp,
          nn::AvgPool2dOp>(op)) {
    llvm::SmallVector<int64_t, 2> kernel = ints(op->getAttr("kernel"));
    llvm::SmallVector<int64_t, 2> stride = ints(op->getAttr("stride"));
    out = {in[0], in[1]};
    for (size_t i = 0; i < kernel.size(); ++i)
      out.push_back(windows(in[2 + i], 0, kernel[i], stride[i]));
    return out;
  }
  if (isa<nn::GlobalMaxPoolOp, nn::GlobalAvgPoolOp>(op))
    return {in[0], in[1]};
  if (isa<nn::FlattenOp, nn::ReshapeOp>(op)) {
    Dim features = constant(1);
    for (size_t i = 1; i < in.size(); ++i) {
      if (features.isConstant() && in[i].isConstant())
        features = constant(features.size * in[i].size);
      else if (features.isConstant() && features.size == 1)
        features = in[i];
      else if (!(in[i].isConstant() && in[i].size == 1))
        features = binary(Dim::Kind::Mul, features, in[i]);
    }
    if (isa<nn::FlattenOp>(op))
      return {in[0], features};
    // reshape: the result type's extents; a dynamic one is what the
    // example's elements leave after the others.
    auto shape = cast<RankedTensorType>(op->getResult(0).getType()).getShape();
    int64_t known = 1;
    for (int64_t d : shape.drop_front())
      if (!ShapedType::isDynamic(d))
        known *= d;
    out = {in[0]};
    for (int64_t d : shape.drop_front())
      out.push_back(ShapedType::isDynamic(d) ? divide(features, known)
                                             : constant(d));
    return out;
  }
  if (auto maxout = dyn_cast<nn::MaxoutOp>(op)) {
    out = in;
    out[1] = divide(in[1], maxout.getPieces());
    return out;
  }
  // Shape-preserving ops (activations, softmax, batchnorm) keep the input's
  // expressions. Any other op (linear) keeps the batch, as every layer does,
  // and gets `?` for the other extents its type leaves dynamic.
  auto inType = cast<RankedTensorType>(op->getOperand(0).getType());
  auto outType = cast<RankedTensorType>(op->getResult(0).getType());
  if (inType.getShape() == outType.getShape())
    return in;
  out = dimsOf(nullptr, outType);
  if (!out.empty())
    out[0] = in[0];
  return out;
}

/// Whether `a` and `b` agree for many values of their symbols (they are
/// shown as the signature spells them when they do).
bool sameExtent(const Dim &a, const Dim &b) {
  llvm::SmallVector<std::string> symbolsA, symbolsB;
  dsl::collectSymbols(a, symbolsA);
  dsl::collectSymbols(b, symbolsB);
  llvm::sort(symbolsA);
  llvm::sort(symbolsB);
  if (symbolsA.empty() || symbolsA != symbolsB)
    return false;
  uint64_t seed = 1;
  for (int trial = 0; trial < 64; ++trial) {
    llvm::StringMap<int64_t> values;
    for (const std::string &s : symbolsA) {
      seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
      values[s] = 1 + static_cast<int64_t>((seed >> 33) % 1000);
    }
    auto lookup = [&](llvm::StringRef s) -> std::optional<int64_t> {
      return values.lookup(s);
    };
    std::optional<int64_t> valueA = dsl::evaluateDim(a, lookup);
    if (!valueA || valueA != dsl::evaluateDim(b, lookup))
      return false;
  }
  return true;
}

/// `d` and its subexpressions, the constants left out.
void addSpellings(const Dim &d, Dims &spellings) {
  if (d.isConstant())
    return;
  spellings.push_back(d);
  for (const Dim &operand : d.operands)
    addSpellings(operand, spellings);
}

/// Static extents from the op's type; the others derived, spelled as in
/// the signature where they match one of its expressions.
Dims outputShape(Operation *op, const Dims &in, const Dims &signature) {
  auto type = cast<RankedTensorType>(op->getResult(0).getType());
  Dims derived = derivedShape(op, in);
  if (static_cast<int64_t>(derived.size()) != type.getRank())
    derived = dimsOf(nullptr, type);
  Dims out;
  for (int64_t i = 0; i < type.getRank(); ++i) {
    if (!type.isDynamicDim(i)) {
      out.push_back(constant(type.getDimSize(i)));
      continue;
    }
    Dim d = derived[i];
    for (const Dim &spelled : signature)
      if (sameExtent(d, spelled)) {
        d = spelled;
        break;
      }
    out.push_back(d);
  }
  return out;
}

Count perExample(const Dims &dims) {
  return Count::product(llvm::ArrayRef<Dim>(dims).drop_front());
}

/// FLOPs per example (the rules are in the file comment); nullopt for an op
/// without a rule.
std::optional<Count> flops(Operation *op, const Dims &in, const Dims &out) {
  Count outputs = perExample(out);
  if (isa<nn::LinearOp>(op)) {
    auto weight = cast<RankedTensorType>(op->getOperand(1).getType());
    return outputs * (2 * weight.getDimSize(1)); // weight is [out, in]
  }
  if (isa<nn::Conv1dOp, nn::Conv2dOp>(op)) {
    auto weight = cast<RankedTensorType>(op->getOperand(1).getType());
    int64_t macs = 1; // Cin · kernel: multiply-adds per output element
    for (int64_t i = 1; i < weight.getRank(); ++i)
      macs *= weight.getDimSize(i);
    return outputs * (2 * macs);
  }
  if (isa<nn::ReluOp, nn::SigmoidOp, nn::TanhOp, nn::LeakyReluOp, nn::EluOp,
          nn::SoftmaxOp, nn::LogSoftmaxOp>(op))
    return outputs;
  if (isa<nn::BatchNormOp>(op))
    return outputs * 2;
  if (isa<nn::MaxPool1dOp, nn::AvgPool1dOp, nn::MaxPool2dOp,
          nn::AvgPool2dOp>(op)) {
    int64_t window = 1;
    for (int64_t k : ints(op->getAttr("kernel")))
      window *= k;
    return outputs * window;
  }
  if (isa<nn::GlobalMaxPoolOp, nn::GlobalAvgPoolOp, nn::MaxoutOp>(op))
    return perExample(in);
  if (isa<nn::FlattenOp, nn::ReshapeOp>(op))
    return Count();
  return std::nullopt;
}

/// The rows of @infer, or nullopt (reported) if its shape is unexpected.
std::optional<std::vector<Row>> layerRows(func::FuncOp infer) {
  if (infer.getNumArguments() == 0 || infer.getNumResults() == 0) {
    infer.emitError("netc summary expects @infer with an input and a result");
    return std::nullopt;
  }
  Block &entry = infer.getBody().front();
  Dims input =
      dimsOf(infer.getArgAttrOfType<ArrayAttr>(0, nn::kDimsAttr),
                    infer.getArgument(0).getType());
  // Every expression the signature spells, parts of its extents included
  // (`(L - 7) / 2 - 1` of `6 * ((L - 7) / 2 - 1)`); every result's, for a
  // model with several outputs.
  Dims signature;
  for (const Dim &d : input)
    addSpellings(d, signature);
  for (unsigned i = 0; i < infer.getNumResults(); ++i)
    for (const Dim &d :
         dimsOf(infer.getResultAttrOfType<ArrayAttr>(i, nn::kDimsAttr),
                infer.getResultTypes()[i]))
      addSpellings(d, signature);

  llvm::DenseMap<Value, Dims> shapes;
  shapes[infer.getArgument(0)] = input;
  std::vector<Row> rows;
  for (Operation &op : entry.without_terminator()) {
    if (op.getNumOperands() == 0 || op.getNumResults() != 1 ||
        !shapes.count(op.getOperand(0))) {
      op.emitError("netc summary cannot follow this op's shape");
      return std::nullopt;
    }
    const Dims &in = shapes[op.getOperand(0)];
    Row row;
    row.layer = op.getName().stripDialect().str();
    row.shape = outputShape(&op, in, signature);
    for (Value operand : op.getOperands()) {
      auto arg = dyn_cast<BlockArgument>(operand);
      if (!arg || arg.getOwner() != &entry ||
          !infer.getArgAttr(arg.getArgNumber(), nn::kParamAttr))
        continue;
      int64_t count = cast<RankedTensorType>(arg.getType()).getNumElements();
      if (infer.getArgAttr(arg.getArgNumber(), nn::kBufferAttr))
        row.buffers += count;
      else
        row.params += count;
    }
    row.flops = flops(&op, in, row.shape);
    shapes[op.getResult(0)] = row.shape;
    rows.push_back(std::move(row));
  }
  return rows;
}

//===----------------------------------------------------------------------===//
// Printing
//===----------------------------------------------------------------------===//

void printTable(const std::vector<Row> &rows, llvm::raw_ostream &os) {
  struct Cells {
    std::string index, layer, shape, params, flops;
  };
  std::vector<Cells> cells{{"#", "Layer", "Output shape", "Params",
                            "FLOPs per example"}};
  for (size_t i = 0; i < rows.size(); ++i)
    cells.push_back({std::to_string(i), rows[i].layer,
                     formatShape(rows[i].shape), withCommas(rows[i].params),
                     rows[i].flops ? rows[i].flops->str() : "?"});
  size_t w[5] = {0, 0, 0, 0, 0};
  for (const Cells &c : cells) {
    w[0] = std::max(w[0], c.index.size());
    w[1] = std::max(w[1], c.layer.size());
    w[2] = std::max(w[2], c.shape.size());
    w[3] = std::max(w[3], c.params.size());
    w[4] = std::max(w[4], c.flops.size());
  }
  size_t width = w[0] + w[1] + w[2] + w[3] + w[4] + 8;
  for (size_t i = 0; i < cells.size(); ++i) {
    const Cells &c = cells[i];
    os << llvm::right_justify(c.index, w[0]) << "  "
       << llvm::left_justify(c.layer, w[1]) << "  "
       << llvm::left_justify(c.shape, w[2]) << "  "
       << llvm::right_justify(c.params, w[3]) << "  " << c.flops << "\n";
    if (i == 0)
      os << std::string(width, '-') << "\n";
  }
  os << std::string(width, '-') << "\n";
}

void printTotals(const std::vector<Row> &rows, bool hasTrain,
                 llvm::raw_ostream &os) {
  int64_t params = 0, buffers = 0;
  Count total;
  bool unknown = false;
  for (const Row &row : rows) {
    params += row.params;
    buffers += row.buffers;
    if (row.flops)
      total += *row.flops;
    else
      unknown = true;
  }
  os << "Trainable parameters: " << withCommas(params) << " ("
     << withCommas(params * 4) << " bytes as f32)\n";
  if (buffers)
    os << "Buffers: " << withCommas(buffers) << " ("
       << withCommas(buffers * 4)
       << " bytes as f32; batchnorm running statistics, not in Params)\n";
  os << "FLOPs per example (inference): " << total.str()
     << (unknown ? " (without the layers marked ?)" : "") << "\n";
  if (hasTrain)
    os << "Training step: about 3x inference (forward, backward, update), "
       << (total * 3).str() << " FLOPs per example\n";
  os << "(a multiply-add counts as 2 FLOPs; biases are not counted)\n";
}

} // namespace

ExitCode runSummary(llvm::StringRef path, const Defines &defines) {
  Compilation c;
  if (auto code = c.load(path, "", singleValues(defines)))
    return *code;
  if (auto code = c.generate())
    return *code;
  auto infer = c.module().lookupSymbol<func::FuncOp>(nn::kInferFn);
  if (!infer) {
    llvm::WithColor::error(llvm::errs(), "netc")
        << "the module of '" << path << "' has no @infer\n";
    return ExitCode::InternalError;
  }
  std::optional<std::vector<Row>> rows = layerRows(infer);
  if (!rows)
    return ExitCode::InternalError;

  llvm::raw_ostream &os = llvm::outs();
  const ast::Model &model = c.model();
  os << "Model: " << model.name << " (" << path << ")\n";
  for (const ast::Input &input : model.inputs) {
    Dims dims(input.type.dims.begin(), input.type.dims.end());
    os << "Input: " << input.name << " " << input.type.dtype
       << formatShape(dims) << "\n";
  }
  os << "\n";
  printTable(*rows, os);
  printTotals(*rows, c.train() != nullptr, os);
  return ExitCode::Success;
}

} // namespace netc::driver
