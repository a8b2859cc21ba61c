// The file `bgprof export` writes and `bgprof import` reads, so that a team can share what bgprof
// learned of command families and programs across machines: their statistics over every project
// and nothing else. No command line, path, project name or time leaves the machine, and a key
// that names a path or holds a secret stays behind.
#ifndef BGPROF_PROFILER_CLI_SHARED_PRIORS_H_
#define BGPROF_PROFILER_CLI_SHARED_PRIORS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "db/store.h"

namespace bgprof {

// The value of the file's "bgprof_export" field.
inline constexpr int kSharedPriorsVersion = 1;

// Why a family or program key may not leave the machine.
enum class KeyProblem {
  kNone,
  // A word is a path: it starts with `/` or `~`, or holds a `/` past a single leading `./`
  // (`./configure` and `make` may go; `./scripts/build.sh` and `/home/me/x.sh` stay). A path
  // names a user, a folder layout, a project.
  kPath,
  kSecret,  // redaction would change it (profiler/command/redact)
};
KeyProblem ShareProblem(std::string_view key);

// Statistics of project "" (every project) at the `family` and `program` levels.
struct SharedPriors {
  std::vector<KeyedStats> families;
  std::vector<KeyedStats> programs;
};

// The keys KeepShareable left out, per reason.
struct LeftOut {
  int64_t paths = 0;
  int64_t secrets = 0;
};

// Removes the keys that may not leave the machine (ShareProblem) and those without a run.
LeftOut KeepShareable(SharedPriors& priors);

// The file: {"bgprof_export": 1, "families": [...], "programs": [...]}, one key a line, sorted by
// key so that a shared copy diffs well. Each key keeps its runs, the moving average and variance
// of ln(ms), its recent runs (for their median) and its lower bounds; not when it last ran.
std::string SharedPriorsText(const SharedPriors& priors);

// The whole file checked before anything is used: an error names the first problem and where it
// is ("families[3].runs must be a whole number from 1"). Keys that KeepShareable would leave out
// are refused too, whoever wrote the file. The statistics come back with last_seen_ms 0.
absl::StatusOr<SharedPriors> ParseSharedPriors(std::string_view text);

}  // namespace bgprof

#endif  // BGPROF_PROFILER_CLI_SHARED_PRIORS_H_
