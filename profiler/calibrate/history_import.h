// Stores HistoryRuns as samples and learns from them as the hook learns from a call, so that the
// first prediction after install already knows the user's slow commands.
//
// Fast, and never in the hooks' way: commands are redacted and signed once per distinct text,
// runs are written in batches of one transaction each, and within a batch each statistics row is
// read once and written once however many runs it learns from. A batch ends after 50 ms, so that
// a hook waiting on it stays well inside its busy timeout (250 ms).
//
// Imported runs fold in after what the hooks already taught (oldest first among themselves): a
// first calibrate seeds an empty database, and a later one adds only what the histories gained
// since, which is recent. A run already stored (the same source and key), or a Claude Code call
// the hook recorded, is not stored again; nor is one that ended at or before the newest sample
// the store pruned (db/retention.h): it was stored once and pruned, or is older than what is kept.
#ifndef BGPROF_PROFILER_CALIBRATE_HISTORY_IMPORT_H_
#define BGPROF_PROFILER_CALIBRATE_HISTORY_IMPORT_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "db/store.h"
#include "profiler/calibrate/history_run.h"

namespace bgprof {

// What the import did with the runs of one source.
struct HistoryImportCounts {
  int64_t imported = 0;                    // stored
  int64_t timed = 0;                       // of those, with a runtime to learn from
  std::map<std::string, int64_t> skipped;  // "already imported", "recorded by the hook", ...
};

// Adds `more` into `counts`: batches into an import's total, imports into calibrate's summary.
void AddCounts(HistoryImportCounts& counts, const HistoryImportCounts& more);

struct HistoryImportOptions {
  bool dry_run = false;  // do everything, then roll each batch back
  // A batch holds at most this many runs, and stops taking more at its deadline; then it writes
  // back the rows it learned at (bench/calibrate_bench.cc times both).
  size_t batch_size = 50000;
  absl::Duration batch_deadline = absl::Milliseconds(50);
  // Called after each batch with the runs done so far and in all.
  std::function<void(size_t done, size_t total)> progress;
};

// Imports `runs` (any sources, in any order); counts per HistoryRun::source.
absl::StatusOr<std::map<std::string, HistoryImportCounts>> ImportRuns(
    Store& store, std::vector<HistoryRun> runs, const HistoryImportOptions& options);

}  // namespace bgprof

#endif  // BGPROF_PROFILER_CALIBRATE_HISTORY_IMPORT_H_
