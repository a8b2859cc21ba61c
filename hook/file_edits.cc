#include "hook/file_edits.h"

#include "profiler/learning/project.h"

namespace bgprof {

absl::StatusOr<std::string> OnFileEdit(Store& store, const HookEvent& event,
                                       const HookEnvironment& environment) {
  absl::Status status = store.RecordChange(
      FileChange{.at_ms = environment.now_ms,
                 .session = event.session_id,
                 .project = ProjectOf(event.cwd, environment.project_dir.c_str()),
                 .path = event.edited_file,
                 .tool = event.tool_name});
  if (!status.ok()) return status;
  return std::string();
}

}  // namespace bgprof
