#include "estimator/argument_priors.h"

namespace bgprof {
namespace {

constexpr Prior kInstant{.median_ms = 50, .p90_ms = 400};
// In the shared traces, runs of selected tests took a median of 2.1 s (568 runs), against 5 to
// 27 s for the full runs of the same families.
constexpr Prior kSelectedTests{.median_ms = 2'000, .p90_ms = 15'000};

}  // namespace

std::optional<Prior> RequestedTimeoutPrior(std::optional<int64_t> requested_timeout_ms) {
  if (!requested_timeout_ms.has_value() || *requested_timeout_ms <= kDefaultToolTimeoutMs) {
    return std::nullopt;
  }
  return Prior{.median_ms = 30'000, .p90_ms = 180'000};
}

std::optional<Prior> ArgumentPrior(const CommandFacts& facts) {
  if (facts.asks_help) return kInstant;
  if (facts.sleep_ms.has_value()) {
    const double ms = static_cast<double>(*facts.sleep_ms) + 5;  // sleep itself starts in a few ms
    return Prior{.median_ms = ms, .p90_ms = ms * 1.02};
  }
  if (facts.selects_tests) return kSelectedTests;
  if (facts.never_ends) return Prior{.median_ms = 30 * 60 * 1000, .p90_ms = 8 * 3600 * 1000};
  return std::nullopt;
}

}  // namespace bgprof
