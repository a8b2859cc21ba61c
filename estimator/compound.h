// A command line's runtime from its parts' runtimes: a sequence adds up (the cost of starting a
// line counted once), a pipeline takes its slowest stage, a part sent to the background with `&`
// costs nothing, and `timeout N` caps a part at N.
#ifndef BGPROF_ESTIMATOR_COMPOUND_H_
#define BGPROF_ESTIMATOR_COMPOUND_H_

#include <cstdint>
#include <optional>
#include <span>

#include "estimator/estimate.h"

namespace bgprof {

// How a part joins the part after it, as far as time is concerned.
enum class Joint {
  kThen,        // &&, ||, ;, newline, or the end: the next part starts when this one ends
  kPipe,        // |: the two run at the same time
  kBackground,  // &: this part runs on without holding anything up
};

struct PartEstimate {
  Estimate estimate;  // no median: unknown, counted as nothing
  Joint next = Joint::kThen;
  std::optional<int64_t> timeout_ms;
};

// The runtime of the whole line. Its source and runs are those of part `dominant`.
//
// Each part's runtime was learned from whole lines, so it includes what starting a command line
// costs (the shell, its hooks; about a second on Windows), which a line pays once:
// `line_start_ms` of it is taken off every stage of the sequence but the slowest.
Estimate CombineParts(std::span<const PartEstimate> parts, size_t dominant,
                      double line_start_ms = 0);

}  // namespace bgprof

#endif  // BGPROF_ESTIMATOR_COMPOUND_H_
