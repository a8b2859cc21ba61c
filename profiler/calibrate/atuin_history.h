// atuin's history database (~/.local/share/atuin/history.db) as a HistoryRead. atuin times every
// command it records, in nanoseconds, with its folder and exit code: the richest history a user
// may already have.
//
// The database is opened read-only and read in one statement, so atuin, which writes to it from
// every shell prompt, is never locked out for longer than the read. Rows are skipped when deleted
// (`deleted_at` set: "deleted"), or written by Claude Code (an agent's row, `author_kind` 2 or,
// where that column is missing or NULL, an agent's name as `author`, whose author is claude-code:
// "claude code's, read from its transcripts"). Other agents' rows (codex, opencode, ...) are
// kept and marked by_agent; a human's row is a human's whatever the login it names. A duration of
// -1 is unknown; exit 130 (Ctrl+C) is a cut-short run; another non-zero exit a failed one. A cwd of
// "unknown" (rows atuin imported from a shell's history) is no folder. The key is atuin's row id.
#ifndef BGPROF_PROFILER_CALIBRATE_ATUIN_HISTORY_H_
#define BGPROF_PROFILER_CALIBRATE_ATUIN_HISTORY_H_

#include <string>

#include "absl/status/statusor.h"
#include "profiler/calibrate/history_run.h"

namespace bgprof {

absl::StatusOr<HistoryRead> ReadAtuinHistory(const std::string& path);

}  // namespace bgprof

#endif  // BGPROF_PROFILER_CALIBRATE_ATUIN_HISTORY_H_
