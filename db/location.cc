#include "db/location.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "absl/status/status.h"

namespace bgprof {
namespace {

const char* NonEmptyEnv(const char* name) {
  const char* value = std::getenv(name);
  return (value != nullptr && *value != '\0') ? value : nullptr;
}

}  // namespace

absl::StatusOr<std::string> DatabasePath() {
  if (const char* path = NonEmptyEnv("BGPROF_DB")) return std::string(path);
  // The XDG spec says a relative XDG_DATA_HOME is invalid and to be ignored.
  if (const char* data = NonEmptyEnv("XDG_DATA_HOME"); data != nullptr && data[0] == '/') {
    return std::string(data) + "/bgprof/bgprof.db";
  }
  if (const char* home = NonEmptyEnv("HOME")) {
    return std::string(home) + "/.local/share/bgprof/bgprof.db";
  }
  return absl::FailedPreconditionError("neither BGPROF_DB, XDG_DATA_HOME nor HOME is set");
}

absl::Status CreatePrivateFolder(const std::string& folder) {
  if (folder.empty()) return absl::OkStatus();
  std::error_code error;
  if (std::filesystem::is_directory(folder, error)) return absl::OkStatus();
  const std::string parent = std::filesystem::path(folder).parent_path().string();
  if (parent != folder) {
    if (absl::Status status = CreatePrivateFolder(parent); !status.ok()) return status;
  }
  if (::mkdir(folder.c_str(), 0700) != 0 && errno != EEXIST) {
    return absl::PermissionDeniedError("cannot create folder " + folder + ": " +
                                       std::strerror(errno));
  }
  return absl::OkStatus();
}

std::string LogPathFor(const std::string& database_path) {
  return (std::filesystem::path(database_path).parent_path() / "bgprof.log").string();
}

}  // namespace bgprof
