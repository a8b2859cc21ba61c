#include "hook/session_start.h"

#include "hook/protocol/output.h"
#include "profiler/learning/advice.h"
#include "profiler/learning/known_slow.h"
#include "profiler/learning/project.h"

namespace bgprof {

absl::StatusOr<std::string> OnSessionStart(Store& store, const HookEvent& event,
                                           const HookEnvironment& environment) {
  if (environment.config.mode == Mode::kOff || environment.background_disabled) {
    return std::string();
  }
  const std::string project = ProjectOf(event.cwd, environment.project_dir.c_str());
  absl::StatusOr<std::vector<FamilyEstimate>> slow =
      KnownSlowFamilies(store, project, environment.config.thresholds, kSessionStartFamilies);
  if (!slow.ok()) return slow.status();
  return RenderHookOutput("SessionStart",
                          HookOutput{.additional_context = KnownSlowContext(*slow)});
}

}  // namespace bgprof
