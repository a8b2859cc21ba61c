// Running statistics of one signature at one level, kept in log space because command runtimes are
// heavy-tailed: a 2 s and a 200 s run of the same build average to something meaningful there.
#ifndef BGPROF_ESTIMATOR_RUN_STATS_H_
#define BGPROF_ESTIMATOR_RUN_STATS_H_

#include <cstddef>
#include <cstdint>
#include <vector>

namespace bgprof {

struct RunStats {
  int64_t runs = 0;          // complete runs folded in
  double mean_log_ms = 0;    // exponential moving average of ln(duration in ms)
  double var_log = 0;        // exponentially weighted variance of ln(duration in ms)
  int64_t last_ms = 0;       // duration of the newest run
  int64_t last_seen_ms = 0;  // unix time (ms) of the newest run
  // +1 or -1 when the newest run was kRegimeFactor above or below the typical runtime, else 0. A
  // second such run on the same side is a new regime (a cold cache, a bigger test suite).
  int outlier_side = 0;
  int64_t lower_bounds = 0;  // interrupted or backgrounded runs folded in as "at least"
  // The newest runs, oldest first, at most kRecentRuns: for their median.
  std::vector<int64_t> recent_ms;
};

// How many runs the median looks back over. On the shared traces 12, 24 and 32 did equally well.
inline constexpr size_t kRecentRuns = 24;

// How far (as a ratio) a run must be from the typical runtime to count as an outlier.
inline constexpr double kRegimeFactor = 10;

// Weight of the newest run once a signature has history. The first runs are averaged plainly
// (weight 1/runs) so that the second run counts as much as the first.
inline constexpr double kEmaAlpha = 0.3;

// Folds one complete run into `stats`. A run kRegimeFactor away from the typical runtime followed
// by one near it restarts the statistics from the two: bgprof adapts to a new regime within two
// runs.
// `may_restart` is false for levels that mix several commands (a family, a program), where two
// such runs in a row are more likely two different commands than a new regime.
void ObserveRun(RunStats& stats, int64_t duration_ms, int64_t now_ms, bool may_restart = true);

// Folds in a run that was cut short after `at_least_ms` (interrupted, timed out, moved to the
// background): its real runtime is longer. A bound above the typical runtime restarts the
// statistics just past it; a bound below says nothing new.
void ObserveLowerBound(RunStats& stats, int64_t at_least_ms, int64_t now_ms);

// Folds in a run timed from bgprof's own PreToolUse (a client that sends no duration): its real
// runtime is at most `at_most_ms`, less any permission prompt it waited on. Up to the typical
// runtime it is a run like any other; above it, it counts half in the average and stays out of
// the recent runs whose median is the typical runtime.
void ObserveUpperBound(RunStats& stats, int64_t at_most_ms, int64_t now_ms,
                       bool may_restart = true);

// The typical runtime weighs the median of the recent runs this much against the average. A run
// that waited on a permission prompt moves the median by one place where it drags the average a
// long way, and such waits are common; the average keeps one odd run from being ignored. On the
// shared traces, weights 1, 0.7 and 0.5 gave the same F1 (0.695-0.702); 0.7 the lowest error.
inline constexpr double kMedianWeight = 0.7;

// ln of the typical runtime: the median of the recent runs and the average, in log space,
// weighted by kMedianWeight. The average alone for statistics kept before bgprof kept recent runs.
double CenterLogMs(const RunStats& stats);

// Typical runtime: exp(CenterLogMs).
double MedianMs(const RunStats& stats);

// A pessimistic runtime: the 90th percentile of the fitted log-normal.
double P90Ms(const RunStats& stats);

}  // namespace bgprof

#endif  // BGPROF_ESTIMATOR_RUN_STATS_H_
