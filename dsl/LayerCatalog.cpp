//===- LayerCatalog.cpp - The layer, call and setting tables --------------===//
//
// Rows are data; the helpers below only keep each row on a few lines. Keep
// docs/language.md ("Reference") in step with these tables.
//
//===----------------------------------------------------------------------===//
#include "dsl/LayerCatalog.h"

using namespace netc;
using namespace netc::dsl;

namespace {

ParamSpec required(llvm::StringRef name, ParamKind kind,
                   llvm::StringRef summary,
                   Constraint constraint = Constraint::None) {
  return {name, kind, /*defaultValue=*/"", constraint, /*positional=*/false,
          {}, summary};
}

ParamSpec optional(llvm::StringRef name, ParamKind kind,
                   llvm::StringRef defaultValue, llvm::StringRef summary,
                   Constraint constraint = Constraint::None) {
  return {name, kind, defaultValue, constraint, /*positional=*/false, {},
          summary};
}

/// A String parameter whose absence means "" (see ParamSpec::omittable).
ParamSpec omittable(llvm::StringRef name, llvm::StringRef summary) {
  ParamSpec spec = optional(name, ParamKind::String, "", summary);
  spec.omittable = true;
  return spec;
}

ParamSpec positional(ParamSpec spec) {
  spec.positional = true;
  return spec;
}

ParamSpec oneOf(ParamSpec spec, std::vector<llvm::StringRef> allowed) {
  spec.allowed = std::move(allowed);
  return spec;
}

/// Also accepts a list of `n` values, one per spatial dimension.
ParamSpec perDimension(ParamSpec spec, unsigned n) {
  spec.listLength = n;
  return spec;
}

/// The two that choose how a layer's parameters start (torch.nn.init);
/// absent, the layer starts as PyTorch's does, U(±1/sqrt(fan_in)).
std::vector<ParamSpec> initParams() {
  std::vector<llvm::StringRef> inits = {
      "kaiming_uniform", "kaiming_normal", "xavier_uniform", "xavier_normal",
      "normal",          "uniform",        "zeros",          "ones"};
  ParamSpec weight = oneOf(
      optional("init", ParamKind::CallOrIdent, "",
               "how the weight starts (torch.nn.init); PyTorch's default "
               "U(±1/sqrt(fan_in)) when omitted"),
      inits);
  weight.omittable = true;
  ParamSpec bias = weight;
  bias.name = "bias_init";
  bias.summary = "how the bias starts: normal, uniform, zeros or ones; "
                 "PyTorch's default U(±1/sqrt(fan_in)) when omitted";
  return {weight, bias};
}

/// The parameters of conv1d (`dims` 1) and conv2d (`dims` 2), which take
/// one value or, in 2-D, a list [height, width].
std::vector<ParamSpec> convParams(unsigned dims) {
  unsigned n = dims == 1 ? 0 : dims;
  std::vector<ParamSpec> params = {
      positional(required("out", ParamKind::Int, "number of output channels",
                          Constraint::Positive)),
      positional(perDimension(required("kernel", ParamKind::Int,
                                       "kernel size", Constraint::Positive),
                              n)),
      perDimension(optional("stride", ParamKind::Int, "1",
                            "step between neighbouring windows",
                            Constraint::Positive),
                   n),
      perDimension(optional("padding", ParamKind::Padding, "0",
                            "zeros added before and after the input; same "
                            "keeps the size (stride 1 only)"),
                   n),
      perDimension(optional("dilation", ParamKind::Int, "1",
                            "spacing between kernel elements",
                            Constraint::Positive),
                   n),
      optional("bias", ParamKind::Bool, "true",
               "add a learned bias per output channel")};
  for (ParamSpec &init : initParams())
    params.push_back(std::move(init));
  return params;
}

/// reshape's one parameter: the extents of an example, batch excluded.
ParamSpec shapeParam() {
  ParamSpec shape = positional(required(
      "shape", ParamKind::Int,
      "the extents after the batch, as separate arguments or one list; one "
      "may be -1, inferred from the element count"));
  shape.variadic = true;
  return shape;
}

/// A torch.nn.init initialiser's parameter `name`, a number.
ParamSpec initNumber(llvm::StringRef name, llvm::StringRef defaultValue,
                     llvm::StringRef summary,
                     Constraint constraint = Constraint::None) {
  return positional(
      optional(name, ParamKind::Float, defaultValue, summary, constraint));
}

/// kaiming_uniform and kaiming_normal: `a` and `mode` as in torch, with
/// its default nonlinearity leaky_relu.
std::vector<ParamSpec> kaimingParams() {
  return {initNumber("a", "0",
                     "negative slope of the leaky_relu after the layer: "
                     "gain sqrt(2 / (1 + a^2))"),
          oneOf(optional("mode", ParamKind::Ident, "fan_in",
                         "fan_in keeps the forward pass's variance, fan_out "
                         "the backward pass's"),
                {"fan_in", "fan_out"})};
}

/// The parameters of the windowed pools: a kernel and a stride that
/// defaults to it (PyTorch's stride=None), in 2-D each also as [h, w].
std::vector<ParamSpec> poolParams(unsigned dims) {
  unsigned n = dims == 1 ? 0 : dims;
  ParamSpec stride = perDimension(
      optional("stride", ParamKind::Int, "", "step between neighbouring "
               "windows; the kernel when omitted", Constraint::Positive),
      n);
  stride.defaultFrom = "kernel";
  return {positional(perDimension(required("kernel", ParamKind::Int,
                                           "window size", Constraint::Positive),
                                  n)),
          positional(stride)};
}

/// `axis` of softmax and log_softmax: PyTorch's `dim`, negative from the
/// end. Its range depends on the input's rank, checked by MLIRGen.
std::vector<ParamSpec> axisParams() {
  return {positional(optional("axis", ParamKind::Int, "1",
                              "the axis whose slices are normalised; "
                              "negative counts from the end"))};
}

/// The parameters every loss call takes.
std::vector<ParamSpec> lossParams() {
  return {oneOf(optional("reduction", ParamKind::Ident, "mean",
                         "mean: average over the batch's elements (positions "
                         "for cross_entropy); sum: their total"),
                {"mean", "sum"})};
}

/// cross_entropy's parameters: the reduction, and whether the targets are
/// probabilities of the output's shape or one class index per position.
std::vector<ParamSpec> crossEntropyParams() {
  std::vector<ParamSpec> params = lossParams();
  params.push_back(oneOf(
      optional("targets", ParamKind::Ident, "probabilities",
               "probabilities: one value per class, the output's shape "
               "(one-hot or soft); indices: one class index in [0, C) per "
               "example (per position for [N, C, L] outputs)"),
      {"probabilities", "indices"}));
  return params;
}

} // namespace

llvm::ArrayRef<Signature> netc::dsl::layers() {
  static const std::vector<Signature> table = {
      {"linear",
       "Fully connected: y = x W^T + b over the last dimension, W of shape "
       "[out, in].",
       {positional(required("out", ParamKind::Int, "number of output features",
                            Constraint::Positive)),
        optional("bias", ParamKind::Bool, "true", "add a learned bias b"),
        initParams()[0], initParams()[1]}},
      {"relu", "max(x, 0), elementwise.", {}},
      {"sigmoid", "1 / (1 + exp(-x)), elementwise.", {}},
      {"tanh", "tanh(x), elementwise.", {}},
      {"conv1d",
       "1-D convolution of [N, C, L] with a weight [out, C, kernel], as "
       "PyTorch's Conv1d.",
       convParams(1)},
      {"conv2d",
       "2-D convolution of [N, C, H, W] with a weight [out, C, kh, kw], as "
       "PyTorch's Conv2d.",
       convParams(2)},
      {"flatten", "[N, d1, d2, ...] to [N, d1 * d2 * ...], row-major.", {}},
      {"reshape",
       "Each example's elements in a new shape, row-major, the batch kept: "
       "reshape(4, 50) makes [N, 200] [N, 4, 50] (torch.reshape).",
       {shapeParam()}},
      {"maxpool1d",
       "Maximum over windows along L of [N, C, L], as PyTorch's MaxPool1d "
       "without padding.",
       poolParams(1)},
      {"maxpool2d",
       "Maximum over [h, w] windows of [N, C, H, W], as PyTorch's MaxPool2d "
       "without padding.",
       poolParams(2)},
      {"avgpool1d",
       "Mean over windows along L of [N, C, L], as PyTorch's AvgPool1d "
       "without padding.",
       poolParams(1)},
      {"avgpool2d",
       "Mean over [h, w] windows of [N, C, H, W], as PyTorch's AvgPool2d "
       "without padding.",
       poolParams(2)},
      {"global_maxpool",
       "Maximum over every spatial position: [N, C, ...] to [N, C].",
       {}},
      {"global_avgpool",
       "Mean over every spatial position: [N, C, ...] to [N, C].",
       {}},
      {"leaky_relu", "x if x > 0, else slope * x, elementwise (LeakyReLU).",
       {positional(optional("slope", ParamKind::Float, "0.01",
                            "gradient for negative inputs (PyTorch's "
                            "negative_slope)"))}},
      {"elu", "x if x > 0, else alpha * (exp(x) - 1), elementwise (ELU).",
       {positional(optional("alpha", ParamKind::Float, "1.0",
                            "scale of the negative part; outputs approach "
                            "-alpha"))}},
      {"softmax", "exp(x) / sum of exp(x) along an axis (Softmax(dim)).",
       axisParams()},
      {"log_softmax",
       "log of softmax along an axis, computed stably (LogSoftmax(dim)).",
       axisParams()},
      {"batchnorm",
       "Batch normalisation per channel (axis 1) of [N, C, ...], as "
       "PyTorch's BatchNorm1d/2d: the batch's statistics in training, the "
       "running statistics in inference.",
       {optional("eps", ParamKind::Float, "1e-5",
                 "added to the variance before the square root",
                 Constraint::Positive),
        optional("momentum", ParamKind::Float, "0.1",
                 "weight of the batch in the running statistics' update",
                 Constraint::Positive)}},
      {"dropout",
       "Zeroes each element with probability p and scales the rest by "
       "1 / (1 - p) in training; the identity in inference (Dropout(p)).",
       {positional(optional("p", ParamKind::Float, "0.5",
                            "probability of zeroing an element, in [0, 1]",
                            Constraint::Probability)),
        optional("seed", ParamKind::Int, "0",
                 "varies the masks; with the step counter and the layer's "
                 "position it fixes them",
                 Constraint::NonNegative)}},
      {"maxout",
       "Maximum over groups of `pieces` consecutive features of axis 1: "
       "[N, C, ...] to [N, C / pieces, ...].",
       {positional(required("pieces", ParamKind::Int,
                            "features per group; divides the size of axis 1",
                            Constraint::Positive))}},
  };
  return table;
}

llvm::ArrayRef<Signature> netc::dsl::calls() {
  static const std::vector<Signature> table = {
      {"csv",
       "Rows of a comma-separated file; the given columns are the inputs and "
       "the targets.",
       {positional(required("path", ParamKind::String,
                            "file name, relative to the .net file",
                            Constraint::NonEmpty)),
        required("inputs", ParamKind::Indices,
                 "0-based columns fed to the model's input"),
        required("targets", ParamKind::Indices,
                 "0-based columns compared with the model's result"),
        optional("header", ParamKind::Bool, "false",
                 "skip the first line of the file"),
        optional("delimiter", ParamKind::String, ",", "the field separator",
                 Constraint::SingleCharacter)}},
      {"idx",
       "Images and labels in the IDX format of MNIST and Fashion-MNIST "
       "(gzipped or not); labels become one-hot targets.",
       {positional(required("images", ParamKind::String,
                            "the images file, relative to the .net file",
                            Constraint::NonEmpty)),
        positional(required("labels", ParamKind::String,
                            "the labels file (one byte per image)",
                            Constraint::NonEmpty)),
        optional("scale", ParamKind::Float, "1",
                 "multiplies every pixel (1/255 maps bytes to [0, 1])",
                 Constraint::Positive),
        optional("limit", ParamKind::Int, "0",
                 "use only the first `limit` examples (0: all)",
                 Constraint::NonNegative)}},
      {"npy",
       "Arrays NumPy saved (np.save, gzipped or not): the first axis counts "
       "the examples, the rest is one example's shape; targets of a single "
       "integer per example become one-hot over the model's outputs.",
       {positional(required("inputs", ParamKind::String,
                            "the inputs file, relative to the .net file",
                            Constraint::NonEmpty)),
        positional(required("targets", ParamKind::String,
                            "the targets file, the same number of examples",
                            Constraint::NonEmpty))}},
      {"fasta",
       "Records of a FASTA file (multi-line, gzipped or not), one example "
       "each; sequences of different lengths train in groups of equal "
       "length.",
       {positional(required("path", ParamKind::String,
                            "file name, relative to the .net file",
                            Constraint::NonEmpty)),
        oneOf(required("input", ParamKind::Call,
                       "how a record becomes the model's input"),
              {"onehot", "blosum62"}),
        oneOf(required("target", ParamKind::Call,
                       "how a record becomes the target: a header label, or "
                       "the paired record of a second FASTA file"),
              {"label", "onehot"})}},
      {"tsv",
       "Rows of a tab-separated file with a header line naming the columns; "
       "text columns hold sequences.",
       {positional(required("path", ParamKind::String,
                            "file name, relative to the .net file",
                            Constraint::NonEmpty)),
        oneOf(required("input", ParamKind::Call,
                       "how a row becomes the model's input"),
              {"blosum62", "onehot"}),
        oneOf(required("target", ParamKind::Call,
                       "how a row becomes the target"),
              {"column"}),
        optional("header", ParamKind::Bool, "true",
                 "the first line names the columns (required: columns are "
                 "chosen by name)"),
        optional("delimiter", ParamKind::String, "\t", "the field separator",
                 Constraint::SingleCharacter)}},
      {"onehot",
       "One-hot encoding of a sequence into [channels, length]: DNA has 4 "
       "channels (A C G T; IUPAC codes are averages, N is 0.25 each), "
       "protein 20 (21 when the model's tensor has a stop channel '*').",
       {positional(oneOf(required("alphabet", ParamKind::Ident,
                                  "dna or protein"),
                         {"dna", "protein"})),
        optional("length", ParamKind::Int, "0",
                 "pad (zeros) or truncate to this length; 0: the model's "
                 "length, or the record's own for a symbolic one",
                 Constraint::NonNegative),
        omittable("column", "tsv: the column holding the sequence"),
        omittable("file", "fasta target: a second FASTA file whose records "
                          "pair with the first's by order and id")}},
      {"blosum62",
       "Each residue as its BLOSUM62 row (NCBI's matrix from Debian's "
       "ncbi-data) over the 20 amino acids: [20, length].",
       {omittable("column", "tsv: the column holding the peptide"),
        required("length", ParamKind::Int,
                 "residues per example; shorter peptides are padded, "
                 "longer ones truncated",
                 Constraint::Positive),
        optional("pad", ParamKind::Float, "0",
                 "the value of every channel of a padded position")}},
      {"label",
       "A number in the FASTA header, written `KEY=VALUE` after the id; with "
       "several model outputs, a class index made one-hot.",
       {positional(required("key", ParamKind::String,
                            "the header key", Constraint::NonEmpty))}},
      {"column",
       "A numeric column of a tsv row, by its header name; with several "
       "model outputs, a class index made one-hot.",
       {positional(required("name", ParamKind::String, "the column's name",
                            Constraint::NonEmpty))}},
      {"sgd",
       "Stochastic gradient descent, as PyTorch's torch.optim.SGD: "
       "w -= lr * (dL/dw + weight_decay * w) after every batch, through a "
       "momentum buffer when momentum > 0.",
       {positional(required("lr", ParamKind::Float, "learning rate",
                            Constraint::Positive)),
        optional("momentum", ParamKind::Float, "0",
                 "momentum factor (0: none)", Constraint::NonNegative),
        optional("weight_decay", ParamKind::Float, "0",
                 "L2 penalty added to the gradient", Constraint::NonNegative),
        optional("nesterov", ParamKind::Bool, "false",
                 "Nesterov momentum (needs momentum > 0)")}},
      {"adam",
       "Adam, as PyTorch's torch.optim.Adam: per-parameter step sizes from "
       "running averages of the gradient and its square.",
       {positional(optional("lr", ParamKind::Float, "0.001", "learning rate",
                            Constraint::Positive)),
        optional("beta1", ParamKind::Float, "0.9",
                 "decay of the gradient's running average (PyTorch's betas[0])",
                 Constraint::Fraction),
        optional("beta2", ParamKind::Float, "0.999",
                 "decay of the squared gradient's running average (betas[1])",
                 Constraint::Fraction),
        optional("eps", ParamKind::Float, "1e-8",
                 "added to the denominator for stability",
                 Constraint::Positive),
        optional("weight_decay", ParamKind::Float, "0",
                 "L2 penalty added to the gradient", Constraint::NonNegative)}},
      {"kaiming_uniform",
       "U(±b), b = gain * sqrt(3 / fan), as torch.nn.init.kaiming_uniform_.",
       kaimingParams()},
      {"kaiming_normal",
       "N(0, std²), std = gain / sqrt(fan), as "
       "torch.nn.init.kaiming_normal_.",
       kaimingParams()},
      {"xavier_uniform",
       "U(±b), b = gain * sqrt(6 / (fan_in + fan_out)), as "
       "torch.nn.init.xavier_uniform_.",
       {initNumber("gain", "1", "scaling factor", Constraint::Positive)}},
      {"xavier_normal",
       "N(0, std²), std = gain * sqrt(2 / (fan_in + fan_out)), as "
       "torch.nn.init.xavier_normal_.",
       {initNumber("gain", "1", "scaling factor", Constraint::Positive)}},
      {"normal", "N(mean, std²), as torch.nn.init.normal_.",
       {initNumber("mean", "0", "the mean"),
        initNumber("std", "1", "the standard deviation",
                   Constraint::Positive)}},
      {"uniform", "U(low, high), as torch.nn.init.uniform_.",
       {initNumber("low", "0", "the lower bound"),
        initNumber("high", "1", "the upper bound (above low)")}},
      {"zeros", "Every element 0, as torch.nn.init.zeros_.", {}},
      {"ones", "Every element 1, as torch.nn.init.ones_.", {}},
      {"mse", "Squared error (p - t)^2, as PyTorch's MSELoss.", lossParams()},
      {"bce",
       "Binary cross-entropy of probabilities, as PyTorch's BCELoss.",
       lossParams()},
      {"bce_with_logits",
       "Binary cross-entropy of sigmoid(logits), computed stably, as "
       "PyTorch's BCEWithLogitsLoss.",
       lossParams()},
      {"cross_entropy",
       "Cross-entropy of softmax(logits) along axis 1 against probability, "
       "one-hot or class-index targets, as PyTorch's CrossEntropyLoss.",
       crossEntropyParams()},
      {"constant", "The optimizer's lr in every epoch (no schedule).", {}},
      {"step",
       "PyTorch's StepLR, stepped once per epoch: epoch e (from 0) trains "
       "with lr * gamma^floor(e / every).",
       {positional(required("every", ParamKind::Int,
                            "epochs between decays (StepLR's step_size)",
                            Constraint::Positive)),
        optional("gamma", ParamKind::Float, "0.1",
                 "factor applied every `every` epochs", Constraint::Positive)}},
      {"cosine",
       "PyTorch's CosineAnnealingLR, stepped once per epoch: epoch e trains "
       "with min_lr + (lr - min_lr) * (1 + cos(pi * e / epochs)) / 2.",
       {positional(required("epochs", ParamKind::Int,
                            "epochs from lr down to min_lr (T_max)",
                            Constraint::Positive)),
        optional("min_lr", ParamKind::Float, "0",
                 "the lowest learning rate (eta_min)",
                 Constraint::NonNegative)}},
  };
  return table;
}

const Signature &netc::dsl::trainSettings() {
  static const Signature train = {
      "train",
      "How to fit a model's parameters.",
      {oneOf(required("data", ParamKind::Call, "where the examples come from"),
             {"csv", "idx", "npy", "fasta", "tsv"}),
       oneOf(required("loss", ParamKind::CallOrIdent,
                      "what training minimises: mse, bce, bce_with_logits or "
                      "cross_entropy, optionally with a reduction"),
             {"mse", "bce", "bce_with_logits", "cross_entropy"}),
       oneOf(required("optimizer", ParamKind::CallOrIdent,
                      "how parameters are updated"),
             {"sgd", "adam"}),
       oneOf(optional("schedule", ParamKind::CallOrIdent, "constant",
                      "how the learning rate changes from epoch to epoch"),
             {"constant", "step", "cosine"}),
       optional("epochs", ParamKind::Int, "10", "passes over the data",
                Constraint::Positive),
       optional("batch", ParamKind::Int, "32", "examples per update",
                Constraint::Positive),
       optional("seed", ParamKind::Int, "0",
                "seeds parameter initialisation and shuffling",
                Constraint::NonNegative),
       optional("shuffle", ParamKind::Bool, "true",
                "reshuffle the examples before every epoch"),
       optional("validation", ParamKind::Float, "0",
                "fraction of the examples held out (chosen once, by the "
                "seed) to measure loss and accuracy after every epoch",
                Constraint::Fraction)}};
  return train;
}

static const Signature *lookupIn(llvm::ArrayRef<Signature> table,
                                 llvm::StringRef name) {
  for (const Signature &sig : table)
    if (sig.name == name)
      return &sig;
  return nullptr;
}

const Signature *netc::dsl::lookupLayer(llvm::StringRef name) {
  return lookupIn(layers(), name);
}

const Signature *netc::dsl::lookupCall(llvm::StringRef name) {
  return lookupIn(calls(), name);
}

const ParamSpec *Signature::lookup(llvm::StringRef paramName) const {
  for (const ParamSpec &param : params)
    if (param.name == paramName)
      return &param;
  return nullptr;
}

unsigned Signature::numPositional() const {
  unsigned n = 0;
  while (n < params.size() && params[n].positional)
    ++n;
  return n;
}

llvm::StringRef netc::dsl::describe(ParamKind kind) {
  switch (kind) {
  case ParamKind::Int: return "an integer";
  case ParamKind::Float: return "a number";
  case ParamKind::Bool: return "true or false";
  case ParamKind::String: return "a string";
  case ParamKind::Ident: return "a name";
  case ParamKind::Indices:
    return "column indices (a range such as 0..4, an integer or a list of "
           "integers)";
  case ParamKind::Call: return "a call";
  case ParamKind::CallOrIdent: return "a call or a name";
  case ParamKind::Padding: return "a non-negative integer or 'same'";
  }
  return "a value";
}

ast::Expr netc::dsl::defaultValue(const ParamSpec &param,
                                  const ast::Location &loc) {
  ast::Expr expr;
  expr.loc = loc;
  switch (param.kind) {
  case ParamKind::Int:
  case ParamKind::Float:
  case ParamKind::Indices: {
    llvm::StringRef text = param.defaultValue;
    expr.kind = ast::Expr::Kind::Number;
    if (text.getAsDouble(expr.number))
      expr.number = 0; // Not a number: the catalog tests catch such a row.
    expr.isInteger = text.find_first_of(".eE") == llvm::StringRef::npos;
    break;
  }
  case ParamKind::String:
    expr.kind = ast::Expr::Kind::String;
    expr.text = param.defaultValue.str();
    break;
  case ParamKind::Bool:
  case ParamKind::Ident:
    expr.kind = ast::Expr::Kind::Identifier;
    expr.text = param.defaultValue.str();
    break;
  case ParamKind::Padding: {
    double number;
    if (param.defaultValue.getAsDouble(number)) {
      expr.kind = ast::Expr::Kind::Identifier; // `same`
      expr.text = param.defaultValue.str();
    } else {
      expr.kind = ast::Expr::Kind::Number;
      expr.number = number;
      expr.isInteger = true;
    }
    break;
  }
  case ParamKind::Call:
  case ParamKind::CallOrIdent:
    // A call without arguments; Sema fills in the callee's defaults.
    expr.kind = ast::Expr::Kind::Call;
    expr.text = param.defaultValue.str();
    break;
  }
  return expr;
}
