//===- ConvParityTest.cpp - Convolutions against PyTorch ------------------===//
//
// test/parity/conv_parity.py prints PyTorch's conv1d/conv2d results and the
// gradients of sum(y · dy) for random inputs (Debian's python3-torch); each
// case runs through netc's forward op and its three gradient ops, and every
// value must agree within 1e-4 relative. `same` padding is PyTorch's own,
// so the case also checks the begin/end amounts MLIRGen resolves it to.
// Without python3 or torch the test is skipped, saying why.
//
//===----------------------------------------------------------------------===//
#include "TestSupport.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <map>
#include <sstream>

using namespace netc;

namespace {

struct ParityCase {
  std::string name, op;
  bool bias = false;
  std::map<std::string, std::vector<int64_t>> ints; ///< stride, padding, ...
  bool samePadding = false;
  std::map<std::string, std::vector<float>> values; ///< x, w, b, dy, y, ...
};

/// Parses the script's output (format in conv_parity.py).
std::vector<ParityCase> parse(const std::string &text) {
  std::vector<ParityCase> cases;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    std::istringstream in(line);
    std::string key;
    in >> key;
    if (key == "case") {
      ParityCase c;
      int bias = 0;
      std::string word;
      in >> c.name >> c.op >> word >> bias;
      c.bias = bias != 0;
      cases.push_back(c);
    } else if (cases.empty() || key.empty() || key == "end") {
      continue;
    } else if (key == "padding" && line.find("same") != std::string::npos) {
      cases.back().samePadding = true;
    } else if (key == "stride" || key == "padding" || key == "dilation" ||
               key == "xshape" || key == "wshape") {
      int64_t v;
      while (in >> v)
        cases.back().ints[key].push_back(v);
    } else {
      std::vector<float> &v = cases.back().values[key];
      std::string number;
      while (in >> number)
        v.push_back(std::stof(number));
    }
  }
  return cases;
}

/// Runs the script; std::nullopt (with the reason) if it cannot.
std::optional<std::string> runScript(std::string &why) {
  std::string command = "/usr/bin/python3 " NETC_SOURCE_DIR
                        "/test/parity/conv_parity.py 2>&1";
  FILE *pipe = popen(command.c_str(), "r");
  if (!pipe) {
    why = "cannot start /usr/bin/python3";
    return std::nullopt;
  }
  std::string output;
  char buffer[4096];
  while (size_t n = fread(buffer, 1, sizeof buffer, pipe))
    output.append(buffer, n);
  if (pclose(pipe) != 0) {
    why = "conv_parity.py failed (python3-torch missing?): " +
          output.substr(0, 300);
    return std::nullopt;
  }
  return output;
}

std::string join(const std::vector<int64_t> &v, const char *sep) {
  std::string text;
  for (size_t i = 0; i < v.size(); ++i)
    text += (i ? sep : "") + std::to_string(v[i]);
  return text;
}

std::string tensorType(const std::vector<int64_t> &shape) {
  return "tensor<" + join(shape, "x") + "xf32>";
}

/// One value (conv1d) or a list (conv2d).
std::string attr(const std::vector<int64_t> &v, bool list) {
  return list ? "[" + join(v, ", ") + "]" : std::to_string(v[0]);
}

/// A function returning y, dx, dw (and db) of one conv: the forward op and
/// its three gradient ops on the given dy. `same` padding is resolved as
/// MLIRGen does: dilation·(kernel − 1) zeros, half (rounded down) before.
std::string buildModule(const ParityCase &c) {
  const auto &xs = c.ints.at("xshape"), &ws = c.ints.at("wshape");
  const auto &stride = c.ints.at("stride"), &dilation = c.ints.at("dilation");
  size_t rank = xs.size() - 2;
  bool list = rank == 2;
  std::vector<int64_t> padding;
  if (c.samePadding) {
    for (size_t i = 0; i < rank; ++i) {
      int64_t total = dilation[i] * (ws[2 + i] - 1);
      padding.push_back(total / 2);
      padding.push_back(total - total / 2);
    }
  } else {
    padding = c.ints.at("padding");
  }
  std::vector<int64_t> ys{xs[0], ws[0]};
  for (size_t i = 0; i < rank; ++i)
    ys.push_back((xs[2 + i] + padding[2 * i] + padding[2 * i + 1] -
                  dilation[i] * (ws[2 + i] - 1) - 1) /
                     stride[i] +
                 1);
  std::vector<int64_t> kernel(ws.begin() + 2, ws.end());
  std::string tx = tensorType(xs), tw = tensorType(ws), ty = tensorType(ys),
              tb = tensorType({ws[0]});
  std::string geometry = "stride = " + attr(stride, list) + ", padding = [" +
                         join(padding, ", ") +
                         "], dilation = " + attr(dilation, list);
  std::string op = "nn." + c.op;
  std::string text = "module {\n  func.func @f(%x: " + tx + ", %w: " + tw +
                     (c.bias ? ", %b: " + tb : "") + ", %dy: " + ty + ") -> (" +
                     ty + ", " + tx + ", " + tw + (c.bias ? ", " + tb : "") +
                     ") {\n";
  text += "    %y = " + op + " %x, %w" + (c.bias ? ", %b" : "") + " {" +
          geometry + "} : (" + tx + ", " + tw + (c.bias ? ", " + tb : "") +
          ") -> " + ty + "\n";
  text += "    %dx = " + op + "_grad_input %dy, %w, %x {" + geometry +
          "} : (" + ty + ", " + tw + ", " + tx + ") -> " + tx + "\n";
  text += "    %dw = " + op + "_grad_weight %dy, %x {kernel = " +
          attr(kernel, list) + ", " + geometry + "} : (" + ty + ", " + tx +
          ") -> " + tw + "\n";
  if (c.bias)
    text += "    %db = " + op + "_grad_bias %dy : (" + ty + ") -> " + tb + "\n";
  text += "    return %y, %dx, %dw" + std::string(c.bias ? ", %db" : "") +
          " : " + ty + ", " + tx + ", " + tw + (c.bias ? ", " + tb : "") +
          "\n  }\n}\n";
  return text;
}

void expectClose(const std::vector<float> &got, const std::vector<float> &want,
                 const char *what) {
  ASSERT_EQ(got.size(), want.size()) << what;
  for (size_t i = 0; i < want.size(); ++i)
    EXPECT_NEAR(got[i], want[i], 1e-4f * (1.0f + std::fabs(want[i])))
        << what << "[" << i << "]";
}

TEST(ConvParity, MatchesPyTorch) {
  std::string why;
  std::optional<std::string> output = runScript(why);
  if (!output)
    GTEST_SKIP() << why;
  std::vector<ParityCase> cases = parse(*output);
  ASSERT_GE(cases.size(), 8u) << *output;
  for (const ParityCase &c : cases) {
    SCOPED_TRACE(c.name);
    std::string text = buildModule(c);
    auto context = test::makeContext();
    auto module = test::parseModule(*context, text);
    ASSERT_TRUE(module);
    auto fn = test::jitFunction(*module, "f");
    ASSERT_TRUE(fn);

    std::vector<const char *> inputs{"x", "w"}, outputs{"y", "dx", "dw"};
    if (c.bias) {
      inputs.push_back("b");
      outputs.push_back("db");
    }
    inputs.push_back("dy");
    std::vector<const float *> args;
    for (const char *name : inputs)
      args.push_back(c.values.at(name).data());
    std::map<std::string, std::vector<float>> got;
    std::vector<float *> results;
    for (const char *name : outputs) {
      got[name].resize(c.values.at(name).size());
      results.push_back(got[name].data());
    }
    llvm::Error err = fn->run(c.ints.at("xshape")[0], args, results);
    ASSERT_FALSE(err) << llvm::toString(std::move(err));
    for (const char *name : outputs)
      expectClose(got[name], c.values.at(name), name);
  }
}

} // namespace

