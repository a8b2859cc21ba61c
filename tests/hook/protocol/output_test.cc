// Tests of hook/output: the JSON line bgprof prints back to Claude Code.
#include "hook/protocol/output.h"

#include <algorithm>
#include <string>

#include <nlohmann/json.hpp>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace bgprof {
namespace {

using ::testing::EndsWith;
using ::testing::HasSubstr;
using ::testing::Not;

nlohmann::json ParsedOrNull(const std::string& text) {
  return nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
}

TEST(PreToolUseContextTest, IsExactlyTheContextObject) {
  const std::string text =
      "`cargo build --release` usually takes ~6 min here (n=9); run_in_background avoids "
      "blocking on it.";
  const std::string output = PreToolUseContext(text);
  const nlohmann::json parsed = ParsedOrNull(output);
  ASSERT_FALSE(parsed.is_discarded()) << output;
  const nlohmann::json expected = {
      {"hookSpecificOutput", {{"hookEventName", "PreToolUse"}, {"additionalContext", text}}}};
  EXPECT_EQ(parsed, expected);
}

TEST(PreToolUseContextTest, IsOneLineEndingInANewline) {
  const std::string output = PreToolUseContext("line one\nline two\r\n\ttabbed");
  EXPECT_THAT(output, EndsWith("}\n"));
  EXPECT_EQ(std::count(output.begin(), output.end(), '\n'), 1);
  EXPECT_EQ(output.find('\r'), std::string::npos);
  EXPECT_EQ(output.front(), '{');
  const nlohmann::json parsed = ParsedOrNull(output);
  ASSERT_FALSE(parsed.is_discarded()) << output;
  EXPECT_EQ(parsed["hookSpecificOutput"]["additionalContext"], "line one\nline two\r\n\ttabbed");
}

TEST(PreToolUseContextTest, QuotesAndBackslashesRoundTrip) {
  const std::string text = R"(say "hi" \ then {"permissionDecision":"x"} </x>)";
  const nlohmann::json parsed = ParsedOrNull(PreToolUseContext(text));
  ASSERT_FALSE(parsed.is_discarded());
  EXPECT_EQ(parsed["hookSpecificOutput"]["additionalContext"], text);
  EXPECT_EQ(parsed["hookSpecificOutput"].size(), 2u);
  EXPECT_EQ(parsed.size(), 1u);
}

TEST(PreToolUseContextTest, NeverDecidesPermissionsOrRewritesInput) {
  const std::string output = PreToolUseContext("npm test usually takes 48 s");
  EXPECT_THAT(output, Not(HasSubstr("permissionDecision")));
  EXPECT_THAT(output, Not(HasSubstr("updatedInput")));
  EXPECT_THAT(output, Not(HasSubstr("systemMessage")));
  EXPECT_THAT(output, Not(HasSubstr("\"continue\"")));
  EXPECT_THAT(output, Not(HasSubstr("\"decision\"")));
}

TEST(PreToolUseContextTest, EmptyTextStillGivesValidJson) {
  const nlohmann::json parsed = ParsedOrNull(PreToolUseContext(""));
  ASSERT_FALSE(parsed.is_discarded());
  EXPECT_EQ(parsed["hookSpecificOutput"]["additionalContext"], "");
}

TEST(PreToolUseContextTest, InvalidUtf8IsReplacedInsteadOfThrowing) {
  const std::string text = "grep -P '\xff\xfe' in caf\xc3 \xe2\x9c\x93 done";
  std::string output;
  EXPECT_NO_THROW(output = PreToolUseContext(text));
  const nlohmann::json parsed = ParsedOrNull(output);
  ASSERT_FALSE(parsed.is_discarded()) << output;
  const std::string context = parsed["hookSpecificOutput"]["additionalContext"];
  // Bad bytes become U+FFFD; valid text around them (including the check mark) is kept.
  EXPECT_THAT(context, HasSubstr("grep -P '\xef\xbf\xbd"));
  EXPECT_THAT(context, HasSubstr("\xe2\x9c\x93 done"));
  EXPECT_THAT(context, Not(HasSubstr("\xff")));
}

TEST(PreToolUseContextTest, NonAsciiIsKeptAsUtf8) {
  const std::string text = "caf\xc3\xa9 \xe2\x9c\x93 \xf0\x9f\x9a\x80";
  const nlohmann::json parsed = ParsedOrNull(PreToolUseContext(text));
  ASSERT_FALSE(parsed.is_discarded());
  EXPECT_EQ(parsed["hookSpecificOutput"]["additionalContext"], text);
}

}  // namespace
}  // namespace bgprof
