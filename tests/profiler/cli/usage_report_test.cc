#include "profiler/cli/usage_report.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace bgprof {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const Thresholds kDefault;  // slow above 5 s

Sample Foreground(int64_t duration_ms, Outcome outcome = Outcome::kOk) {
  return Sample{.session = "s", .duration_ms = duration_ms, .outcome = outcome};
}

Sample Launch() {
  return Sample{.session = "s", .duration_ms = 40, .outcome = Outcome::kBackground};
}

// The run a background task turned out to take.
Sample Completion(int64_t duration_ms, RuntimeBound bound) {
  return Sample{.session = "s", .duration_ms = duration_ms, .background = bound};
}

Sample Predicted(int64_t predicted_ms, int64_t duration_ms, std::string advice = "",
                 RuntimeBound bound = RuntimeBound::kNone, Outcome outcome = Outcome::kOk) {
  return Sample{.session = "s",
                .duration_ms = duration_ms,
                .outcome = outcome,
                .predicted_ms = predicted_ms,
                .advice = std::move(advice),
                .background = bound};
}

Task RunningTask(std::string session, int64_t started_ms) {
  return Task{.session = std::move(session), .task_id = "t", .started_ms = started_ms};
}

Task EndedTask(std::string session, int64_t started_ms, int64_t ended_ms) {
  Task task = RunningTask(std::move(session), started_ms);
  task.ended_ms = ended_ms;
  task.end = TaskEnd::kNotified;
  return task;
}

TelemetryRow Row(TelemetryKind kind) { return TelemetryRow{.session = "s", .kind = kind}; }

UsageReport OfSamples(const std::vector<Sample>& samples) {
  return ReportUsage(samples, {}, {}, kDefault);
}

UsageReport OfTasks(const std::vector<Task>& tasks) { return ReportUsage({}, tasks, {}, kDefault); }

TEST(ReportUsage, CommandsRecordedAreTheCallsTheAgentMadeNotTheTasksTheyBecame) {
  const UsageReport report =
      OfSamples({Foreground(100), Foreground(9000, Outcome::kFailed), Launch(),
                 Completion(8000, RuntimeBound::kExact), Completion(8000, RuntimeBound::kUpper)});
  EXPECT_EQ(report.commands_recorded, 3);
}

TEST(ReportUsage, SlowForegroundRunsAreTheLongOnesThatRanInTheForeground) {
  const UsageReport report = OfSamples({
      Foreground(6000),                         // slow
      Foreground(5000),                         // at the threshold: not over it
      Foreground(7000, Outcome::kInterrupted),  // waited at least that long
      Foreground(100),
      Sample{.session = "s", .outcome = Outcome::kCensored},  // no duration
      Sample{.session = "s", .duration_ms = 9000, .outcome = Outcome::kBackground},
      Completion(9000, RuntimeBound::kExact),
  });
  EXPECT_EQ(report.slow_foreground, 2);
  EXPECT_EQ(report.blocked_ms, 13000);
}

TEST(ReportUsage, SlowForegroundFollowsTheThreshold) {
  const UsageReport report = ReportUsage({Foreground(1500), Foreground(6000)}, {}, {},
                                         Thresholds{.suggest_above_ms = 1000});
  EXPECT_EQ(report.slow_foreground, 2);
  EXPECT_EQ(report.slow_above_ms, 1000);
}

TEST(ReportUsage, SlowBackgroundTasksByRuntimeElsePredictionElseTimeToTheirEnd) {
  Task long_run = EndedTask("s", 0, 9000);
  long_run.runtime_ms = 6000;
  Task quick_despite_prediction = EndedTask("s", 0, 9000);
  quick_despite_prediction.runtime_ms = 3000;
  quick_despite_prediction.predicted_ms = 60000;
  Task predicted_slow = RunningTask("s", 0);
  predicted_slow.predicted_ms = 8000;
  Task predicted_quick = RunningTask("s", 0);
  predicted_quick.predicted_ms = 2000;
  Task heard_late = EndedTask("s", 1000, 11000);  // no runtime: a late report
  Task heard_soon = EndedTask("s", 1000, 2000);
  Task unknown = RunningTask("s", 0);
  const UsageReport report = OfTasks({long_run, quick_despite_prediction, predicted_slow,
                                      predicted_quick, heard_late, heard_soon, unknown});
  EXPECT_EQ(report.slow_background, 3);
}

TEST(ReportUsage, BackgroundShareIsTheSlowRunsKeptOutOfTheWay) {
  Task slow = EndedTask("s", 0, 1000);
  slow.runtime_ms = 60000;
  const UsageReport report =
      ReportUsage({Foreground(6000), Foreground(100)}, {slow, slow, slow}, {}, kDefault);
  EXPECT_EQ(report.slow_foreground, 1);
  EXPECT_EQ(report.slow_background, 3);
  ASSERT_TRUE(report.background_share.has_value());
  EXPECT_DOUBLE_EQ(*report.background_share, 0.75);

  EXPECT_FALSE(OfSamples({Foreground(100)}).background_share.has_value());
}

TEST(ReportUsage, BlockedTimeAddsBlockingWaitsForTasks) {
  Task waited = EndedTask("s", 0, 1000);
  waited.waited_ms = 2000;
  Task waited_less = RunningTask("s", 0);
  waited_less.waited_ms = 500;
  const UsageReport report =
      ReportUsage({Foreground(6000), Foreground(100)}, {waited, waited_less}, {}, kDefault);
  EXPECT_EQ(report.blocked_ms, 6000 + 2000 + 500);
}

TEST(ReportUsage, AdviceIsCountedByKindWithItsFollowRate) {
  std::vector<TelemetryRow> rows;
  const std::vector<std::pair<TelemetryKind, int>> counts = {
      {TelemetryKind::kSuggested, 7}, {TelemetryKind::kMoved, 2},    {TelemetryKind::kDenied, 1},
      {TelemetryKind::kFollowed, 3},  {TelemetryKind::kIgnored, 1},  {TelemetryKind::kCapped, 4},
      {TelemetryKind::kWaitsFor, 5},  {TelemetryKind::kEarlyPoll, 6}};
  for (const auto& [kind, count] : counts) {
    for (int i = 0; i < count; ++i) rows.push_back(Row(kind));
  }
  const AdviceCounts advice = ReportUsage({}, {}, rows, kDefault).suggestions;
  EXPECT_EQ(advice.suggested, 7);
  EXPECT_EQ(advice.moved, 2);
  EXPECT_EQ(advice.denied, 1);
  EXPECT_EQ(advice.followed, 3);
  EXPECT_EQ(advice.ignored, 1);
  EXPECT_EQ(advice.capped, 4);
  EXPECT_EQ(advice.waits_for, 5);
  ASSERT_TRUE(advice.follow_rate.has_value());
  EXPECT_DOUBLE_EQ(*advice.follow_rate, 0.75);

  const UsageReport unanswered = ReportUsage({}, {}, {Row(TelemetryKind::kSuggested)}, kDefault);
  EXPECT_FALSE(unanswered.suggestions.follow_rate.has_value());
}

TEST(ReportUsage, TasksAreCountedByOriginSessionAndPolls) {
  Task asked = EndedTask("a", 0, 1000);
  asked.polls = 3;
  asked.early_polls = 2;
  asked.runtime_ms = 1000;
  asked.runtime_bound = RuntimeBound::kExact;
  Task moved = EndedTask("a", 0, 1000);
  moved.origin = TaskOrigin::kMoved;
  moved.polls = 1;
  moved.runtime_ms = 900;
  moved.runtime_bound = RuntimeBound::kUpper;
  Task user = EndedTask("b", 0, 1000);
  user.origin = TaskOrigin::kUser;
  user.runtime_ms = 800;
  user.runtime_bound = RuntimeBound::kLower;  // stopped: no runtime to learn from
  Task user_too = RunningTask("b", 0);
  user_too.origin = TaskOrigin::kUser;
  Task timeout = EndedTask("c", 0, 1000);
  timeout.origin = TaskOrigin::kTimeout;
  timeout.runtime_ms = 700;
  timeout.runtime_bound = RuntimeBound::kExact;
  const std::vector<TelemetryRow> telemetry = {
      Row(TelemetryKind::kUnread), Row(TelemetryKind::kRunningAtStop),
      Row(TelemetryKind::kRunningAtStop), Row(TelemetryKind::kEarlyPoll)};

  const TaskCounts tasks =
      ReportUsage({}, {asked, moved, user, user_too, timeout}, telemetry, kDefault).tasks;
  EXPECT_EQ(tasks.total, 5);
  EXPECT_EQ(tasks.by_origin.at("asked"), 1);
  EXPECT_EQ(tasks.by_origin.at("moved"), 1);
  EXPECT_EQ(tasks.by_origin.at("user"), 2);
  EXPECT_EQ(tasks.by_origin.at("timeout"), 1);
  EXPECT_EQ(tasks.sessions, 3);
  ASSERT_TRUE(tasks.per_session.has_value());
  EXPECT_DOUBLE_EQ(*tasks.per_session, 5.0 / 3);
  EXPECT_EQ(tasks.polls, 4);
  EXPECT_EQ(tasks.early_polls, 2);  // from the tasks, not the telemetry
  EXPECT_EQ(tasks.unread, 1);
  EXPECT_EQ(tasks.running_at_stop, 2);
  EXPECT_EQ(tasks.with_runtime, 3);
}

TEST(ReportUsage, NoTasksMeansEveryOriginAtZeroAndNoMean) {
  const TaskCounts tasks = OfTasks({}).tasks;
  EXPECT_EQ(tasks.by_origin.size(), 4u);
  EXPECT_EQ(tasks.by_origin.at("timeout"), 0);
  EXPECT_FALSE(tasks.per_session.has_value());
  EXPECT_EQ(tasks.max_parallel, 0);
}

TEST(ReportUsage, MaxParallelIsTheMostOverlappingTasksOfOneSession) {
  const UsageReport report = OfTasks({
      EndedTask("a", 0, 100),
      EndedTask("a", 50, 150),
      EndedTask("a", 60, 70),    // three at once at 60
      EndedTask("a", 100, 200),  // the first ended at 100: two
      EndedTask("b", 0, 1000),   // another session does not add up
      EndedTask("b", 10, 1000),
  });
  EXPECT_EQ(report.tasks.max_parallel, 3);
}

TEST(ReportUsage, MaxParallelEndsARunningTaskAtItsSessionsLastEvent) {
  Task running = RunningTask("a", 0);
  running.last_activity_ms = 500;
  EXPECT_EQ(OfTasks({running, RunningTask("a", 400)}).tasks.max_parallel, 2);
  EXPECT_EQ(OfTasks({running, RunningTask("a", 500)}).tasks.max_parallel, 1);
  // Nothing known after its start: it overlaps nothing later.
  EXPECT_EQ(OfTasks({RunningTask("a", 0), RunningTask("a", 10)}).tasks.max_parallel, 1);
}

TEST(ReportUsage, TimeSavedIsTheRuntimeTheAgentWorkedThroughLessItsWaits) {
  Task worked_part = EndedTask("s", 1000, 20000);
  worked_part.runtime_ms = 10000;
  worked_part.last_activity_ms = 7000;  // worked 6 s of the 10
  worked_part.waited_ms = 1000;
  Task worked_through = EndedTask("s", 0, 8000);  // no runtime: until bgprof heard of the end
  worked_through.last_activity_ms = 20000;
  Task waited_for = EndedTask("s", 0, 8000);
  waited_for.last_activity_ms = 3000;
  waited_for.waited_ms = 5000;
  Task running = RunningTask("s", 0);
  running.last_activity_ms = 60000;
  Task idle = EndedTask("s", 5000, 9000);  // no event after its launch
  idle.last_activity_ms = 5000;
  EXPECT_EQ(OfTasks({worked_part}).time_saved_ms, 5000);
  EXPECT_EQ(OfTasks({worked_through}).time_saved_ms, 8000);
  EXPECT_EQ(OfTasks({waited_for}).time_saved_ms, 0);
  EXPECT_EQ(OfTasks({running}).time_saved_ms, 0);
  EXPECT_EQ(OfTasks({idle}).time_saved_ms, 0);
  EXPECT_EQ(OfTasks({worked_part, worked_through, waited_for, running, idle}).time_saved_ms, 13000);
}

TEST(ReportUsage, TheForegroundPartOfAMovedTaskWasNotSaved) {
  // Ctrl+B after 20 s of a 50 s run: the task started at 0, reached the background at 20 s.
  Task moved = EndedTask("s", 0, 50000);
  moved.tool_use_id = "toolu_m";
  moved.origin = TaskOrigin::kUser;
  moved.runtime_ms = 50000;
  moved.last_activity_ms = 60000;
  const Sample launch{.at_ms = 20000,
                      .session = "s",
                      .tool_use_id = "toolu_m",
                      .duration_ms = 20000,
                      .outcome = Outcome::kCensored};
  EXPECT_EQ(ReportUsage({launch}, {moved}, {}, kDefault).time_saved_ms, 30000);
  EXPECT_EQ(ReportUsage({}, {moved}, {}, kDefault).time_saved_ms, 50000);  // launch unknown
}

TEST(ReportUsage, PredictionsAreScoredOnCompleteRunsTimedExactly) {
  const UsageReport report = OfSamples({
      Predicted(1000, 1500),                                             // |log2| 0.58, within
      Predicted(1000, 4000, "", RuntimeBound::kNone, Outcome::kFailed),  // 2, outside
      Predicted(2000, 1000, "", RuntimeBound::kExact),                   // 1, within
      Predicted(1000, 9000, "", RuntimeBound::kUpper),                   // a bound: not scored
      Predicted(1000, 9000, "", RuntimeBound::kNone, Outcome::kInterrupted),
      Predicted(1000, 9000, "", RuntimeBound::kNone, Outcome::kBackground),
      Foreground(9000),  // no prediction
  });
  const PredictionScore& score = report.predictions;
  EXPECT_EQ(score.n, 3);
  ASSERT_TRUE(score.within_2x.has_value());
  EXPECT_DOUBLE_EQ(*score.within_2x, 2.0 / 3);
  ASSERT_TRUE(score.median_abs_log2_error.has_value());
  EXPECT_DOUBLE_EQ(*score.median_abs_log2_error, 1.0);
}

TEST(ReportUsage, PredictionErrorMedianOfAnEvenCountAndZeroMilliseconds) {
  // 0 ms on both sides counts as 1 ms: exact. 4x off is 2 doublings.
  const PredictionScore score = OfSamples({Predicted(0, 0), Predicted(1000, 4000)}).predictions;
  EXPECT_EQ(score.n, 2);
  EXPECT_DOUBLE_EQ(*score.within_2x, 0.5);
  EXPECT_DOUBLE_EQ(*score.median_abs_log2_error, 1.0);

  const PredictionScore none = OfSamples({Foreground(100)}).predictions;
  EXPECT_EQ(none.n, 0);
  EXPECT_FALSE(none.within_2x.has_value());
  EXPECT_FALSE(none.median_abs_log2_error.has_value());
}

TEST(ReportUsage, MissesAreSlowForegroundRunsBgprofSaidNothingAbout) {
  const PredictionScore score = OfSamples({
                                              Predicted(1000, 9000),  // a miss
                                              Predicted(3000, 6000, "", RuntimeBound::kNone,
                                                        Outcome::kFailed),         // a miss
                                              Predicted(6000, 7000, "suggested"),  // advised
                                              Predicted(1000, 4000),               // not slow
                                              Predicted(1000, 9000, "", RuntimeBound::kExact),
                                          })
                                    .predictions;
  EXPECT_EQ(score.misses_over_threshold, 2);
  EXPECT_EQ(score.missed_ms, 15000);
}

TEST(UsageJson, NamesEveryFieldAndNullsWhatCannotBeComputed) {
  UsageReport report = OfSamples({Foreground(6000)});
  report.since_ms = 42;
  report.project = "/w/app";
  const nlohmann::json json = UsageJson(report);
  EXPECT_EQ(json["since_ms"], 42);
  EXPECT_EQ(json["project"], "/w/app");
  EXPECT_EQ(json["commands_recorded"], 1);
  EXPECT_EQ(json["slow_foreground"], 1);
  EXPECT_EQ(json["slow_background"], 0);
  EXPECT_EQ(json["background_share"], 0.0);
  EXPECT_EQ(json["blocked_ms"], 6000);
  EXPECT_EQ(json["time_saved_ms"], 0);
  for (const char* field :
       {"suggested", "moved", "denied", "followed", "ignored", "capped", "waits_for"}) {
    EXPECT_EQ(json["suggestions"][field], 0) << field;
  }
  EXPECT_TRUE(json["suggestions"]["follow_rate"].is_null());
  for (const char* field : {"total", "sessions", "max_parallel", "early_polls", "polls", "unread",
                            "running_at_stop", "with_runtime"}) {
    EXPECT_EQ(json["tasks"][field], 0) << field;
  }
  EXPECT_EQ(json["tasks"]["by_origin"],
            nlohmann::json({{"asked", 0}, {"moved", 0}, {"user", 0}, {"timeout", 0}}));
  EXPECT_TRUE(json["tasks"]["per_session"].is_null());
  EXPECT_EQ(json["predictions"]["n"], 0);
  EXPECT_TRUE(json["predictions"]["within_2x"].is_null());
  EXPECT_TRUE(json["predictions"]["median_abs_log2_error"].is_null());
  EXPECT_EQ(json["predictions"]["misses_over_threshold"], 0);
  EXPECT_EQ(json["predictions"]["missed_ms"], 0);
}

TEST(UsageTable, ShowsSectionsDurationsPercentagesAndDashes) {
  Task slow = EndedTask("s", 0, 90000);
  slow.runtime_ms = 90000;
  UsageReport report =
      ReportUsage({Foreground(42000), Foreground(100)}, {slow, slow, slow}, {}, kDefault);
  const std::string table = UsageTable(report);
  for (const char* section : {"Commands\n", "Background tasks\n", "Advice\n", "Predictions\n"}) {
    EXPECT_THAT(table, HasSubstr(section));
  }
  EXPECT_THAT(table, HasSubstr("75.0 %"));  // background share
  EXPECT_THAT(table, HasSubstr("target: over 30 %"));
  EXPECT_THAT(table, HasSubstr("42 s"));  // blocked
  EXPECT_THAT(table, HasSubstr("asked 3, moved 0, user 0, timeout 0"));
  EXPECT_THAT(table, HasSubstr("–"));  // no follow rate
  EXPECT_THAT(table, HasSubstr("All time, every project"));
  EXPECT_THAT(table, Not(HasSubstr("nan")));

  report.since_ms = 1767225600000;  // 2026-01-01 00:00 UTC
  report.project = "/w/app";
  EXPECT_THAT(UsageTable(report), HasSubstr("Since 2026-01-01 00:00 UTC, project /w/app"));
}

TEST(UsageTable, AlignsValuesWhateverTheirCharacters) {
  const std::string table = UsageTable(OfSamples({}));
  const auto line_of = [&](const std::string& label) {
    const size_t at = table.find("  " + label);
    EXPECT_NE(at, std::string::npos) << label;
    return table.substr(at, table.find('\n', at) - at);
  };
  // Columns as a terminal shows them: "–" is three bytes but one column.
  const auto columns = [](const std::string& text) {
    return std::count_if(text.begin(), text.end(), [](char c) { return (c & 0xC0) != 0x80; });
  };
  const std::string dash = "–";
  const std::string follow_rate = line_of("follow rate");
  EXPECT_EQ(columns(follow_rate.substr(0, follow_rate.find(dash) + dash.size())),
            columns(line_of("ignored")));
}

}  // namespace
}  // namespace bgprof
