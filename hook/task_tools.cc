#include "hook/task_tools.h"

#include "hook/protocol/output.h"
#include "profiler/learning/advice.h"

namespace bgprof {

absl::StatusOr<std::string> OnTaskTool(Store& store, const HookEvent& event,
                                       const HookEnvironment& environment) {
  const TaskToolCall& call = *event.task_tool;
  absl::StatusOr<std::optional<Task>> task = store.FindTask(event.session_id, call.task_id);
  if (!task.ok()) return task.status();
  if (!task->has_value()) return std::string();  // not a task bgprof saw launched
  // A failed TaskStop means the task had already ended.
  if (call.stops || IsTerminalTaskStatus(call.status)) {
    if (absl::Status status = store.EndTask(event.session_id, call.task_id, environment.now_ms);
        !status.ok()) {
      return status;
    }
    return std::string();
  }
  if ((*task)->ended_ms.has_value() || event.kind == EventKind::kPostToolUseFailure ||
      environment.config.mode == Mode::kOff || !(*task)->predicted_ms.has_value()) {
    return std::string();
  }
  const Estimate expected{.median_ms = static_cast<double>(*(*task)->predicted_ms),
                          .p90_ms = static_cast<double>((*task)->p90_ms.value_or(0)),
                          .runs = (*task)->runs};
  HookOutput output{.additional_context = PollEta(
                        (*task)->family, environment.now_ms - (*task)->started_ms, expected)};
  return RenderHookOutput(event.event_name, output);
}

}  // namespace bgprof
