#include "estimator/runtime_histogram.h"

#include <algorithm>
#include <cmath>

namespace bgprof {
namespace {

constexpr double kBucketsPerOctave = 8.0;

void AddToBucket(RuntimeHistogram& histogram, const RuntimeBucket& added) {
  auto& buckets = histogram.buckets;
  auto at = std::lower_bound(
      buckets.begin(), buckets.end(), added.bucket,
      [](const RuntimeBucket& entry, int bucket) { return entry.bucket < bucket; });
  if (at != buckets.end() && at->bucket == added.bucket) {
    at->runs += added.runs;
    at->total_ms += added.total_ms;
  } else {
    buckets.insert(at, added);
  }
}

int64_t MeanMs(const RuntimeBucket& bucket) {
  return bucket.runs > 0 ? bucket.total_ms / bucket.runs : 0;
}

}  // namespace

int BucketOf(int64_t duration_ms) {
  const double ms = static_cast<double>(std::max<int64_t>(1, duration_ms));
  return static_cast<int>(std::floor(kBucketsPerOctave * std::log2(ms)));
}

void AddRun(RuntimeHistogram& histogram, int64_t duration_ms, int64_t at_ms) {
  AddToBucket(histogram, RuntimeBucket{.bucket = BucketOf(duration_ms),
                                       .runs = 1,
                                       .total_ms = std::max<int64_t>(0, duration_ms)});
  histogram.last_seen_ms = std::max(histogram.last_seen_ms, at_ms);
}

void Merge(RuntimeHistogram& into, const RuntimeHistogram& other) {
  for (const RuntimeBucket& bucket : other.buckets) AddToBucket(into, bucket);
  into.last_seen_ms = std::max(into.last_seen_ms, other.last_seen_ms);
}

int64_t RunCount(const RuntimeHistogram& histogram) {
  int64_t runs = 0;
  for (const RuntimeBucket& bucket : histogram.buckets) runs += bucket.runs;
  return runs;
}

int64_t PercentileMs(const RuntimeHistogram& histogram, double fraction) {
  const int64_t runs = RunCount(histogram);
  if (runs == 0) return 0;
  const int64_t rank = std::clamp<int64_t>(
      static_cast<int64_t>(std::ceil(fraction * static_cast<double>(runs))), 1, runs);
  int64_t seen = 0;
  for (const RuntimeBucket& bucket : histogram.buckets) {
    seen += bucket.runs;
    if (seen >= rank) return MeanMs(bucket);
  }
  return MeanMs(histogram.buckets.back());
}

}  // namespace bgprof
