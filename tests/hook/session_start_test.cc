// hook/session_start in-process: a session starts knowing the project's slow commands, and
// nothing when there are none.
#include "hook/session_start.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/support/hook_events.h"
#include "tests/support/hook_harness.h"

namespace bgprof::testing {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

TEST(SessionStartTest, NamesTheSlowFamiliesOfThisProjectMostWaitingFirst) {
  HookHarness hook;
  for (int i = 0; i < 6; ++i) hook.Run("cargo test", 40000);
  for (int i = 0; i < 2; ++i) hook.Run("cargo build --release", 90000);
  for (int i = 0; i < 6; ++i) hook.Run("git status", 20);
  for (const char* source : {"startup", "resume", "clear", "compact"}) {
    const json output = hook.SendJson(SessionStart(hook.project(), source));
    ASSERT_TRUE(output.is_object()) << source;
    EXPECT_EQ(output["hookSpecificOutput"]["hookEventName"], "SessionStart");
    const std::string context = output["hookSpecificOutput"]["additionalContext"];
    EXPECT_THAT(context, HasSubstr("`cargo test` (about 40 s, 6 runs) and `cargo build` (about "
                                   "90 s, 2 runs)"));
    EXPECT_THAT(context, HasSubstr("run_in_background: true"));
    EXPECT_THAT(context, HasSubstr("a notification arrives when it ends"));
    EXPECT_THAT(context, Not(HasSubstr("git status")));
    EXPECT_FALSE(output.contains("systemMessage"));
  }
}

TEST(SessionStartTest, AtMostFiveFamilies) {
  HookHarness hook;
  for (int family = 0; family < 8; ++family) {
    for (int i = 0; i < 2; ++i) hook.Run("make target" + std::to_string(family), 10000 + family);
  }
  const std::string context =
      hook.SendJson(SessionStart(hook.project()))["hookSpecificOutput"]["additionalContext"];
  int named = 0;
  for (size_t at = context.find("`make target"); at != std::string::npos;
       at = context.find("`make target", at + 1)) {
    ++named;
  }
  EXPECT_EQ(named, 5);
  EXPECT_THAT(context, HasSubstr("`make target7`"));  // the one that costs most
  EXPECT_THAT(context, Not(HasSubstr("`make target0`")));
}

TEST(SessionStartTest, NothingWhenNothingIsSlowHereOffOrDisabled) {
  HookHarness hook;
  EXPECT_THAT(hook.Send(SessionStart(hook.project())), IsEmpty());  // a new project
  hook.Run("ls", 10);
  EXPECT_THAT(hook.Send(SessionStart(hook.project())), IsEmpty());
  // Slow elsewhere is not slow here.
  const std::string elsewhere = hook.root() + "/other";
  std::filesystem::create_directories(elsewhere + "/.git");
  for (int i = 0; i < 3; ++i) hook.Run("npm test", 30000);
  EXPECT_THAT(hook.Send(SessionStart(elsewhere)), IsEmpty());
  hook.environment.config.mode = Mode::kOff;
  EXPECT_THAT(hook.Send(SessionStart(hook.project())), IsEmpty());
  hook.environment.config.mode = Mode::kSuggest;
  hook.environment.background_disabled = true;
  EXPECT_THAT(hook.Send(SessionStart(hook.project())), IsEmpty());
}

}  // namespace
}  // namespace bgprof::testing
