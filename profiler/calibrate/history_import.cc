#include "profiler/calibrate/history_import.h"

#include <algorithm>
#include <optional>
#include <tuple>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/container/node_hash_map.h"
#include "absl/time/clock.h"
#include "profiler/command/redact.h"
#include "profiler/command/signature.h"
#include "profiler/learning/history.h"
#include "profiler/learning/project.h"

namespace bgprof {
namespace {

struct SignedCommand {
  std::string redacted;
  Signature signature;
};

// What one batch learns, each row read once from the store and written back once at its end.
class BatchLearning {
 public:
  explicit BatchLearning(Store& store) : store_(store) {}

  // `command` and `project` stand for the sample's signed command and its project: the same
  // pair learns at the same rows, found once per batch rather than once per run.
  absl::Status Learn(const Sample& sample, const void* command, const void* project) {
    if (!sample.duration_ms.has_value()) return absl::OkStatus();
    auto [at, added] =
        targets_.try_emplace(std::tuple(command, project, IsCompleteRun(sample.outcome)));
    if (added) {
      absl::StatusOr<Targets> found = TargetsOf(sample);
      if (!found.ok()) return found.status();
      at->second = *std::move(found);
    }
    const Targets& targets = at->second;
    for (const auto& [level, stats] : targets.levels) TeachLevel(*stats, sample, level);
    if (targets.family != nullptr) AddRun(*targets.family, *sample.duration_ms, sample.at_ms);
    if (targets.command != nullptr) AddRun(*targets.command, *sample.duration_ms, sample.at_ms);
    return absl::OkStatus();
  }

  absl::Status Save() {
    for (const auto& [key, stats] : stats_) {
      const auto& [level, name, project] = key;
      if (absl::Status status = store_.SaveStats(StatsKey{level, name, project}, stats);
          !status.ok()) {
        return status;
      }
    }
    for (const auto& [key, runtimes] : runtimes_) {
      const auto& [by, name, project] = key;
      if (absl::Status status = store_.SaveRuntimes(by, name, project, runtimes); !status.ok()) {
        return status;
      }
    }
    return absl::OkStatus();
  }

 private:
  // The rows a run teaches, held by the maps below, whose nodes stay where they are.
  struct Targets {
    std::vector<std::pair<LevelKey, RunStats*>> levels;
    RuntimeHistogram* family = nullptr;
    RuntimeHistogram* command = nullptr;
  };

  absl::StatusOr<Targets> TargetsOf(const Sample& sample) {
    Targets targets;
    for (const LevelKey& level : LevelsTaughtBy(sample)) {
      absl::StatusOr<RunStats*> stats = StatsOf(level.key);
      if (!stats.ok()) return stats.status();
      targets.levels.emplace_back(level, *stats);
    }
    if (!CountsInTop(sample)) return targets;
    absl::StatusOr<RuntimeHistogram*> family =
        RuntimesOf(Grouping::kFamily, sample.family, sample.project);
    if (!family.ok()) return family.status();
    absl::StatusOr<RuntimeHistogram*> command =
        RuntimesOf(Grouping::kCommand, sample.signature, sample.project);
    if (!command.ok()) return command.status();
    targets.family = *family;
    targets.command = *command;
    return targets;
  }

  absl::StatusOr<RunStats*> StatsOf(const StatsKey& key) {
    auto [at, added] = stats_.try_emplace(std::tuple(key.level, key.key, key.project));
    if (added) {
      absl::StatusOr<RunStats> stored = store_.LoadStats(key);
      if (!stored.ok()) return stored.status();
      at->second = *std::move(stored);
    }
    return &at->second;
  }

  absl::StatusOr<RuntimeHistogram*> RuntimesOf(Grouping by, const std::string& key,
                                               const std::string& project) {
    auto [at, added] = runtimes_.try_emplace(std::tuple(by, key, project));
    if (added) {
      absl::StatusOr<RuntimeHistogram> stored = store_.LoadRuntimes(by, key, project);
      if (!stored.ok()) return stored.status();
      at->second = *std::move(stored);
    }
    return &at->second;
  }

  Store& store_;
  absl::node_hash_map<std::tuple<std::string, std::string, std::string>, RunStats> stats_;
  absl::node_hash_map<std::tuple<Grouping, std::string, std::string>, RuntimeHistogram> runtimes_;
  absl::flat_hash_map<std::tuple<const void*, const void*, bool>, Targets> targets_;
};

// How far past the newest pruned sample an imported run is still taken for one the store had:
// a transcript times a call from its own lines, a second or so off the hook's sample of it.
constexpr int64_t kPrunedClockSkewMs = 3600 * 1000;

class Importer {
 public:
  // `pruned_through_ms`: Store::SamplesPrunedThroughMs.
  Importer(Store& store, std::optional<int64_t> pruned_through_ms)
      : store_(store), pruned_through_ms_(pruned_through_ms) {}

  // Stores one run, or says why not; `learning` gets what it teaches.
  absl::StatusOr<std::string> Import(const HistoryRun& run, BatchLearning& learning) {
    // Its sample (or the hook's, for a transcript's call) may have been stored and pruned since:
    // storing it again would teach it twice.
    if (pruned_through_ms_.has_value() &&
        run.started_ms + run.duration_ms.value_or(0) <= *pruned_through_ms_ + kPrunedClockSkewMs) {
      return std::string("older than the samples kept");
    }
    if (!run.tool_use_id.empty()) {
      absl::StatusOr<bool> recorded = store_.HookRecordedCall(run.session, run.tool_use_id);
      if (!recorded.ok()) return recorded.status();
      if (*recorded) return std::string("recorded by the hook");
    }
    const SignedCommand& command = Signed(run.command);
    const std::string& project = ProjectOfCwd(run.cwd);
    if (command.signature.program.empty()) return std::string("no program");
    Sample sample{.at_ms = run.started_ms + run.duration_ms.value_or(0),
                  .session = run.session,
                  .project = project,
                  .cwd = run.cwd,
                  .command = command.redacted,
                  .program = command.signature.program,
                  .family = command.signature.family,
                  .signature = command.signature.command,
                  .facts = command.signature.facts,
                  .tool_use_id = run.tool_use_id,
                  .duration_ms = run.duration_ms,
                  .outcome = run.outcome,
                  // A gap that may hold a wait counts as the hook's own timings do: less when
                  // slower than usual.
                  .timed_by_hooks = run.may_hold_wait,
                  .source = run.source,
                  .import_key = run.key};
    absl::StatusOr<bool> inserted = store_.InsertSample(sample);
    if (!inserted.ok()) return inserted.status();
    if (!*inserted) return std::string("already imported");
    if (absl::Status status = learning.Learn(sample, &command, &project); !status.ok()) {
      return status;
    }
    return std::string();
  }

 private:
  const SignedCommand& Signed(const std::string& command) {
    auto [at, added] = signed_.try_emplace(command);
    if (added) {
      at->second.redacted = RedactSecrets(command);
      at->second.signature = SignatureOf(at->second.redacted);
    }
    return at->second;
  }

  // A folder the history names, as the hook would see a call run there; no folder, no project.
  const std::string& ProjectOfCwd(const std::string& cwd) {
    auto [at, added] = projects_.try_emplace(cwd);
    if (added && !cwd.empty()) at->second = ProjectOf(cwd, nullptr);
    return at->second;
  }

  Store& store_;
  const std::optional<int64_t> pruned_through_ms_;
  // Node maps: Learn tells commands and projects apart by where they are.
  absl::node_hash_map<std::string, SignedCommand> signed_;
  absl::node_hash_map<std::string, std::string> projects_;
};

}  // namespace

void AddCounts(HistoryImportCounts& counts, const HistoryImportCounts& more) {
  counts.imported += more.imported;
  counts.timed += more.timed;
  for (const auto& [reason, count] : more.skipped) counts.skipped[reason] += count;
}

absl::StatusOr<std::map<std::string, HistoryImportCounts>> ImportRuns(
    Store& store, std::vector<HistoryRun> runs, const HistoryImportOptions& options) {
  // Oldest first, so that the moving averages end on the newest runs; runs with no time keep
  // their order, first.
  std::stable_sort(runs.begin(), runs.end(), [](const HistoryRun& a, const HistoryRun& b) {
    return a.started_ms < b.started_ms;
  });
  if (absl::Status status = store.UseLargeCache(); !status.ok()) return status;
  std::map<std::string, HistoryImportCounts> counts;
  absl::StatusOr<std::optional<int64_t>> pruned_through_ms = store.SamplesPrunedThroughMs();
  if (!pruned_through_ms.ok()) return pruned_through_ms.status();
  Importer importer(store, *pruned_through_ms);
  const size_t batch_size = std::max<size_t>(1, options.batch_size);
  for (size_t first = 0, end = 0; first < runs.size(); first = end) {
    if (absl::Status status = store.Begin(); !status.ok()) return status;
    // A batch ends at its size or at its deadline, whichever comes first: a hook waits for the
    // lock at most this long plus the time to save what the batch learned.
    const absl::Time deadline = absl::Now() + options.batch_deadline;
    BatchLearning learning(store);
    std::map<std::string, HistoryImportCounts> batch_counts;
    absl::Status status;
    for (end = first; end < runs.size() && end - first < batch_size; ++end) {
      if ((end - first) % 64 == 63 && absl::Now() >= deadline) break;
      const HistoryRun& run = runs[end];
      absl::StatusOr<std::string> skipped = importer.Import(run, learning);
      status = skipped.status();
      if (!status.ok()) break;
      HistoryImportCounts& source = batch_counts[run.source];
      if (!skipped->empty()) {
        ++source.skipped[*skipped];
      } else {
        ++source.imported;
        if (run.duration_ms.has_value()) ++source.timed;
      }
    }
    if (status.ok()) status = learning.Save();
    if (!status.ok()) {
      store.Rollback();
      return status;
    }
    if (options.dry_run) {
      store.Rollback();
    } else if (absl::Status commit = store.Commit(); !commit.ok()) {
      store.Rollback();
      return commit;
    }
    for (const auto& [source, batch] : batch_counts) AddCounts(counts[source], batch);
    if (options.progress) options.progress(end, runs.size());
  }
  return counts;
}

}  // namespace bgprof
