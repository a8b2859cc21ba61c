#include "profiler/top_command.h"

#include <gtest/gtest.h>

namespace bgprof {
namespace {

TEST(SummarizeFamilies, NearestRankPercentilesSlowestFirst) {
  std::vector<FamilyRuns> families = {
      {.family = "git status", .durations_ms = {20, 30, 40}, .last_seen_ms = 5},
      {.family = "cargo build",
       .durations_ms = {10, 20, 30, 40, 50, 60, 70, 80, 90, 100},
       .last_seen_ms = 9},
      {.family = "empty", .durations_ms = {}, .last_seen_ms = 1},
  };
  std::vector<FamilySummary> rows = SummarizeFamilies(families, 10);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].family, "cargo build");
  EXPECT_EQ(rows[0].runs, 10);
  EXPECT_EQ(rows[0].median_ms, 50);
  EXPECT_EQ(rows[0].p90_ms, 90);
  EXPECT_EQ(rows[0].last_seen_ms, 9);
  EXPECT_EQ(rows[1].family, "git status");
  EXPECT_EQ(rows[1].median_ms, 30);
  EXPECT_EQ(rows[1].p90_ms, 40);

  EXPECT_EQ(SummarizeFamilies(families, 1).size(), 1u);
}

TEST(SummarizeFamilies, OneRunIsItsOwnMedianAndP90) {
  std::vector<FamilySummary> rows =
      SummarizeFamilies({{.family = "make", .durations_ms = {7000}, .last_seen_ms = 1}}, 5);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].median_ms, 7000);
  EXPECT_EQ(rows[0].p90_ms, 7000);
}

}  // namespace
}  // namespace bgprof
