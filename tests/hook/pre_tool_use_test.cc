// hook/pre_tool_use in-process: what each mode prints for a slow call, what stays in the
// foreground whatever the mode, and the block mode's retry window.
#include "hook/pre_tool_use.h"

#include <filesystem>
#include <fstream>

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

class PreToolUseTest : public ::testing::Test {
 protected:
  // Six steady 60 s runs: slow with confidence.
  void LearnSlow(const std::string& command, int ms = 60000) {
    for (int i = 0; i < 6; ++i) hook_.Run(command, ms);
  }
  json Pre(const std::string& command, const std::string& id = "toolu_now") {
    return hook_.SendJson(PreToolUse(command, hook_.project(), id));
  }

  HookHarness hook_;
};

TEST_F(PreToolUseTest, SuggestTellsTheModelAndTheUser) {
  LearnSlow("npm test");
  const json output = Pre("npm test");
  ASSERT_TRUE(output.is_object());
  EXPECT_EQ(output.size(), 2u);
  const json& specific = output["hookSpecificOutput"];
  EXPECT_EQ(specific["hookEventName"], "PreToolUse");
  EXPECT_EQ(specific.size(), 2u);
  EXPECT_THAT(specific["additionalContext"].get<std::string>(),
              HasSubstr("`npm test` takes about 60 s here (typical of 6 runs of this command in "
                        "this project)"));
  EXPECT_EQ(output["systemMessage"],
            "bgprof: `npm test` usually takes 60 s here; it could run in the background.");
}

TEST_F(PreToolUseTest, AutoMovesTheWholeInputToTheBackground) {
  LearnSlow("npm test");
  hook_.environment.config.mode = Mode::kAuto;
  json event = json::parse(PreToolUse("npm test", hook_.project()));
  event["tool_input"]["timeout"] = 600000;
  event["tool_input"]["dangerouslyDisableSandbox"] = false;
  const json output = hook_.SendJson(event.dump());
  ASSERT_TRUE(output.is_object());
  const json& specific = output["hookSpecificOutput"];
  json expected_input = event["tool_input"];
  expected_input["run_in_background"] = true;
  EXPECT_EQ(specific["updatedInput"], expected_input);
  EXPECT_FALSE(specific.contains("permissionDecision"));
  const std::string context = specific["additionalContext"];
  EXPECT_THAT(context, HasSubstr("bgprof moved this call to the background"));
  EXPECT_THAT(context, HasSubstr("A notification arrives when it ends"));
  EXPECT_THAT(context, HasSubstr("running it again would start a second copy"));
  // The 10 minutes the agent asked for pull the 60 s of its runs up to 42 s.
  EXPECT_EQ(output["systemMessage"],
            "bgprof: moved `npm test` to the background (usually 42 s here).");
}

TEST_F(PreToolUseTest, AutoOnlyActsWhenSure) {
  // Two runs, a minute apart from 6 s: suggested, but a quick run could be fast.
  hook_.Run("./run.sh", 6000);
  hook_.Run("./run.sh", 60000);
  hook_.environment.config.mode = Mode::kAuto;
  const json output = Pre("./run.sh");
  ASSERT_TRUE(output.is_object());
  EXPECT_FALSE(output["hookSpecificOutput"].contains("updatedInput"));
  EXPECT_THAT(output["hookSpecificOutput"]["additionalContext"].get<std::string>(),
              HasSubstr("run_in_background: true avoids blocking"));
}

TEST_F(PreToolUseTest, BlockDeniesOnceThenLetsTheSameCommandRun) {
  LearnSlow("cargo build --release");
  hook_.environment.config.mode = Mode::kBlock;
  const json denied = Pre("cargo build --release", "toolu_first");
  ASSERT_TRUE(denied.is_object());
  const json& specific = denied["hookSpecificOutput"];
  EXPECT_EQ(specific["permissionDecision"], "deny");
  EXPECT_THAT(specific["permissionDecisionReason"].get<std::string>(),
              HasSubstr("started again with run_in_background: true"));
  EXPECT_FALSE(specific.contains("updatedInput"));
  EXPECT_THAT(denied["systemMessage"].get<std::string>(),
              HasSubstr("asked the agent to run `cargo build` in the background"));
  // Issued again within ten minutes: it runs, and nothing is said.
  hook_.environment.now_ms += 60'000;
  EXPECT_TRUE(Pre("cargo build --release", "toolu_again").is_null());
  // Another session is denied as the first was.
  json other = json::parse(PreToolUse("cargo build --release", hook_.project()));
  other["session_id"] = "another-session";
  EXPECT_EQ(hook_.SendJson(other.dump())["hookSpecificOutput"]["permissionDecision"], "deny");
  // Long after, the same session is denied again.
  hook_.environment.now_ms += kDenialGraceMs + 1;
  EXPECT_EQ(Pre("cargo build --release", "toolu_later")["hookSpecificOutput"]["permissionDecision"],
            "deny");
}

TEST_F(PreToolUseTest, OffSaysNothingButStillTimesTheCall) {
  LearnSlow("npm test");
  hook_.environment.config.mode = Mode::kOff;
  EXPECT_TRUE(Pre("npm test", "toolu_off").is_null());
  hook_.environment.now_ms += 5000;
  hook_.Send(PostToolUse("npm test", hook_.project(), std::nullopt, "toolu_off"));
  hook_.environment.config.mode = Mode::kSuggest;
  EXPECT_THAT(Pre("npm test")["hookSpecificOutput"]["additionalContext"].get<std::string>(),
              HasSubstr("7 runs"));
}

TEST_F(PreToolUseTest, InteractiveAndBackgroundedLinesStayInTheForegroundInEveryMode) {
  for (const std::string command : {"vim notes.txt", "npm test &", "git rebase -i HEAD~3"}) {
    LearnSlow(command);
    for (Mode mode : {Mode::kSuggest, Mode::kAuto, Mode::kBlock}) {
      hook_.environment.config.mode = mode;
      EXPECT_TRUE(Pre(command).is_null()) << command << " in " << ModeName(mode);
    }
    hook_.environment.config.mode = Mode::kSuggest;
  }
}

TEST_F(PreToolUseTest, ALineThatChangesTheShellIsSuggestedNeverMoved) {
  LearnSlow("cd build && make -j8");
  hook_.environment.config.mode = Mode::kAuto;
  const json output = Pre("cd build && make -j8");
  ASSERT_TRUE(output.is_object());
  EXPECT_FALSE(output["hookSpecificOutput"].contains("updatedInput"));
  EXPECT_THAT(output["hookSpecificOutput"]["additionalContext"].get<std::string>(),
              HasSubstr("`make`"));
}

TEST_F(PreToolUseTest, NeverBackgroundPatternsOfTheUserAndTheProjectKeepCommandsQuiet) {
  LearnSlow("npm run dev:watch");
  LearnSlow("make deploy-prod");
  hook_.environment.config.mode = Mode::kAuto;
  hook_.environment.config.never_background = {"npm run dev*"};
  EXPECT_TRUE(Pre("npm run dev:watch").is_null());
  EXPECT_TRUE(Pre("make deploy-prod").is_object());
  std::filesystem::create_directories(hook_.project() + "/.claude");
  std::ofstream(hook_.project() + "/.claude/bgprof.json") << R"({"never_background": ["make *"]})";
  EXPECT_TRUE(Pre("make deploy-prod").is_null());
  hook_.environment.config.mode = Mode::kSuggest;
  EXPECT_TRUE(Pre("make deploy-prod").is_null());
}

TEST_F(PreToolUseTest, ABrokenProjectFileIsLoggedAndTheCallRuns) {
  LearnSlow("npm test");
  std::filesystem::create_directories(hook_.project() + "/.claude");
  std::ofstream(hook_.project() + "/.claude/bgprof.json") << "{oops";
  hook_.environment.config.mode = Mode::kAuto;
  EXPECT_TRUE(Pre("npm test").is_null());
  std::ifstream log(std::filesystem::path(hook_.environment.database_path).parent_path() /
                    "bgprof.log");
  std::string text((std::istreambuf_iterator<char>(log)), {});
  EXPECT_THAT(text, HasSubstr("bgprof.json is not a JSON object"));
}

TEST_F(PreToolUseTest, DisabledBackgroundTasksOrABackgroundCallGetNothing) {
  LearnSlow("npm test");
  hook_.environment.config.mode = Mode::kAuto;
  EXPECT_TRUE(hook_.SendJson(PreToolUse("npm test", hook_.project(), "t1", true)).is_null());
  hook_.environment.background_disabled = true;
  EXPECT_TRUE(Pre("npm test").is_null());
}

TEST_F(PreToolUseTest, FastAndUnknownCommandsGetNothingInAnyMode) {
  hook_.Run("ls -la", 12);
  for (Mode mode : {Mode::kSuggest, Mode::kAuto, Mode::kBlock}) {
    hook_.environment.config.mode = mode;
    EXPECT_THAT(hook_.Send(PreToolUse("ls -la", hook_.project())), IsEmpty());
    EXPECT_THAT(hook_.Send(PreToolUse("./never-seen.sh", hook_.project())), IsEmpty());
  }
}

}  // namespace
}  // namespace bgprof::testing
