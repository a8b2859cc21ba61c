// Tests of profiler/cli/doctor_command's pure parts: how a check is printed, what Claude Code's
// version says, and when the clients' timing deserves a warning.
#include "profiler/cli/doctor_command.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace bgprof {
namespace {

using ::testing::HasSubstr;

TEST(FormatCheckTest, OneLineWhenAllIsWell) {
  EXPECT_EQ(FormatCheck({.verdict = Verdict::kOk, .name = "config", .found = "the defaults"}),
            "ok    config: the defaults\n");
}

TEST(FormatCheckTest, DetailsAndTheFixAreIndentedBelow) {
  EXPECT_EQ(FormatCheck({.verdict = Verdict::kFail,
                         .name = "hooks",
                         .found = "none",
                         .details = {"a", "b"},
                         .fix = "run `bgprof install`"}),
            "FAIL  hooks: none\n"
            "      a\n"
            "      b\n"
            "      fix: run `bgprof install`\n");
  EXPECT_EQ(FormatCheck({.verdict = Verdict::kWarn, .name = "PATH", .found = "x", .fix = "y"}),
            "warn  PATH: x\n      fix: y\n");
}

TEST(ClaudeCodeCheckTest, ARecentVersionIsOk) {
  for (const char* output : {"2.1.330 (Claude Code)\n", "2.1.119 (Claude Code)", "\n  3.0.0\n"}) {
    const DoctorCheck check = ClaudeCodeCheck("/usr/bin/claude", output);
    EXPECT_EQ(check.verdict, Verdict::kOk) << output;
    EXPECT_THAT(check.found, HasSubstr(" at /usr/bin/claude")) << output;
    EXPECT_TRUE(check.fix.empty()) << output;
  }
  EXPECT_EQ(ClaudeCodeCheck("/usr/bin/claude", "2.1.330 (Claude Code)\n").found,
            "2.1.330 (Claude Code) at /usr/bin/claude");
}

TEST(ClaudeCodeCheckTest, ClientsWithoutDurationMsAreWarnedAbout) {
  for (const char* output : {"2.1.118 (Claude Code)", "2.0.500", "1.9.9"}) {
    const DoctorCheck check = ClaudeCodeCheck("/usr/bin/claude", output);
    EXPECT_EQ(check.verdict, Verdict::kWarn) << output;
    EXPECT_THAT(check.found, HasSubstr("before 2.1.119")) << output;
    EXPECT_THAT(check.fix, HasSubstr("update Claude Code")) << output;
  }
}

TEST(ClaudeCodeCheckTest, OutputThatIsNoVersionIsWarnedAbout) {
  for (const char* output : {"", "Claude Code", "2.1", "v2.1.330", "2.x.1"}) {
    const DoctorCheck check = ClaudeCodeCheck("/usr/bin/claude", output);
    EXPECT_EQ(check.verdict, Verdict::kWarn) << output;
    EXPECT_THAT(check.found, HasSubstr("not a version")) << output;
  }
}

TEST(RunTimingCheckTest, WarnsWhenBgprofTimedMostRuns) {
  EXPECT_EQ(RunTimingCheck({.runs = 100, .timed_by_hooks = 0}).verdict, Verdict::kOk);
  EXPECT_EQ(RunTimingCheck({.runs = 100, .timed_by_hooks = 50}).verdict, Verdict::kOk);
  const DoctorCheck most = RunTimingCheck({.runs = 100, .timed_by_hooks = 51});
  EXPECT_EQ(most.verdict, Verdict::kWarn);
  EXPECT_THAT(most.found, HasSubstr("Claude Code timed 49 (duration_ms), bgprof's hooks 51"));
  EXPECT_THAT(most.fix, HasSubstr("update Claude Code"));
}

TEST(RunTimingCheckTest, NoRunsIsAWarning) {
  const DoctorCheck none = RunTimingCheck({});
  EXPECT_EQ(none.verdict, Verdict::kWarn);
  EXPECT_THAT(none.found, HasSubstr("no runs"));
}

}  // namespace
}  // namespace bgprof
