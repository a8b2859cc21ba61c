// `bgprof replay TRACE.jsonl`: how well bgprof would have done on a recorded trace. Each command
// is predicted from what came before it, then learned, in a fresh temporary database; the same
// events are scored for three simple baselines. The trace's edits (`{"edit": PATH, "tool":
// "Edit"}`) and each new `session` go through the hook itself, as PostToolUse of the edit tool
// and SessionStart events: the replay is the hook, offline.
#ifndef BGPROF_PROFILER_CLI_REPLAY_COMMAND_H_
#define BGPROF_PROFILER_CLI_REPLAY_COMMAND_H_

#include <cstdint>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "estimator/estimate.h"

namespace bgprof {

struct ReplayOptions {
  std::string trace_path;
  bool json = false;
  std::string events_path;  // when set, every scored event is written there as a JSON line
};

// One method's record on a trace. Rates are NaN when undefined (nothing to divide by).
struct ReplayScore {
  int64_t n = 0;          // records scored
  int64_t slow = 0;       // actual runtime over 5 s
  int64_t fast = 0;       // actual runtime under 2 s
  int64_t suggested = 0;  // records the method suggested the background for
  int64_t slow_suggested = 0;
  int64_t fast_suggested = 0;
  int64_t predicted = 0;  // records the method had any prediction for
  double slow_ms = 0;     // time spent in the slow records
  double slow_ms_suggested = 0;
  std::vector<double> abs_log2_errors;
  // Errors on the records whose exact command ran before: the records the per-command baselines
  // predict, where methods compare on the same ground.
  std::vector<double> repeated_abs_log2_errors;

  double Recall() const;
  double Precision() const;
  double NoiseRate() const;
  double F1() const;
  // The share of the time spent in slow records that got a suggestion: a missed 70 s build
  // counts fourteen times a missed 5 s test.
  double SlowSecondsCaught() const;
  double Coverage() const;
  double MedianAbsLog2Error() const;
  double RepeatedMedianAbsLog2Error() const;

 private:
  static double MedianOf(const std::vector<double>& errors);
};

// Scores per method ("bgprof", "bgprof, acting" (the calls auto and block modes act on),
// "last value", "mean of last two", "EMA per command", and
// "hindsight median": the median of the command's other runs in the whole trace, future ones
// included, a ceiling rather than a method), overall and per project (a record's `project`, else
// the part of its `source` before the first ':').
struct ReplayReport {
  std::map<std::string, ReplayScore> overall;
  std::map<std::string, ReplayScore> repeated;  // records whose exact command ran before
  std::map<std::string, std::map<std::string, ReplayScore>> by_project;
  int64_t skipped = 0;   // background launches, suspected waits, unparsable lines
  int64_t edits = 0;     // edit records, replayed as the hook's PostToolUse of the edit tool
  int64_t sessions = 0;  // session starts, replayed as the hook's SessionStart
};

// `events`, when given, receives one JSON line per scored event: the command, its family, the
// actual and predicted runtimes, the decision and the evidence it rested on.
absl::StatusOr<ReplayReport> ReplayTrace(const std::string& trace_path,
                                         const Thresholds& thresholds,
                                         std::ostream* events = nullptr);

int RunReplayCommand(const ReplayOptions& options);

}  // namespace bgprof

#endif  // BGPROF_PROFILER_CLI_REPLAY_COMMAND_H_
