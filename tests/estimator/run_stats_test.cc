// Tests of estimator/run_stats: running log-space statistics of one signature.
#include "estimator/run_stats.h"

#include <cmath>
#include <cstdint>
#include <limits>

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
  // Cube root of 1000 * 1000 * 8000.
  EXPECT_NEAR(MedianMs(stats), 2000, 20);
}

// These use a 5x step: below kRegimeFactor, so plain exponential weighting applies.
TEST(RunStatsTest, FromTheFourthRunTheNewestWeighsKEmaAlpha) {
  ASSERT_DOUBLE_EQ(kEmaAlpha, 0.3);
  RunStats stats = Observed({1000, 1000, 1000});
  ObserveRun(stats, 5000, 1);
  // exp(0.7 ln 1000 + 0.3 ln 5000) = 1000 * 5^0.3
  const double one_step = std::pow(1000.0, 1 - kEmaAlpha) * std::pow(5000.0, kEmaAlpha);
  EXPECT_NEAR(one_step, 1620.66, 0.01);
  EXPECT_NEAR(MedianMs(stats), one_step, one_step * 0.001);
  // Exponentially weighted variance: (1 - a) * a * diff^2 from a variance of 0.
  const double ln5 = std::log(5.0);
  EXPECT_NEAR(stats.var_log, 0.7 * 0.3 * ln5 * ln5, 1e-9);
  EXPECT_NEAR(P90Ms(stats), one_step * std::exp(kZ90 * std::sqrt(0.21) * ln5), 0.5);

  ObserveRun(stats, 5000, 2);
  // The old value's weight is now 0.7^2 = 0.49: 5000 / 5^0.49.
  EXPECT_NEAR(MedianMs(stats), 5000 / std::pow(5.0, 0.49), 1.0);
}

TEST(RunStatsTest, ManyRunsConvergeOnTheNewValueAndTheVarianceFades) {
  RunStats stats = Observed({1000, 1000, 1000});
  for (int i = 0; i < 20; ++i) ObserveRun(stats, 5000, i);
  // The first runs keep a weight of 0.7^20.
  const double w = std::pow(0.7, 20);
  const double ln5 = std::log(5.0);
  EXPECT_NEAR(MedianMs(stats), 5000 * std::exp(-w * ln5), 1.0);
  EXPECT_GT(MedianMs(stats), 4990);
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
TEST(RunStatsTest, OneRunTenTimesFasterMovesTheAverageByAlphaOnly) {
  RunStats stats;
  for (int i = 0; i < 3; ++i) ObserveRun(stats, 40000, 1);
  ObserveRun(stats, 4000, 2);
  EXPECT_GT(MedianMs(stats), 15000);  // a single odd run does not dominate...
  EXPECT_LT(MedianMs(stats), 25000);  // ...nor is it ignored
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
}

TEST(RunStatsTest, LevelsThatMixCommandsDoNotRestart) {
  RunStats stats;
  for (int i = 0; i < 10; ++i) ObserveRun(stats, 1000, i, /*may_restart=*/false);
  ObserveRun(stats, 20000, 11, false);
  ObserveRun(stats, 24000, 12, false);
  EXPECT_LT(MedianMs(stats), 8000);  // plain averaging: 1000 * 20^0.3 * ... not 22 s
  EXPECT_GT(MedianMs(stats), 4000);
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

}  // namespace bgprof
