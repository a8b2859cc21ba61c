#include "profiler/history.h"

#include <string>
#include <vector>

#include "estimator/argument_priors.h"
#include "estimator/compound.h"

namespace bgprof {

std::array<LevelKey, 4> LevelKeysOf(const Signature& signature, std::string_view project) {
  const std::string here(project);
  return {
      LevelKey{Source::kCommand, true, StatsKey{"command", signature.command, here}},
      LevelKey{Source::kFamily, true, StatsKey{"family", signature.family, here}},
      LevelKey{Source::kFamily, false, StatsKey{"family", signature.family, ""}},
      LevelKey{Source::kProgram, false, StatsKey{"program", signature.program, ""}},
  };
}

absl::Status RecordSample(Store& store, const Sample& sample) {
  if (absl::Status status = store.Begin(); !status.ok()) return status;
  absl::Status status = store.InsertSample(sample);
  // A launch into the background says nothing of the runtime; a cut-short run says "at least".
  const bool teaches = sample.duration_ms.has_value() && sample.outcome != Outcome::kBackground;
  if (status.ok() && teaches) {
    const Signature signature{sample.program, sample.family, sample.signature};
    for (const LevelKey& level : LevelKeysOf(signature, sample.project)) {
      absl::StatusOr<RunStats> stats = store.LoadStats(level.key);
      if (!stats.ok()) {
        status = stats.status();
        break;
      }
      if (IsCompleteRun(sample.outcome)) {
        // Only an exact command changes regime; wider levels mix commands (estimator/run_stats).
        ObserveRun(*stats, *sample.duration_ms, sample.at_ms, level.level == Source::kCommand);
      } else {
        ObserveLowerBound(*stats, *sample.duration_ms, sample.at_ms);
      }
      status = store.SaveStats(level.key, *stats);
      if (!status.ok()) break;
    }
  }
  if (!status.ok()) {
    store.Rollback();
    return status;
  }
  return store.Commit();
}

absl::StatusOr<Estimate> PredictRuntime(Store& store, const Signature& signature,
                                        std::string_view project, const CallHints& hints) {
  std::array<Evidence, 4> evidence;
  const std::array<LevelKey, 4> levels = LevelKeysOf(signature, project);
  for (size_t i = 0; i < levels.size(); ++i) {
    absl::StatusOr<RunStats> stats = store.LoadStats(levels[i].key);
    if (!stats.ok()) return stats.status();
    evidence[i] = Evidence{levels[i].level, levels[i].this_project, *stats};
  }
  std::optional<Prior> prior =
      ArgumentPrior(signature.program, signature.family, signature.command);
  if (!prior.has_value()) prior = PriorFor(signature.family, signature.program);
  Estimate estimate = EstimateRuntime(evidence, prior);
  if (std::optional<Prior> hint = RequestedTimeoutPrior(hints.requested_timeout_ms)) {
    estimate = WithCallHint(estimate, *hint);
  }
  estimate.never_ends = NeverEnds(signature.program, signature.family, signature.command);
  return estimate;
}

namespace {

Joint JointOf(Connector next) {
  if (next == Connector::kPipe) return Joint::kPipe;
  if (next == Connector::kBackground) return Joint::kBackground;
  return Joint::kThen;
}

}  // namespace

absl::StatusOr<Estimate> PredictCommandLine(Store& store, const CommandLine& line,
                                            std::string_view project, const CallHints& hints) {
  if (line.parts.empty()) return Estimate{};
  // Part i's estimate; the timeout the agent asked for speaks of the line's main work only.
  auto estimate_part = [&](size_t i) -> absl::StatusOr<PartEstimate> {
    const CommandPart& part = line.parts[i];
    PartEstimate estimated{.next = JointOf(part.next), .timeout_ms = part.timeout_ms};
    if (part.setup) return estimated;
    absl::StatusOr<Estimate> estimate =
        PredictRuntime(store, part.signature, project, i == line.dominant ? hints : CallHints{});
    if (!estimate.ok()) return estimate.status();
    estimated.estimate = *estimate;
    return estimated;
  };
  absl::StatusOr<PartEstimate> dominant = estimate_part(line.dominant);
  if (!dominant.ok()) return dominant.status();
  if (line.parts.size() > 1 && dominant->estimate.source == Source::kCommand) {
    // Measured as a whole line: the other parts need not be read at all.
    PartEstimate whole = *dominant;
    if (whole.next != Joint::kBackground) whole.next = Joint::kThen;
    return CombineParts(std::span<const PartEstimate>(&whole, 1), 0);
  }
  std::vector<PartEstimate> parts;
  parts.reserve(line.parts.size());
  for (size_t i = 0; i < line.parts.size(); ++i) {
    if (i == line.dominant) {
      parts.push_back(*dominant);
      continue;
    }
    absl::StatusOr<PartEstimate> estimated = estimate_part(i);
    if (!estimated.ok()) return estimated.status();
    parts.push_back(*estimated);
  }
  return CombineParts(parts, line.dominant);
}

}  // namespace bgprof
