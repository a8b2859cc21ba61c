// From the evidence bgprof has about a command (run statistics at several levels, narrowest first)
// to one predicted runtime and a decision on whether to suggest the background.
#ifndef BGPROF_ESTIMATOR_ESTIMATE_H_
#define BGPROF_ESTIMATOR_ESTIMATE_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "estimator/priors.h"
#include "estimator/run_stats.h"

namespace bgprof {

// Where a prediction came from, narrowest first. The names are part of `bgprof estimate --json`.
enum class Source { kCommand, kFamily, kProgram, kPrior, kNone };
std::string_view SourceName(Source source);

struct Evidence {
  Source level = Source::kNone;
  bool this_project = false;  // false: runs from every project
  RunStats stats;
};

struct Estimate {
  std::optional<double> median_ms;  // empty when nothing is known
  std::optional<double> p90_ms;
  int64_t runs = 0;  // runs behind the estimate at the level used
  Source source = Source::kNone;
  bool this_project = false;
};

// A level stands on its own once it has this many runs; below that a wider level that has them
// is preferred, and a single run is used only when nothing wider is known.
inline constexpr int64_t kRunsToStandAlone = 2;

// `evidence` is ordered from the narrowest level to the widest; levels without runs are skipped.
Estimate EstimateRuntime(std::span<const Evidence> evidence, const std::optional<Prior>& prior);

enum class Decision { kSuggest, kQuiet, kNeutral };
std::string_view DecisionName(Decision decision);

struct Thresholds {
  double suggest_above_ms = 5000;  // predicted median above this: suggest the background
  double quiet_below_ms = 2000;    // below this: certainly say nothing
};

// Between the two thresholds, or with nothing known, the decision is neutral: no suggestion.
Decision Decide(const Estimate& estimate, const Thresholds& thresholds);

}  // namespace bgprof

#endif  // BGPROF_ESTIMATOR_ESTIMATE_H_
