#include "db/location.h"

#include <filesystem>

#include "absl/status/status.h"
#include "profiler/base/paths.h"

namespace bgprof {

absl::StatusOr<std::string> DatabasePath() {
  std::string path = XdgFilePath("BGPROF_DB", "XDG_DATA_HOME", ".local/share", "bgprof.db");
  if (path.empty()) {
    return absl::FailedPreconditionError("neither BGPROF_DB, XDG_DATA_HOME nor HOME is set");
  }
  return path;
}

std::string LogPathFor(const std::string& database_path) {
  return (std::filesystem::path(database_path).parent_path() / "bgprof.log").string();
}

}  // namespace bgprof
