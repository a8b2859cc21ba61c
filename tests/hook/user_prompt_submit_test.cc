// hook/user_prompt_submit in-process: a prompt asking for slow work gets the commands and their
// runtime; other prompts and task notifications get nothing.
#include "hook/user_prompt_submit.h"

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

class UserPromptSubmitTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (int i = 0; i < 4; ++i) hook_.Run("npm test", 48000);
    for (int i = 0; i < 3; ++i) hook_.Run("npm run build", 70000);
    for (int i = 0; i < 3; ++i) hook_.Run("npm run lint", 200);
  }
  std::string Context(const std::string& prompt) {
    const json output = hook_.SendJson(UserPromptSubmit(prompt, hook_.project()));
    if (!output.is_object()) return std::string();
    EXPECT_EQ(output["hookSpecificOutput"]["hookEventName"], "UserPromptSubmit");
    return output["hookSpecificOutput"]["additionalContext"];
  }

  HookHarness hook_;
};

TEST_F(UserPromptSubmitTest, AskingForTheTestsNamesTheTestCommand) {
  const std::string context = Context("Fix the login bug, then run the tests.");
  EXPECT_THAT(context, HasSubstr("`npm test` (about 48 s, 4 runs) is slow"));
  EXPECT_THAT(context, HasSubstr("run_in_background: true"));
  EXPECT_THAT(context, Not(HasSubstr("npm run build")));
}

TEST_F(UserPromptSubmitTest, AskingForABuildOrToWorkMeanwhileNamesThoseCommands) {
  EXPECT_THAT(Context("Rebuild the bundle"), HasSubstr("`npm run build`"));
  const std::string meanwhile = Context("Start the suite and while that runs look at the docs");
  EXPECT_THAT(meanwhile, HasSubstr("`npm run build`"));
  EXPECT_THAT(meanwhile, HasSubstr("`npm test`"));
  EXPECT_THAT(meanwhile, Not(HasSubstr("lint")));  // quick: never named
}

TEST_F(UserPromptSubmitTest, APromptNamingTheCommandGetsIt) {
  EXPECT_THAT(Context("please run npm run build for me"), HasSubstr("`npm run build`"));
}

TEST_F(UserPromptSubmitTest, OtherPromptsGetNothing) {
  EXPECT_THAT(Context("Explain what src/auth.ts does"), IsEmpty());
  EXPECT_THAT(Context("Show me the latest commits"), IsEmpty());  // "latest" is not "test"
  EXPECT_THAT(Context("lint the code"), IsEmpty());               // lint is quick here
}

TEST_F(UserPromptSubmitTest, ATaskNotificationIsNotARequestAndEndsItsTask) {
  hook_.Send(BackgroundLaunch("npm test", hook_.project(), "b7k2m9x4q", "toolu_bg"));
  const std::string notification =
      "<task-notification>\n<task-id>b7k2m9x4q</task-id>\n<tool-use-id>toolu_bg</tool-use-id>\n"
      "<status>completed</status>\n<summary>Background command \"Run the tests\" completed "
      "(exit code 0)</summary>\n</task-notification>";
  EXPECT_THAT(Context(notification), IsEmpty());
  hook_.environment.now_ms += 1000;
  EXPECT_THAT(hook_.Send(TaskOutputPoll("b7k2m9x4q", "running", hook_.project())), IsEmpty());
}

TEST_F(UserPromptSubmitTest, OffOrDisabledSaysNothing) {
  hook_.environment.config.mode = Mode::kOff;
  EXPECT_THAT(Context("run the tests"), IsEmpty());
  hook_.environment.config.mode = Mode::kAuto;
  EXPECT_THAT(Context("run the tests"), HasSubstr("`npm test`"));
  hook_.environment.background_disabled = true;
  EXPECT_THAT(Context("run the tests"), IsEmpty());
}

}  // namespace
}  // namespace bgprof::testing
