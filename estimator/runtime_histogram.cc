#include "estimator/runtime_histogram.h"

#include <algorithm>
#include <cmath>

namespace bgprof {
namespace {

constexpr double kBucketsPerOctave = 8.0;

void AddToBucket(RuntimeHistogram& histogram, int bucket, int64_t runs) {
  auto& buckets = histogram.buckets;
  auto at =
      std::lower_bound(buckets.begin(), buckets.end(), bucket,
                       [](const std::pair<int, int64_t>& entry, int b) { return entry.first < b; });
  if (at != buckets.end() && at->first == bucket) {
    at->second += runs;
  } else {
    buckets.insert(at, {bucket, runs});
  }
}

}  // namespace

int BucketOf(int64_t duration_ms) {
  const double ms = static_cast<double>(std::max<int64_t>(1, duration_ms));
  return static_cast<int>(std::floor(kBucketsPerOctave * std::log2(ms)));
}

int64_t BucketMs(int bucket) { return std::llround(std::exp2((bucket + 0.5) / kBucketsPerOctave)); }

void AddRun(RuntimeHistogram& histogram, int64_t duration_ms, int64_t at_ms) {
  AddToBucket(histogram, BucketOf(duration_ms), 1);
  histogram.last_seen_ms = std::max(histogram.last_seen_ms, at_ms);
}

void Merge(RuntimeHistogram& into, const RuntimeHistogram& other) {
  for (const auto& [bucket, runs] : other.buckets) AddToBucket(into, bucket, runs);
  into.last_seen_ms = std::max(into.last_seen_ms, other.last_seen_ms);
}

int64_t RunCount(const RuntimeHistogram& histogram) {
  int64_t runs = 0;
  for (const auto& entry : histogram.buckets) runs += entry.second;
  return runs;
}

int64_t PercentileMs(const RuntimeHistogram& histogram, double fraction) {
  const int64_t runs = RunCount(histogram);
  if (runs == 0) return 0;
  const int64_t rank = std::clamp<int64_t>(
      static_cast<int64_t>(std::ceil(fraction * static_cast<double>(runs))), 1, runs);
  int64_t seen = 0;
  for (const auto& [bucket, count] : histogram.buckets) {
    seen += count;
    if (seen >= rank) return BucketMs(bucket);
  }
  return BucketMs(histogram.buckets.back().first);
}

}  // namespace bgprof
