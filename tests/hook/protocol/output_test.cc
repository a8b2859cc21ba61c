// Tests of hook/protocol/output: the JSON line bgprof prints back to Claude Code, in the exact
// shape of each mode.
#include "hook/protocol/output.h"

#include <algorithm>
#include <string>

#include <nlohmann/json.hpp>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace bgprof {
namespace {

using nlohmann::json;
using ::testing::EndsWith;
using ::testing::HasSubstr;
using ::testing::Not;

json ParsedOrNull(const std::string& text) {
  return json::parse(text, nullptr, /*allow_exceptions=*/false);
}

std::string Context(std::string_view event, const std::string& text) {
  return RenderHookOutput(event, HookOutput{.additional_context = text});
}

TEST(RenderHookOutputTest, NothingToSayPrintsNothing) {
  EXPECT_EQ(RenderHookOutput("PreToolUse", HookOutput{}), "");
  EXPECT_TRUE(HookOutput{}.empty());
}

TEST(RenderHookOutputTest, SuggestIsContextForTheModelAndALineForTheUser) {
  const HookOutput output{.additional_context = "bgprof: `npm test` takes about 48 s here",
                          .system_message = "bgprof: `npm test` usually takes 48 s here"};
  const json expected = {{"hookSpecificOutput",
                          {{"hookEventName", "PreToolUse"},
                           {"additionalContext", "bgprof: `npm test` takes about 48 s here"}}},
                         {"systemMessage", "bgprof: `npm test` usually takes 48 s here"}};
  EXPECT_EQ(ParsedOrNull(RenderHookOutput("PreToolUse", output)), expected);
}

TEST(RenderHookOutputTest, AutoPassesTheWholeInputOnWithoutADecision) {
  const json input = {{"command", "npm test"},
                      {"description", "Run test suite"},
                      {"timeout", 300000},
                      {"dangerouslyDisableSandbox", false}};
  const HookOutput output{.additional_context = "moved",
                          .system_message = "bgprof: moved",
                          .updated_input = InBackground(input)};
  const json parsed = ParsedOrNull(RenderHookOutput("PreToolUse", output));
  json expected_input = input;
  expected_input["run_in_background"] = true;
  const json expected = {{"hookSpecificOutput",
                          {{"hookEventName", "PreToolUse"},
                           {"updatedInput", expected_input},
                           {"additionalContext", "moved"}}},
                         {"systemMessage", "bgprof: moved"}};
  EXPECT_EQ(parsed, expected);
  EXPECT_FALSE(parsed["hookSpecificOutput"].contains("permissionDecision"));
}

TEST(RenderHookOutputTest, InBackgroundKeepsEveryFieldAndTheCommand) {
  const json input = {{"command", "cargo build"}, {"run_in_background", false}, {"x", {1, 2}}};
  const json moved = InBackground(input);
  EXPECT_EQ(moved["command"], "cargo build");
  EXPECT_EQ(moved["run_in_background"], true);
  EXPECT_EQ(moved["x"], input["x"]);
  EXPECT_EQ(moved.size(), input.size());
  EXPECT_EQ(InBackground(json()), (json{{"run_in_background", true}}));
}

TEST(RenderHookOutputTest, BlockDeniesWithTheReasonAndNothingElseDecides) {
  const HookOutput output{.system_message = "bgprof: asked", .deny_reason = "rerun it"};
  const json expected = {{"hookSpecificOutput",
                          {{"hookEventName", "PreToolUse"},
                           {"permissionDecision", "deny"},
                           {"permissionDecisionReason", "rerun it"}}},
                         {"systemMessage", "bgprof: asked"}};
  EXPECT_EQ(ParsedOrNull(RenderHookOutput("PreToolUse", output)), expected);
}

TEST(RenderHookOutputTest, AUserLineAloneHasNoEventObject) {
  EXPECT_EQ(ParsedOrNull(RenderHookOutput("Stop", HookOutput{.system_message = "bgprof: x"})),
            (json{{"systemMessage", "bgprof: x"}}));
}

TEST(RenderHookOutputTest, TheEventNameIsTheOneGiven) {
  for (const char* event :
       {"SessionStart", "UserPromptSubmit", "PostToolUse", "PostToolUseFailure"}) {
    const json parsed = ParsedOrNull(Context(event, "text"));
    EXPECT_EQ(parsed["hookSpecificOutput"]["hookEventName"], event);
    EXPECT_EQ(parsed["hookSpecificOutput"]["additionalContext"], "text");
  }
}

TEST(RenderHookOutputTest, NeverGrantsAsksOrStopsAnything) {
  const HookOutput everything{.additional_context = "a",
                              .system_message = "b",
                              .updated_input = InBackground(json{{"command", "x"}}),
                              .deny_reason = "c"};
  const std::string output = RenderHookOutput("PreToolUse", everything);
  EXPECT_THAT(output, Not(HasSubstr("allow")));
  EXPECT_THAT(output, Not(HasSubstr("\"ask\"")));
  EXPECT_THAT(output, Not(HasSubstr("\"continue\"")));
  EXPECT_THAT(output, Not(HasSubstr("\"decision\"")));
  EXPECT_THAT(output, Not(HasSubstr("updatedToolOutput")));
}

TEST(RenderHookOutputTest, IsOneLineEndingInANewline) {
  const std::string output = Context("PreToolUse", "line one\nline two\r\n\ttabbed");
  EXPECT_THAT(output, EndsWith("}\n"));
  EXPECT_EQ(std::count(output.begin(), output.end(), '\n'), 1);
  EXPECT_EQ(output.find('\r'), std::string::npos);
  EXPECT_EQ(output.front(), '{');
  EXPECT_EQ(ParsedOrNull(output)["hookSpecificOutput"]["additionalContext"],
            "line one\nline two\r\n\ttabbed");
}

TEST(RenderHookOutputTest, QuotesAndBackslashesRoundTrip) {
  const std::string text = R"(say "hi" \ then {"permissionDecision":"x"} </x>)";
  const json parsed = ParsedOrNull(Context("PreToolUse", text));
  ASSERT_FALSE(parsed.is_discarded());
  EXPECT_EQ(parsed["hookSpecificOutput"]["additionalContext"], text);
  EXPECT_EQ(parsed["hookSpecificOutput"].size(), 2u);
  EXPECT_EQ(parsed.size(), 1u);
}

TEST(RenderHookOutputTest, InvalidUtf8IsReplacedInsteadOfThrowing) {
  const std::string text = "grep -P '\xff\xfe' in caf\xc3 \xe2\x9c\x93 done";
  std::string output;
  EXPECT_NO_THROW(output = Context("PreToolUse", text));
  const json parsed = ParsedOrNull(output);
  ASSERT_FALSE(parsed.is_discarded()) << output;
  const std::string context = parsed["hookSpecificOutput"]["additionalContext"];
  // Bad bytes become U+FFFD; valid text around them (including the check mark) is kept.
  EXPECT_THAT(context, HasSubstr("grep -P '\xef\xbf\xbd"));
  EXPECT_THAT(context, HasSubstr("\xe2\x9c\x93 done"));
  EXPECT_THAT(context, Not(HasSubstr("\xff")));
}

TEST(RenderHookOutputTest, NonAsciiIsKeptAsUtf8) {
  const std::string text = "caf\xc3\xa9 \xe2\x9c\x93 \xf0\x9f\x9a\x80";
  EXPECT_EQ(ParsedOrNull(Context("PreToolUse", text))["hookSpecificOutput"]["additionalContext"],
            text);
}

}  // namespace
}  // namespace bgprof
