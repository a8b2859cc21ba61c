// `bgprof hook`: what runs on every Bash call. Reads one hook event from stdin, records or
// predicts, and prints at most one JSON line. It exits 0 on every path and prints nothing when
// anything goes wrong: a broken profiler must never break the agent.
#ifndef BGPROF_PROFILER_HOOK_COMMAND_H_
#define BGPROF_PROFILER_HOOK_COMMAND_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "profiler/config.h"

namespace bgprof {

struct HookEnvironment {
  std::string database_path;         // empty when it could not be determined
  std::string project_dir;           // CLAUDE_PROJECT_DIR, may be empty
  bool background_disabled = false;  // CLAUDE_CODE_DISABLE_BACKGROUND_TASKS: never suggest
  Config config;                     // a broken config file means the defaults...
  std::string config_error;          // ...and this, logged
  int64_t now_ms = 0;
};

HookEnvironment HookEnvironmentFromProcess();

// Handles one event and returns what to print on stdout (often nothing). Never throws; errors
// are logged beside the database.
std::string HandleHookEvent(std::string_view input, const HookEnvironment& environment);

// Reads stdin, handles it, prints the result. Always returns 0.
int RunHookCommand();

}  // namespace bgprof

#endif  // BGPROF_PROFILER_HOOK_COMMAND_H_
