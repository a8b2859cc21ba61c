#include "hook/session_start.h"

#include "hook/protocol/output.h"
#include "profiler/learning/advice.h"
#include "profiler/learning/known_slow.h"
#include "profiler/learning/project.h"

namespace bgprof {

absl::StatusOr<std::string> OnSessionStart(Store& store, const HookEvent& event,
                                           const HookEnvironment& environment) {
  const std::string project = ProjectOf(event.cwd, environment.project_dir.c_str());
  // Between sessions anyone may have changed anything (a pull, an edit by hand): the first
  // build of a session is not taken for a no-op. A resumed or compacted session goes on.
  if (event.source.empty() || event.source == "startup" || event.source == "clear") {
    absl::Status status = store.RecordChange(FileChange{.at_ms = environment.now_ms,
                                                        .session = event.session_id,
                                                        .project = project,
                                                        .path = "<new session>",
                                                        .tool = "SessionStart"});
    if (!status.ok()) return status;
  }
  if (environment.config.mode == Mode::kOff || environment.background_disabled) {
    return std::string();
  }
  absl::StatusOr<std::vector<FamilyEstimate>> slow =
      KnownSlowFamilies(store, project, environment.config.thresholds, kSessionStartFamilies);
  if (!slow.ok()) return slow.status();
  return RenderHookOutput("SessionStart",
                          HookOutput{.additional_context = KnownSlowContext(*slow)});
}

}  // namespace bgprof
