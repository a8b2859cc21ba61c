// A prior: what is assumed of a command's runtime before (or besides) its measured runs.
#ifndef BGPROF_ESTIMATOR_PRIOR_H_
#define BGPROF_ESTIMATOR_PRIOR_H_

namespace bgprof {

struct Prior {
  double median_ms = 0;
  double p90_ms = 0;
};

}  // namespace bgprof

#endif  // BGPROF_ESTIMATOR_PRIOR_H_
