// What bgprof has learned, read and written through the store: each complete run is folded into
// the statistics of its signature at every level, and a prediction reads them back narrowest
// first. Both sides use the same keys, defined once here.
#ifndef BGPROF_PROFILER_LEARNING_HISTORY_H_
#define BGPROF_PROFILER_LEARNING_HISTORY_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "db/store.h"
#include "estimator/estimate.h"
#include "profiler/command/signature.h"

namespace bgprof {

struct LevelKey {
  Source level;
  bool this_project;
  StatsKey key;
};

// Appended to the family key of runs of selected tests (CommandFacts::selects_tests):
// "go test <selected>".
inline constexpr std::string_view kSelectedTestsSuffix = " <selected>";

// command in this project, family in this project, family everywhere, program everywhere.
std::array<LevelKey, 4> LevelKeysOf(const Signature& signature, std::string_view project);

// Stores `sample` and folds its duration into the statistics of every level, all in one
// transaction: a complete run as a run, a cut-short one (interrupted, timed out, moved to the
// background by the user or the client) as a lower bound. A launch into the background teaches
// nothing.
absl::Status RecordSample(Store& store, const Sample& sample);

// What the call itself says besides its command.
struct CallHints {
  std::optional<int64_t> requested_timeout_ms;  // the Bash tool's `timeout` input
};

// The runtime of one signed command: its levels blended with its prior. The prior comes from the
// arguments, else from the timeout the agent asked for, else from the family or program.
absl::StatusOr<Estimate> PredictRuntime(Store& store, const Signature& signature,
                                        std::string_view project, const CallHints& hints = {});

// The runtime of a whole command line. Measured runs of the dominant part's exact command
// already time the whole line (that is how they were recorded), so they are used as they are;
// otherwise the parts are estimated one by one and combined (estimator/compound).
absl::StatusOr<Estimate> PredictCommandLine(Store& store, const CommandLine& line,
                                            std::string_view project, const CallHints& hints = {});

}  // namespace bgprof

#endif  // BGPROF_PROFILER_LEARNING_HISTORY_H_
