// Tests of profiler/cli/forget_command: the line `bgprof forget` prints.
#include "profiler/cli/forget_command.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace bgprof {
namespace {

using ::testing::EndsWith;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

TEST(ForgetSummaryTest, SaysWhatWentOfWhichFamiliesAndWhatStayed) {
  const Store::ForgetCounts counts{
      .samples_per_family = {{"npm test", 12}, {"npm test <selected>", 0}},
      .samples = 12,
      .stats_rows = 9,
      .programs_kept = {"npm"}};
  const std::string line = ForgetSummary(counts, /*dry_run=*/false);
  EXPECT_EQ(line,
            "Forgot 12 samples and 9 statistics rows of npm test (12), npm test <selected> (0); "
            "the program level (npm) mixes every family of its program and keeps their runs.");
}

TEST(ForgetSummaryTest, ADryRunSaysNothingChanged) {
  const Store::ForgetCounts counts{.samples_per_family = {{"make", 1}},
                                   .samples = 1,
                                   .stats_rows = 1,
                                   .programs_kept = {"make"}};
  const std::string line = ForgetSummary(counts, /*dry_run=*/true);
  EXPECT_THAT(line, StartsWith("Would forget 1 sample and 1 statistics row of make (1);"));
  EXPECT_THAT(line, HasSubstr("would keep"));
  EXPECT_THAT(line, EndsWith("(dry run: nothing changed)."));
}

TEST(ForgetSummaryTest, ManyFamiliesAreCutShortOnOneLine) {
  Store::ForgetCounts counts;
  for (int i = 0; i < 20; ++i) counts.samples_per_family.push_back({"f" + std::to_string(i), 1});
  counts.samples = 20;
  const std::string line = ForgetSummary(counts, false);
  EXPECT_THAT(line, HasSubstr("f7 (1), 12 more."));
  EXPECT_THAT(line, Not(HasSubstr("f8")));
  EXPECT_THAT(line, Not(HasSubstr("\n")));
  EXPECT_THAT(line, Not(HasSubstr("program level")));
}

}  // namespace
}  // namespace bgprof
