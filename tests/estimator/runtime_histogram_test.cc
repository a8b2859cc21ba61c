#include "estimator/runtime_histogram.h"

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include <gtest/gtest.h>

namespace bgprof {
namespace {

TEST(RuntimeHistogramTest, EveryRuntimeIsWithinHalfABucketOfItsMidpoint) {
  for (int64_t ms : {1, 2, 7, 100, 999, 1000, 5000, 61000, 3600000, 86400000}) {
    const double midpoint = static_cast<double>(BucketMs(BucketOf(ms)));
    EXPECT_LT(std::abs(std::log(midpoint / static_cast<double>(ms))), std::log(2.0) / 16 + 1e-3)
        << ms;
  }
  EXPECT_EQ(BucketOf(0), BucketOf(1));
  EXPECT_LT(BucketOf(1000), BucketOf(1100));
}

TEST(RuntimeHistogramTest, PercentilesFollowTheRunsWithinABucket) {
  std::mt19937 random(7);
  std::lognormal_distribution<double> runtime(std::log(8000.0), 1.2);
  RuntimeHistogram histogram;
  std::vector<int64_t> runs;
  for (int i = 0; i < 5001; ++i) {
    const auto ms = static_cast<int64_t>(runtime(random));
    runs.push_back(ms);
    AddRun(histogram, ms, i);
  }
  std::sort(runs.begin(), runs.end());
  EXPECT_EQ(RunCount(histogram), 5001);
  EXPECT_EQ(histogram.last_seen_ms, 5000);
  for (double fraction : {0.1, 0.5, 0.9}) {
    const double exact = static_cast<double>(runs[static_cast<size_t>(fraction * 5001)]);
    EXPECT_NEAR(static_cast<double>(PercentileMs(histogram, fraction)) / exact, 1.0, 0.05)
        << fraction;
  }
}

TEST(RuntimeHistogramTest, MergingAddsRunsBucketByBucket) {
  RuntimeHistogram a;
  RuntimeHistogram b;
  AddRun(a, 1000, 10);
  AddRun(a, 1000, 11);
  AddRun(b, 60000, 30);
  AddRun(b, 1000, 5);
  Merge(a, b);
  EXPECT_EQ(RunCount(a), 4);
  EXPECT_EQ(a.last_seen_ms, 30);
  ASSERT_EQ(a.buckets.size(), 2u);
  EXPECT_EQ(a.buckets[0].second, 3);
  EXPECT_NEAR(static_cast<double>(PercentileMs(a, 0.9)), 60000, 60000 * 0.05);
  EXPECT_NEAR(static_cast<double>(PercentileMs(a, 0.5)), 1000, 50);
}

TEST(RuntimeHistogramTest, EmptyHasNoPercentile) {
  EXPECT_EQ(PercentileMs(RuntimeHistogram{}, 0.5), 0);
}

}  // namespace
}  // namespace bgprof
