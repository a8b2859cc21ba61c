// Tests of hook/spooled_event: a spooled record keeps what an event's writes read, and nothing
// else (no tool output, no user prompt, no secret), and reads back only in its own version.
#include "hook/spooled_event.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/support/hook_events.h"

namespace bgprof {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

HookEvent Parsed(const std::string& json) {
  absl::StatusOr<HookEvent> event = ParseHookEvent(json);
  EXPECT_TRUE(event.ok()) << event.status();
  return event.ok() ? *event : HookEvent{};
}

SpooledEvent RoundTrip(const SpooledEvent& spooled) {
  absl::StatusOr<SpooledEvent> read = DecodeSpooledEvent(EncodeSpooledEvent(spooled));
  EXPECT_TRUE(read.ok()) << read.status();
  return read.ok() ? *read : SpooledEvent{};
}

TEST(SpooledEventTest, AFinishedCallKeepsWhatItsSampleNeedsButNotItsOutput) {
  nlohmann::json event =
      nlohmann::json::parse(testing::PostToolUse("make all", "/w", 8123, "toolu_x"));
  event["tool_response"]["stdout"] = "THE-WHOLE-BUILD-LOG";
  event["tool_input"]["timeout"] = 600000;
  const SpooledEvent spooled{.event = Parsed(event.dump()), .at_ms = 42, .project_dir = "/w"};
  const std::string line = EncodeSpooledEvent(spooled);
  EXPECT_THAT(line, Not(HasSubstr("THE-WHOLE-BUILD-LOG")));
  EXPECT_THAT(line, Not(HasSubstr("\n")));

  const SpooledEvent read = RoundTrip(spooled);
  EXPECT_EQ(read.at_ms, 42);
  EXPECT_EQ(read.project_dir, "/w");
  EXPECT_FALSE(read.decision.has_value());
  const HookEvent& back = read.event;
  EXPECT_EQ(back.kind, EventKind::kPostToolUse);
  EXPECT_EQ(back.event_name, "PostToolUse");
  EXPECT_EQ(back.session_id, testing::kSession);
  EXPECT_EQ(back.cwd, "/w");
  EXPECT_EQ(back.tool_name, "Bash");
  EXPECT_EQ(back.tool_use_id, "toolu_x");
  EXPECT_EQ(back.duration_ms, 8123);
  ASSERT_TRUE(back.bash.has_value());
  EXPECT_EQ(back.bash->command, "make all");
  EXPECT_EQ(back.bash->timeout_ms, 600000);
  EXPECT_FALSE(back.bash->run_in_background);
}

TEST(SpooledEventTest, ALaunchATimeoutAndAPollKeepHowTheyEnded) {
  SpooledEvent launch{
      .event = Parsed(testing::BackgroundLaunch("npm run e2e", "/w", "task9", "toolu_l"))};
  launch.event.response.backgrounded_by_user = true;
  const HookEvent launched = RoundTrip(launch).event;
  ASSERT_TRUE(launched.bash.has_value());
  EXPECT_TRUE(launched.bash->run_in_background);
  EXPECT_EQ(launched.response.background_task_id, "task9");
  EXPECT_TRUE(launched.response.backgrounded_by_user);

  const SpooledEvent failure{.event = Parsed(testing::PostToolUseFailure(
                                 "make", "/w", 120000, "out...\nCommand timed out after 2m 0s"))};
  const HookEvent failed = RoundTrip(failure).event;
  EXPECT_EQ(failed.kind, EventKind::kPostToolUseFailure);
  EXPECT_TRUE(ErrorSaysTimedOut(failed.error));
  EXPECT_THAT(EncodeSpooledEvent(failure), Not(HasSubstr("out...")));

  const SpooledEvent poll{
      .event = Parsed(testing::BlockingTaskOutput("task9", "completed", 3, 5000, "/w"))};
  const HookEvent polled = RoundTrip(poll).event;
  ASSERT_TRUE(polled.task_tool.has_value());
  EXPECT_EQ(polled.task_tool->task_id, "task9");
  EXPECT_EQ(polled.task_tool->status, "completed");
  EXPECT_EQ(polled.task_tool->exit_code, 3);
  EXPECT_TRUE(polled.task_tool->waits);

  const SpooledEvent stop{.event = Parsed(testing::Stop("/w", std::vector<std::string>{"t1"}))};
  EXPECT_THAT(*RoundTrip(stop).event.background_task_ids, ElementsAre("t1"));
}

TEST(SpooledEventTest, APromptIsKeptOnlyAsTheTaskNotificationsItCarries) {
  const SpooledEvent own_words{
      .event = Parsed(testing::UserPromptSubmit("my password is hunter2", "/w"))};
  EXPECT_THAT(EncodeSpooledEvent(own_words), Not(HasSubstr("hunter2")));
  const SpooledEvent notified{.event = Parsed(testing::UserPromptSubmit(
                                  testing::TaskNotificationPrompt("task9", "completed", 0), "/w"))};
  EXPECT_EQ(RoundTrip(notified).event.prompt, notified.event.prompt);
}

TEST(SpooledEventTest, TheCommandIsStoredRedacted) {
  const SpooledEvent spooled{.event = Parsed(testing::PostToolUse(
                                 "curl -H 'Authorization: Bearer s3cr3tT0ken' x", "/w", 10))};
  EXPECT_THAT(EncodeSpooledEvent(spooled), Not(HasSubstr("s3cr3tT0ken")));
}

TEST(SpooledEventTest, APreToolUseKeepsItsDecision) {
  const SpooledEvent spooled{.event = Parsed(testing::PreToolUse("make all", "/w", "toolu_p")),
                             .at_ms = 7,
                             .decision = PreToolUseDecision{.action = CallAction::kSuggested,
                                                            .predicted_ms = 90000,
                                                            .telemetry = TelemetryKind::kSuggested,
                                                            .family = "make",
                                                            .signature = "make all",
                                                            .project = "/w"}};
  const SpooledEvent read = RoundTrip(spooled);
  ASSERT_TRUE(read.decision.has_value());
  EXPECT_EQ(read.decision->action, CallAction::kSuggested);
  EXPECT_EQ(read.decision->predicted_ms, 90000);
  EXPECT_EQ(read.decision->telemetry, TelemetryKind::kSuggested);
  EXPECT_EQ(read.decision->family, "make");
  EXPECT_EQ(read.decision->signature, "make all");
  EXPECT_EQ(read.decision->project, "/w");
}

TEST(SpooledEventTest, WhatDoesNotReadIsRefused) {
  for (const char* line :
       {"", "garbage", "[1]", R"({"v":1})", R"({"v":2,"at_ms":1,"event":{"name":"Stop"}})",
        R"({"v":1,"at_ms":1,"event":{}})",
        R"({"v":1,"at_ms":1,"event":{"name":"PreToolUse"},"decision":{"action":"x"}})"}) {
    EXPECT_FALSE(DecodeSpooledEvent(line).ok()) << line;
  }
  EXPECT_TRUE(DecodeSpooledEvent(R"({"v":1,"at_ms":1,"event":{"name":"Stop"}})").ok());
}

}  // namespace
}  // namespace bgprof
