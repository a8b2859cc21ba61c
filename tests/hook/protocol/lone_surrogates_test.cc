#include "hook/protocol/lone_surrogates.h"

#include <optional>
#include <string>

#include <gtest/gtest.h>

namespace bgprof {
namespace {

std::string Repaired(std::string_view text) {
  return WithLoneSurrogatesReplaced(text).value_or(std::string(text));
}

TEST(LoneSurrogatesTest, TextWithoutThemIsNotCopied) {
  for (const char* text : {R"({"command": "make"})", R"({"c": "a\"b\\c\n\u00e9"})",
                           R"({"c": "\ud83d\ude00 \uD83D\uDE00"})", "", "\\", "\\u12"}) {
    EXPECT_FALSE(WithLoneSurrogatesReplaced(text).has_value()) << text;
  }
}

TEST(LoneSurrogatesTest, EveryKindOfLoneHalfBecomesTheReplacementCharacter) {
  EXPECT_EQ(Repaired(R"(["\ud800"])"), R"(["\ufffd"])");
  EXPECT_EQ(Repaired(R"(["\uDBFF!"])"), R"(["\ufffd!"])");
  EXPECT_EQ(Repaired(R"(["\udc00"])"), R"(["\ufffd"])");
  EXPECT_EQ(Repaired(R"(["a\ud800b"])"), R"(["a\ufffdb"])");
  // A high half before something that is not a low half: another escape, a high half, text.
  EXPECT_EQ(Repaired(R"(["\ud800\u0041"])"), R"(["\ufffd\u0041"])");
  EXPECT_EQ(Repaired(R"(["\ud800\ud800\udc00"])"), R"(["\ufffd\ud800\udc00"])");
  EXPECT_EQ(Repaired(R"(["\ud800\n"])"), R"(["\ufffd\n"])");
  // A low half before a high one: both alone.
  EXPECT_EQ(Repaired(R"(["\udc00\ud800"])"), R"(["\ufffd\ufffd"])");
  // At the very end of a cut text.
  EXPECT_EQ(Repaired(R"(["\ud800)"), R"(["\ufffd)");
}

TEST(LoneSurrogatesTest, EscapedBackslashesAndValidPairsAreLeftAlone) {
  // `\\ud800` is a backslash and the letters "ud800", not an escape.
  EXPECT_FALSE(WithLoneSurrogatesReplaced(R"(["C:\\ud800"])").has_value());
  EXPECT_EQ(Repaired(R"(["\\\ud800"])"), R"(["\\\ufffd"])");
  EXPECT_EQ(Repaired(R"(["\ud83d\ude00\ud800"])"), R"(["\ud83d\ude00\ufffd"])");
}

TEST(LoneSurrogatesTest, LinearInTheLengthOfTheText) {
  // A long run of lone halves: one pass (a quadratic pass would take minutes here).
  std::string text = "[\"";
  for (int i = 0; i < 200000; ++i) text += "\\ud800";
  text += "\"]";
  const std::optional<std::string> repaired = WithLoneSurrogatesReplaced(text);
  ASSERT_TRUE(repaired.has_value());
  EXPECT_EQ(repaired->size(), text.size());
  EXPECT_EQ(repaired->find("\\ud800"), std::string::npos);
}

}  // namespace
}  // namespace bgprof
