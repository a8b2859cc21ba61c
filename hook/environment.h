// What a hook handler knows besides its event: where the database is, Claude Code's environment,
// bgprof's settings and the time. Read once per process, so that handlers stay pure functions of
// (event, environment, store) and tests can hand them any environment.
#ifndef BGPROF_HOOK_ENVIRONMENT_H_
#define BGPROF_HOOK_ENVIRONMENT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "profiler/base/config.h"

namespace bgprof {

struct HookEnvironment {
  std::string database_path;         // empty when it could not be determined
  std::string project_dir;           // CLAUDE_PROJECT_DIR, may be empty
  bool background_disabled = false;  // CLAUDE_CODE_DISABLE_BACKGROUND_TASKS: never suggest
  Config config;                     // a broken config file means the defaults...
  std::string config_error;          // ...and this, logged
  int64_t now_ms = 0;
  // Where Claude Code may keep task output files: CLAUDE_CODE_TMPDIR, TMPDIR, /tmp.
  std::vector<std::string> claude_temp_dirs;
  unsigned uid = 0;
  // A spooled event merged later: what its handler would say reaches no one, so it must not
  // count as said (a Stop's reminders).
  bool replaying = false;
};

HookEnvironment HookEnvironmentFromProcess();

}  // namespace bgprof

#endif  // BGPROF_HOOK_ENVIRONMENT_H_
