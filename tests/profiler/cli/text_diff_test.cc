// Tests of profiler/cli/text_diff: the line diff `bgprof install --dry-run` prints.
#include "profiler/cli/text_diff.h"

#include <cstdlib>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace bgprof {
namespace {

std::vector<std::string> Split(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::string Join(const std::vector<std::string>& lines) {
  std::string text;
  for (const std::string& line : lines) text += line + "\n";
  return text;
}

// "1\n2\n...\n<n>\n"
std::string Numbers(int n) {
  std::string text;
  for (int i = 1; i <= n; ++i) text += std::to_string(i) + "\n";
  return text;
}

// Applies `diff` to `before` as patch would, trusting only the hunk headers' line numbers and
// checking that every context and removed line is really there. Returns "<mismatch>" otherwise.
std::string Apply(const std::string& before, const std::string& diff) {
  const std::vector<std::string> old_lines = Split(before);
  std::vector<std::string> result;
  size_t copied = 0;  // old lines consumed so far
  for (const std::string& line : Split(diff)) {
    if (line.starts_with("@@ -")) {
      const size_t start = std::strtoul(line.c_str() + 4, nullptr, 10);
      const size_t comma = line.find(',');
      const size_t space = line.find(' ', 4);
      const bool empty = comma < space && line.substr(comma, 3) == ",0 ";
      const size_t first = empty ? start : start - 1;  // 0-based
      if (first < copied || first > old_lines.size()) return "<mismatch>";
      while (copied < first) result.push_back(old_lines[copied++]);
    } else if (line.starts_with("+")) {
      result.push_back(line.substr(1));
    } else if (line.starts_with(" ") || line.starts_with("-")) {
      if (copied >= old_lines.size() || old_lines[copied] != line.substr(1)) return "<mismatch>";
      if (line[0] == ' ') result.push_back(line.substr(1));
      ++copied;
    } else {
      return "<mismatch>";
    }
  }
  while (copied < old_lines.size()) result.push_back(old_lines[copied++]);
  return Join(result);
}

TEST(LineDiffTest, SameLinesGiveNothing) {
  EXPECT_EQ(LineDiff("", ""), "");
  EXPECT_EQ(LineDiff("a\nb\n", "a\nb\n"), "");
  EXPECT_EQ(LineDiff("a\nb", "a\nb\n"), "");  // a final newline is no line of its own
}

TEST(LineDiffTest, OneChangedLine) {
  EXPECT_EQ(LineDiff("a\nb\nc\n", "a\nB\nc\n"), "@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n");
}

TEST(LineDiffTest, RemovalsComeBeforeAdditions) {
  EXPECT_EQ(LineDiff("x\ny\n", "p\nq\n"), "@@ -1,2 +1,2 @@\n-x\n-y\n+p\n+q\n");
}

TEST(LineDiffTest, FromAndToNothing) {
  EXPECT_EQ(LineDiff("", "x\ny\n"), "@@ -0,0 +1,2 @@\n+x\n+y\n");
  EXPECT_EQ(LineDiff("x\n", ""), "@@ -1 +0,0 @@\n-x\n");
}

TEST(LineDiffTest, ContextIsThreeLinesAroundAChange) {
  std::string after = Numbers(10);
  after.replace(after.find("5\n"), 2, "five\n");
  EXPECT_EQ(LineDiff(Numbers(10), after), "@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n");
  EXPECT_EQ(LineDiff(Numbers(10), after, 1), "@@ -4,3 +4,3 @@\n 4\n-5\n+five\n 6\n");
  EXPECT_EQ(LineDiff(Numbers(10), after, 0), "@@ -5 +5 @@\n-5\n+five\n");
}

TEST(LineDiffTest, InsertionShowsWhereItGoes) {
  EXPECT_EQ(LineDiff("a\nb\nc\nd\n", "a\nb\nnew\nc\nd\n", 1), "@@ -2,2 +2,3 @@\n b\n+new\n c\n");
  EXPECT_EQ(LineDiff("a\nb\n", "a\nb\nc\n", 0), "@@ -2,0 +3 @@\n+c\n");
}

TEST(LineDiffTest, FarApartChangesMakeTwoHunks) {
  const std::string before = Numbers(20);
  std::string after = before;
  after.replace(after.find("\n2\n") + 1, 2, "two\n");
  after.replace(after.find("\n18\n") + 1, 3, "");
  EXPECT_EQ(LineDiff(before, after),
            "@@ -1,5 +1,5 @@\n 1\n-2\n+two\n 3\n 4\n 5\n"
            "@@ -15,6 +15,5 @@\n 15\n 16\n 17\n-18\n 19\n 20\n");
}

TEST(LineDiffTest, ChangesSixLinesApartShareAHunk) {
  const std::string before = Numbers(12);
  std::string after = before;
  after.replace(after.find("\n3\n") + 1, 2, "c\n");
  after.replace(after.find("\n10\n") + 1, 3, "j\n");
  const std::string diff = LineDiff(before, after);
  EXPECT_EQ(diff.find("\n@@"), std::string::npos) << diff;
  EXPECT_TRUE(diff.starts_with("@@ -1,12 +1,12 @@\n")) << diff;
  // One line further apart, they split.
  std::string further = Numbers(12);
  further.replace(further.find("\n2\n") + 1, 2, "b\n");
  further.replace(further.find("\n10\n") + 1, 3, "j\n");
  EXPECT_NE(LineDiff(before, further).find("\n@@"), std::string::npos);
}

TEST(LineDiffTest, ChangesAreMinimal) {
  // A moved line costs one removal and one addition, not a rewrite of everything between.
  const std::string diff = LineDiff("a\nb\nc\nd\ne\n", "b\nc\nd\ne\na\n", 10);
  EXPECT_EQ(diff, "@@ -1,5 +1,5 @@\n-a\n b\n c\n d\n e\n+a\n");
}

TEST(LineDiffTest, RandomTextsPatchBackExactly) {
  std::mt19937 random(7);
  std::uniform_int_distribution<int> length(0, 30);
  std::uniform_int_distribution<int> word(0, 4);
  auto text = [&] {
    std::vector<std::string> lines(static_cast<size_t>(length(random)));
    for (std::string& line : lines) line = std::string(1, static_cast<char>('a' + word(random)));
    return Join(lines);
  };
  for (int round = 0; round < 500; ++round) {
    const std::string before = text();
    const std::string after = text();
    for (int context : {0, 1, 3}) {
      const std::string diff = LineDiff(before, after, context);
      EXPECT_EQ(Apply(before, diff), after) << before << "--\n" << after << "--\n" << diff;
      EXPECT_EQ(diff.empty(), before == after);
    }
  }
}

}  // namespace
}  // namespace bgprof
