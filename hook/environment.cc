#include "hook/environment.h"

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
  if (absl::StatusOr<Config> config = LoadConfig(); config.ok()) {
    environment.config = *config;
  } else {
    environment.config_error = std::string(config.status().message());
  }
  return environment;
}

}  // namespace bgprof
