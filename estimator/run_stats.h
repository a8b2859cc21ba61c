// Running statistics of one signature at one level, kept in log space because command runtimes are
// heavy-tailed: a 2 s and a 200 s run of the same build average to something meaningful there.
#ifndef BGPROF_ESTIMATOR_RUN_STATS_H_
#define BGPROF_ESTIMATOR_RUN_STATS_H_

#include <cstdint>

namespace bgprof {

struct RunStats {
  int64_t runs = 0;          // complete runs folded in
  double mean_log_ms = 0;    // exponential moving average of ln(duration in ms)
  double var_log = 0;        // exponentially weighted variance of ln(duration in ms)
  int64_t last_ms = 0;       // duration of the newest run
  int64_t last_seen_ms = 0;  // unix time (ms) of the newest run
};

// Weight of the newest run once a signature has history. The first runs are averaged plainly
// (weight 1/runs) so that the second run counts as much as the first.
inline constexpr double kEmaAlpha = 0.3;

// Folds one complete run into `stats`.
void ObserveRun(RunStats& stats, int64_t duration_ms, int64_t now_ms);

// Typical runtime: the geometric mean, which is the median of a log-normal runtime.
double MedianMs(const RunStats& stats);

// A pessimistic runtime: the 90th percentile of the fitted log-normal.
double P90Ms(const RunStats& stats);

}  // namespace bgprof

#endif  // BGPROF_ESTIMATOR_RUN_STATS_H_
