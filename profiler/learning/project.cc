#include "profiler/learning/project.h"

#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <system_error>

namespace bgprof {

std::string ProjectOf(std::string_view cwd, const char* project_dir) {
  if (project_dir != nullptr && *project_dir != '\0') return project_dir;
  std::filesystem::path start = std::filesystem::path(cwd).lexically_normal();
  if (!start.has_filename() && start.has_relative_path()) start = start.parent_path();  // "a/b/"
  for (std::filesystem::path dir = start; !dir.empty(); dir = dir.parent_path()) {
    struct stat info;
    // `.git` is a folder in a clone and a file in a worktree: either marks the root.
    if (::stat((dir / ".git").c_str(), &info) == 0) return dir.string();
    if (dir == dir.parent_path()) break;
  }
  return start.string();
}

std::string ProjectOfFolder(std::string_view folder) {
  std::error_code error;
  std::filesystem::path absolute = std::filesystem::absolute(folder, error);
  if (error) absolute = folder;
  return ProjectOf(absolute.string(), nullptr);
}

absl::StatusOr<std::string> ProjectOfWorkingFolder() {
  const char* project_dir = std::getenv("CLAUDE_PROJECT_DIR");
  if (project_dir != nullptr && *project_dir != '\0') return std::string(project_dir);
  // The throwing current_path() would abort a command started in a folder deleted since.
  std::error_code error;
  const std::filesystem::path cwd = std::filesystem::current_path(error);
  if (error) {
    return absl::FailedPreconditionError("cannot read the working folder (" + error.message() +
                                         "; was it deleted?)");
  }
  return ProjectOf(cwd.string(), nullptr);
}

}  // namespace bgprof
