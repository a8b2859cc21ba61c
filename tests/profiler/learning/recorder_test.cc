#include "profiler/learning/recorder.h"

#include <gtest/gtest.h>

#include "hook/protocol/event.h"

namespace bgprof {
namespace {

HookEvent PostEvent(const std::string& command) {
  HookEvent event;
  event.kind = EventKind::kPostToolUse;
  event.event_name = "PostToolUse";
  event.session_id = "s1";
  event.cwd = "/work/app";
  event.tool_name = "Bash";
  event.tool_use_id = "toolu_1";
  event.bash = BashCall{.command = command};
  event.duration_ms = 8000;
  return event;
}

TEST(OutcomeOf, ClassifiesHowACallEnded) {
  HookEvent event = PostEvent("npm test");
  EXPECT_EQ(OutcomeOf(event), Outcome::kOk);

  event.response.interrupted = true;
  EXPECT_EQ(OutcomeOf(event), Outcome::kInterrupted);

  HookEvent launch = PostEvent("npm test");
  launch.bash->run_in_background = true;
  launch.response.background_task_id = "b7k2m9x4q";
  EXPECT_EQ(OutcomeOf(launch), Outcome::kBackground);

  HookEvent by_user = PostEvent("docker build .");
  by_user.response.background_task_id = "bq4n8v2ze";
  by_user.response.backgrounded_by_user = true;
  EXPECT_EQ(OutcomeOf(by_user), Outcome::kCensored);

  HookEvent auto_backgrounded = PostEvent("npm run e2e");
  auto_backgrounded.response.background_task_id = "bx1c7h3pd";
  auto_backgrounded.response.timed_out_after_ms = 120000;
  EXPECT_EQ(OutcomeOf(auto_backgrounded), Outcome::kCensored);

  HookEvent failed = PostEvent("make");
  failed.kind = EventKind::kPostToolUseFailure;
  failed.error = "Exit code 2\nmake: *** [all] Error 1";
  EXPECT_EQ(OutcomeOf(failed), Outcome::kFailed);
  failed.error = "Fetching origin\nCommand timed out after 2m 0s";
  EXPECT_EQ(OutcomeOf(failed), Outcome::kCensored);
  failed.is_interrupt = true;
  EXPECT_EQ(OutcomeOf(failed), Outcome::kInterrupted);
}

TEST(SampleFromEvent, CarriesSignatureProjectAndDuration) {
  std::optional<Sample> sample = SampleFromEvent(PostEvent("cd web && npm test"), "/work/app",
                                                 1'700'000'000'000, std::nullopt);
  ASSERT_TRUE(sample.has_value());
  EXPECT_EQ(sample->program, "npm");
  EXPECT_EQ(sample->family, "npm test");
  EXPECT_EQ(sample->signature, "npm test");
  EXPECT_EQ(sample->command, "cd web && npm test");
  EXPECT_EQ(sample->project, "/work/app");
  EXPECT_EQ(sample->session, "s1");
  EXPECT_EQ(sample->duration_ms, 8000);
  EXPECT_FALSE(sample->timed_by_hooks);
  EXPECT_EQ(sample->at_ms, 1'700'000'000'000);
}

TEST(SampleFromEvent, FallsBackOnThePreToolUseArrival) {
  HookEvent event = PostEvent("make docs");
  event.duration_ms.reset();
  std::optional<Sample> sample = SampleFromEvent(event, "/p", 50'000, 38'000);
  ASSERT_TRUE(sample.has_value());
  EXPECT_EQ(sample->duration_ms, 12'000);
  EXPECT_TRUE(sample->timed_by_hooks);

  std::optional<Sample> unknown = SampleFromEvent(event, "/p", 50'000, std::nullopt);
  ASSERT_TRUE(unknown.has_value());
  EXPECT_FALSE(unknown->duration_ms.has_value());

  std::optional<Sample> clock_skew = SampleFromEvent(event, "/p", 50'000, 60'000);
  EXPECT_FALSE(clock_skew->duration_ms.has_value());
}

TEST(SampleFromEvent, BackgroundLaunchHasNoDuration) {
  HookEvent launch = PostEvent("cargo build --release");
  launch.bash->run_in_background = true;
  launch.response.background_task_id = "b7k2m9x4q";
  launch.duration_ms = 41;
  std::optional<Sample> sample = SampleFromEvent(launch, "/p", 1, std::nullopt);
  ASSERT_TRUE(sample.has_value());
  EXPECT_EQ(sample->outcome, Outcome::kBackground);
  EXPECT_FALSE(sample->duration_ms.has_value());
}

TEST(SampleFromEvent, SecretsAreRedactedBeforeAnythingIsKept) {
  const std::string token = "ghp_abcdefghijklmnopqrstuvwxyz0123456789";
  std::optional<Sample> sample =
      SampleFromEvent(PostEvent("gh auth login --with-token " + token), "/p", 1, std::nullopt);
  ASSERT_TRUE(sample.has_value());
  EXPECT_EQ(sample->command.find(token), std::string::npos);
  EXPECT_EQ(sample->signature.find(token), std::string::npos);
}

TEST(SampleFromEvent, NotASampleWithoutABashCommandOrForOtherEvents) {
  HookEvent no_command = PostEvent("ls");
  no_command.bash.reset();
  EXPECT_FALSE(SampleFromEvent(no_command, "/p", 1, std::nullopt).has_value());
  HookEvent pre = PostEvent("ls");
  pre.kind = EventKind::kPreToolUse;
  EXPECT_FALSE(SampleFromEvent(pre, "/p", 1, std::nullopt).has_value());
  EXPECT_FALSE(SampleFromEvent(PostEvent("   "), "/p", 1, std::nullopt).has_value());
}

}  // namespace
}  // namespace bgprof
