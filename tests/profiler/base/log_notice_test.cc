// Tests of profiler/base/log_notice: a lasting condition is logged once per period, not on
// every hook call.
#include "profiler/base/log_notice.h"

#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "profiler/base/error_log.h"
#include "tests/support/bgprof_runner.h"
#include "tests/support/scratch_folder.h"

namespace bgprof {
namespace {

constexpr int64_t kHourMs = 3600 * 1000;
constexpr int64_t kT0 = 1'780'000'000'000;

int LinesSaying(const std::string& log, const std::string& text) {
  int count = 0;
  for (absl::string_view line : absl::StrSplit(log, '\n')) {
    if (absl::StrContains(line, text)) ++count;
  }
  return count;
}

class LogNoticeTest : public ::testing::Test {
 protected:
  std::string Log() const { return testing::ReadFile(log_); }
  testing::ScratchFolder scratch_{"bgprof-notice"};
  const std::string log_ = scratch_.path() + "/bgprof.log";
};

TEST_F(LogNoticeTest, TheSameNoticeIsLoggedOncePerPeriod) {
  EXPECT_TRUE(AppendErrorLogAtMostEvery(log_, "read-only", kT0, kHourMs));
  for (int i = 1; i < 50; ++i) {
    EXPECT_FALSE(AppendErrorLogAtMostEvery(log_, "read-only", kT0 + i * 60'000, kHourMs)) << i;
  }
  EXPECT_EQ(LinesSaying(Log(), "read-only"), 1);
  // An hour later it is said again, once.
  EXPECT_TRUE(AppendErrorLogAtMostEvery(log_, "read-only", kT0 + kHourMs, kHourMs));
  EXPECT_FALSE(AppendErrorLogAtMostEvery(log_, "read-only", kT0 + kHourMs + 1000, kHourMs));
  EXPECT_EQ(LinesSaying(Log(), "read-only"), 2);
}

TEST_F(LogNoticeTest, OtherLinesInBetweenDoNotHideTheNotice) {
  EXPECT_TRUE(AppendErrorLogAtMostEvery(log_, "read-only", kT0, kHourMs));
  for (int i = 0; i < 20; ++i) AppendErrorLog(log_, "something else", kT0 + i);
  EXPECT_FALSE(AppendErrorLogAtMostEvery(log_, "read-only", kT0 + 5000, kHourMs));
  EXPECT_EQ(LinesSaying(Log(), "read-only"), 1);
}

TEST_F(LogNoticeTest, DifferentNoticesAreEachLogged) {
  EXPECT_TRUE(AppendErrorLogAtMostEvery(log_, "first", kT0, kHourMs));
  EXPECT_TRUE(AppendErrorLogAtMostEvery(log_, "second", kT0, kHourMs));
  // A notice that is a prefix of a logged one is not the same notice.
  EXPECT_TRUE(AppendErrorLogAtMostEvery(log_, "sec", kT0, kHourMs));
  EXPECT_EQ(LinesSaying(Log(), "first"), 1);
  EXPECT_EQ(LinesSaying(Log(), "second"), 1);
}

TEST_F(LogNoticeTest, AMultiLineNoticeIsRecognisedAsItWasWritten) {
  EXPECT_TRUE(AppendErrorLogAtMostEvery(log_, "a\nb", kT0, kHourMs));
  EXPECT_FALSE(AppendErrorLogAtMostEvery(log_, "a\nb", kT0 + 1, kHourMs));
  EXPECT_EQ(LinesSaying(Log(), "a b"), 1);
}

}  // namespace
}  // namespace bgprof
