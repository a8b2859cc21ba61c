#include "profiler/cli/usage_report.h"

#include <algorithm>
#include <functional>
#include <map>
#include <queue>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "profiler/base/duration_text.h"

namespace bgprof {
namespace {

constexpr TaskOrigin kOrigins[] = {TaskOrigin::kAsked, TaskOrigin::kMoved, TaskOrigin::kUser,
                                   TaskOrigin::kTimeout};

// The share of slow runs bgprof aims to see in the background.
constexpr const char* kBackgroundShareTarget = "target: over 30 %";

// What the table shows for a value that does not exist (nothing to divide by).
constexpr const char* kNone = "–";

bool Over(int64_t ms, const Thresholds& thresholds) {
  return static_cast<double>(ms) > thresholds.suggest_above_ms;
}

// A foreground run that kept the agent waiting past the threshold. Interrupted and censored runs
// count: they waited at least that long.
bool IsSlowForeground(const Sample& sample, const Thresholds& thresholds) {
  return sample.background == RuntimeBound::kNone && sample.outcome != Outcome::kBackground &&
         sample.duration_ms.has_value() && Over(*sample.duration_ms, thresholds);
}

// A task that ran, or was expected to run, past the threshold. Its runtime when its end told;
// otherwise the prediction, or the time until bgprof heard of its end.
bool IsSlowBackground(const Task& task, const Thresholds& thresholds) {
  if (task.runtime_ms.has_value()) return Over(*task.runtime_ms, thresholds);
  if (task.predicted_ms.has_value() && Over(*task.predicted_ms, thresholds)) return true;
  return task.ended_ms.has_value() && Over(*task.ended_ms - task.started_ms, thresholds);
}

// The last moment the task is known to have run: a running task ran at least until the
// session's last event.
int64_t KnownEndMs(const Task& task) {
  int64_t end_ms = task.started_ms;
  if (task.ended_ms.has_value()) {
    end_ms = *task.ended_ms;
  } else if (task.last_activity_ms > 0) {
    end_ms = task.last_activity_ms;
  }
  return std::max(end_ms, task.started_ms);
}

// The most tasks of one session whose [start, end) overlap. A task counts at its own start even
// when nothing is known of its end.
int64_t MaxParallel(const std::vector<Task>& tasks) {
  std::map<std::string, std::vector<const Task*>> by_session;
  for (const Task& task : tasks) by_session[task.session].push_back(&task);
  int64_t most = 0;
  for (auto& [session, list] : by_session) {
    std::sort(list.begin(), list.end(),
              [](const Task* a, const Task* b) { return a->started_ms < b->started_ms; });
    // Ends of the tasks started so far that may still run, soonest first.
    std::priority_queue<int64_t, std::vector<int64_t>, std::greater<>> ends;
    for (const Task* task : list) {
      while (!ends.empty() && ends.top() <= task->started_ms) ends.pop();
      most = std::max(most, static_cast<int64_t>(ends.size()) + 1);
      ends.push(KnownEndMs(*task));
    }
  }
  return most;
}

// The time a background task saved: the part of its runtime in the background during which the
// agent kept working (hook events of its session between the launch and the end, up to the last
// of them), minus what the agent spent blocked waiting for it. A task the user or Claude Code
// moved ran in the foreground until `launched_ms`: that part blocked the agent. Only tasks known
// to have ended count: a running one may yet be waited for.
int64_t TimeSavedMs(const Task& task, int64_t launched_ms) {
  if (!task.ended_ms.has_value()) return 0;
  launched_ms = std::max(launched_ms, task.started_ms);
  const int64_t runtime_ms = task.runtime_ms.value_or(*task.ended_ms - task.started_ms);
  const int64_t in_background_ms = runtime_ms - (launched_ms - task.started_ms);
  const int64_t active_ms = std::max<int64_t>(0, task.last_activity_ms - launched_ms);
  return std::max<int64_t>(0, std::min(in_background_ms, active_ms) - task.waited_ms);
}

// When each launch reached the background: its sample's time, by session and tool_use_id.
std::map<std::pair<std::string, std::string>, int64_t> LaunchTimes(
    const std::vector<Sample>& samples) {
  std::map<std::pair<std::string, std::string>, int64_t> launched;
  for (const Sample& sample : samples) {
    const bool launch =
        sample.outcome == Outcome::kBackground || sample.outcome == Outcome::kCensored;
    if (launch && sample.background == RuntimeBound::kNone && !sample.tool_use_id.empty()) {
      launched[{sample.session, sample.tool_use_id}] = sample.at_ms;
    }
  }
  return launched;
}

std::optional<double> Share(int64_t part, int64_t whole) {
  if (whole == 0) return std::nullopt;
  return static_cast<double>(part) / static_cast<double>(whole);
}

AdviceCounts CountAdvice(const std::vector<TelemetryRow>& telemetry) {
  AdviceCounts counts;
  for (const TelemetryRow& row : telemetry) {
    switch (row.kind) {
      case TelemetryKind::kSuggested:
        ++counts.suggested;
        break;
      case TelemetryKind::kMoved:
        ++counts.moved;
        break;
      case TelemetryKind::kDenied:
        ++counts.denied;
        break;
      case TelemetryKind::kFollowed:
        ++counts.followed;
        break;
      case TelemetryKind::kIgnored:
        ++counts.ignored;
        break;
      case TelemetryKind::kCapped:
        ++counts.capped;
        break;
      case TelemetryKind::kWaitsFor:
        ++counts.waits_for;
        break;
      case TelemetryKind::kEarlyPoll:
      case TelemetryKind::kUnread:
      case TelemetryKind::kRunningAtStop:
        break;  // about tasks, counted there
    }
  }
  counts.follow_rate = Share(counts.followed, counts.followed + counts.ignored);
  return counts;
}

TaskCounts CountTasks(const std::vector<Task>& tasks, const std::vector<TelemetryRow>& telemetry) {
  TaskCounts counts{.total = static_cast<int64_t>(tasks.size())};
  for (TaskOrigin origin : kOrigins) counts.by_origin[std::string(TaskOriginName(origin))] = 0;
  std::set<std::string> sessions;
  for (const Task& task : tasks) {
    ++counts.by_origin[std::string(TaskOriginName(task.origin))];
    sessions.insert(task.session);
    counts.early_polls += task.early_polls;
    counts.polls += task.polls;
    if (task.runtime_ms.has_value() && (task.runtime_bound == RuntimeBound::kExact ||
                                        task.runtime_bound == RuntimeBound::kUpper)) {
      ++counts.with_runtime;
    }
  }
  counts.sessions = static_cast<int64_t>(sessions.size());
  counts.per_session = Share(counts.total, counts.sessions);
  counts.max_parallel = MaxParallel(tasks);
  for (const TelemetryRow& row : telemetry) {
    if (row.kind == TelemetryKind::kUnread) ++counts.unread;
    if (row.kind == TelemetryKind::kRunningAtStop) ++counts.running_at_stop;
  }
  return counts;
}

double Median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const size_t middle = values.size() / 2;
  return values.size() % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
}

// Complete runs with a prediction. A background run counts only when timed exactly: an upper or
// lower bound would score the prediction against a runtime the task did not have.
PredictionScore ScorePredictions(const std::vector<Sample>& samples, const Thresholds& thresholds) {
  PredictionScore score;
  std::vector<double> errors;
  int64_t within = 0;
  for (const Sample& sample : samples) {
    if (!sample.predicted_ms.has_value() || !sample.duration_ms.has_value()) continue;
    if (!IsCompleteRun(sample.outcome)) continue;
    if (sample.background != RuntimeBound::kNone && sample.background != RuntimeBound::kExact) {
      continue;
    }
    const double actual = static_cast<double>(std::max<int64_t>(1, *sample.duration_ms));
    const double predicted = static_cast<double>(std::max<int64_t>(1, *sample.predicted_ms));
    const double ratio = actual / predicted;
    if (ratio >= 0.5 && ratio <= 2) ++within;
    errors.push_back(std::abs(std::log2(ratio)));
    // A slow run in the background cost no waiting: only a foreground one is a miss.
    if (sample.background == RuntimeBound::kNone && sample.advice.empty() &&
        Over(*sample.duration_ms, thresholds)) {
      ++score.misses_over_threshold;
      score.missed_ms += *sample.duration_ms;
    }
  }
  score.n = static_cast<int64_t>(errors.size());
  score.within_2x = Share(within, score.n);
  if (!errors.empty()) score.median_abs_log2_error = Median(std::move(errors));
  return score;
}

nlohmann::json OrNull(const std::optional<double>& value) {
  return value.has_value() ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

std::string PercentText(const std::optional<double>& share) {
  return share.has_value() ? absl::StrFormat("%.1f %%", *share * 100) : kNone;
}

std::string MsText(int64_t ms) { return DurationText(static_cast<double>(ms)); }

// Characters as a terminal shows them: UTF-8 continuation bytes take no column.
size_t Columns(const std::string& text) {
  return static_cast<size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

// One line of a section: the label, the value right-aligned, an optional note.
void AddLine(std::string& out, const std::string& label, const std::string& value,
             const std::string& note = "") {
  constexpr size_t kLabelWidth = 26, kValueWidth = 10;
  std::string line = absl::StrCat("  ", label);
  line.append(kLabelWidth > Columns(label) ? kLabelWidth - Columns(label) : 1, ' ');
  line.append(kValueWidth > Columns(value) ? kValueWidth - Columns(value) : 0, ' ');
  absl::StrAppend(&line, value);
  if (!note.empty()) absl::StrAppend(&line, "  ", note);
  absl::StrAppend(&out, line, "\n");
}

std::string HeaderText(const UsageReport& report) {
  const std::string since =
      report.since_ms == 0
          ? "All time"
          : absl::StrCat("Since ", absl::FormatTime("%Y-%m-%d %H:%M UTC",
                                                    absl::FromUnixMillis(report.since_ms),
                                                    absl::UTCTimeZone()));
  const std::string where =
      report.project.empty() ? "every project" : absl::StrCat("project ", report.project);
  return absl::StrCat(since, ", ", where, "; slow means over ", MsText(report.slow_above_ms), "\n");
}

}  // namespace

UsageReport ReportUsage(const std::vector<Sample>& samples, const std::vector<Task>& tasks,
                        const std::vector<TelemetryRow>& telemetry, const Thresholds& thresholds) {
  UsageReport report{.slow_above_ms =
                         static_cast<int64_t>(std::llround(thresholds.suggest_above_ms))};
  for (const Sample& sample : samples) {
    if (sample.background == RuntimeBound::kNone) ++report.commands_recorded;
    if (IsSlowForeground(sample, thresholds)) {
      ++report.slow_foreground;
      report.blocked_ms += *sample.duration_ms;
    }
  }
  const std::map<std::pair<std::string, std::string>, int64_t> launched = LaunchTimes(samples);
  for (const Task& task : tasks) {
    if (IsSlowBackground(task, thresholds)) ++report.slow_background;
    report.blocked_ms += task.waited_ms;
    const auto launch = launched.find({task.session, task.tool_use_id});
    report.time_saved_ms +=
        TimeSavedMs(task, launch == launched.end() ? task.started_ms : launch->second);
  }
  report.background_share =
      Share(report.slow_background, report.slow_background + report.slow_foreground);
  report.suggestions = CountAdvice(telemetry);
  report.tasks = CountTasks(tasks, telemetry);
  report.predictions = ScorePredictions(samples, thresholds);
  return report;
}

std::string UsageTable(const UsageReport& report) {
  std::string out = HeaderText(report);

  absl::StrAppend(&out, "\nCommands\n");
  AddLine(out, "recorded", absl::StrCat(report.commands_recorded));
  AddLine(out, "slow, in the foreground", absl::StrCat(report.slow_foreground));
  AddLine(out, "slow, in the background", absl::StrCat(report.slow_background));
  AddLine(out, "background share", PercentText(report.background_share), kBackgroundShareTarget);
  AddLine(out, "time blocked", MsText(report.blocked_ms), "slow foreground runs, blocking waits");
  AddLine(out, "time saved", MsText(report.time_saved_ms),
          "background runtime while the agent worked on");

  const TaskCounts& tasks = report.tasks;
  std::vector<std::string> origins;
  for (TaskOrigin origin : kOrigins) {
    const std::string name(TaskOriginName(origin));
    const auto count = tasks.by_origin.find(name);
    origins.push_back(absl::StrCat(name, " ", count == tasks.by_origin.end() ? 0 : count->second));
  }
  absl::StrAppend(&out, "\nBackground tasks\n");
  AddLine(out, "tasks", absl::StrCat(tasks.total), absl::StrJoin(origins, ", "));
  AddLine(out, "sessions with tasks", absl::StrCat(tasks.sessions),
          tasks.per_session.has_value()
              ? absl::StrFormat("%.1f tasks per session", *tasks.per_session)
              : std::string());
  AddLine(out, "most at once", absl::StrCat(tasks.max_parallel), "in one session");
  AddLine(out, "polls", absl::StrCat(tasks.polls),
          absl::StrCat(tasks.early_polls, " before the expected end"));
  AddLine(out, "runtime measured", absl::StrCat(tasks.with_runtime));
  AddLine(out, "ended, never read", absl::StrCat(tasks.unread));
  AddLine(out, "running at end of turn", absl::StrCat(tasks.running_at_stop));

  const AdviceCounts& advice = report.suggestions;
  absl::StrAppend(&out, "\nAdvice\n");
  AddLine(out, "suggested", absl::StrCat(advice.suggested));
  AddLine(out, "moved", absl::StrCat(advice.moved));
  AddLine(out, "denied", absl::StrCat(advice.denied));
  AddLine(out, "followed", absl::StrCat(advice.followed));
  AddLine(out, "ignored", absl::StrCat(advice.ignored));
  AddLine(out, "follow rate", PercentText(advice.follow_rate), "followed / (followed + ignored)");
  AddLine(out, "held back: too many tasks", absl::StrCat(advice.capped));
  AddLine(out, "held back: depends", absl::StrCat(advice.waits_for), "on a task still running");

  const PredictionScore& predictions = report.predictions;
  absl::StrAppend(&out, "\nPredictions\n");
  AddLine(out, "scored runs", absl::StrCat(predictions.n));
  AddLine(out, "within 2x", PercentText(predictions.within_2x));
  AddLine(out, "median error",
          predictions.median_abs_log2_error.has_value()
              ? absl::StrFormat("%.2f", *predictions.median_abs_log2_error)
              : kNone,
          "|log2(actual / predicted)|: 1 is off by 2x");
  AddLine(out, "slow, not foreseen", absl::StrCat(predictions.misses_over_threshold),
          absl::StrCat(MsText(predictions.missed_ms), " in the foreground"));
  return out;
}

nlohmann::json UsageJson(const UsageReport& report) {
  const AdviceCounts& advice = report.suggestions;
  const TaskCounts& tasks = report.tasks;
  const PredictionScore& predictions = report.predictions;
  return {
      {"since_ms", report.since_ms},
      {"project", report.project},
      {"slow_above_ms", report.slow_above_ms},
      {"commands_recorded", report.commands_recorded},
      {"slow_foreground", report.slow_foreground},
      {"slow_background", report.slow_background},
      {"background_share", OrNull(report.background_share)},
      {"blocked_ms", report.blocked_ms},
      {"time_saved_ms", report.time_saved_ms},
      {"suggestions",
       {{"suggested", advice.suggested},
        {"moved", advice.moved},
        {"denied", advice.denied},
        {"followed", advice.followed},
        {"ignored", advice.ignored},
        {"capped", advice.capped},
        {"waits_for", advice.waits_for},
        {"follow_rate", OrNull(advice.follow_rate)}}},
      {"tasks",
       {{"total", tasks.total},
        {"by_origin", tasks.by_origin},
        {"sessions", tasks.sessions},
        {"per_session", OrNull(tasks.per_session)},
        {"max_parallel", tasks.max_parallel},
        {"early_polls", tasks.early_polls},
        {"polls", tasks.polls},
        {"unread", tasks.unread},
        {"running_at_stop", tasks.running_at_stop},
        {"with_runtime", tasks.with_runtime}}},
      {"predictions",
       {{"n", predictions.n},
        {"within_2x", OrNull(predictions.within_2x)},
        {"median_abs_log2_error", OrNull(predictions.median_abs_log2_error)},
        {"misses_over_threshold", predictions.misses_over_threshold},
        {"missed_ms", predictions.missed_ms}}},
  };
}

}  // namespace bgprof
