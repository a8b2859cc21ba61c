// `bgprof stats` over what the real hooks recorded: hook events in, the report's numbers out.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/support/bgprof_runner.h"
#include "tests/support/hook_events.h"

namespace bgprof::testing {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

constexpr int64_t kWeekMs = 7LL * 24 * 3600 * 1000;

int CountLines(const std::string& text) {
  return static_cast<int>(std::count(text.begin(), text.end(), '\n'));
}

// The prompt of the turn Claude Code starts when a background task ends.
std::string Notification(const std::string& task_id, const std::string& tool_use_id,
                         const std::string& cwd) {
  return UserPromptSubmit("<task-notification>\n<task-id>" + task_id + "</task-id>\n<tool-use-id>" +
                              tool_use_id +
                              "</tool-use-id>\n<status>completed</status>\n<summary>Background "
                              "command \"build\" completed (exit code 0)</summary>\n"
                              "</task-notification>",
                          cwd);
}

// A foreground call the user sent to the background with Ctrl+B after it ran `ran_ms`.
std::string MovedByUser(const std::string& command, const std::string& cwd,
                        const std::string& task_id, const std::string& tool_use_id, int ran_ms) {
  json event = json::parse(BackgroundLaunch(command, cwd, task_id, tool_use_id));
  event["tool_input"].erase("run_in_background");
  event["tool_response"]["backgroundedByUser"] = true;
  event["duration_ms"] = ran_ms;
  return event.dump();
}

class StatsRoundTrip : public ::testing::Test {
 protected:
  void SetUp() override {
    project_ = sandbox_.root() + "/webapp";
    std::filesystem::create_directories(project_ + "/.git");
    std::filesystem::create_directories(project_ + "/src");
  }
  void Hook(const std::string& event) {
    RunResult result = sandbox_.Hook(event);
    ASSERT_EQ(result.exit_code, 0) << result.err;
  }
  json Stats(std::vector<std::string> args = {}) {
    args.insert(args.begin(), {"stats", "--json"});
    RunResult result = sandbox_.Run(args, "", project_);
    EXPECT_EQ(result.exit_code, 0) << result.err;
    EXPECT_THAT(result.err, IsEmpty());
    return json::parse(result.out);
  }
  // A slow build bgprof advised against, then the same build in the background, as advised.
  void SlowBuildThenFollowedAdvice() {
    Hook(PreToolUse("cargo build --release", project_, "toolu_fg"));
    Hook(PostToolUse("cargo build --release", project_, 60000, "toolu_fg"));
    Hook(PostToolUse("git status", project_, 40, "toolu_git"));
    Hook(BackgroundLaunch("cargo build --release", project_, "bg1", "toolu_bg1"));
  }

  Sandbox sandbox_;
  std::string project_;
};

TEST_F(StatsRoundTrip, CountsTheCallsAdviceAndTasksTheHooksRecorded) {
  SlowBuildThenFollowedAdvice();
  Hook(TaskOutputPoll("bg1", "running", project_));  // the build takes a minute: early
  Hook(BackgroundLaunch("npm run lint", project_, "bg2", "toolu_bg2"));

  json running = Stats();
  EXPECT_EQ(running["commands_recorded"], 4);  // two in the foreground, two launches
  EXPECT_EQ(running["slow_foreground"], 1);
  EXPECT_EQ(running["slow_background"], 1);  // predicted from the foreground run
  EXPECT_EQ(running["background_share"], 0.5);
  EXPECT_EQ(running["blocked_ms"], 60000);
  EXPECT_EQ(running["time_saved_ms"], 0);  // nothing ended yet
  EXPECT_EQ(running["suggestions"]["suggested"], 1);
  EXPECT_EQ(running["suggestions"]["followed"], 1);
  EXPECT_EQ(running["suggestions"]["ignored"], 0);
  EXPECT_EQ(running["suggestions"]["follow_rate"], 1.0);
  const json& tasks = running["tasks"];
  EXPECT_EQ(tasks["total"], 2);
  EXPECT_EQ(tasks["by_origin"]["asked"], 2);
  EXPECT_EQ(tasks["by_origin"]["user"], 0);
  EXPECT_EQ(tasks["sessions"], 1);
  EXPECT_EQ(tasks["per_session"], 2.0);
  EXPECT_EQ(tasks["max_parallel"], 2);
  EXPECT_EQ(tasks["polls"], 1);
  EXPECT_EQ(tasks["early_polls"], 1);
  EXPECT_EQ(tasks["with_runtime"], 0);
  // The cold prediction (cargo build's default, 30 s) of the foreground run is scored.
  EXPECT_EQ(running["predictions"]["n"], 1);
  EXPECT_EQ(running["predictions"]["within_2x"], 1.0);
  EXPECT_EQ(running["predictions"]["misses_over_threshold"], 0);
  EXPECT_EQ(running["project"], "");

  Hook(Notification("bg1", "toolu_bg1", project_));
  json ended = Stats();
  // The notification bounds the build's runtime from above: it ended within milliseconds here,
  // so it is no longer slow. Its run joins the samples but is no call of the agent's.
  EXPECT_EQ(ended["commands_recorded"], 4);
  EXPECT_EQ(ended["slow_background"], 0);
  EXPECT_EQ(ended["tasks"]["with_runtime"], 1);
  EXPECT_EQ(ended["predictions"]["n"], 1);  // an upper bound scores no prediction
  // The agent polled between the launch and the end: the milliseconds between them were saved
  // (the 41 ms the launch took were not).
  EXPECT_GT(ended["time_saved_ms"].get<int64_t>(), 0);
  EXPECT_LT(ended["time_saved_ms"].get<int64_t>(), 5000);
}

TEST_F(StatsRoundTrip, ATaskTheUserSentToTheBackground) {
  Hook(MovedByUser("npm run e2e", project_, "bg1", "toolu_bg1", 20000));
  Hook(Notification("bg1", "toolu_bg1", project_));
  json stats = Stats();
  // It blocked the agent for 20 s, then ran on in the background.
  EXPECT_EQ(stats["slow_foreground"], 1);
  EXPECT_EQ(stats["blocked_ms"], 20000);
  EXPECT_EQ(stats["slow_background"], 1);
  EXPECT_EQ(stats["tasks"]["by_origin"]["user"], 1);
  EXPECT_EQ(stats["tasks"]["by_origin"]["asked"], 0);
  EXPECT_EQ(stats["tasks"]["with_runtime"], 1);
}

TEST_F(StatsRoundTrip, AnUnforeseenSlowRunIsAMiss) {
  Hook(PostToolUse("./scripts/integration.sh", project_, 1000, "toolu_1"));
  Hook(PostToolUse("./scripts/integration.sh", project_, 1000, "toolu_2"));
  Hook(PreToolUse("./scripts/integration.sh", project_, "toolu_3"));  // quick, it says
  Hook(PostToolUse("./scripts/integration.sh", project_, 9000, "toolu_3"));
  json stats = Stats();
  EXPECT_EQ(stats["predictions"]["n"], 1);
  EXPECT_EQ(stats["predictions"]["within_2x"], 0.0);
  EXPECT_GT(stats["predictions"]["median_abs_log2_error"].get<double>(), 3);
  EXPECT_EQ(stats["predictions"]["misses_over_threshold"], 1);
  EXPECT_EQ(stats["predictions"]["missed_ms"], 9000);
  EXPECT_EQ(stats["suggestions"]["suggested"], 0);
  EXPECT_TRUE(stats["suggestions"]["follow_rate"].is_null());
  EXPECT_TRUE(stats["tasks"]["per_session"].is_null());
}

TEST_F(StatsRoundTrip, ProjectNarrowsToTheProjectOfAFolder) {
  const std::string other = sandbox_.root() + "/api";
  std::filesystem::create_directories(other + "/.git");
  Hook(PostToolUse("make", project_, 8000, "toolu_1"));
  Hook(PostToolUse("make", other, 9000, "toolu_2"));
  Hook(PostToolUse("make test", other, 100, "toolu_3"));

  json all = Stats();
  EXPECT_EQ(all["commands_recorded"], 3);
  EXPECT_EQ(all["blocked_ms"], 17000);

  // A sub-folder names its project, as the hooks see it.
  json webapp = Stats({"--project", project_ + "/src"});
  EXPECT_EQ(webapp["project"], project_);
  EXPECT_EQ(webapp["commands_recorded"], 1);
  EXPECT_EQ(webapp["blocked_ms"], 8000);

  RunResult relative = sandbox_.Run({"stats", "--json", "--project", "../api"}, "", project_);
  ASSERT_EQ(relative.exit_code, 0) << relative.err;
  EXPECT_EQ(json::parse(relative.out)["project"], other);
  EXPECT_EQ(json::parse(relative.out)["commands_recorded"], 2);
}

TEST_F(StatsRoundTrip, SinceSetsTheStartOfThePeriod) {
  Hook(PostToolUse("make", project_, 8000, "toolu_1"));
  const int64_t now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count();
  json week = Stats();
  EXPECT_NEAR(week["since_ms"].get<double>(), static_cast<double>(now_ms - kWeekMs), 60000);
  json hour = Stats({"--since", "2h"});
  EXPECT_NEAR(hour["since_ms"].get<double>(), static_cast<double>(now_ms - 2 * 3600 * 1000), 60000);
  EXPECT_EQ(hour["commands_recorded"], 1);
  EXPECT_EQ(Stats({"--since", "90m"})["commands_recorded"], 1);
  EXPECT_EQ(Stats({"--since", "all"})["since_ms"], 0);
  EXPECT_EQ(Stats({"--since", "365d"})["commands_recorded"], 1);
}

TEST_F(StatsRoundTrip, BadSinceGetsOneLineErrorAndExitTwo) {
  for (const char* since : {"7", "7w", "-1d", "1.5h", "d", "", "0d", "seven days", "ALL"}) {
    RunResult result = sandbox_.Run({"stats", "--since", since}, "", project_);
    EXPECT_EQ(result.exit_code, 2) << since;
    EXPECT_EQ(CountLines(result.err), 1) << result.err;
    EXPECT_THAT(result.err, HasSubstr("bgprof: --since"));
    EXPECT_LT(result.err.size(), 120u) << result.err;
    EXPECT_THAT(result.out, IsEmpty());
  }
}

TEST_F(StatsRoundTrip, TableShowsEachSection) {
  SlowBuildThenFollowedAdvice();
  RunResult result = sandbox_.Run({"stats"}, "", project_);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.err, IsEmpty());
  for (const char* section : {"Commands\n", "Background tasks\n", "Advice\n", "Predictions\n"}) {
    EXPECT_THAT(result.out, HasSubstr(section));
  }
  EXPECT_THAT(result.out, HasSubstr("every project"));
  EXPECT_THAT(result.out, HasSubstr("60 s"));     // blocked by the foreground build
  EXPECT_THAT(result.out, HasSubstr("50.0 %"));   // one slow run of two in the background
  EXPECT_THAT(result.out, HasSubstr("100.0 %"));  // the advice was followed
  EXPECT_THAT(result.out, HasSubstr("asked 1, moved 0, user 0, timeout 0"));

  RunResult empty = Sandbox().Run({"stats"});
  EXPECT_EQ(empty.exit_code, 0) << empty.err;
  EXPECT_THAT(empty.out, HasSubstr("–"));  // no share without slow runs
}

}  // namespace
}  // namespace bgprof::testing
