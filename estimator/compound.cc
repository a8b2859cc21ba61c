#include "estimator/compound.h"

#include <algorithm>

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

Estimate CombineParts(std::span<const PartEstimate> parts, size_t dominant) {
  if (parts.empty()) return Estimate{};
  Estimate combined = parts[std::min(dominant, parts.size() - 1)].estimate;
  bool known = false;
  Times total;
  Times stage;  // the slowest stage of the pipeline being read
  for (const PartEstimate& part : parts) {
    const Times times = TimesOf(part);
    known |= part.estimate.median_ms.has_value();
    if (part.next != Joint::kBackground) combined.never_ends |= part.estimate.never_ends;
    stage = {.median = std::max(stage.median, times.median), .p90 = std::max(stage.p90, times.p90)};
    if (part.next != Joint::kPipe) {
      total = {.median = total.median + stage.median, .p90 = total.p90 + stage.p90};
      stage = {};
    }
  }
  total = {.median = total.median + stage.median, .p90 = total.p90 + stage.p90};
  if (!known) return combined;
  combined.median_ms = total.median;
  combined.p90_ms = std::max(total.p90, total.median);
  return combined;
}

}  // namespace bgprof
