#include "estimator/estimate.h"

namespace bgprof {

std::string_view SourceName(Source source) {
  switch (source) {
    case Source::kCommand:
      return "command";
    case Source::kFamily:
      return "family";
    case Source::kProgram:
      return "program";
    case Source::kPrior:
      return "prior";
    case Source::kNone:
      break;
  }
  return "none";
}

std::string_view DecisionName(Decision decision) {
  switch (decision) {
    case Decision::kSuggest:
      return "suggest";
    case Decision::kQuiet:
      return "quiet";
    case Decision::kNeutral:
      break;
  }
  return "neutral";
}

namespace {

Estimate FromEvidence(const Evidence& evidence) {
  return Estimate{.median_ms = MedianMs(evidence.stats),
                  .p90_ms = P90Ms(evidence.stats),
                  .runs = evidence.stats.runs,
                  .source = evidence.level,
                  .this_project = evidence.this_project};
}

}  // namespace

Estimate EstimateRuntime(std::span<const Evidence> evidence, const std::optional<Prior>& prior) {
  const Evidence* thin = nullptr;  // the narrowest level with any run at all
  for (const Evidence& level : evidence) {
    if (level.stats.runs >= kRunsToStandAlone) return FromEvidence(level);
    if (level.stats.runs > 0 && thin == nullptr) thin = &level;
  }
  if (thin != nullptr) return FromEvidence(*thin);
  if (prior.has_value()) {
    return Estimate{.median_ms = prior->median_ms,
                    .p90_ms = prior->p90_ms,
                    .runs = 0,
                    .source = Source::kPrior,
                    .this_project = false};
  }
  return Estimate{};
}

Decision Decide(const Estimate& estimate, const Thresholds& thresholds) {
  if (!estimate.median_ms.has_value()) return Decision::kNeutral;
  if (*estimate.median_ms > thresholds.suggest_above_ms) return Decision::kSuggest;
  if (*estimate.median_ms < thresholds.quiet_below_ms) return Decision::kQuiet;
  return Decision::kNeutral;
}

}  // namespace bgprof
