#include "profiler/base/paths.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>

namespace bgprof {

const char* NonEmptyEnv(const char* name) {
  const char* value = std::getenv(name);
  return (value != nullptr && *value != '\0') ? value : nullptr;
}

bool EnvIsTrue(const char* name) {
  const char* value = NonEmptyEnv(name);
  return value != nullptr && std::string_view(value) != "0" && std::string_view(value) != "false";
}

std::string XdgFilePath(const char* override_var, const char* xdg_var, std::string_view home_dir,
                        std::string_view file) {
  if (const char* path = NonEmptyEnv(override_var)) return path;
  const char* xdg = NonEmptyEnv(xdg_var);
  if (xdg != nullptr && xdg[0] == '/') return std::string(xdg) + "/bgprof/" + std::string(file);
  if (const char* home = NonEmptyEnv("HOME")) {
    return std::string(home) + "/" + std::string(home_dir) + "/bgprof/" + std::string(file);
  }
  return std::string();
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

}  // namespace bgprof
