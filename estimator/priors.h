// Pattern priors: what bgprof assumes about a command it has never seen run. They keep a fresh
// install quiet on `git status` and let it speak up on the first `cargo build`.
#ifndef BGPROF_ESTIMATOR_PRIORS_H_
#define BGPROF_ESTIMATOR_PRIORS_H_

#include <optional>
#include <string_view>

namespace bgprof {

struct Prior {
  double median_ms = 0;
  double p90_ms = 0;
};

// The prior of a command family (e.g. "cargo build"), else of its program (e.g. "ls").
std::optional<Prior> PriorFor(std::string_view family, std::string_view program);

}  // namespace bgprof

#endif  // BGPROF_ESTIMATOR_PRIORS_H_
