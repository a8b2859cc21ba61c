// Every run of a family or command counted in buckets of runtime an eighth of an octave wide (9 %
// apart), so that `bgprof top` reads the median and p90 of a family's whole history from one row,
// however many runs it has, instead of from every sample. A bucket's midpoint is within 4.5 % of
// any runtime it holds, finer than runs of one command vary.
#ifndef BGPROF_ESTIMATOR_RUNTIME_HISTOGRAM_H_
#define BGPROF_ESTIMATOR_RUNTIME_HISTOGRAM_H_

#include <cstdint>
#include <utility>
#include <vector>

namespace bgprof {

struct RuntimeHistogram {
  // (bucket, runs) by ascending bucket; only buckets that hold runs.
  std::vector<std::pair<int, int64_t>> buckets;
  int64_t last_seen_ms = 0;  // unix time (ms) of the newest run
};

// The bucket of a runtime: floor(8 log2 ms); runs under a millisecond count as one.
int BucketOf(int64_t duration_ms);
// The runtime a bucket stands for: its geometric midpoint, rounded to a millisecond.
int64_t BucketMs(int bucket);

void AddRun(RuntimeHistogram& histogram, int64_t duration_ms, int64_t at_ms);
void Merge(RuntimeHistogram& into, const RuntimeHistogram& other);
int64_t RunCount(const RuntimeHistogram& histogram);
// Nearest-rank percentile (`fraction` in (0, 1]) as a bucket's runtime; 0 when empty.
int64_t PercentileMs(const RuntimeHistogram& histogram, double fraction);

}  // namespace bgprof

#endif  // BGPROF_ESTIMATOR_RUNTIME_HISTOGRAM_H_
