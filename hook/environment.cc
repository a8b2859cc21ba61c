#include "hook/environment.h"

#include <unistd.h>

#include <cstdlib>

#include "absl/time/clock.h"
#include "db/location.h"
#include "profiler/base/paths.h"

namespace bgprof {

HookEnvironment HookEnvironmentFromProcess() {
  HookEnvironment environment;
  if (absl::StatusOr<std::string> path = DatabasePath(); path.ok()) {
    environment.database_path = *path;
  }
  if (const char* dir = std::getenv("CLAUDE_PROJECT_DIR")) environment.project_dir = dir;
  environment.background_disabled = EnvIsTrue("CLAUDE_CODE_DISABLE_BACKGROUND_TASKS");
  environment.now_ms = absl::ToUnixMillis(absl::Now());
  for (const char* name : {"CLAUDE_CODE_TMPDIR", "TMPDIR"}) {
    if (const char* dir = std::getenv(name); dir != nullptr && *dir != '\0') {
      environment.claude_temp_dirs.push_back(dir);
    }
  }
  environment.claude_temp_dirs.push_back("/tmp");
  environment.uid = ::getuid();
  if (absl::StatusOr<Config> config = LoadConfig(); config.ok()) {
    environment.config = *config;
  } else {
    environment.config_error = std::string(config.status().message());
  }
  return environment;
}

}  // namespace bgprof
