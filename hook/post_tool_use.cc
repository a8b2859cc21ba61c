#include "hook/post_tool_use.h"

#include <optional>

#include "absl/status/status.h"
#include "profiler/learning/history.h"
#include "profiler/learning/project.h"
#include "profiler/learning/recorder.h"

namespace bgprof {

absl::StatusOr<std::string> OnPostToolUse(Store& store, const HookEvent& event,
                                          const HookEnvironment& environment) {
  std::optional<int64_t> started;
  if (!event.tool_use_id.empty()) {
    absl::StatusOr<std::optional<int64_t>> taken = store.TakeStart(event.tool_use_id);
    if (!taken.ok()) return taken.status();
    started = *taken;
  }
  const std::string project = ProjectOf(event.cwd, environment.project_dir.c_str());
  std::optional<Sample> sample = SampleFromEvent(event, project, environment.now_ms, started);
  if (!sample.has_value()) return std::string();
  if (absl::Status status = RecordSample(store, *sample); !status.ok()) return status;
  return std::string();
}

}  // namespace bgprof
