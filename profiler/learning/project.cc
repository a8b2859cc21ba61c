#include "profiler/learning/project.h"

#include <sys/stat.h>

#include <filesystem>

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

}  // namespace bgprof
