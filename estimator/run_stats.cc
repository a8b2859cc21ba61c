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

void ObserveRun(RunStats& stats, int64_t duration_ms, int64_t now_ms, bool may_restart) {
  duration_ms = std::max<int64_t>(duration_ms, 0);  // a clock that stepped back
  const double x = LogMs(duration_ms);
  const double deviation = x - stats.mean_log_ms;
  const double previous = LogMs(stats.last_ms);
  // The previous run was an outlier and this one is on its side, nearer to it than to the
  // average (which that outlier already pulled): the two of them are the new regime.
  const bool same_side = stats.outlier_side != 0 && (deviation > 0) == (stats.outlier_side > 0);
  if (may_restart && same_side && std::abs(x - previous) < std::abs(deviation)) {
    stats.runs += 1;
    stats.mean_log_ms = (previous + x) / 2;
    stats.var_log = (x - previous) * (x - previous) / 4;
    stats.last_ms = duration_ms;
    stats.last_seen_ms = std::max(stats.last_seen_ms, now_ms);
    stats.outlier_side = 0;
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
  stats.last_seen_ms = std::max(stats.last_seen_ms, now_ms);
}

void ObserveLowerBound(RunStats& stats, int64_t at_least_ms, int64_t now_ms) {
  // The real runtime is unknown but longer: a quarter more than the bound is the guess.
  constexpr double kBeyondBound = 0.22314355131420976;  // ln(1.25)
  const double x = LogMs(at_least_ms) + kBeyondBound;
  stats.last_seen_ms = std::max(stats.last_seen_ms, now_ms);
  if (stats.runs > 0 && x <= stats.mean_log_ms) return;
  const double lift = stats.runs > 0 ? x - stats.mean_log_ms : 0;
  stats.mean_log_ms = x;
  stats.var_log = std::max(stats.var_log, lift * lift / 4);
  stats.runs += 1;
  stats.lower_bounds += 1;
}

double MedianMs(const RunStats& stats) { return std::exp(stats.mean_log_ms); }

double P90Ms(const RunStats& stats) {
  return std::exp(stats.mean_log_ms + kZ90 * std::sqrt(std::max(stats.var_log, 0.0)));
}

}  // namespace bgprof
