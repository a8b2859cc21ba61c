// Tests of profiler/cli/claude_md: bgprof's section of a CLAUDE.md, between its markers, and
// nothing else touched.
#include "profiler/cli/claude_md.h"

#include <gtest/gtest.h>

#include <string>

namespace bgprof {
namespace {

const std::string kBegin(kClaudeMdBegin);
const std::string kEnd(kClaudeMdEnd);

TEST(ClaudeMdTest, ASectionIsAppendedAfterABlankLineAndRemovedWithIt) {
  const std::string user = "# Project\n\nRun `make` to build.\n";
  const std::string with = WithClaudeMdSection(user, "- slow: `make`\n");
  EXPECT_EQ(with, user + "\n" + kBegin + "\n- slow: `make`\n" + kEnd + "\n");
  EXPECT_EQ(WithoutClaudeMdSection(with), user);
  // A file without a final newline gets one before the blank line.
  EXPECT_EQ(WithClaudeMdSection("# P", "x"), "# P\n\n" + kBegin + "\nx\n" + kEnd + "\n");
  // A missing or empty file holds the section alone, and removing it leaves it empty.
  EXPECT_EQ(WithClaudeMdSection("", "x\n"), kBegin + "\nx\n" + kEnd + "\n");
  EXPECT_EQ(WithoutClaudeMdSection(WithClaudeMdSection("", "x\n")), "");
}

TEST(ClaudeMdTest, ASectionIsRefreshedInPlaceAndWritingItTwiceChangesNothing) {
  const std::string before = "# P\n\n" + kBegin + "\nold\n" + kEnd + "\n\n## Notes\nkeep me\n";
  const std::string after = WithClaudeMdSection(before, "new\n");
  EXPECT_EQ(after, "# P\n\n" + kBegin + "\nnew\n" + kEnd + "\n\n## Notes\nkeep me\n");
  EXPECT_EQ(WithClaudeMdSection(after, "new\n"), after);
  EXPECT_EQ(WithoutClaudeMdSection(after), "# P\n\n\n## Notes\nkeep me\n");
  // An older bgprof's wording of the begin marker is still its section.
  const std::string older = "<!-- bgprof:begin -->\nold\n" + kEnd + "\n";
  EXPECT_EQ(WithClaudeMdSection(older, "new\n"), kBegin + "\nnew\n" + kEnd + "\n");
}

TEST(ClaudeMdTest, MarkersQuotedInProseOrABeginWithoutEndAreLeftAlone) {
  const std::string quoted = "Do not edit between `" + kBegin + "` lines.\n";
  EXPECT_EQ(WithoutClaudeMdSection(quoted), quoted);
  const std::string unclosed = "# P\n" + kBegin + "\nthe user's text after it\n";
  EXPECT_EQ(WithoutClaudeMdSection(unclosed), unclosed);
  // Writing appends a whole section rather than swallowing the user's text.
  EXPECT_EQ(WithClaudeMdSection(unclosed, "x\n"), unclosed + "\n" + kBegin + "\nx\n" + kEnd + "\n");
}

}  // namespace
}  // namespace bgprof
