#include "estimator/estimate.h"

#include <algorithm>
#include <cmath>

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

// z-score of the 90th percentile of a normal distribution.
constexpr double kZ90 = 1.2815515655446004;

// A log-normal runtime: mean and variance of ln(duration in ms).
struct LogNormal {
  double mean = 0;
  double var = 0;
};

// Moves `blend` towards `level` with weight `w`, keeping the spread of both and between them.
LogNormal Shrink(const LogNormal& blend, const LogNormal& level, double w) {
  const double gap = level.mean - blend.mean;
  return LogNormal{.mean = blend.mean + w * gap,
                   .var = w * level.var + (1 - w) * blend.var + w * (1 - w) * gap * gap};
}

// The spread of a level's runs. A level standing in for one without runs (a family's runs for a
// command never run, a program's for a family) is drawn towards the spread such a level usually
// shows: one `ruby run_all.rb` at 9 s says little of how long `ruby bench/one.rb` takes. Until it
// has the runs to stand alone.
double LevelVariance(const Evidence& level, Source subject, bool subject_known) {
  const double observed = std::max(level.stats.var_log, 0.0);
  const bool stands_in = !subject_known && level.level > subject;
  if (!stands_in || StandsAlone(level.stats.runs)) return observed;
  const double expected = ExpectedSpread(level.level);
  const double runs = static_cast<double>(level.stats.runs);
  return (runs * observed + kSpreadPriorRuns * expected * expected) / (runs + kSpreadPriorRuns);
}

}  // namespace

double ExpectedSpread(Source level) {
  switch (level) {
    case Source::kFamily:
      return kFamilySpread;
    case Source::kProgram:
      return kProgramSpread;
    default:
      return 0;
  }
}

std::optional<int64_t> WholeMs(const std::optional<double>& ms) {
  if (!ms.has_value()) return std::nullopt;
  return std::llround(*ms);
}

Estimate EstimateRuntime(std::span<const Evidence> evidence, const std::optional<Prior>& prior) {
  std::optional<LogNormal> blend;
  if (prior.has_value() && prior->median_ms > 0) {
    const double sigma =
        std::log(std::max(prior->p90_ms, prior->median_ms) / prior->median_ms) / kZ90;
    blend = LogNormal{.mean = std::log(prior->median_ms), .var = sigma * sigma};
  }
  // Whether the level asked about (the command, with or without its state) has runs of its own.
  const Source subject = evidence.empty() ? Source::kNone : evidence.front().level;
  const bool subject_known = std::any_of(evidence.begin(), evidence.end(), [&](const Evidence& e) {
    return e.level == subject && e.stats.runs > 0;
  });
  const Evidence* narrowest = nullptr;
  const Evidence* named = nullptr;  // the narrowest of every state
  for (auto it = evidence.rbegin(); it != evidence.rend(); ++it) {
    const RunStats& stats = it->stats;
    if (stats.runs <= 0) continue;
    const double runs = static_cast<double>(stats.runs);
    const LogNormal level{.mean = CenterLogMs(stats),
                          .var = LevelVariance(*it, subject, subject_known)};
    const double parent = narrowest == nullptr ? kPriorWeight : kParentWeight;
    const double w = !blend.has_value() || StandsAlone(stats.runs) ? 1.0 : runs / (runs + parent);
    blend = blend.has_value() ? Shrink(*blend, level, w) : level;
    narrowest = &*it;
    if (!it->in_state) named = &*it;
  }
  if (!blend.has_value()) return Estimate{};
  Estimate estimate{.median_ms = std::exp(blend->mean),
                    .p90_ms = std::exp(blend->mean + kZ90 * std::sqrt(blend->var)),
                    .source = Source::kPrior};
  if (named != nullptr) {
    estimate.runs = named->stats.runs;
    estimate.source = named->level;
    estimate.this_project = named->this_project;
  }
  return estimate;
}

Estimate WithCallHint(const Estimate& estimate, const Prior& hint) {
  Estimate hinted = estimate;
  if (!estimate.median_ms.has_value()) {
    hinted.median_ms = hint.median_ms;
    hinted.p90_ms = hint.p90_ms;
    hinted.source = Source::kPrior;
    return hinted;
  }
  auto blend = [](double history, double call) {
    return std::exp((1 - kCallHintWeight) * std::log(std::max(history, 1.0)) +
                    kCallHintWeight * std::log(std::max(call, 1.0)));
  };
  hinted.median_ms = blend(*estimate.median_ms, hint.median_ms);
  hinted.p90_ms = blend(estimate.p90_ms.value_or(*estimate.median_ms), hint.p90_ms);
  return hinted;
}

double OptimisticMs(const Estimate& estimate) {
  const double median = estimate.median_ms.value_or(0);
  if (!estimate.p90_ms.has_value() || *estimate.p90_ms <= median || median <= 0) return median;
  // Log-normal: the 10th percentile lies as far below the median as the 90th lies above it.
  return median * median / *estimate.p90_ms;
}

double ProbabilityOver(const Estimate& estimate, double ms) {
  if (estimate.never_ends) return 1;
  if (!estimate.median_ms.has_value()) return 0;
  const double median = std::max(*estimate.median_ms, 1e-3);
  const double sigma = std::log(std::max(estimate.p90_ms.value_or(median), median) / median) / kZ90;
  const double z = std::log(std::max(ms, 1e-3) / median);
  if (sigma <= 0) return z < 0 ? 1 : 0;
  return 0.5 * std::erfc(z / (sigma * std::sqrt(2.0)));
}

Decision Decide(const Estimate& estimate, const Thresholds& thresholds) {
  if (estimate.never_ends) return Decision::kSuggest;
  if (!estimate.median_ms.has_value()) return Decision::kNeutral;
  const double quick = 1 - ProbabilityOver(estimate, thresholds.quiet_below_ms);
  if (ProbabilityOver(estimate, thresholds.suggest_above_ms) >= kSuggestProbability &&
      quick < kQuickChanceThatSilences) {
    return Decision::kSuggest;
  }
  return quick >= kQuietProbability ? Decision::kQuiet : Decision::kNeutral;
}

bool ConfidentlySlow(const Estimate& estimate, const Thresholds& thresholds) {
  if (estimate.never_ends) return true;
  return estimate.median_ms.has_value() && estimate.runs >= kRunsToAct &&
         OptimisticMs(estimate) > thresholds.suggest_above_ms;
}

}  // namespace bgprof
