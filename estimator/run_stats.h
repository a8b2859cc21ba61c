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
  // +1 or -1 when the newest run was kRegimeFactor above or below the average, else 0. A second
  // such run on the same side is a new regime (a cold cache, a bigger test suite).
  int outlier_side = 0;
  int64_t lower_bounds = 0;  // interrupted or backgrounded runs folded in as "at least"
};

// How far (as a ratio) a run must be from the average to count as an outlier.
inline constexpr double kRegimeFactor = 10;

// Weight of the newest run once a signature has history. The first runs are averaged plainly
// (weight 1/runs) so that the second run counts as much as the first.
inline constexpr double kEmaAlpha = 0.3;

// Folds one complete run into `stats`. A run kRegimeFactor away from the average followed by
// one near it restarts the average from the two: bgprof adapts to a new regime within two runs.
// `may_restart` is false for levels that mix several commands (a family, a program), where two
// such runs in a row are more likely two different commands than a new regime.
void ObserveRun(RunStats& stats, int64_t duration_ms, int64_t now_ms, bool may_restart = true);

// Folds in a run that was cut short after `at_least_ms` (interrupted, timed out, moved to the
// background): its real runtime is longer. A bound above the average lifts the average past
// it; a bound below says nothing new.
void ObserveLowerBound(RunStats& stats, int64_t at_least_ms, int64_t now_ms);

// Typical runtime: the geometric mean, which is the median of a log-normal runtime.
double MedianMs(const RunStats& stats);

// A pessimistic runtime: the 90th percentile of the fitted log-normal.
double P90Ms(const RunStats& stats);

}  // namespace bgprof

#endif  // BGPROF_ESTIMATOR_RUN_STATS_H_
