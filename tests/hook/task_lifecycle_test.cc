// A background task from launch to end, in-process with a controlled clock: every way its end
// is heard (notification, blocking and late polls, a Read of its output, TaskStop, Stop's list,
// SessionEnd), what each teaches of its runtime, the guard rails (max_background, a call that
// depends on a running task, Stop's reminders) and the telemetry rows behind `bgprof stats`.
#include <fcntl.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "db/store.h"
#include "hook/protocol/task_notification.h"
#include "tests/support/hook_events.h"
#include "tests/support/hook_harness.h"

namespace bgprof::testing {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

// How long BackgroundLaunch says the launch took: the command started that much earlier.
constexpr int64_t kLaunchMs = 41;

class TaskLifecycleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    hook_.environment.claude_temp_dirs = {hook_.root() + "/cctmp"};
    hook_.environment.project_dir = hook_.project();
    for (int i = 0; i < 3; ++i) hook_.Run("make test", 60000);
  }

  // Where Claude Code would write task `id`'s output; created (empty) as a launch creates it.
  std::string CreateOutputFile(const std::string& id) {
    const std::string path = TaskOutputPathCandidates(hook_.environment.claude_temp_dirs, 0,
                                                      hook_.project(), kSession, id)[0];
    std::filesystem::create_directories(std::filesystem::path(path).parent_path());
    std::ofstream(path) << "running tests\n";
    return path;
  }
  // Claude Code's last line, written at `at_ms`.
  static void FinishOutputFile(const std::string& path, int64_t at_ms, int exit_code) {
    std::ofstream(path, std::ios::app) << "ok\n\n[exited with code " << exit_code << "]\n";
    const timespec when{.tv_sec = at_ms / 1000, .tv_nsec = (at_ms % 1000) * 1000000};
    const timespec times[2] = {when, when};
    ASSERT_EQ(::utimensat(AT_FDCWD, path.c_str(), times, 0), 0);
  }

  void Launch(const std::string& id, const std::string& command = "make test") {
    hook_.Send(BackgroundLaunch(command, hook_.project(), id, "toolu_" + id));
  }
  Store OpenStore() { return *Store::Open(hook_.environment.database_path); }
  Task TaskNamed(const std::string& id) { return **OpenStore().FindTask(kSession, id); }
  std::vector<Sample> BackgroundRuns() {
    std::vector<Sample> runs;
    std::vector<Sample> samples = *OpenStore().SamplesSince(0, "");
    for (Sample& sample : samples) {
      if (sample.background != RuntimeBound::kNone) runs.push_back(std::move(sample));
    }
    return runs;
  }
  int64_t TelemetryCount(TelemetryKind kind) {
    int64_t count = 0;
    const std::vector<TelemetryRow> rows = *OpenStore().TelemetrySince(0, "");
    for (const TelemetryRow& row : rows) count += row.kind == kind;
    return count;
  }
  std::string SystemMessage(const std::string& event) {
    const json output = hook_.SendJson(event);
    return output.is_object() && output.contains("systemMessage")
               ? output["systemMessage"].get<std::string>()
               : std::string();
  }
  std::string Context(const std::string& event) {
    const json output = hook_.SendJson(event);
    return output.is_object() && output.contains("hookSpecificOutput") &&
                   output["hookSpecificOutput"].contains("additionalContext")
               ? output["hookSpecificOutput"]["additionalContext"].get<std::string>()
               : std::string();
  }

  HookHarness hook_;
};

TEST_F(TaskLifecycleTest, ANotificationWithTheOutputFileTimesTheRunExactly) {
  const std::string path = CreateOutputFile("b1");
  const int64_t launched = hook_.environment.now_ms - kLaunchMs;
  Launch("b1");
  EXPECT_EQ(TaskNamed("b1").output_file, path);
  FinishOutputFile(path, launched + 42000, 1);
  hook_.environment.now_ms += 90000;  // heard late: the turn was busy
  hook_.Send(UserPromptSubmit(TaskNotificationPrompt("b1", "failed", 1, path), hook_.project()));

  const Task task = TaskNamed("b1");
  EXPECT_EQ(task.end, TaskEnd::kNotified);
  EXPECT_EQ(task.runtime_ms, std::optional<int64_t>(42000));
  EXPECT_EQ(task.runtime_bound, RuntimeBound::kExact);
  EXPECT_EQ(task.exit_code, std::optional<int64_t>(1));
  EXPECT_EQ(task.read_ms, std::optional<int64_t>(hook_.environment.now_ms));
  const std::vector<Sample> runs = BackgroundRuns();
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].duration_ms, std::optional<int64_t>(42000));
  EXPECT_EQ(runs[0].outcome, Outcome::kFailed);
  EXPECT_EQ(runs[0].family, "make test");
}

TEST_F(TaskLifecycleTest, ANotificationWithoutAnOutputFileIsAnUpperBound) {
  Launch("b1");
  hook_.environment.now_ms += 30000;
  hook_.Send(UserPromptSubmit(TaskNotificationPrompt("b1", "completed", 0), hook_.project()));
  const Task task = TaskNamed("b1");
  EXPECT_EQ(task.runtime_ms, std::optional<int64_t>(30000 + kLaunchMs));
  EXPECT_EQ(task.runtime_bound, RuntimeBound::kUpper);
  ASSERT_EQ(BackgroundRuns().size(), 1u);
  EXPECT_EQ(BackgroundRuns()[0].outcome, Outcome::kOk);
}

TEST_F(TaskLifecycleTest, ALongCommandIsLearnedUnderItsWholeSignature) {
  // Stored cut to 2 KB, this command keeps only its `echo`; signed whole, it is `make test`.
  Launch("b1", "echo " + std::string(3000, 'x') + " && make test");
  hook_.environment.now_ms += 30000;
  hook_.Send(UserPromptSubmit(TaskNotificationPrompt("b1", "completed", 0), hook_.project()));
  const std::vector<Sample> runs = BackgroundRuns();
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].family, "make test");
}

TEST_F(TaskLifecycleTest, ATaskTheUserMovedCountsItsForegroundTimeToo) {
  json launch = json::parse(BackgroundLaunch("make test", hook_.project(), "b1", "toolu_b1"));
  launch["tool_input"].erase("run_in_background");
  launch["tool_response"]["backgroundedByUser"] = true;
  launch["duration_ms"] = 20000;
  hook_.Send(launch.dump());
  EXPECT_EQ(TaskNamed("b1").origin, TaskOrigin::kUser);
  hook_.environment.now_ms += 25000;
  hook_.Send(UserPromptSubmit(TaskNotificationPrompt("b1", "completed", 0), hook_.project()));
  EXPECT_EQ(TaskNamed("b1").runtime_ms, std::optional<int64_t>(45000));
}

TEST_F(TaskLifecycleTest, ABlockingPollThatSeesTheEndIsAnUpperBoundAndTimeWaited) {
  Launch("b1");
  hook_.environment.now_ms += 20000;
  EXPECT_THAT(hook_.Send(BlockingTaskOutput("b1", "completed", 0, 20000, hook_.project())),
              IsEmpty());
  const Task task = TaskNamed("b1");
  EXPECT_EQ(task.end, TaskEnd::kPolled);
  EXPECT_EQ(task.runtime_ms, std::optional<int64_t>(20000 + kLaunchMs));
  EXPECT_EQ(task.runtime_bound, RuntimeBound::kUpper);
  EXPECT_EQ(task.exit_code, std::optional<int64_t>(0));
  EXPECT_TRUE(task.read_ms.has_value());
  EXPECT_EQ(task.waited_ms, 20000);  // the agent was blocked for it
  EXPECT_EQ(task.polls, 1);
  EXPECT_EQ(task.early_polls, 0);
}

TEST_F(TaskLifecycleTest, ALatePollThatSeesTheEndTeachesNoRuntime) {
  Launch("b1");
  hook_.environment.now_ms += 600000;
  hook_.Send(TaskOutputPoll("b1", "completed", hook_.project()));
  const Task task = TaskNamed("b1");
  EXPECT_EQ(task.end, TaskEnd::kPolled);
  EXPECT_EQ(task.runtime_ms, std::nullopt);
  EXPECT_TRUE(task.read_ms.has_value());
  EXPECT_THAT(BackgroundRuns(), IsEmpty());
}

TEST_F(TaskLifecycleTest, AReadOfTheFinishedOutputFileTimesItFromTheFile) {
  const std::string path = CreateOutputFile("b1");
  const int64_t launched = hook_.environment.now_ms - kLaunchMs;
  Launch("b1");
  FinishOutputFile(path, launched + 33000, 0);
  hook_.environment.now_ms += 300000;
  hook_.Send(ReadOfTaskOutput("b1", "ok\n[exited with code 0]\n", hook_.project()));
  const Task task = TaskNamed("b1");
  EXPECT_EQ(task.end, TaskEnd::kPolled);
  EXPECT_EQ(task.runtime_ms, std::optional<int64_t>(33000));
  EXPECT_EQ(task.runtime_bound, RuntimeBound::kExact);
}

TEST_F(TaskLifecycleTest, AStoppedTaskIsALowerBoundAndNeverUnread) {
  Launch("b1");
  hook_.environment.now_ms += 50000;
  hook_.Send(TaskStop("b1", hook_.project()));
  const Task task = TaskNamed("b1");
  EXPECT_EQ(task.end, TaskEnd::kStopped);
  EXPECT_EQ(task.runtime_ms, std::optional<int64_t>(50000 + kLaunchMs));
  EXPECT_EQ(task.runtime_bound, RuntimeBound::kLower);
  ASSERT_EQ(BackgroundRuns().size(), 1u);
  EXPECT_EQ(BackgroundRuns()[0].outcome, Outcome::kInterrupted);
  EXPECT_THAT(SystemMessage(Stop(hook_.project(), std::vector<std::string>{})), IsEmpty());
}

TEST_F(TaskLifecycleTest, ATaskMissingFromStopsListEndedAndItsUnreadResultIsNamedOnce) {
  const std::string path = CreateOutputFile("b1");
  const int64_t launched = hook_.environment.now_ms - kLaunchMs;
  Launch("b1");
  FinishOutputFile(path, launched + 61000, 0);
  hook_.environment.now_ms += 70000;
  EXPECT_EQ(SystemMessage(Stop(hook_.project(), std::vector<std::string>{})),
            "bgprof: `make test` finished in the background, and the agent never read its "
            "result.");
  const Task task = TaskNamed("b1");
  EXPECT_EQ(task.end, TaskEnd::kVanished);
  EXPECT_EQ(task.runtime_ms, std::optional<int64_t>(61000));
  EXPECT_EQ(task.runtime_bound, RuntimeBound::kExact);
  EXPECT_EQ(TelemetryCount(TelemetryKind::kUnread), 1);
  EXPECT_THAT(SystemMessage(Stop(hook_.project(), std::vector<std::string>{})), IsEmpty());
}

TEST_F(TaskLifecycleTest, ATaskStillRunningAtTheEndOfATurnIsNamedOnce) {
  Launch("b1");
  Launch("b2", "npm run build");
  hook_.environment.now_ms += 5000;
  const std::vector<std::string> in_flight = {"b1", "b2"};
  EXPECT_EQ(SystemMessage(Stop(hook_.project(), in_flight)),
            "bgprof: `make test` and `npm run build` are still running in the background.");
  EXPECT_EQ(TelemetryCount(TelemetryKind::kRunningAtStop), 2);
  EXPECT_THAT(SystemMessage(Stop(hook_.project(), in_flight)), IsEmpty());
}

TEST_F(TaskLifecycleTest, StopSaysNothingWhileAStopHookKeepsClaudeGoingOrInOffMode) {
  Launch("b1");
  json active = json::parse(Stop(hook_.project(), std::vector<std::string>{"b1"}));
  active["stop_hook_active"] = true;
  EXPECT_THAT(hook_.Send(active.dump()), IsEmpty());
  hook_.environment.config.mode = Mode::kOff;
  EXPECT_THAT(hook_.Send(Stop(hook_.project(), std::vector<std::string>{})), IsEmpty());
  EXPECT_EQ(TaskNamed("b1").end, TaskEnd::kVanished);  // still followed
}

TEST_F(TaskLifecycleTest, TheSessionsEndEndsItsTasksWithoutARuntime) {
  Launch("b1");
  hook_.environment.now_ms += 5000;
  EXPECT_THAT(hook_.Send(SessionEnd(hook_.project())), IsEmpty());
  const Task task = TaskNamed("b1");
  EXPECT_EQ(task.end, TaskEnd::kSessionEnded);
  EXPECT_EQ(task.runtime_ms, std::nullopt);
  EXPECT_THAT(BackgroundRuns(), IsEmpty());
}

TEST_F(TaskLifecycleTest, PollsBeforeTheExpectedEndAreCountedAndBlockingWaitsAdded) {
  Launch("b1");
  hook_.environment.now_ms += 10000;
  hook_.Send(TaskOutputPoll("b1", "running", hook_.project()));
  hook_.environment.now_ms += 30000;
  hook_.Send(BlockingTaskOutput("b1", "running", 0, 30000, hook_.project()));
  hook_.environment.now_ms += 60000;  // past the usual 60 s
  hook_.Send(TaskOutputPoll("b1", "running", hook_.project()));
  const Task task = TaskNamed("b1");
  EXPECT_EQ(task.polls, 3);
  EXPECT_EQ(task.early_polls, 2);
  EXPECT_EQ(task.waited_ms, 30000);
  EXPECT_EQ(TelemetryCount(TelemetryKind::kEarlyPoll), 2);
}

TEST_F(TaskLifecycleTest, AtMaxBackgroundTasksASlowCallIsNotAdvisedAndTheModelToldOnce) {
  hook_.environment.config.max_background = 2;
  Launch("b1");
  Launch("b2");
  const std::string first = Context(PreToolUse("make test", hook_.project(), "toolu_3"));
  EXPECT_THAT(first, HasSubstr("2 background tasks of this session are already running"));
  EXPECT_THAT(first, Not(HasSubstr("run_in_background")));
  EXPECT_THAT(hook_.Send(PreToolUse("make test", hook_.project(), "toolu_4")), IsEmpty());
  hook_.environment.config.mode = Mode::kAuto;
  EXPECT_THAT(hook_.Send(PreToolUse("make test", hook_.project(), "toolu_5")), IsEmpty());
  EXPECT_EQ(TelemetryCount(TelemetryKind::kCapped), 3);
  // One ends: bgprof advises again.
  hook_.Send(TaskStop("b1", hook_.project()));
  hook_.environment.config.mode = Mode::kSuggest;
  EXPECT_THAT(Context(PreToolUse("make test", hook_.project(), "toolu_6")),
              HasSubstr("run_in_background"));
}

TEST_F(TaskLifecycleTest, ACallThatDependsOnARunningInstallIsToldSoInsteadOfAdvised) {
  Launch("b1", "npm install");
  hook_.environment.now_ms += 15000;
  const std::string context = Context(PreToolUse("make test", hook_.project(), "toolu_t"));
  EXPECT_THAT(context, HasSubstr("`npm install` is still running in the background (for 15 s)"));
  EXPECT_THAT(context, HasSubstr("`make test` depends on its result"));
  EXPECT_THAT(context, Not(HasSubstr("run_in_background")));
  EXPECT_EQ(TelemetryCount(TelemetryKind::kWaitsFor), 1);
  // Unrelated work, and the same work once the install ended, are not held up.
  EXPECT_THAT(Context(PreToolUse("git status", hook_.project(), "toolu_g")), IsEmpty());
  hook_.Send(UserPromptSubmit(TaskNotificationPrompt("b1", "completed", 0), hook_.project()));
  EXPECT_THAT(Context(PreToolUse("make test", hook_.project(), "toolu_u")),
              HasSubstr("run_in_background"));
}

TEST_F(TaskLifecycleTest, AdviceIsFollowedWhenTheSameCommandRunsInTheBackgroundLater) {
  const int64_t suggested = TelemetryCount(TelemetryKind::kSuggested);
  const int64_t ignored = TelemetryCount(TelemetryKind::kIgnored);
  hook_.Run("make test", 60000);  // advised, and ran in the foreground anyway
  EXPECT_EQ(TelemetryCount(TelemetryKind::kSuggested), suggested + 1);
  EXPECT_EQ(TelemetryCount(TelemetryKind::kIgnored), ignored + 1);  // the earlier advice
  EXPECT_EQ(TelemetryCount(TelemetryKind::kFollowed), 0);
  Launch("b1");  // now in the background: the newest advice was followed
  EXPECT_EQ(TelemetryCount(TelemetryKind::kFollowed), 1);
  Launch("b2");  // nothing left to answer
  EXPECT_EQ(TelemetryCount(TelemetryKind::kFollowed), 1);
  const std::vector<Sample> samples = *OpenStore().SamplesSince(0, "");
  EXPECT_EQ(samples[3].advice, "suggested");
  ASSERT_TRUE(samples[3].predicted_ms.has_value());
  EXPECT_NEAR(static_cast<double>(*samples[3].predicted_ms), 60000, 6000);
}

}  // namespace
}  // namespace bgprof::testing
