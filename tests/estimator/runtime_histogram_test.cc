#include "estimator/runtime_histogram.h"

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include <gtest/gtest.h>

namespace bgprof {
namespace {

TEST(RuntimeHistogramTest, BucketsAreAnEighthOfAnOctave) {
  EXPECT_EQ(BucketOf(0), BucketOf(1));
  EXPECT_EQ(BucketOf(1024), 80);
  EXPECT_EQ(BucketOf(1116), 80);  // 1024 * 2^(1/8) = 1116.7
  EXPECT_EQ(BucketOf(1117), 81);
  EXPECT_EQ(BucketOf(2048), 88);
}

TEST(RuntimeHistogramTest, RunsOfTheSameRuntimeAreExact) {
  RuntimeHistogram histogram;
  for (int i = 0; i < 3; ++i) AddRun(histogram, 80000, i);
  AddRun(histogram, 100000, 3);
  EXPECT_EQ(PercentileMs(histogram, 0.5), 80000);
  EXPECT_EQ(PercentileMs(histogram, 0.9), 100000);
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
  EXPECT_EQ(a.buckets[0].runs, 3);
  EXPECT_EQ(a.buckets[0].total_ms, 3000);
  EXPECT_EQ(PercentileMs(a, 0.9), 60000);
  EXPECT_EQ(PercentileMs(a, 0.5), 1000);
}

TEST(RuntimeHistogramTest, EmptyHasNoPercentile) {
  EXPECT_EQ(PercentileMs(RuntimeHistogram{}, 0.5), 0);
}

}  // namespace
}  // namespace bgprof
