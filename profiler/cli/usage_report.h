// What `bgprof stats` reports: how much waiting slow commands cost, how much of it bgprof moved
// out of the way, how the agent handled its background tasks, and how good the predictions were.
// ReportUsage is pure (rows in, numbers out); the command reads the rows (stats_command).
#ifndef BGPROF_PROFILER_CLI_USAGE_REPORT_H_
#define BGPROF_PROFILER_CLI_USAGE_REPORT_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "db/store.h"
#include "estimator/estimate.h"

namespace bgprof {

// Counts of the telemetry rows about advice, by kind.
struct AdviceCounts {
  int64_t suggested = 0;
  int64_t moved = 0;
  int64_t denied = 0;
  int64_t followed = 0;
  int64_t ignored = 0;
  int64_t capped = 0;
  int64_t waits_for = 0;
  std::optional<double> follow_rate;  // followed / (followed + ignored)
};

struct TaskCounts {
  int64_t total = 0;
  std::map<std::string, int64_t> by_origin;  // every TaskOriginName, zero included
  int64_t sessions = 0;                      // sessions with at least one task
  std::optional<double> per_session;         // total / sessions
  int64_t max_parallel = 0;                  // most tasks of one session running at once
  int64_t early_polls = 0;
  int64_t polls = 0;
  int64_t unread = 0;           // ended, result never read by the end of a turn
  int64_t running_at_stop = 0;  // the agent ended its turn while one ran
  int64_t with_runtime = 0;     // runtime timed exactly or bounded from above
};

struct PredictionScore {
  int64_t n = 0;                    // complete runs that had a prediction
  std::optional<double> within_2x;  // share with actual / predicted in [0.5, 2]
  std::optional<double> median_abs_log2_error;
  int64_t misses_over_threshold = 0;  // slow foreground runs bgprof said nothing about
  int64_t missed_ms = 0;              // their total duration
};

struct UsageReport {
  int64_t since_ms = 0;  // set by the caller; 0 for all time
  std::string project;   // set by the caller; "" for every project
  int64_t slow_above_ms = 0;
  int64_t commands_recorded = 0;
  int64_t slow_foreground = 0;
  int64_t slow_background = 0;
  std::optional<double> background_share;  // slow_background / (slow_background + slow_foreground)
  int64_t blocked_ms = 0;
  int64_t time_saved_ms = 0;
  AdviceCounts suggestions;
  TaskCounts tasks;
  PredictionScore predictions;
};

// A run is slow above `thresholds.suggest_above_ms`, the line bgprof advises at.
UsageReport ReportUsage(const std::vector<Sample>& samples, const std::vector<Task>& tasks,
                        const std::vector<TelemetryRow>& telemetry, const Thresholds& thresholds);

// The report as a few aligned sections for people.
std::string UsageTable(const UsageReport& report);

// The report as one JSON object; its field names are a stable interface (fields are only added).
nlohmann::json UsageJson(const UsageReport& report);

}  // namespace bgprof

#endif  // BGPROF_PROFILER_CLI_USAGE_REPORT_H_
