// Tests of profiler/calibrate/shell_history: the zsh, bash and fish history files as runs. The
// files under tests/data/calibrate/ were written by the shells themselves (see README.md there);
// the texts here are written by hand in the same formats, with the lines that are easy to get
// wrong.
#include "profiler/calibrate/shell_history.h"

#include <cstdint>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/status/status.h"
#include "tests/support/scratch_folder.h"

namespace bgprof {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Pair;

std::vector<std::string> Commands(const HistoryRead& read) {
  std::vector<std::string> commands;
  for (const HistoryRun& run : read.runs) commands.push_back(run.command);
  return commands;
}

std::vector<std::string> Keys(const HistoryRead& read) {
  std::vector<std::string> keys;
  for (const HistoryRun& run : read.runs) keys.push_back(run.key);
  return keys;
}

// Every entry either gives a run or is counted skipped.
void ExpectEveryEntryAccountedFor(const HistoryRead& read) {
  int64_t skipped = 0;
  for (const auto& [reason, count] : read.skipped) skipped += count;
  EXPECT_EQ(read.entries, static_cast<int64_t>(read.runs.size()) + skipped);
}

std::string Fixture(const std::string& name) {
  absl::StatusOr<std::string> text =
      ReadHistoryFile(std::string(BGPROF_SOURCE_DIR) + "/tests/data/calibrate/" + name);
  EXPECT_TRUE(text.ok()) << text.status();
  return text.value_or("");
}

// ---- zsh ----

TEST(ZshHistoryTest, ReadsAnExtendedLine) {
  const HistoryRead read = ParseZshHistory(": 1700000000:12;make test\n");
  ASSERT_EQ(read.runs.size(), 1u);
  const HistoryRun& run = read.runs[0];
  EXPECT_EQ(run.source, "zsh");
  EXPECT_EQ(run.command, "make test");
  EXPECT_EQ(run.started_ms, 1700000000000);
  EXPECT_EQ(run.duration_ms, 12500);  // between 12 and 13 seconds
  EXPECT_EQ(run.key, HistoryKey("1700000000", "make test"));
  EXPECT_FALSE(run.by_agent);
  EXPECT_EQ(read.entries, 1);
  EXPECT_THAT(read.skipped, IsEmpty());
}

TEST(ZshHistoryTest, ElapsedZeroIsUnknownNotQuick) {
  // What INC_APPEND_HISTORY writes as the command starts.
  const HistoryRead read = ParseZshHistory(": 1700000000:0;sleep 30\n: 1700000031:1;ls\n");
  ASSERT_EQ(read.runs.size(), 2u);
  EXPECT_EQ(read.runs[0].duration_ms, std::nullopt);
  EXPECT_EQ(read.runs[0].started_ms, 1700000000000);
  EXPECT_EQ(read.runs[1].duration_ms, 1500);
}

TEST(ZshHistoryTest, JoinsContinuedLinesWithNewlines) {
  const std::string text =
      ": 1700000000:3;for f in a b; do\\\n"
      "  echo $f\\\n"
      "done\n"
      // A typed backslash-newline is kept: zsh writes its backslash, then `\` + newline.
      ": 1700000004:0;echo one \\\\\n"
      "  two\n"
      ": 1700000005:2;make\n";
  const HistoryRead read = ParseZshHistory(text);
  EXPECT_THAT(Commands(read),
              ElementsAre("for f in a b; do\n  echo $f\ndone", "echo one \\\n  two", "make"));
  EXPECT_EQ(read.entries, 3);
  EXPECT_EQ(read.runs[0].duration_ms, 3500);
  EXPECT_EQ(read.runs[2].started_ms, 1700000005000);
}

TEST(ZshHistoryTest, DropsTheSpaceAfterAFinalBackslash) {
  // zsh writes `echo a\ ` for `echo a\`, so that the backslash does not continue the line.
  const HistoryRead read = ParseZshHistory(
      ": 1700000000:0;echo a\\ \n: 1700000001:0;echo b\\   \n: 1700000002:0;echo c  \n");
  EXPECT_THAT(Commands(read), ElementsAre("echo a\\", "echo b\\  ", "echo c  "));
}

TEST(ZshHistoryTest, DecodesMetafiedBytes) {
  // UTF-8 of 日本 is E6 97 A5 E6 9C AC and of → E2 86 92: 0x97, 0x9c, 0x86 and 0x92 are in zsh's
  // Meta range and written as 0x83 then the byte XOR 0x20. ă (C4 83) holds Meta itself; é (C3 A9)
  // is written as it is.
  const std::string text =
      ": 1700000000:0;echo '\xE6\x83\xB7\xA5\xE6\x83\xBC\xAC \xE2\x83\xA6\x83\xB2 \xC4\x83\xA3 "
      "\xC3\xA9'\n";
  const HistoryRead read = ParseZshHistory(text);
  ASSERT_EQ(read.runs.size(), 1u);
  EXPECT_EQ(read.runs[0].command, "echo '日本 → ă é'");
  EXPECT_EQ(read.runs[0].key, HistoryKey("1700000000", "echo '日本 → ă é'"));
}

TEST(ZshHistoryTest, DecodesAMetafiedNulAndDropsADanglingMeta) {
  const HistoryRead read = ParseZshHistory(": 1:0;a\x83 b\n: 2:0;c\x83\n");
  EXPECT_THAT(Commands(read), ElementsAre(std::string("a\0b", 3), "c"));
}

TEST(ZshHistoryTest, PlainLinesHaveNoTimeAndOrdinalKeys) {
  const HistoryRead read = ParseZshHistory("ls\nmake\n\\: colon command\nls\n");
  EXPECT_THAT(Commands(read), ElementsAre("ls", "make", ": colon command", "ls"));
  EXPECT_THAT(Keys(read), ElementsAre(HistoryKey("n0", "ls"), HistoryKey("n0", "make"),
                                      HistoryKey("n0", ": colon command"), HistoryKey("n1", "ls")));
  for (const HistoryRun& run : read.runs) {
    EXPECT_EQ(run.started_ms, 0);
    EXPECT_EQ(run.duration_ms, std::nullopt);
  }
}

TEST(ZshHistoryTest, KeysAreUniqueAndTimedRunsDoNotCountAsPlainRepeats) {
  const HistoryRead read =
      ParseZshHistory(": 1700000000:0;ls\n: 1700000000:0;ls\n: 1700000001:0;ls\nls\n");
  EXPECT_THAT(Keys(read),
              ElementsAre(HistoryKey("1700000000", "ls"), HistoryKey("1700000000#1", "ls"),
                          HistoryKey("1700000001", "ls"), HistoryKey("n0", "ls")));
}

TEST(ZshHistoryTest, KeysStayUniqueWhenShellsInterleave) {
  // Shells that save a line as it ends write the starts out of order.
  const HistoryRead read = ParseZshHistory(
      ": 1700000100:1;ls\n: 1700000099:3;make\n: 1700000100:0;ls\n: 1700000100:0;pwd\n");
  EXPECT_THAT(Keys(read),
              ElementsAre(HistoryKey("1700000100", "ls"), HistoryKey("1700000099", "make"),
                          HistoryKey("1700000100#1", "ls"), HistoryKey("1700000100", "pwd")));
}

TEST(ZshHistoryTest, AGrownFileKeepsTheKeysOfItsOldEntries) {
  const std::string before = "ls\n: 1700000000:0;ls\n: 1700000000:0;ls\nmake\nls\n";
  const std::string after = before + ": 1700000000:0;ls\nls\nmake\n";
  const std::vector<std::string> old_keys = Keys(ParseZshHistory(before));
  const std::vector<std::string> new_keys = Keys(ParseZshHistory(after));
  ASSERT_EQ(new_keys.size(), old_keys.size() + 3);
  for (size_t i = 0; i < old_keys.size(); ++i) EXPECT_EQ(new_keys[i], old_keys[i]) << i;
  // And the new ones are new.
  for (size_t i = old_keys.size(); i < new_keys.size(); ++i) {
    for (const std::string& old_key : old_keys) EXPECT_NE(new_keys[i], old_key) << i;
  }
}

TEST(ZshHistoryTest, SkipsALineCutShort) {
  for (const std::string cut :
       {": 1700000001:1", ": 1700000001", ": 17", ":", ": 1700000001:1;make te",
        ": 1700000001:1;for x\\\n  in\\\n", ": 1700000001:1;for x\\\n"}) {
    const HistoryRead read = ParseZshHistory(": 1700000000:4;make\n" + cut);
    EXPECT_THAT(Commands(read), ElementsAre("make")) << cut;
    EXPECT_EQ(read.entries, 2) << cut;
    EXPECT_THAT(read.skipped, ElementsAre(Pair("cut short", 1))) << cut;
  }
}

TEST(ZshHistoryTest, SkipsBadTimes) {
  const HistoryRead read = ParseZshHistory(
      ": abc:0;ls\n"
      ": 1700000000:x;ls\n"
      ":1700000000:0;ls\n"
      ": 1700000000;ls\n"
      ": 17000000000000000000000:0;ls\n"          // past int64
      ": 1700000000:99999999999999999999;ls\\\n"  // its continuation goes with it
      "  --all\n"
      ": 1700000000:-3;date\n"  // a clock set back: no runtime, still a run
      "uptime\n");
  EXPECT_THAT(Commands(read), ElementsAre("date", "uptime"));
  EXPECT_EQ(read.runs[0].duration_ms, std::nullopt);
  EXPECT_EQ(read.runs[0].started_ms, 1700000000000);
  EXPECT_THAT(read.skipped, ElementsAre(Pair("bad time", 6)));
  EXPECT_EQ(read.entries, 8);
}

TEST(ZshHistoryTest, SkipsEmptyCommands) {
  const HistoryRead read = ParseZshHistory("\n: 1700000000:3; \n: 1700000001:3;\nls\n");
  EXPECT_THAT(Commands(read), ElementsAre("ls"));
  EXPECT_THAT(read.skipped, ElementsAre(Pair("empty", 3)));
  EXPECT_EQ(read.entries, 4);
}

TEST(ZshHistoryTest, ToleratesCarriageReturns) {
  const HistoryRead read =
      ParseZshHistory(": 1700000000:3;make\r\n: 1700000004:0;echo a\\\r\nb\r\n");
  EXPECT_THAT(Commands(read), ElementsAre("make", "echo a\nb"));
  EXPECT_EQ(read.runs[0].duration_ms, 3500);
}

TEST(ZshHistoryTest, ReadsAFileZshWrote) {
  // zsh 5.9, EXTENDED_HISTORY and INC_APPEND_HISTORY_TIME: elapsed is known once a command ends.
  const HistoryRead read = ParseZshHistory(Fixture("zsh_extended_history"));
  EXPECT_EQ(read.entries, 11);
  EXPECT_THAT(read.skipped, IsEmpty());
  const std::vector<std::string> commands = Commands(read);
  ASSERT_EQ(commands.size(), 11u);
  EXPECT_EQ(commands[1], "cd /tmp");
  EXPECT_EQ(commands[2], "sleep 1");
  EXPECT_EQ(commands[3], "echo 'héllo 日本 → ă'");
  EXPECT_EQ(commands[4], "cat <<'END'\nmulti\nEND");
  EXPECT_EQ(commands[5], "for f in a b; do\n  echo $f\ndone");
  EXPECT_EQ(commands[6], "echo ends with backslash\\\\");  // as typed: two backslashes
  EXPECT_EQ(commands[7], ": colon command");
  EXPECT_EQ(commands[8], "true && sleep 2");
  EXPECT_EQ(read.runs[2].duration_ms, 1500);
  EXPECT_EQ(read.runs[8].duration_ms, 2500);
  EXPECT_EQ(read.runs[3].duration_ms, std::nullopt);
  EXPECT_EQ(read.runs[2].started_ms, 1796275593000);
  // `cd /tmp` twice, in different seconds: each keyed by its own start.
  EXPECT_EQ(read.runs[1].key, HistoryKey("1796275593", "cd /tmp"));
  EXPECT_EQ(read.runs[10].key, HistoryKey("1796275596", "cd /tmp"));
}

TEST(ZshHistoryTest, ReadsAPlainFileZshWrote) {
  const HistoryRead read = ParseZshHistory(Fixture("zsh_plain_history"));
  EXPECT_THAT(Commands(read), ElementsAre(::testing::StartsWith("HISTFILE="), ": colon command",
                                          "echo 日本", "ls", "echo 'a\nb'", "ls"));
  EXPECT_EQ(read.runs[3].key, HistoryKey("n0", "ls"));
  EXPECT_EQ(read.runs[5].key, HistoryKey("n1", "ls"));
}

// ---- bash ----

TEST(BashHistoryTest, ReadsPlainLinesWithOrdinalKeys) {
  const HistoryRead read = ParseBashHistory("ls\nmake\n# a comment\nls\n");
  EXPECT_THAT(Commands(read), ElementsAre("ls", "make", "# a comment", "ls"));
  EXPECT_THAT(Keys(read), ElementsAre(HistoryKey("n0", "ls"), HistoryKey("n0", "make"),
                                      HistoryKey("n0", "# a comment"), HistoryKey("n1", "ls")));
  for (const HistoryRun& run : read.runs) {
    EXPECT_EQ(run.source, "bash");
    EXPECT_EQ(run.started_ms, 0);
    EXPECT_EQ(run.duration_ms, std::nullopt);
  }
}

TEST(BashHistoryTest, TimestampLinesGiveTheStartOfTheEntryAfterThem) {
  const HistoryRead read = ParseBashHistory("#1700000000\nmake\n#1700000060\nmake test\n");
  EXPECT_THAT(Commands(read), ElementsAre("make", "make test"));
  EXPECT_EQ(read.runs[0].started_ms, 1700000000000);
  EXPECT_EQ(read.runs[1].started_ms, 1700000060000);
  EXPECT_EQ(read.runs[0].key, HistoryKey("1700000000", "make"));
  EXPECT_EQ(read.runs[1].duration_ms, std::nullopt);
  EXPECT_EQ(read.entries, 2);  // timestamp lines are no entries
}

TEST(BashHistoryTest, WithTimestampsAnEntryRunsToTheNextTimestamp) {
  // What bash writes for a command with a newline inside quotes; readline reads it back whole.
  const HistoryRead read =
      ParseBashHistory("#1700000000\necho \"two\nlines\"\n#1700000001\nls\n#1700000001\nls\n");
  EXPECT_THAT(Commands(read), ElementsAre("echo \"two\nlines\"", "ls", "ls"));
  EXPECT_THAT(Keys(read),
              ElementsAre(HistoryKey("1700000000", "echo \"two\nlines\""),
                          HistoryKey("1700000001", "ls"), HistoryKey("1700000001#1", "ls")));
}

TEST(BashHistoryTest, WithoutTimestampsAtTheTopEveryLineIsAnEntry) {
  // HISTTIMEFORMAT set only later: the old lines have no time, as readline reads them too.
  const HistoryRead read = ParseBashHistory("ls\n#1700000000\nmake\npwd\n");
  EXPECT_THAT(Commands(read), ElementsAre("ls", "make", "pwd"));
  EXPECT_EQ(read.runs[0].started_ms, 0);
  EXPECT_EQ(read.runs[1].started_ms, 1700000000000);
  EXPECT_EQ(read.runs[2].started_ms, 0);
  EXPECT_EQ(read.runs[2].key, HistoryKey("n0", "pwd"));
}

TEST(BashHistoryTest, SkipsBadTimesBlankAndCutEntries) {
  const HistoryRead read = ParseBashHistory(
      "#1700000000\nls\n"
      "#17x\nmake\n"                   // readline's timestamp test is `#` and a digit
      "#99999999999999999999\nmake\n"  // past int64
      "\n"                             // empty lines are no entries
      "#1700000002\n   \n"
      "#1700000003\nmake te");
  EXPECT_THAT(Commands(read), ElementsAre("ls"));
  EXPECT_THAT(read.skipped,
              ElementsAre(Pair("bad time", 2), Pair("cut short", 1), Pair("empty", 1)));
  EXPECT_EQ(read.entries, 5);
}

TEST(BashHistoryTest, ToleratesCarriageReturns) {
  const HistoryRead read = ParseBashHistory("#1700000000\r\nmake\r\nls\r\n");
  EXPECT_THAT(Commands(read), ElementsAre("make\nls"));
  EXPECT_EQ(read.runs[0].started_ms, 1700000000000);
}

TEST(BashHistoryTest, ReadsAFileBashWrote) {
  // bash 5.2 with HISTTIMEFORMAT set.
  const HistoryRead read = ParseBashHistory(Fixture("bash_history"));
  EXPECT_THAT(Commands(read),
              ElementsAre(::testing::StartsWith("export HISTFILE="), "echo one",
                          "echo \"two\nlines\"", "# a comment", "ls", "ls", "history -a", "exit"));
  EXPECT_EQ(read.runs[1].started_ms, 1796275457000);
  EXPECT_NE(read.runs[4].key, read.runs[5].key);
}

// ---- fish ----

TEST(FishHistoryTest, ReadsEntriesAndIgnoresPaths) {
  const HistoryRead read = ParseFishHistory(
      "- cmd: ls /tmp\n"
      "  when: 1700000000\n"
      "  paths:\n"
      "    - /tmp\n"
      "- cmd: git status\n"
      "  when: 1700000005\n");
  EXPECT_THAT(Commands(read), ElementsAre("ls /tmp", "git status"));
  EXPECT_EQ(read.runs[0].source, "fish");
  EXPECT_EQ(read.runs[0].started_ms, 1700000000000);
  EXPECT_EQ(read.runs[1].key, HistoryKey("1700000005", "git status"));
  EXPECT_EQ(read.runs[1].duration_ms, std::nullopt);
  EXPECT_EQ(read.entries, 2);
}

TEST(FishHistoryTest, DecodesEscapesLeftToRight) {
  const HistoryRead read = ParseFishHistory(
      "- cmd: echo 'a\\nb'\n  when: 1\n"            // \n: a newline
      "- cmd: echo \"two\\\\nlines\"\n  when: 2\n"  // \\n: a backslash, then n
      "- cmd: echo back\\\\\\\\slash\n  when: 3\n"  // \\\\: two backslashes
      "- cmd: printf '\\t' \\\n  when: 4\n");       // other backslashes stay
  EXPECT_THAT(Commands(read), ElementsAre("echo 'a\nb'", "echo \"two\\nlines\"",
                                          "echo back\\\\slash", "printf '\\t' \\"));
}

TEST(FishHistoryTest, EntriesWithoutATimeGetOrdinalKeys) {
  const HistoryRead read = ParseFishHistory("- cmd: ls\n- cmd: ls\n- cmd: pwd\n  when: 7\n");
  EXPECT_THAT(Keys(read),
              ElementsAre(HistoryKey("n0", "ls"), HistoryKey("n1", "ls"), HistoryKey("7", "pwd")));
}

TEST(FishHistoryTest, SkipsBadTimesEmptyAndCutEntries) {
  const HistoryRead read = ParseFishHistory(
      "garbage before any entry\n"
      "- cmd: ls\n  when: soon\n"
      "- cmd:\n  when: 1700000000\n"
      "- cmd: make\n  when: 1700000001\n"
      "- cmd: make te");
  EXPECT_THAT(Commands(read), ElementsAre("make"));
  EXPECT_THAT(read.skipped,
              ElementsAre(Pair("bad time", 1), Pair("cut short", 1), Pair("empty", 1)));
  EXPECT_EQ(read.entries, 4);
}

TEST(FishHistoryTest, ALastEntryWithoutItsTimeIsCutShort) {
  // fish writes `when:` with every entry: the read stopped between the two lines.
  for (const std::string tail : {"- cmd: make\n", "- cmd: make\n  when: 17000"}) {
    const HistoryRead read = ParseFishHistory("- cmd: ls\n  when: 1700000000\n" + tail);
    EXPECT_THAT(Commands(read), ElementsAre("ls")) << tail;
    EXPECT_THAT(read.skipped, ElementsAre(Pair("cut short", 1))) << tail;
  }
  // A cut list of paths loses nothing.
  const HistoryRead read =
      ParseFishHistory("- cmd: ls /tmp\n  when: 1700000000\n  paths:\n    - /t");
  EXPECT_THAT(Commands(read), ElementsAre("ls /tmp"));
}

TEST(FishHistoryTest, ReadsAFileFishWrote) {
  // fish 3.6.
  const HistoryRead read = ParseFishHistory(Fixture("fish_history"));
  EXPECT_THAT(Commands(read), ElementsAre("echo \"two\\nlines\"", "echo 'a\nb'",
                                          "echo back\\\\slash", "echo lit\\\\n", "echo 日本",
                                          "ls /tmp >/dev/null", "echo back\\\\slash", "exit"));
  EXPECT_EQ(read.runs[5].started_ms, 1796275615000);
  EXPECT_NE(read.runs[2].key, read.runs[6].key);
}

// ---- all three ----

TEST(ShellHistoryTest, AnyBytesGiveRunsOrCountedSkips) {
  std::mt19937 random(20261203);
  // Bytes that matter to the parsers, more often than chance would give them.
  const std::string special = ":;#\\\n\r\x83 0123456789- cmd: when: ";
  for (int round = 0; round < 300; ++round) {
    std::string text;
    const size_t size = random() % 400;
    for (size_t i = 0; i < size; ++i) {
      text.push_back(random() % 2 == 0 ? special[random() % special.size()]
                                       : static_cast<char>(random() % 256));
    }
    for (HistoryRead (*parse)(std::string_view) :
         {&ParseZshHistory, &ParseBashHistory, &ParseFishHistory}) {
      const HistoryRead read = parse(text);
      ExpectEveryEntryAccountedFor(read);
      for (const HistoryRun& run : read.runs) EXPECT_FALSE(run.command.empty());
    }
  }
}

TEST(ShellHistoryTest, ReadsAHugeLine) {
  const std::string command = "echo " + std::string(4 << 20, 'x');
  EXPECT_THAT(Commands(ParseZshHistory(": 1700000000:1;" + command + "\n")), ElementsAre(command));
  EXPECT_THAT(Commands(ParseBashHistory(command + "\n")), ElementsAre(command));
  EXPECT_THAT(Commands(ParseFishHistory("- cmd: " + command + "\n  when: 1\n")),
              ElementsAre(command));
}

TEST(ShellHistoryTest, EmptyTextHasNoEntries) {
  for (HistoryRead (*parse)(std::string_view) :
       {&ParseZshHistory, &ParseBashHistory, &ParseFishHistory}) {
    const HistoryRead read = parse("");
    EXPECT_EQ(read.entries, 0);
    EXPECT_THAT(read.runs, IsEmpty());
  }
}

TEST(ReadHistoryFileTest, ReadsEveryByte) {
  testing::ScratchFolder folder;
  const std::string path = folder.path() + "/.zsh_history";
  const std::string bytes = std::string(": 1:0;a\x83 \0b\n", 12) + std::string(100000, 'y');
  ASSERT_EQ(bytes[9], '\0');
  std::ofstream(path, std::ios::binary) << bytes;
  EXPECT_EQ(ReadHistoryFile(path).value(), bytes);
}

TEST(ReadHistoryFileTest, NamesThePathItCannotRead) {
  testing::ScratchFolder folder;
  const std::string path = folder.path() + "/missing_history";
  const absl::StatusOr<std::string> text = ReadHistoryFile(path);
  ASSERT_FALSE(text.ok());
  EXPECT_TRUE(absl::IsNotFound(text.status())) << text.status();
  EXPECT_THAT(std::string(text.status().message()), HasSubstr(path));
  EXPECT_FALSE(ReadHistoryFile(folder.path()).ok());  // a folder
}

}  // namespace
}  // namespace bgprof
