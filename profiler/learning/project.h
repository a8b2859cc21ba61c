// Which project a call belongs to, so that `npm test` here is not predicted from `npm test` in
// another repository.
#ifndef BGPROF_PROFILER_LEARNING_PROJECT_H_
#define BGPROF_PROFILER_LEARNING_PROJECT_H_

#include <string>
#include <string_view>

namespace bgprof {

// `project_dir` (Claude Code's CLAUDE_PROJECT_DIR) when set, else the nearest ancestor of `cwd`
// holding `.git`, else `cwd` itself.
std::string ProjectOf(std::string_view cwd, const char* project_dir);

}  // namespace bgprof

#endif  // BGPROF_PROFILER_LEARNING_PROJECT_H_
