//===- LayerCatalogTest.cpp - The tables are well formed ------------------===//
#include "dsl/LayerCatalog.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/MemoryBuffer.h"

#include <gtest/gtest.h>

using namespace netc;
using namespace netc::dsl;

namespace {

/// Checks the rules LayerCatalog.h states for every signature.
void expectWellFormed(const Signature &sig) {
  SCOPED_TRACE(sig.name.str());
  EXPECT_FALSE(sig.summary.empty());
  llvm::StringSet<> seen;
  bool positionalPrefix = true;
  for (const ParamSpec &param : sig.params) {
    EXPECT_TRUE(seen.insert(param.name).second) << "duplicate " << param.name.str();
    EXPECT_FALSE(param.summary.empty()) << param.name.str();
    // Positional parameters form a prefix.
    if (!param.positional) {
      positionalPrefix = false;
    } else {
      EXPECT_TRUE(positionalPrefix) << param.name.str();
    }
    // A default taken from another parameter names an earlier one of the
    // same kind; other defaults are written in .net syntax for their kind.
    if (!param.defaultFrom.empty()) {
      const ParamSpec *from = sig.lookup(param.defaultFrom);
      EXPECT_TRUE(from && from < &param && from->kind == param.kind &&
                  from->listLength == param.listLength &&
                  param.defaultValue.empty())
          << param.name.str();
    } else if (!param.isRequired() && !param.omittable) {
      double number;
      switch (param.kind) {
      case ParamKind::Int:
      case ParamKind::Float:
      case ParamKind::Indices:
        EXPECT_FALSE(param.defaultValue.getAsDouble(number))
            << param.name.str();
        break;
      case ParamKind::Bool:
        EXPECT_TRUE(param.defaultValue == "true" ||
                    param.defaultValue == "false")
            << param.name.str();
        break;
      case ParamKind::Ident:
      case ParamKind::Call:
      case ParamKind::CallOrIdent:
        EXPECT_TRUE(llvm::is_contained(param.allowed, param.defaultValue))
            << param.name.str();
        break;
      case ParamKind::Padding:
        EXPECT_TRUE(param.defaultValue == "same" ||
                    !param.defaultValue.getAsDouble(number))
            << param.name.str();
        break;
      case ParamKind::String:
        break;
      }
    }
    bool enumerated = param.kind == ParamKind::Ident ||
                      param.kind == ParamKind::Call ||
                      param.kind == ParamKind::CallOrIdent;
    EXPECT_EQ(enumerated, !param.allowed.empty()) << param.name.str();
    if (param.kind == ParamKind::Call || param.kind == ParamKind::CallOrIdent) {
      for (llvm::StringRef callee : param.allowed)
        EXPECT_NE(lookupCall(callee), nullptr) << callee.str();
    }
  }
}

TEST(LayerCatalog, TablesAreWellFormed) {
  llvm::StringSet<> names;
  for (const Signature &sig : layers()) {
    EXPECT_TRUE(names.insert(sig.name).second);
    expectWellFormed(sig);
  }
  for (const Signature &sig : calls())
    expectWellFormed(sig);
  expectWellFormed(trainSettings());
}

TEST(LayerCatalog, TodaysLayers) {
  for (const char *name : {"linear", "relu", "sigmoid", "tanh"})
    EXPECT_NE(lookupLayer(name), nullptr) << name;
  EXPECT_EQ(lookupLayer("conv3d"), nullptr);

  const Signature *linear = lookupLayer("linear");
  ASSERT_EQ(linear->params.size(), 4u);
  EXPECT_EQ(linear->params[0].name, "out");
  EXPECT_EQ(linear->params[0].kind, ParamKind::Int);
  EXPECT_TRUE(linear->params[0].isRequired());
  EXPECT_EQ(linear->params[0].constraint, Constraint::Positive);
  EXPECT_EQ(linear->params[1].name, "bias");
  EXPECT_EQ(linear->params[1].defaultValue, "true");
  EXPECT_EQ(linear->numPositional(), 1u);
  // init: and bias_init: name a torch.nn.init initialiser; left out, the
  // layer keeps PyTorch's default (absent from the canonical form).
  for (unsigned i : {2u, 3u}) {
    EXPECT_EQ(linear->params[i].kind, ParamKind::CallOrIdent);
    EXPECT_TRUE(linear->params[i].omittable);
    EXPECT_FALSE(linear->params[i].isRequired());
    EXPECT_TRUE(llvm::is_contained(linear->params[i].allowed, "xavier_normal"));
  }
  EXPECT_EQ(linear->params[2].name, "init");
  EXPECT_EQ(linear->params[3].name, "bias_init");
  EXPECT_EQ(lookupLayer("relu")->params.size(), 0u);
}

TEST(LayerCatalog, ReshapeTakesAnyNumberOfExtents) {
  const Signature *reshape = lookupLayer("reshape");
  ASSERT_NE(reshape, nullptr);
  ASSERT_EQ(reshape->params.size(), 1u);
  EXPECT_EQ(reshape->params[0].name, "shape");
  EXPECT_TRUE(reshape->params[0].variadic);
  EXPECT_TRUE(reshape->params[0].isRequired());
  EXPECT_EQ(reshape->numPositional(), 1u);
  for (const char *init : {"kaiming_uniform", "kaiming_normal",
                           "xavier_uniform", "xavier_normal", "normal",
                           "uniform", "zeros", "ones"})
    EXPECT_NE(lookupCall(init), nullptr) << init;
}

TEST(LayerCatalog, ConvLayers) {
  for (const char *name : {"conv1d", "conv2d"}) {
    SCOPED_TRACE(name);
    const Signature *conv = lookupLayer(name);
    ASSERT_NE(conv, nullptr);
    std::vector<std::string> names;
    for (const ParamSpec &param : conv->params)
      names.push_back(param.name.str());
    EXPECT_EQ(names, (std::vector<std::string>{"out", "kernel", "stride",
                                               "padding", "dilation",
                                               "bias", "init",
                                               "bias_init"}));
    EXPECT_EQ(conv->numPositional(), 2u);
    EXPECT_EQ(conv->lookup("padding")->kind, ParamKind::Padding);
    EXPECT_EQ(conv->lookup("padding")->defaultValue, "0");
    // Only conv2d takes [h, w] lists.
    unsigned n = llvm::StringRef(name) == "conv2d" ? 2 : 0;
    for (const char *param : {"kernel", "stride", "padding", "dilation"})
      EXPECT_EQ(conv->lookup(param)->listLength, n) << param;
  }
  EXPECT_EQ(lookupLayer("flatten")->params.size(), 0u);

  ast::Expr padding =
      defaultValue(*lookupLayer("conv1d")->lookup("padding"), {"f.net", 1, 1});
  EXPECT_EQ(padding.kind, ast::Expr::Kind::Number);
  EXPECT_TRUE(padding.isInteger);
  EXPECT_EQ(padding.number, 0.0);
}

TEST(LayerCatalog, TrainSettings) {
  const Signature &train = trainSettings();
  std::vector<std::string> names;
  for (const ParamSpec &param : train.params)
    names.push_back(param.name.str());
  EXPECT_EQ(names, (std::vector<std::string>{"data", "loss", "optimizer",
                                             "schedule", "epochs", "batch",
                                             "seed", "shuffle",
                                             "validation"}));
  EXPECT_EQ(train.lookup("loss")->allowed,
            (std::vector<llvm::StringRef>{"mse", "bce", "bce_with_logits",
                                          "cross_entropy"}));
  EXPECT_EQ(train.lookup("loss")->kind, ParamKind::CallOrIdent);
  EXPECT_EQ(train.lookup("optimizer")->kind, ParamKind::CallOrIdent);
  EXPECT_EQ(train.lookup("schedule")->allowed,
            (std::vector<llvm::StringRef>{"constant", "step", "cosine"}));
  EXPECT_EQ(train.lookup("schedule")->defaultValue, "constant");
  EXPECT_EQ(train.lookup("epochs")->defaultValue, "10");
  EXPECT_EQ(train.lookup("nope"), nullptr);
}

TEST(LayerCatalog, DefaultValues) {
  ast::Location loc{"f.net", 3, 4};
  const ParamSpec *bias = lookupLayer("linear")->lookup("bias");
  ast::Expr b = defaultValue(*bias, loc);
  EXPECT_EQ(b.kind, ast::Expr::Kind::Identifier);
  EXPECT_EQ(b.text, "true");
  EXPECT_EQ(b.loc.line, 3u);

  ast::Expr epochs = defaultValue(*trainSettings().lookup("epochs"), loc);
  EXPECT_EQ(epochs.kind, ast::Expr::Kind::Number);
  EXPECT_TRUE(epochs.isInteger);
  EXPECT_EQ(epochs.number, 10.0);

  ast::Expr delimiter = defaultValue(*lookupCall("csv")->lookup("delimiter"),
                                     loc);
  EXPECT_EQ(delimiter.kind, ast::Expr::Kind::String);
  EXPECT_EQ(delimiter.text, ",");
}

/// docs/language.md is the user's reference; every catalog entry and
/// parameter must appear in it, so a new layer cannot ship undocumented.
TEST(LayerCatalog, EveryEntryIsDocumented) {
  auto doc = llvm::MemoryBuffer::getFile(NETC_SOURCE_DIR "/docs/language.md");
  ASSERT_TRUE(bool(doc)) << "cannot read docs/language.md";
  llvm::StringRef text = (*doc)->getBuffer();
  auto expectParams = [&](const Signature &sig) {
    for (const ParamSpec &param : sig.params)
      EXPECT_TRUE(text.contains(("| `" + param.name + "` |").str()))
          << sig.name.str() << "." << param.name.str();
  };
  for (const Signature &sig : layers()) {
    EXPECT_TRUE(text.contains(("#### `" + sig.name + "`").str()))
        << sig.name.str();
    expectParams(sig);
  }
  for (const Signature &sig : calls()) {
    EXPECT_TRUE(text.contains(("#### `" + sig.name + "`").str()))
        << sig.name.str();
    expectParams(sig);
  }
  expectParams(trainSettings());
}

/// A Float parameter's row states the range ArgumentBinder enforces
/// ("| `beta1` | Float, in [0, 1) |"), so the reference cannot promise
/// less or more than the checks.
TEST(LayerCatalog, FloatRangesAreDocumented) {
  auto doc = llvm::MemoryBuffer::getFile(NETC_SOURCE_DIR "/docs/language.md");
  ASSERT_TRUE(bool(doc)) << "cannot read docs/language.md";
  llvm::StringRef text = (*doc)->getBuffer();
  auto kindColumn = [](Constraint constraint) -> std::string {
    switch (constraint) {
    case Constraint::Positive: return "Float, positive";
    case Constraint::NonNegative: return "Float, non-negative";
    case Constraint::Probability: return "Float, in [0, 1]";
    case Constraint::Fraction: return "Float, in [0, 1)";
    default: return "Float";
    }
  };
  auto expectRows = [&](const Signature &sig) {
    for (const ParamSpec &param : sig.params)
      if (param.kind == ParamKind::Float)
        EXPECT_TRUE(text.contains(("| `" + param.name + "` | " +
                                   kindColumn(param.constraint) + " |")
                                      .str()))
            << sig.name.str() << "." << param.name.str() << ": "
            << kindColumn(param.constraint);
  };
  for (const Signature &sig : layers())
    expectRows(sig);
  for (const Signature &sig : calls())
    expectRows(sig);
  expectRows(trainSettings());
}

} // namespace
