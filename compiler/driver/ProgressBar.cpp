//===- ProgressBar.cpp - Training progress on a terminal ------------------===//
#include "compiler/driver/ProgressBar.h"

#include "llvm/Support/FormatVariadic.h"

#include <cmath>

namespace netc::driver {

std::string ProgressBar::formatDuration(double seconds) {
  auto total = static_cast<int64_t>(std::lround(std::max(0.0, seconds)));
  int64_t h = total / 3600, m = total / 60 % 60, s = total % 60;
  if (h)
    return llvm::formatv("{0}:{1:02}:{2:02}", h, m, s);
  return llvm::formatv("{0}:{1:02}", m, s);
}

void ProgressBar::startEpoch(int64_t e) {
  Clock::time_point now = Clock::now();
  if (epoch) {
    double last = std::chrono::duration<double>(now - epochStart).count();
    secondsPerEpoch = (secondsPerEpoch * epochsTimed + last) / (epochsTimed + 1);
    ++epochsTimed;
  }
  epoch = e;
  epochStart = now;
}

void ProgressBar::update(int64_t step, int64_t steps, int64_t seen,
                         double loss) {
  if (!enabled)
    return;
  Clock::time_point now = Clock::now();
  if (drawn && step < steps &&
      now - lastDraw < std::chrono::milliseconds(100))
    return;
  lastDraw = now;
  double elapsed = std::chrono::duration<double>(now - epochStart).count();
  double epochSeconds = step ? elapsed * steps / step : 0;
  double eta = epochSeconds - elapsed + (epochs - epoch) * epochSeconds;
  constexpr int kWidth = 20;
  int filled = steps ? static_cast<int>(kWidth * step / steps) : 0;
  std::string bar(filled, '#');
  bar.append(kWidth - filled, '.');
  std::string stepText = std::to_string(step);
  std::string stepsText = std::to_string(steps);
  stepText.insert(0, stepsText.size() - std::min(stepsText.size(), stepText.size()), ' ');
  os << llvm::formatv("\r\033[Kepoch {0}/{1} [{2}] {3}/{4}  loss {5:f4}  "
                      "{6:f0} ex/s  ETA {7}",
                      epoch, epochs, bar, stepText, stepsText, loss,
                      elapsed > 0 ? seen / elapsed : 0.0, formatDuration(eta));
  os.flush();
  drawn = true;
}

void ProgressBar::clear() {
  if (enabled && drawn) {
    os << "\r\033[K";
    os.flush();
  }
  drawn = false;
}

} // namespace netc::driver
