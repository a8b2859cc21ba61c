#include "profiler/learning/history.h"

#include <algorithm>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "estimator/argument_priors.h"
#include "estimator/compound.h"
#include "profiler/command/priors.h"
#include "profiler/learning/changes.h"

namespace bgprof {
namespace {

// Runs of a few selected tests would drag the family's full runs down, and be dragged up by
// them: they have family levels of their own. So do runs of a whole folder of tests, against runs
// of named files. Measured on the local trace: F1 0.576 to 0.588, slow s 0.544 to 0.634, noise
// 1.81 % to 2.03 % (a fixtures folder); on the transcripts noise 1.43 % to 1.45 %, F1 0.711 to
// 0.712.
std::string FamilyKey(const Signature& signature) {
  if (signature.facts.runs_folder) return signature.family + std::string(kFolderSuffix);
  return signature.facts.selects_tests ? signature.family + std::string(kSelectedTestsSuffix)
                                       : signature.family;
}

// "command:changed": the level of runs found in `state`.
std::string InState(std::string_view level, ChangeState state) {
  return std::string(level) + ":" + std::string(ChangeStateName(state));
}

}  // namespace

StatsKey FamilyKeyHere(const Signature& signature, std::string_view project) {
  return StatsKey{"family", FamilyKey(signature), std::string(project)};
}

LevelKeys LevelKeysOf(const Signature& signature, std::string_view project, ChangeState state) {
  LevelKeys levels;
  // A level, preceded by its runs in `state` when there is one.
  auto add = [&](Source source, bool this_project, std::string_view level, const std::string& key) {
    const std::string where = this_project ? std::string(project) : std::string();
    if (state != ChangeState::kUnknown) {
      levels.push_back(
          LevelKey{source, this_project, StatsKey{InState(level, state), key, where}, true});
    }
    levels.push_back(LevelKey{source, this_project, StatsKey{std::string(level), key, where}});
  };
  const std::string family = FamilyKey(signature);
  add(Source::kCommand, true, "command", signature.command);
  add(Source::kFamily, true, "family", family);
  add(Source::kFamily, false, "family", family);
  levels.push_back(LevelKey{Source::kProgram, false, StatsKey{"program", signature.program, ""}});
  return levels;
}

namespace {

// Every complete run of a project, whatever its command: the quickest of the recent ones is what
// starting a command line costs there (PredictCommandLine).
StatsKey LineStartKey(std::string_view project) {
  return StatsKey{"line", "", std::string(project)};
}

absl::Status ObserveLineStart(Store& store, const Sample& sample) {
  absl::StatusOr<RunStats> stats = store.LoadStats(LineStartKey(sample.project));
  if (!stats.ok()) return stats.status();
  ObserveRun(*stats, *sample.duration_ms, sample.at_ms, /*may_restart=*/false);
  return store.SaveStats(LineStartKey(sample.project), *stats);
}

// 0 until the project has runs.
absl::StatusOr<double> LineStartMs(Store& store, std::string_view project) {
  absl::StatusOr<RunStats> stats = store.LoadStats(LineStartKey(project));
  if (!stats.ok()) return stats.status();
  if (stats->recent_ms.empty()) return 0.0;
  return static_cast<double>(*std::min_element(stats->recent_ms.begin(), stats->recent_ms.end()));
}

}  // namespace

LevelKeys LevelsTaughtBy(const Sample& sample) {
  LevelKeys taught;
  // A launch into the background says nothing of the runtime; a cut-short run says "at least".
  if (!sample.duration_ms.has_value() || sample.outcome == Outcome::kBackground) return taught;
  const bool complete = IsCompleteRun(sample.outcome);
  const Signature signature{sample.program, sample.family, sample.signature, sample.facts};
  for (const LevelKey& level : LevelKeysOf(signature, sample.project, sample.state)) {
    if (!complete && !level.this_project) continue;
    // A run of no project (a shell history that names no folder) is the family's everywhere
    // only: its "here" levels would be the same rows again.
    if (sample.project.empty() && level.this_project) continue;
    taught.push_back(level);
  }
  return taught;
}

void TeachLevel(RunStats& stats, const Sample& sample, const LevelKey& level) {
  // Only an exact command changes regime; wider levels mix commands (estimator/run_stats).
  const bool exact = level.level == Source::kCommand;
  const int64_t ms = *sample.duration_ms;
  if (!IsCompleteRun(sample.outcome)) {
    ObserveLowerBound(stats, ms, sample.at_ms);
  } else if (sample.timed_by_hooks) {
    ObserveUpperBound(stats, ms, sample.at_ms, exact);
  } else {
    ObserveRun(stats, ms, sample.at_ms, exact);
  }
}

bool CountsInTop(const Sample& sample) {
  return sample.duration_ms.has_value() && IsCompleteRun(sample.outcome);
}

absl::Status RecordSample(Store& store, const Sample& sample) {
  const bool own_transaction = !store.TransactionOpen();
  if (own_transaction) {
    if (absl::Status status = store.Begin(); !status.ok()) return status;
  }
  absl::StatusOr<bool> inserted = store.InsertSample(sample);
  absl::Status status = inserted.status();
  if (status.ok() && *inserted) {
    for (const LevelKey& level : LevelsTaughtBy(sample)) {
      absl::StatusOr<RunStats> stats = store.LoadStats(level.key);
      if (!stats.ok()) {
        status = stats.status();
        break;
      }
      TeachLevel(*stats, sample, level);
      status = store.SaveStats(level.key, *stats);
      if (!status.ok()) break;
    }
  }
  if (status.ok() && *inserted && CountsInTop(sample)) {
    status = ObserveLineStart(store, sample);
    for (const auto& [by, key] : {std::pair{Grouping::kFamily, &sample.family},
                                  std::pair{Grouping::kCommand, &sample.signature}}) {
      if (!status.ok()) break;
      absl::StatusOr<RuntimeHistogram> runtimes = store.LoadRuntimes(by, *key, sample.project);
      status = runtimes.status();
      if (!status.ok()) break;
      AddRun(*runtimes, *sample.duration_ms, sample.at_ms);
      status = store.SaveRuntimes(by, *key, sample.project, *runtimes);
    }
  }
  // In this write, which the hook makes anyway; after the teaching, so that a key back after
  // months is updated rather than pruned. The sample's id paces it: the tables written since
  // have no rowid.
  if (status.ok() && *inserted) status = store.PruneIfDue(sample.at_ms).status();
  if (!own_transaction) return status;  // the caller commits, or rolls back
  if (!status.ok()) {
    store.Rollback();
    return status;
  }
  return store.Commit();
}

absl::StatusOr<Estimate> PredictRuntime(Store& store, const Signature& signature,
                                        std::string_view project, const CallHints& hints,
                                        ChangeState state) {
  const LevelKeys levels = LevelKeysOf(signature, project, state);
  absl::InlinedVector<Evidence, 7> evidence;
  CommandFacts facts = signature.facts;
  bool stands_alone = false;
  for (const LevelKey& level : levels) {
    absl::StatusOr<RunStats> stats = store.LoadStats(level.key);
    if (!stats.ok()) return stats.status();
    // What looked like a server but ended on its own, twice, is not one (`npm start` of a script
    // that exits): its runs decide.
    if (level.key.level == "command" && stats->runs - stats->lower_bounds >= 2) {
      facts.never_ends = false;
    }
    evidence.push_back(Evidence{level.level, level.this_project, level.in_state, *stats});
    // Levels wider than one that stands alone would not move the estimate, so they are not read;
    // the level that names the estimate (the next of every state) still is.
    stands_alone = stands_alone || StandsAlone(stats->runs);
    if (stands_alone && !level.in_state) break;
  }
  std::optional<Prior> prior = ArgumentPrior(facts);
  if (prior.has_value()) {
    // Arguments that set the runtime (`sleep 60`, `--help`, one selected test) say more than the
    // runs of other commands of the family or program: only the command's own runs, and for
    // selected tests those of other selected tests, are weighed against them.
    const auto unrelated = [&](const Evidence& level) {
      return facts.selects_tests ? level.level == Source::kProgram
                                 : level.level != Source::kCommand;
    };
    evidence.erase(std::remove_if(evidence.begin(), evidence.end(), unrelated), evidence.end());
  } else {
    prior = PriorFor(signature.family, signature.program);
  }
  Estimate estimate = EstimateRuntime(evidence, prior);
  if (std::optional<Prior> hint = RequestedTimeoutPrior(hints.requested_timeout_ms)) {
    estimate = WithCallHint(estimate, *hint);
  }
  estimate.never_ends = facts.never_ends;
  estimate.state = state;
  return estimate;
}

namespace {

Joint JointOf(Connector next) {
  if (next == Connector::kPipe) return Joint::kPipe;
  if (next == Connector::kBackground) return Joint::kBackground;
  return Joint::kThen;
}

// What a part's prediction depends on besides the project: parts with equal keys predict alike.
struct PartKey {
  std::string_view program;
  std::string_view family;
  std::string_view command;
  CommandFacts facts;
  PartsBefore before;

  bool operator==(const PartKey&) const = default;

  template <typename H>
  friend H AbslHashValue(H hash, const PartKey& key) {
    return H::combine(std::move(hash), key.program, key.family, key.command, key.facts.asks_help,
                      key.facts.sleep_ms, key.facts.selects_tests, key.facts.runs_folder,
                      key.facts.never_ends, key.facts.timeout_ms, key.before.change_files,
                      key.before.reset_build);
  }
};

PartKey KeyOf(const Signature& signature, PartsBefore before) {
  return PartKey{.program = signature.program,
                 .family = signature.family,
                 .command = signature.command,
                 .facts = signature.facts,
                 .before = before};
}

// What a part that was not predicted counts as: the times of the quickest part predicted (the
// dominant one included, when it is known), and nothing else of it (no runs, no server).
Estimate QuickestOf(const std::vector<Estimate>& estimates, const Estimate& dominant) {
  const Estimate* quickest = dominant.median_ms.has_value() ? &dominant : nullptr;
  for (const Estimate& estimate : estimates) {
    if (estimate.median_ms.has_value() &&
        (quickest == nullptr || *estimate.median_ms < *quickest->median_ms)) {
      quickest = &estimate;
    }
  }
  if (quickest == nullptr) return Estimate{};
  return Estimate{.median_ms = quickest->median_ms, .p90_ms = quickest->p90_ms};
}

}  // namespace

absl::StatusOr<Estimate> PredictCommandLine(Store& store, const CommandLine& line,
                                            std::string_view project, const CallHints& hints) {
  if (line.parts.empty()) return Estimate{};
  ReadScope snapshot(store);
  const std::vector<PartsBefore> before = PartsBeforeEach(line);
  // Part i's estimate; the timeout the agent asked for speaks of the line's main work only.
  auto predict = [&](size_t i) -> absl::StatusOr<Estimate> {
    const Signature& signature = line.parts[i].signature;
    absl::StatusOr<ChangeState> state = ChangeStateOf(store, signature, before[i], project);
    if (!state.ok()) return state.status();
    return PredictRuntime(store, signature, project, i == line.dominant ? hints : CallHints{},
                          *state);
  };
  auto part_of = [&](size_t i, const Estimate& estimate) {
    const CommandPart& part = line.parts[i];
    return PartEstimate{.estimate = estimate,
                        .next = JointOf(part.next),
                        .timeout_ms = part.signature.facts.timeout_ms};
  };
  const CommandPart& dominant_part = line.parts[line.dominant];
  Estimate dominant;
  if (!dominant_part.setup) {
    absl::StatusOr<Estimate> estimate = predict(line.dominant);
    if (!estimate.ok()) return estimate.status();
    dominant = *estimate;
  }
  if (line.parts.size() > 1 && dominant.source == Source::kCommand) {
    // Measured as a whole line: the other parts need not be read at all.
    PartEstimate whole = part_of(line.dominant, dominant);
    if (whole.next != Joint::kBackground) whole.next = Joint::kThen;
    return CombineParts(std::span<const PartEstimate>(&whole, 1), 0);
  }
  // Each part alike is predicted once; kNotPredicted marks the parts past the cap.
  constexpr size_t kNotPredicted = static_cast<size_t>(-1);
  absl::flat_hash_map<PartKey, size_t> predicted_at;  // the key's estimate in `estimates`
  std::vector<Estimate> estimates;
  std::vector<size_t> estimate_of(line.parts.size(), kNotPredicted);
  for (size_t i = 0; i < line.parts.size(); ++i) {
    const CommandPart& part = line.parts[i];
    if (part.setup || i == line.dominant) continue;
    const PartKey key = KeyOf(part.signature, before[i]);
    if (auto found = predicted_at.find(key); found != predicted_at.end()) {
      estimate_of[i] = found->second;
      continue;
    }
    if (estimates.size() + 1 >= kMaxPredictedParts) continue;  // the dominant part is one
    absl::StatusOr<Estimate> estimate = predict(i);
    if (!estimate.ok()) return estimate.status();
    estimate_of[i] = estimates.size();
    predicted_at.emplace(key, estimates.size());
    estimates.push_back(*estimate);
  }
  const Estimate stand_in = QuickestOf(estimates, dominant);
  std::vector<PartEstimate> parts;
  parts.reserve(line.parts.size());
  for (size_t i = 0; i < line.parts.size(); ++i) {
    if (i == line.dominant) {
      parts.push_back(part_of(i, dominant));
    } else if (line.parts[i].setup) {
      parts.push_back(part_of(i, Estimate{}));
    } else {
      parts.push_back(
          part_of(i, estimate_of[i] == kNotPredicted ? stand_in : estimates[estimate_of[i]]));
    }
  }
  absl::StatusOr<double> line_start_ms = LineStartMs(store, project);
  if (!line_start_ms.ok()) return line_start_ms.status();
  return CombineParts(parts, line.dominant, *line_start_ms);
}

}  // namespace bgprof
