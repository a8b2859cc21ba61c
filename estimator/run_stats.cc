#include "estimator/run_stats.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace bgprof {
namespace {

// z-score of the 90th percentile of a normal distribution.
constexpr double kZ90 = 1.2815515655446004;

double LogMs(int64_t duration_ms) {
  return std::log(static_cast<double>(std::max<int64_t>(duration_ms, 1)));
}

void Remember(RunStats& stats, int64_t duration_ms) {
  stats.recent_ms.push_back(duration_ms);
  if (stats.recent_ms.size() > kRecentRuns) {
    stats.recent_ms.erase(stats.recent_ms.begin(),
                          stats.recent_ms.end() - static_cast<std::ptrdiff_t>(kRecentRuns));
  }
}

}  // namespace

void ObserveRun(RunStats& stats, int64_t duration_ms, int64_t now_ms, bool may_restart) {
  duration_ms = std::max<int64_t>(duration_ms, 0);  // a clock that stepped back
  const double x = LogMs(duration_ms);
  const double deviation = x - CenterLogMs(stats);
  const double previous = LogMs(stats.last_ms);
  // The previous run was an outlier and this one is on its side, nearer to it than to the
  // typical runtime: the two of them are the new regime.
  const bool same_side = stats.outlier_side != 0 && (deviation > 0) == (stats.outlier_side > 0);
  if (may_restart && same_side && std::abs(x - previous) < std::abs(deviation)) {
    stats.runs += 1;
    stats.mean_log_ms = (previous + x) / 2;
    stats.var_log = (x - previous) * (x - previous) / 4;
    stats.last_seen_ms = std::max(stats.last_seen_ms, now_ms);
    stats.outlier_side = 0;
    stats.recent_ms = {stats.last_ms, duration_ms};
    stats.last_ms = duration_ms;
    return;
  }
  const int side = stats.runs == 0 || std::abs(deviation) < std::log(kRegimeFactor) ? 0
                   : deviation > 0                                                  ? 1
                                                                                    : -1;
  stats.outlier_side = side;
  stats.runs += 1;
  const double alpha = std::max(kEmaAlpha, 1.0 / static_cast<double>(stats.runs));
  const double diff = x - stats.mean_log_ms;
  const double increment = alpha * diff;
  stats.mean_log_ms += increment;
  // West's incremental form of the exponentially weighted variance.
  stats.var_log = (1.0 - alpha) * (stats.var_log + diff * increment);
  stats.last_ms = duration_ms;
  Remember(stats, duration_ms);
  stats.last_seen_ms = std::max(stats.last_seen_ms, now_ms);
}

void ObserveLowerBound(RunStats& stats, int64_t at_least_ms, int64_t now_ms) {
  // The real runtime is unknown but longer: a quarter more than the bound is the guess.
  constexpr double kBeyondBound = 0.22314355131420976;  // ln(1.25)
  const double x = LogMs(at_least_ms) + kBeyondBound;
  stats.last_seen_ms = std::max(stats.last_seen_ms, now_ms);
  const double center = CenterLogMs(stats);
  if (stats.runs > 0 && x <= center) return;
  const double lift = stats.runs > 0 ? x - center : 0;
  stats.mean_log_ms = x;
  // Bounded: a bound near the int64 limit would overflow the rounding.
  stats.recent_ms = {std::llround(std::min(std::exp(x), 9e18))};
  stats.var_log = std::max(stats.var_log, lift * lift / 4);
  stats.runs += 1;
  stats.lower_bounds += 1;
}

void ObserveUpperBound(RunStats& stats, int64_t at_most_ms, int64_t now_ms, bool may_restart) {
  at_most_ms = std::max<int64_t>(at_most_ms, 0);
  const double x = LogMs(at_most_ms);
  if (stats.runs == 0 || x <= CenterLogMs(stats)) {
    ObserveRun(stats, at_most_ms, now_ms, may_restart);
    return;
  }
  stats.runs += 1;
  const double alpha = std::max(kEmaAlpha, 1.0 / static_cast<double>(stats.runs)) / 2;
  const double diff = x - stats.mean_log_ms;
  const double increment = alpha * diff;
  stats.mean_log_ms += increment;
  stats.var_log = (1.0 - alpha) * (stats.var_log + diff * increment);
  stats.outlier_side = 0;
  stats.last_seen_ms = std::max(stats.last_seen_ms, now_ms);
}

double CenterLogMs(const RunStats& stats) {
  const size_t n = std::min(stats.recent_ms.size(), kRecentRuns);
  if (n == 0) return stats.mean_log_ms;
  std::array<int64_t, kRecentRuns> runs;
  std::copy(stats.recent_ms.end() - static_cast<std::ptrdiff_t>(n), stats.recent_ms.end(),
            runs.begin());
  const auto middle = runs.begin() + static_cast<std::ptrdiff_t>(n / 2);
  std::nth_element(runs.begin(), middle, runs.begin() + static_cast<std::ptrdiff_t>(n));
  double median_log = LogMs(*middle);
  if (n % 2 == 0) {  // the geometric mean of the two middle runs
    median_log = (median_log + LogMs(*std::max_element(runs.begin(), middle))) / 2;
  }
  return kMedianWeight * median_log + (1 - kMedianWeight) * stats.mean_log_ms;
}

double MedianMs(const RunStats& stats) { return std::exp(CenterLogMs(stats)); }

double P90Ms(const RunStats& stats) {
  return std::exp(CenterLogMs(stats) + kZ90 * std::sqrt(std::max(stats.var_log, 0.0)));
}

}  // namespace bgprof
