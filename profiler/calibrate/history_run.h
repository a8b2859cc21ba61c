// A command found in a history the user already has (a shell's history file, atuin's database,
// Claude Code's transcripts), before bgprof redacts and signs it. Every reader of
// profiler/calibrate turns its format into these; history_import stores them.
#ifndef BGPROF_PROFILER_CALIBRATE_HISTORY_RUN_H_
#define BGPROF_PROFILER_CALIBRATE_HISTORY_RUN_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "db/store.h"

namespace bgprof {

struct HistoryRun {
  std::string source;  // "zsh", "bash", "fish", "atuin", "claude"
  // Unique within its source and stable across reads of the same history, so that importing it
  // twice stores it once: a zsh line's start and command, atuin's row id, a tool_use_id.
  std::string key;
  int64_t started_ms = 0;              // unix ms; 0 when the history does not say
  std::optional<int64_t> duration_ms;  // nullopt when the history does not say how long
  std::string command;                 // as run: secrets are redacted when it is stored
  std::string cwd;                     // "" when the history does not say
  std::string session;                 // "" when the history does not say
  Outcome outcome = Outcome::kOk;      // kFailed when the history says it failed
  bool by_agent = false;               // run by a coding agent rather than typed by the user
  // The duration is the gap between two timestamps that may hold a wait besides the run (a
  // permission prompt between a transcript's tool_use and its tool_result): an upper bound.
  bool may_hold_wait = false;
  std::string tool_use_id;  // a Claude Code call's: the hook may have recorded it already
};

// What a reader made of one history: its runs, and per reason how many entries it skipped.
struct HistoryRead {
  std::vector<HistoryRun> runs;
  int64_t entries = 0;                     // entries read, imported or not
  std::map<std::string, int64_t> skipped;  // "no command", "cut short", ...
};

// A key for a history entry that has no id of its own: `where` (a start time, an ordinal) and a
// digest of the command, stable across bgprof versions and machines (64-bit FNV-1a).
std::string HistoryKey(std::string_view where, std::string_view command);

}  // namespace bgprof

#endif  // BGPROF_PROFILER_CALIBRATE_HISTORY_RUN_H_
