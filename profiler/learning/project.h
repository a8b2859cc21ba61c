// Which project a call belongs to, so that `npm test` here is not predicted from `npm test` in
// another repository.
#ifndef BGPROF_PROFILER_LEARNING_PROJECT_H_
#define BGPROF_PROFILER_LEARNING_PROJECT_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace bgprof {

// `project_dir` (Claude Code's CLAUDE_PROJECT_DIR) when set, else the nearest ancestor of `cwd`
// holding `.git`, else `cwd` itself.
std::string ProjectOf(std::string_view cwd, const char* project_dir);

// The project of a folder a user names on the command line (relative to the working folder).
// CLAUDE_PROJECT_DIR is not consulted: the user said which.
std::string ProjectOfFolder(std::string_view folder);

// The project of the working folder, as a hook started here would see it. Fails when the working
// folder cannot be read (deleted under the process) and CLAUDE_PROJECT_DIR does not name one.
absl::StatusOr<std::string> ProjectOfWorkingFolder();

}  // namespace bgprof

#endif  // BGPROF_PROFILER_LEARNING_PROJECT_H_
