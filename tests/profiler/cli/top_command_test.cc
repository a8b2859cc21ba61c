#include "profiler/cli/top_command.h"

#include <gtest/gtest.h>

namespace bgprof {
namespace {

TEST(SummarizeRuns, NearestRankPercentilesSlowestFirst) {
  std::vector<GroupRuns> families = {
      {.key = "git status", .durations_ms = {20, 30, 40}, .last_seen_ms = 5},
      {.key = "cargo build",
       .durations_ms = {10, 20, 30, 40, 50, 60, 70, 80, 90, 100},
       .last_seen_ms = 9},
      {.key = "empty", .durations_ms = {}, .last_seen_ms = 1},
  };
  std::vector<RunSummary> rows = SummarizeRuns(families, 10);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].key, "cargo build");
  EXPECT_EQ(rows[0].runs, 10);
  EXPECT_EQ(rows[0].median_ms, 50);
  EXPECT_EQ(rows[0].p90_ms, 90);
  EXPECT_EQ(rows[0].last_seen_ms, 9);
  EXPECT_EQ(rows[1].key, "git status");
  EXPECT_EQ(rows[1].median_ms, 30);
  EXPECT_EQ(rows[1].p90_ms, 40);

  EXPECT_EQ(SummarizeRuns(families, 1).size(), 1u);
}

TEST(SummarizeRuns, OneRunIsItsOwnMedianAndP90) {
  std::vector<RunSummary> rows =
      SummarizeRuns({{.key = "make", .durations_ms = {7000}, .last_seen_ms = 1}}, 5);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].median_ms, 7000);
  EXPECT_EQ(rows[0].p90_ms, 7000);
}

TEST(MedianBar, ScaledToTheLongestMedianInEighthsOfACell) {
  EXPECT_EQ(MedianBar(80000, 80000, 4), "████");
  EXPECT_EQ(MedianBar(40000, 80000, 4), "██");
  EXPECT_EQ(MedianBar(45000, 80000, 4), "██▎");  // 2.25 cells
  EXPECT_EQ(MedianBar(10, 80000, 4), "▏");       // a quick family still shows
  EXPECT_EQ(MedianBar(0, 80000, 4), "");
  EXPECT_EQ(MedianBar(90000, 80000, 4), "████");  // never past its width
}

}  // namespace
}  // namespace bgprof
