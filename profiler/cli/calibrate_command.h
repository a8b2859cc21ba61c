// `bgprof calibrate`: seeds what bgprof knows from the histories a user already has (zsh, bash,
// fish, atuin, Claude Code's transcripts), so that predictions are good from the first call
// after install. Running it again adds only what the histories gained since.
#ifndef BGPROF_PROFILER_CLI_CALIBRATE_COMMAND_H_
#define BGPROF_PROFILER_CLI_CALIBRATE_COMMAND_H_

#include <map>
#include <string>
#include <vector>

#include "profiler/calibrate/history_import.h"
#include "profiler/calibrate/history_run.h"

namespace bgprof {

struct CalibrateOptions {
  std::string from = "auto";       // auto, zsh, bash, fish, atuin or claude
  std::vector<std::string> paths;  // none: every history of `from` under $HOME
  bool dry_run = false;
};

// What calibrate did per source, for its summary.
struct SourceSummary {
  int64_t files = 0;
  int64_t read = 0;            // entries read
  HistoryImportCounts counts;  // imported, and every reason an entry was skipped, the readers' too
};

// The summary table: one line per source with what was read, imported, timed and skipped (why,
// most frequent first).
std::string SummaryText(const std::map<std::string, SourceSummary>& summary, bool dry_run);

int RunCalibrateCommand(const CalibrateOptions& options);

}  // namespace bgprof

#endif  // BGPROF_PROFILER_CLI_CALIBRATE_COMMAND_H_
