#include "estimator/compound.h"

#include <algorithm>

#include "absl/container/inlined_vector.h"

namespace bgprof {
namespace {

struct Times {
  double median = 0;
  double p90 = 0;
};

Times TimesOf(const PartEstimate& part) {
  if (part.next == Joint::kBackground || !part.estimate.median_ms.has_value()) return {};
  Times times{.median = *part.estimate.median_ms,
              .p90 = part.estimate.p90_ms.value_or(*part.estimate.median_ms)};
  if (part.timeout_ms.has_value()) {
    const double cap = static_cast<double>(*part.timeout_ms);
    times = {.median = std::min(times.median, cap), .p90 = std::min(times.p90, cap)};
  }
  return times;
}

}  // namespace

Estimate CombineParts(std::span<const PartEstimate> parts, size_t dominant, double line_start_ms) {
  if (parts.empty()) return Estimate{};
  Estimate combined = parts[std::min(dominant, parts.size() - 1)].estimate;
  bool known = false;
  absl::InlinedVector<Times, 4> stages;  // of the sequence, each its pipeline's slowest part
  Times stage;
  for (const PartEstimate& part : parts) {
    const Times times = TimesOf(part);
    known |= part.estimate.median_ms.has_value();
    if (part.next != Joint::kBackground) combined.never_ends |= part.estimate.never_ends;
    stage = {.median = std::max(stage.median, times.median), .p90 = std::max(stage.p90, times.p90)};
    if (part.next != Joint::kPipe) {
      stages.push_back(stage);
      stage = {};
    }
  }
  if (parts.back().next == Joint::kPipe) stages.push_back(stage);  // a line ending in `|`
  if (!known) return combined;
  const auto slowest =
      std::max_element(stages.begin(), stages.end(),
                       [](const Times& a, const Times& b) { return a.median < b.median; });
  Times total;
  for (auto it = stages.begin(); it != stages.end(); ++it) {
    const double start = it == slowest ? 0 : line_start_ms;
    total.median += std::max(0.0, it->median - start);
    total.p90 += std::max(0.0, it->p90 - start);
  }
  combined.median_ms = total.median;
  combined.p90_ms = std::max(total.p90, total.median);
  return combined;
}

}  // namespace bgprof
