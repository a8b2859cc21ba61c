// What bgprof has learned, read and written through the store: each complete run is folded into
// the statistics of its signature at every level, and a prediction reads them back narrowest
// first. Both sides use the same keys, defined once here.
#ifndef BGPROF_PROFILER_LEARNING_HISTORY_H_
#define BGPROF_PROFILER_LEARNING_HISTORY_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "absl/container/inlined_vector.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "db/store.h"
#include "estimator/change_state.h"
#include "estimator/estimate.h"
#include "profiler/command/signature.h"

namespace bgprof {

struct LevelKey {
  Source level;
  bool this_project;
  StatsKey key;
  bool in_state = false;  // the runs of one change state only
};

// Appended to the family key of runs of selected tests (CommandFacts::selects_tests):
// "go test <selected>".
inline constexpr std::string_view kSelectedTestsSuffix = " <selected>";
// Appended to the family key of test runs given a folder (CommandFacts::runs_folder): the suite
// in `bats test` takes minutes where the files of `bats test/run.bats` take seconds.
// "bats <folder>".
inline constexpr std::string_view kFolderSuffix = " <folder>";
// Every suffix a family's key may carry: `bgprof forget npm test` drops them with the family.
inline constexpr std::string_view kFamilyKeySuffixes[] = {kSelectedTestsSuffix, kFolderSuffix};

using LevelKeys = absl::InlinedVector<LevelKey, 7>;

// The levels a signature's runs are learned at, narrowest first: the command in this project in
// `state`, the command in this project, the family in this project in `state`, the family in
// this project, the family everywhere in `state`, the family everywhere, the program everywhere.
// Runs in one state are kept apart because a build's no-op, incremental and full runs differ a
// hundredfold; the family everywhere in kFresh is what a family's first run in a new project
// borrows. Without a state (kUnknown) the three state levels are left out.
LevelKeys LevelKeysOf(const Signature& signature, std::string_view project,
                      ChangeState state = ChangeState::kUnknown);

// The family's statistics in `project`: when it last ran there.
StatsKey FamilyKeyHere(const Signature& signature, std::string_view project);

// The levels `sample` teaches (none for a launch into the background or a run without a
// duration), and how one of them learns from it: RecordSample stores them one call at a time,
// calibrate's import in batches.
LevelKeys LevelsTaughtBy(const Sample& sample);
void TeachLevel(RunStats& stats, const Sample& sample, const LevelKey& level);
// Whether `sample` is one of the runs `bgprof top` shows: complete, with a duration.
bool CountsInTop(const Sample& sample);

// Stores `sample` (unless it was imported already) and folds its duration into the statistics
// of every level (those of its state included) and into `bgprof top`'s runtimes, all in one
// transaction. A complete run counts as a run; one timed by bgprof's own hooks, which may hold a
// permission prompt, counts less when it is slower than usual. A cut-short one (interrupted, timed
// out, moved to the background by the user or the client) is a lower bound, and only for the
// command and its family in this project: other commands of the family elsewhere, or of the
// program, are not made slower by it. A launch into the background teaches nothing. Inside a
// transaction the caller opened (Store::Begin) it joins it, and the caller commits or rolls back;
// either way it also runs the store's pruning when due (Store::PruneIfDue), in the same write.
absl::Status RecordSample(Store& store, const Sample& sample);

// What the call itself says besides its command.
struct CallHints {
  std::optional<int64_t> requested_timeout_ms;  // the Bash tool's `timeout` input
};

// The runtime of one signed command found in `state`: its levels blended with its prior. The
// prior comes from the arguments, else from the timeout the agent asked for, else from the family
// or program. A command said to never end (a server) that ended on its own twice is not one.
absl::StatusOr<Estimate> PredictRuntime(Store& store, const Signature& signature,
                                        std::string_view project, const CallHints& hints = {},
                                        ChangeState state = ChangeState::kUnknown);

// How many different parts of one line are predicted at most. Each takes two to nine reads; a
// line of a thousand different commands would hold the hook up for nothing, as the line is slow
// whatever they weigh.
inline constexpr size_t kMaxPredictedParts = 64;

// The runtime of a whole command line, each part in the state it finds (ChangeStateOf), all read
// in one read transaction. Measured runs of the dominant part's exact command already time the
// whole line (that is how they were recorded), so they are used as they are; otherwise the parts
// are estimated and combined (estimator/compound). Parts alike (the same signature after the same
// kind of earlier parts: `make && make`) are predicted once. Past kMaxPredictedParts different
// parts (the dominant one first, then in the line's order), each further part counts as the
// quickest part predicted: a lower bound of what it adds, as every command costs at least a
// start, with no claim that it is a server.
absl::StatusOr<Estimate> PredictCommandLine(Store& store, const CommandLine& line,
                                            std::string_view project, const CallHints& hints = {});

}  // namespace bgprof

#endif  // BGPROF_PROFILER_LEARNING_HISTORY_H_
