// hook/sibling_calls through PreToolUse in-process, with transcript fixtures: several Bash calls
// of one assistant message, independent or waiting for each other.
#include "hook/sibling_calls.h"

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

class SiblingCallsTest : public ::testing::Test {
 protected:
  json Pre(const std::string& command, const std::string& id,
           const std::vector<TranscriptCall>& message) {
    return hook_.SendJson(hook_.WithTranscript(PreToolUse(command, hook_.project(), id),
                                               TranscriptOf("msg_01AbC", message)));
  }
  static std::string ContextOf(const json& output) {
    if (!output.is_object() || !output["hookSpecificOutput"].contains("additionalContext")) {
      return std::string();
    }
    return output["hookSpecificOutput"]["additionalContext"];
  }

  HookHarness hook_;
};

TEST_F(SiblingCallsTest, TheFirstCallNamesIndependentSlowSiblings) {
  for (int i = 0; i < 3; ++i) {
    hook_.Run("npm test", 40000);
    hook_.Run("npm run e2e", 90000);
  }
  const std::vector<TranscriptCall> message = {
      {"toolu_a", "ls"}, {"toolu_b", "npm test"}, {"toolu_c", "npm run e2e"}};
  const std::string context = ContextOf(Pre("ls", "toolu_a", message));
  EXPECT_THAT(context, HasSubstr("run one after another, about 2.2 min in all"));
  EXPECT_THAT(context, HasSubstr("the slow ones are `npm test` (39 s to 41 s, 3 runs) and "
                                 "`npm run e2e` (88 s to 92 s, 3 runs)"));
  EXPECT_THAT(context, HasSubstr("do not depend on each other"));
  // The later calls speak only of themselves.
  EXPECT_THAT(ContextOf(Pre("npm test", "toolu_b", message)), Not(HasSubstr("one after another")));
}

TEST_F(SiblingCallsTest, ALaterCallIsNotTakenForTheFirstWhenEarlierResultsAreLong) {
  for (int i = 0; i < 3; ++i) {
    hook_.Run("npm test", 40000);
    hook_.Run("npm run e2e", 90000);
    hook_.Run("npm run smoke", 60000);
  }
  // The first call (a 5 KB line) ran and wrote 30 KB of results before the second's PreToolUse:
  // the last 32 KB of the transcript hold the second and third calls' lines, not the first's.
  std::string transcript =
      TranscriptOf("msg_01AbC", {{"toolu_a", "npm test # " + std::string(5000, 'x')},
                                 {"toolu_b", "npm run e2e"},
                                 {"toolu_c", "npm run smoke"}});
  for (int i = 0; i < 30; ++i) {
    transcript += json{{"type", "progress"}, {"data", std::string(1000, 'y')}}.dump() + "\n";
  }
  const json output = hook_.SendJson(
      hook_.WithTranscript(PreToolUse("npm run e2e", hook_.project(), "toolu_b"), transcript));
  ASSERT_TRUE(output.is_object());
  EXPECT_THAT(ContextOf(output), Not(HasSubstr("one after another")));
  // The first call, at its own PreToolUse, names both.
  EXPECT_THAT(ContextOf(hook_.SendJson(hook_.WithTranscript(
                  PreToolUse("npm test", hook_.project(), "toolu_a"), transcript))),
              HasSubstr("one after another"));
}

TEST_F(SiblingCallsTest, CallsThatWaitForEachOtherAreAdvisedAsOneBackgroundCommand) {
  for (int i = 0; i < 3; ++i) {
    hook_.Run("npm install", 30000);
    hook_.Run("npm test", 40000);
  }
  const std::vector<TranscriptCall> message = {{"toolu_a", "npm install"}, {"toolu_b", "npm test"}};
  const std::string context = ContextOf(Pre("npm install", "toolu_a", message));
  EXPECT_THAT(context, HasSubstr("depend on each other"));
  EXPECT_THAT(context, HasSubstr("`npm install && npm test` with run_in_background: true"));
}

TEST_F(SiblingCallsTest, AutoMovesEachOfSeveralIndependentSlowCalls) {
  // One run each: not enough to move a call alone, but two slow calls add up.
  hook_.Run("npm test", 40000);
  hook_.Run("npm run e2e", 90000);
  hook_.environment.config.mode = Mode::kAuto;
  const std::vector<TranscriptCall> message = {{"toolu_a", "npm test"}, {"toolu_b", "npm run e2e"}};
  for (const auto& [command, id] : {std::pair{"npm test", "toolu_a"}, {"npm run e2e", "toolu_b"}}) {
    const json output = Pre(command, id, message);
    ASSERT_TRUE(output.is_object()) << command;
    EXPECT_EQ(output["hookSpecificOutput"]["updatedInput"]["run_in_background"], true) << command;
  }
  // Alone, the same call stays in the foreground with a suggestion.
  EXPECT_FALSE(
      hook_.SendJson(PreToolUse("npm test", hook_.project()))["hookSpecificOutput"].contains(
          "updatedInput"));
}

TEST_F(SiblingCallsTest, AutoNeverMovesACallALaterOneWaitsFor) {
  for (int i = 0; i < 6; ++i) hook_.Run("npm ci", 60000);
  hook_.environment.config.mode = Mode::kAuto;
  ASSERT_TRUE(hook_.SendJson(PreToolUse("npm ci", hook_.project()))["hookSpecificOutput"].contains(
      "updatedInput"));
  const std::vector<TranscriptCall> message = {{"toolu_a", "npm ci"}, {"toolu_b", "npm test"}};
  const json output = Pre("npm ci", "toolu_a", message);
  ASSERT_TRUE(output.is_object());
  EXPECT_FALSE(output["hookSpecificOutput"].contains("updatedInput"));
  EXPECT_THAT(ContextOf(output), HasSubstr("`npm ci && npm test`"));
  // Block mode does not deny it either.
  hook_.environment.config.mode = Mode::kBlock;
  EXPECT_FALSE(
      Pre("npm ci", "toolu_a", message)["hookSpecificOutput"].contains("permissionDecision"));
}

TEST_F(SiblingCallsTest, AMissingOrOddTranscriptIsIgnored) {
  for (int i = 0; i < 3; ++i) hook_.Run("npm test", 40000);
  json event = json::parse(PreToolUse("npm test", hook_.project(), "toolu_a"));
  event["transcript_path"] = hook_.root() + "/missing.jsonl";
  EXPECT_THAT(ContextOf(hook_.SendJson(event.dump())), HasSubstr("`npm test` takes about 40 s"));
  const std::string garbage =
      hook_.WithTranscript(PreToolUse("npm test", hook_.project(), "toolu_a"),
                           "not json\n{\"type\":\"assistant\"}\n\x01\x02");
  EXPECT_THAT(ContextOf(hook_.SendJson(garbage)), HasSubstr("`npm test` takes about 40 s"));
  // A call alone in its message: no sibling text.
  EXPECT_THAT(ContextOf(Pre("npm test", "toolu_a", {{"toolu_a", "npm test"}})),
              Not(HasSubstr("one after another")));
}

TEST_F(SiblingCallsTest, NothingWhenNoSiblingIsSlow) {
  const std::vector<TranscriptCall> message = {{"toolu_a", "ls"}, {"toolu_b", "git status"}};
  EXPECT_THAT(hook_.Send(hook_.WithTranscript(PreToolUse("ls", hook_.project(), "toolu_a"),
                                              TranscriptOf("msg_01AbC", message))),
              IsEmpty());
}

}  // namespace
}  // namespace bgprof::testing
