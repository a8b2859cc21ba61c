// The slow commands bgprof knows in a project, read from what it learned there: what a session
// starts with and what a prompt asking for tests or a build is told.
#ifndef BGPROF_PROFILER_LEARNING_KNOWN_SLOW_H_
#define BGPROF_PROFILER_LEARNING_KNOWN_SLOW_H_

#include <cstddef>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "db/store.h"
#include "estimator/estimate.h"
#include "profiler/learning/advice.h"

namespace bgprof {

// The families of `project` whose own runs there are predicted slow (Decide says suggest), the
// ones that cost the most waiting (typical runtime times runs) first, at most `limit`. Runs of
// selected tests are left out: they are the quick way to run a slow family.
absl::StatusOr<std::vector<FamilyEstimate>> KnownSlowFamilies(Store& store,
                                                              std::string_view project,
                                                              const Thresholds& thresholds,
                                                              size_t limit);

}  // namespace bgprof

#endif  // BGPROF_PROFILER_LEARNING_KNOWN_SLOW_H_
