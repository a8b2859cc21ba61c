// Tests of estimator/run_stats: running log-space statistics of one signature.
#include "estimator/run_stats.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "gtest/gtest.h"

namespace bgprof {
namespace {

constexpr double kZ90 = 1.2815515655446004;

RunStats Observed(std::initializer_list<int64_t> durations_ms) {
  RunStats stats;
  int64_t now = 1700000000000;
  for (int64_t duration : durations_ms) ObserveRun(stats, duration, now++);
  return stats;
}

TEST(RunStatsTest, NothingObservedIsZero) {
  RunStats stats;
  EXPECT_EQ(stats.runs, 0);
  EXPECT_EQ(stats.mean_log_ms, 0.0);
  EXPECT_EQ(stats.var_log, 0.0);
}

TEST(RunStatsTest, OneRunIsItsOwnMedianAndP90) {
  RunStats stats = Observed({8000});
  EXPECT_EQ(stats.runs, 1);
  EXPECT_NEAR(MedianMs(stats), 8000, 80);
  EXPECT_DOUBLE_EQ(stats.var_log, 0.0);
  EXPECT_DOUBLE_EQ(P90Ms(stats), MedianMs(stats));
}

TEST(RunStatsTest, TwoRunsAverageInLogSpaceWithEqualWeight) {
  RunStats stats = Observed({4000, 16000});
  EXPECT_EQ(stats.runs, 2);
  // Geometric mean of 4000 and 16000; an EMA with weight 0.3 would give 4000^0.7 * 16000^0.3.
  EXPECT_NEAR(MedianMs(stats), 8000, 80);
  // Both runs are ln(2) away from the mean in log space.
  EXPECT_NEAR(stats.var_log, std::log(2.0) * std::log(2.0), 1e-9);
  EXPECT_NEAR(P90Ms(stats), 8000 * std::pow(2.0, kZ90), 1.0);  // ~19450 ms
}

TEST(RunStatsTest, ThirdRunStillCountsAsMuchAsEachEarlierOne) {
  RunStats stats = Observed({1000, 1000, 8000});
  // The average is the cube root of 1000 * 1000 * 8000; the median of the three is 1000.
  EXPECT_NEAR(std::exp(stats.mean_log_ms), 2000, 0.01);
  EXPECT_NEAR(MedianMs(stats),
              std::pow(1000.0, kMedianWeight) * std::pow(2000.0, 1 - kMedianWeight), 0.01);
}

// These use a 5x step: below kRegimeFactor, so plain exponential weighting applies.
TEST(RunStatsTest, FromTheFourthRunTheNewestWeighsKEmaAlpha) {
  ASSERT_DOUBLE_EQ(kEmaAlpha, 0.3);
  RunStats stats = Observed({1000, 1000, 1000});
  ObserveRun(stats, 5000, 1);
  // exp(0.7 ln 1000 + 0.3 ln 5000) = 1000 * 5^0.3
  const double one_step = std::pow(1000.0, 1 - kEmaAlpha) * std::pow(5000.0, kEmaAlpha);
  EXPECT_NEAR(one_step, 1620.66, 0.01);
  EXPECT_NEAR(std::exp(stats.mean_log_ms), one_step, one_step * 0.001);
  // Exponentially weighted variance: (1 - a) * a * diff^2 from a variance of 0.
  const double ln5 = std::log(5.0);
  EXPECT_NEAR(stats.var_log, 0.7 * 0.3 * ln5 * ln5, 1e-9);

  ObserveRun(stats, 5000, 2);
  // The old value's weight is now 0.7^2 = 0.49: 5000 / 5^0.49.
  EXPECT_NEAR(std::exp(stats.mean_log_ms), 5000 / std::pow(5.0, 0.49), 1.0);
}

TEST(RunStatsTest, TypicalRuntimeWeighsTheMedianOfRecentRunsAgainstTheAverage) {
  ASSERT_DOUBLE_EQ(kMedianWeight, 0.7);
  RunStats stats = Observed({1000, 1000, 1000, 5000});
  const double average = std::exp(stats.mean_log_ms);  // 1621 ms, as above
  // The median of 1000, 1000, 1000, 5000 is 1000 (the middle two, geometrically).
  const double typical = std::pow(1000.0, 0.7) * std::pow(average, 0.3);
  EXPECT_NEAR(MedianMs(stats), typical, 0.01);  // 1156 ms
  EXPECT_NEAR(P90Ms(stats), typical * std::exp(kZ90 * std::sqrt(stats.var_log)), 0.01);
  EXPECT_EQ(stats.recent_ms, (std::vector<int64_t>{1000, 1000, 1000, 5000}));
}

TEST(RunStatsTest, OnePermissionWaitDoesNotMakeAQuickCommandSlow) {
  // Ten 2 s runs, then one that sat two minutes at a permission prompt. The average alone would
  // say 6.8 s and suggest the background; the typical runtime stays under 3 s.
  RunStats stats = Observed({2000, 2000, 2000, 2000, 2000, 2000, 2000, 2000, 2000, 2000, 120000});
  EXPECT_NEAR(std::exp(stats.mean_log_ms), 2000 * std::pow(60.0, 0.3), 1);
  EXPECT_NEAR(MedianMs(stats), 2000 * std::pow(60.0, 0.3 * 0.3), 1);  // 2.9 s
  EXPECT_EQ(stats.outlier_side, 1);
}

TEST(RunStatsTest, OnlyTheNewestRunsAreKeptForTheMedian) {
  ASSERT_EQ(kRecentRuns, 24u);
  RunStats stats;
  for (int64_t i = 1; i <= 30; ++i) ObserveRun(stats, i * 100, i);
  ASSERT_EQ(stats.recent_ms.size(), 24u);
  EXPECT_EQ(stats.recent_ms.front(), 700);
  EXPECT_EQ(stats.recent_ms.back(), 3000);
  // The median of 700..3000 in steps of 100: between the 12th and 13th, 1800 and 1900.
  const double median = std::sqrt(1800.0 * 1900.0);
  EXPECT_NEAR(MedianMs(stats), std::pow(median, 0.7) * std::exp(0.3 * stats.mean_log_ms), 0.01);
}

TEST(RunStatsTest, ManyRunsConvergeOnTheNewValueAndTheVarianceFades) {
  RunStats stats = Observed({1000, 1000, 1000});
  for (int i = 0; i < 20; ++i) ObserveRun(stats, 5000, i);
  // The first runs keep a weight of 0.7^20 in the average; the median is already 5000.
  const double w = std::pow(0.7, 20);
  const double ln5 = std::log(5.0);
  EXPECT_NEAR(std::exp(stats.mean_log_ms), 5000 * std::exp(-w * ln5), 1.0);
  EXPECT_GT(MedianMs(stats), 4995);
  EXPECT_LE(MedianMs(stats), 5000);
  // The weighted variance of two values ln(5) apart, weighted w and 1 - w.
  EXPECT_NEAR(stats.var_log, w * (1 - w) * ln5 * ln5, 1e-9);
  EXPECT_NEAR(P90Ms(stats), MedianMs(stats) * std::exp(kZ90 * std::sqrt(stats.var_log)), 0.01);
  EXPECT_LT(P90Ms(stats), MedianMs(stats) * 1.1);
}

TEST(RunStatsTest, VarianceAndP90GrowWithSpread) {
  RunStats narrow = Observed({1000, 2000, 1500, 1200});
  RunStats wide = Observed({1000, 100000, 3000, 40000});
  EXPECT_GT(narrow.var_log, 0.0);
  EXPECT_GT(wide.var_log, 4 * narrow.var_log);
  EXPECT_GT(P90Ms(wide) / MedianMs(wide), P90Ms(narrow) / MedianMs(narrow));
  RunStats same = Observed({3000, 3000, 3000, 3000});
  EXPECT_NEAR(same.var_log, 0.0, 1e-12);
  EXPECT_NEAR(P90Ms(same), 3000, 1.0);
}

TEST(RunStatsTest, ZeroAndNegativeDurationsStayFinite) {
  RunStats zero = Observed({0});
  EXPECT_EQ(zero.runs, 1);
  EXPECT_EQ(zero.last_ms, 0);
  EXPECT_NEAR(MedianMs(zero), 1.0, 1e-9);  // counted as 1 ms
  EXPECT_TRUE(std::isfinite(P90Ms(zero)));

  RunStats mixed = Observed({0, -100, 5000, -1, 0});
  EXPECT_EQ(mixed.runs, 5);
  EXPECT_TRUE(std::isfinite(mixed.mean_log_ms));
  EXPECT_TRUE(std::isfinite(mixed.var_log));
  EXPECT_GE(mixed.var_log, 0.0);
  EXPECT_TRUE(std::isfinite(MedianMs(mixed)));
  EXPECT_TRUE(std::isfinite(P90Ms(mixed)));
  EXPECT_GE(MedianMs(mixed), 1.0);
  EXPECT_LT(MedianMs(mixed), 5000.0);
}

TEST(RunStatsTest, HugeDurationStaysFinite) {
  RunStats stats = Observed({std::numeric_limits<int64_t>::max(), 1});
  EXPECT_TRUE(std::isfinite(MedianMs(stats)));
  EXPECT_TRUE(std::isfinite(P90Ms(stats)));
}

TEST(RunStatsTest, HugeLowerBoundStaysFiniteAndPositive) {
  RunStats stats = Observed({1000});
  ObserveLowerBound(stats, std::numeric_limits<int64_t>::max(), 2);
  ASSERT_EQ(stats.recent_ms.size(), 1u);
  EXPECT_GT(stats.recent_ms[0], 1'000'000'000'000'000'000);
  EXPECT_TRUE(std::isfinite(MedianMs(stats)));
  EXPECT_GT(MedianMs(stats), 1e18);
}

TEST(RunStatsTest, NegativeVarianceFromRoundingIsTreatedAsZero) {
  RunStats stats{.runs = 3, .mean_log_ms = std::log(500.0), .var_log = -1e-12};
  EXPECT_NEAR(P90Ms(stats), 500, 1e-6);
}

TEST(RunStatsTest, LastMsIsTheNewestRunAndLastSeenTheLatestTime) {
  RunStats stats;
  ObserveRun(stats, 3000, 1700000000500);
  EXPECT_EQ(stats.last_ms, 3000);
  EXPECT_EQ(stats.last_seen_ms, 1700000000500);
  ObserveRun(stats, 7000, 1700000009000);
  EXPECT_EQ(stats.last_ms, 7000);
  EXPECT_EQ(stats.last_seen_ms, 1700000009000);
  // A run reported with an older clock does not move last_seen back.
  ObserveRun(stats, 4000, 1700000001000);
  EXPECT_EQ(stats.last_ms, 4000);
  EXPECT_EQ(stats.last_seen_ms, 1700000009000);
  EXPECT_EQ(stats.runs, 3);
}

}  // namespace
TEST(RunStatsTest, OneRunTenTimesFasterMovesTheTypicalRuntimeALittle) {
  RunStats stats;
  for (int i = 0; i < 3; ++i) ObserveRun(stats, 40000, 1);
  ObserveRun(stats, 4000, 2);
  // The average moves by alpha in log space (to 20 s), the median not at all: 32 s.
  EXPECT_GT(MedianMs(stats), 25000);  // a single odd run does not dominate...
  EXPECT_LT(MedianMs(stats), 36000);  // ...nor is it ignored
}

TEST(RunStatsTest, TwoRunsTenTimesAwayStartANewRegime) {
  RunStats stats;
  for (int i = 0; i < 10; ++i) ObserveRun(stats, 1000, i);
  ObserveRun(stats, 20000, 11);  // a cold cache, once: partly believed
  EXPECT_LT(MedianMs(stats), 5000);
  EXPECT_EQ(stats.outlier_side, 1);
  ObserveRun(stats, 24000, 12);  // twice in a row: the new regime
  EXPECT_GT(MedianMs(stats), 18000);
  EXPECT_LT(MedianMs(stats), 26000);
  EXPECT_EQ(stats.outlier_side, 0);
  EXPECT_EQ(stats.runs, 12);
  EXPECT_EQ(stats.recent_ms, (std::vector<int64_t>{20000, 24000}));  // the old regime is gone
}

TEST(RunStatsTest, LevelsThatMixCommandsDoNotRestart) {
  RunStats stats;
  for (int i = 0; i < 10; ++i) ObserveRun(stats, 1000, i, /*may_restart=*/false);
  ObserveRun(stats, 20000, 11, false);
  ObserveRun(stats, 24000, 12, false);
  // Plain averaging (about 4.9 s) under a median of 1 s: 1.6 s, not 22 s.
  EXPECT_GT(MedianMs(stats), 1000);
  EXPECT_LT(MedianMs(stats), 3000);
  EXPECT_EQ(stats.runs, 12);
}

TEST(RunStatsTest, OutliersOnOppositeSidesAreNoRegime) {
  RunStats stats;
  for (int i = 0; i < 10; ++i) ObserveRun(stats, 1000, i);
  ObserveRun(stats, 20000, 11);
  ObserveRun(stats, 50, 12);
  EXPECT_GT(MedianMs(stats), 500);
  EXPECT_LT(MedianMs(stats), 3000);
}

TEST(RunStatsTest, ALowerBoundAboveTheAverageLiftsItPastTheBound) {
  RunStats stats;
  for (int i = 0; i < 3; ++i) ObserveRun(stats, 10000, i);
  ObserveLowerBound(stats, 120000, 5);
  EXPECT_GT(MedianMs(stats), 120000);
  EXPECT_LT(MedianMs(stats), 200000);
  EXPECT_GE(P90Ms(stats), MedianMs(stats));
  EXPECT_EQ(stats.lower_bounds, 1);
  EXPECT_EQ(stats.last_seen_ms, 5);
  EXPECT_EQ(stats.recent_ms, (std::vector<int64_t>{150000}));  // a quarter past the bound
}

TEST(RunStatsTest, ALowerBoundBelowTheAverageSaysNothingNew) {
  RunStats stats;
  for (int i = 0; i < 3; ++i) ObserveRun(stats, 10000, i);
  const RunStats before = stats;
  ObserveLowerBound(stats, 2000, 9);
  EXPECT_EQ(stats.mean_log_ms, before.mean_log_ms);
  EXPECT_EQ(stats.runs, before.runs);
  EXPECT_EQ(stats.last_seen_ms, 9);
}

TEST(RunStatsTest, ALowerBoundAloneIsTheOnlyKnowledge) {
  RunStats stats;
  ObserveLowerBound(stats, 120000, 1);
  EXPECT_NEAR(MedianMs(stats), 150000, 1);  // a quarter beyond the bound
}

TEST(RunStatsTest, AnUpperBoundSlowerThanUsualCountsHalfAndStaysOutOfTheMedian) {
  RunStats stats;
  for (int i = 0; i < 4; ++i) ObserveRun(stats, 20000, i);
  const RunStats before = stats;
  ObserveUpperBound(stats, 140000, 9);
  EXPECT_EQ(stats.recent_ms, before.recent_ms);
  EXPECT_EQ(stats.runs, before.runs + 1);
  EXPECT_EQ(stats.last_seen_ms, 9);
  const double half = std::max(kEmaAlpha, 1.0 / 5) / 2;
  EXPECT_NEAR(stats.mean_log_ms, before.mean_log_ms + half * std::log(7.0), 1e-9);
  // Quicker than usual, it is a run like any other.
  RunStats quick = before;
  RunStats plain = before;
  ObserveUpperBound(quick, 5000, 9);
  ObserveRun(plain, 5000, 9);
  EXPECT_EQ(quick.recent_ms, plain.recent_ms);
  EXPECT_EQ(quick.mean_log_ms, plain.mean_log_ms);
}

}  // namespace bgprof
