#include "estimator/run_stats.h"

#include <algorithm>
#include <cmath>

namespace bgprof {
namespace {

// z-score of the 90th percentile of a normal distribution.
constexpr double kZ90 = 1.2815515655446004;

double LogMs(int64_t duration_ms) {
  return std::log(static_cast<double>(std::max<int64_t>(duration_ms, 1)));
}

}  // namespace

void ObserveRun(RunStats& stats, int64_t duration_ms, int64_t now_ms) {
  duration_ms = std::max<int64_t>(duration_ms, 0);  // a clock that stepped back
  const double x = LogMs(duration_ms);
  stats.runs += 1;
  const double alpha = std::max(kEmaAlpha, 1.0 / static_cast<double>(stats.runs));
  const double diff = x - stats.mean_log_ms;
  const double increment = alpha * diff;
  stats.mean_log_ms += increment;
  // West's incremental form of the exponentially weighted variance.
  stats.var_log = (1.0 - alpha) * (stats.var_log + diff * increment);
  stats.last_ms = duration_ms;
  stats.last_seen_ms = std::max(stats.last_seen_ms, now_ms);
}

double MedianMs(const RunStats& stats) { return std::exp(stats.mean_log_ms); }

double P90Ms(const RunStats& stats) {
  return std::exp(stats.mean_log_ms + kZ90 * std::sqrt(std::max(stats.var_log, 0.0)));
}

}  // namespace bgprof
