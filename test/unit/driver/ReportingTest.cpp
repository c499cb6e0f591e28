// The SVG curves and the progress bar's time format.
#include "compiler/driver/CurvePlot.h"
#include "compiler/driver/ProgressBar.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace netc::driver;

namespace {

size_t occurrences(const std::string &text, const std::string &what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos;
       at = text.find(what, at + 1))
    ++n;
  return n;
}

TEST(CurvePlot, OnePolylinePerSeriesWithAPointPerEpoch) {
  std::string svg = renderCurves(
      "netc train m", {{"loss", {{"train", {0.9, 0.5, 0.2}},
                                 {"validation", {1.0, 0.6, 0.4}}}},
                       {"accuracy", {{"train", {0.5, 0.8, 0.9}}}}});
  EXPECT_EQ(svg.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\"", 0), 0u);
  EXPECT_EQ(occurrences(svg, "<polyline"), 3u);
  size_t at = svg.find("points=\"");
  ASSERT_NE(at, std::string::npos);
  std::string points = svg.substr(at + 8, svg.find('"', at + 8) - at - 8);
  EXPECT_EQ(occurrences(points, ","), 3u); // x,y per epoch
  EXPECT_NE(svg.find(">validation</text>"), std::string::npos);
  EXPECT_NE(svg.find(">accuracy</text>"), std::string::npos);
  EXPECT_NE(svg.find("</svg>"), std::string::npos);
}

TEST(CurvePlot, EscapesNamesAndSkipsNonFiniteValues) {
  std::string svg =
      renderCurves("a<b & c", {{"loss", {{"x\"y", {1.0, NAN, 0.5}}}}});
  EXPECT_NE(svg.find("a&lt;b &amp; c"), std::string::npos);
  EXPECT_NE(svg.find("x&quot;y"), std::string::npos);
  size_t at = svg.find("points=\"") + 8;
  std::string points = svg.substr(at, svg.find('"', at) - at);
  EXPECT_EQ(occurrences(points, ","), 2u);
  EXPECT_EQ(svg.find("nan"), std::string::npos);
}

TEST(ProgressBar, FormatsDurationsAsClockTimes) {
  EXPECT_EQ(ProgressBar::formatDuration(0), "0:00");
  EXPECT_EQ(ProgressBar::formatDuration(65.4), "1:05");
  EXPECT_EQ(ProgressBar::formatDuration(3609), "1:00:09");
  EXPECT_EQ(ProgressBar::formatDuration(-3), "0:00");
}

} // namespace
