// Every run of a family or command counted in buckets of runtime an eighth of an octave wide (9 %
// apart), so that `bgprof top` reads the median and p90 of a family's whole history from one row,
// however many runs it has, instead of from every sample. A bucket stands for the mean of its
// runs: exact when they took the same time, and never more than 9 % off any of them.
#ifndef BGPROF_ESTIMATOR_RUNTIME_HISTOGRAM_H_
#define BGPROF_ESTIMATOR_RUNTIME_HISTOGRAM_H_

#include <cstdint>
#include <vector>

namespace bgprof {

struct RuntimeBucket {
  int bucket = 0;
  int64_t runs = 0;
  int64_t total_ms = 0;  // of its runs
};

struct RuntimeHistogram {
  std::vector<RuntimeBucket> buckets;  // by ascending bucket; only those that hold runs
  int64_t last_seen_ms = 0;            // unix time (ms) of the newest run
};

// The bucket of a runtime: floor(8 log2 ms); runs under a millisecond count as one.
int BucketOf(int64_t duration_ms);

void AddRun(RuntimeHistogram& histogram, int64_t duration_ms, int64_t at_ms);
void Merge(RuntimeHistogram& into, const RuntimeHistogram& other);
int64_t RunCount(const RuntimeHistogram& histogram);
// Nearest-rank percentile (`fraction` in (0, 1]): the mean runtime of the bucket it falls in; 0
// when empty.
int64_t PercentileMs(const RuntimeHistogram& histogram, double fraction);

}  // namespace bgprof

#endif  // BGPROF_ESTIMATOR_RUNTIME_HISTOGRAM_H_
