//===- CurvePlot.cpp - Training curves as a standalone SVG ----------------===//
#include "compiler/driver/CurvePlot.h"

#include "compiler/driver/AtomicFile.h"

#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cmath>

namespace netc::driver {
namespace {

constexpr double kWidth = 640, kPanelHeight = 240, kTitleHeight = 36;
constexpr double kLeft = 70, kRight = 150, kTop = 24, kBottom = 40;
constexpr const char *kColours[] = {"#1f77b4", "#d62728", "#2ca02c",
                                    "#9467bd", "#ff7f0e"};

std::string escape(const std::string &text) {
  std::string out;
  for (char c : text)
    switch (c) {
    case '&': out += "&amp;"; break;
    case '<': out += "&lt;"; break;
    case '>': out += "&gt;"; break;
    case '"': out += "&quot;"; break;
    default: out += c;
    }
  return out;
}

/// A "nice" tick step (1, 2 or 5 times a power of ten) for `span`.
double tickStep(double span, int ticks) {
  double raw = span / ticks;
  double power = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0})
    if (m * power >= raw)
      return m * power;
  return 10 * power;
}

/// A tick value with as many decimals as the step needs: 0.25, 1.5, 20.
std::string tickLabel(double value, double step) {
  int decimals = std::max(0, static_cast<int>(std::ceil(-std::log10(step))));
  if (std::abs(value) < step / 2)
    value = 0; // no "-0.00"
  return llvm::formatv("{0}", llvm::format("%.*f", decimals, value)).str();
}

void renderPanel(llvm::raw_ostream &os, const CurvePanel &panel, double top) {
  double low = INFINITY, high = -INFINITY;
  size_t epochs = 0;
  for (const CurveSeries &s : panel.series)
    for (double v : s.values)
      if (std::isfinite(v)) {
        low = std::min(low, v);
        high = std::max(high, v);
        epochs = std::max(epochs, s.values.size());
      }
  if (epochs == 0)
    return;
  if (high - low < 1e-12) {
    low -= 0.5;
    high += 0.5;
  }
  double step = tickStep(high - low, 5);
  low = std::floor(low / step) * step;
  high = std::ceil(high / step) * step;
  double x0 = kLeft, x1 = kWidth - kRight;
  double y0 = top + kTop, y1 = top + kPanelHeight - kBottom;
  auto x = [&](size_t epoch) { // 1-based
    return epochs == 1 ? (x0 + x1) / 2
                       : x0 + (x1 - x0) * (epoch - 1) / (epochs - 1);
  };
  auto y = [&](double v) { return y1 - (y1 - y0) * (v - low) / (high - low); };

  os << llvm::formatv("<text x=\"{0}\" y=\"{1}\" font-weight=\"bold\">{2}"
                      "</text>\n", x0, top + 16, escape(panel.title));
  os << llvm::formatv("<rect x=\"{0}\" y=\"{1}\" width=\"{2}\" height=\"{3}\" "
                      "fill=\"none\" stroke=\"#888\"/>\n",
                      x0, y0, x1 - x0, y1 - y0);
  for (double v = low; v <= high + step / 2; v += step) {
    os << llvm::formatv("<line x1=\"{0}\" y1=\"{1:f1}\" x2=\"{2}\" y2=\"{1:f1}\""
                        " stroke=\"#eee\"/>\n", x0, y(v), x1);
    os << llvm::formatv("<text x=\"{0}\" y=\"{1:f1}\" text-anchor=\"end\" "
                        "font-size=\"11\">{2}</text>\n",
                        x0 - 6, y(v) + 4, tickLabel(v, step));
  }
  size_t every = std::max<size_t>(1, epochs / 10);
  for (size_t e = 1; e <= epochs; e += every)
    os << llvm::formatv("<text x=\"{0:f1}\" y=\"{1}\" text-anchor=\"middle\" "
                        "font-size=\"11\">{2}</text>\n", x(e), y1 + 16, e);
  os << llvm::formatv("<text x=\"{0}\" y=\"{1}\" text-anchor=\"middle\" "
                      "font-size=\"11\">epoch</text>\n", (x0 + x1) / 2, y1 + 32);
  for (size_t i = 0; i < panel.series.size(); ++i) {
    const CurveSeries &s = panel.series[i];
    const char *colour = kColours[i % std::size(kColours)];
    std::string points;
    for (size_t e = 0; e < s.values.size(); ++e)
      if (std::isfinite(s.values[e]))
        points += llvm::formatv("{0:f1},{1:f1} ", x(e + 1), y(s.values[e]));
    os << llvm::formatv("<polyline fill=\"none\" stroke=\"{0}\" "
                        "stroke-width=\"2\" points=\"{1}\"/>\n", colour, points);
    if (s.values.size() == 1)
      os << llvm::formatv("<circle cx=\"{0:f1}\" cy=\"{1:f1}\" r=\"3\" "
                          "fill=\"{2}\"/>\n", x(1), y(s.values[0]), colour);
    double ly = y0 + 14 + 18 * i;
    os << llvm::formatv("<line x1=\"{0}\" y1=\"{1}\" x2=\"{2}\" y2=\"{1}\" "
                        "stroke=\"{3}\" stroke-width=\"2\"/>\n",
                        x1 + 10, ly - 4, x1 + 30, colour);
    os << llvm::formatv("<text x=\"{0}\" y=\"{1}\" font-size=\"12\">{2}"
                        "</text>\n", x1 + 36, ly, escape(s.name));
  }
}

} // namespace

std::string renderCurves(const std::string &title,
                         const std::vector<CurvePanel> &panels) {
  std::string text;
  llvm::raw_string_ostream os(text);
  double height = kTitleHeight + kPanelHeight * panels.size();
  os << llvm::formatv("<svg xmlns=\"http://www.w3.org/2000/svg\" "
                      "width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} {1}\" "
                      "font-family=\"sans-serif\">\n", kWidth, height);
  os << "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
  os << llvm::formatv("<text x=\"{0}\" y=\"24\" text-anchor=\"middle\" "
                      "font-size=\"16\">{1}</text>\n",
                      kWidth / 2, escape(title));
  for (size_t i = 0; i < panels.size(); ++i)
    renderPanel(os, panels[i], kTitleHeight + kPanelHeight * i);
  os << "</svg>\n";
  return text;
}

llvm::Error writeCurves(const std::string &path, const std::string &title,
                        const std::vector<CurvePanel> &panels) {
  return writeFileAtomically(path, renderCurves(title, panels));
}

} // namespace netc::driver
