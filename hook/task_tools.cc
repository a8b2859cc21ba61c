#include "hook/task_tools.h"

#include "hook/protocol/output.h"
#include "profiler/learning/advice.h"
#include "profiler/learning/background_tasks.h"

namespace bgprof {
namespace {

// Counts a poll of a task that was running when the poll started, and the time a blocking poll
// kept the agent waiting. One that returned the end was not early, whenever it started.
absl::Status NotePoll(Store& store, const HookEvent& event, const HookEnvironment& environment,
                      const Task& task, bool shows_the_end) {
  const TaskToolCall& call = *event.task_tool;
  const int64_t elapsed_ms = environment.now_ms - task.started_ms;
  const bool early =
      !shows_the_end && task.predicted_ms.has_value() && elapsed_ms < *task.predicted_ms;
  const int64_t waited_ms = call.waits ? event.duration_ms.value_or(0) : 0;
  if (absl::Status status = store.NoteTaskPoll(task.session, task.task_id, early, waited_ms);
      !status.ok() || !early) {
    return status;
  }
  return store.AddTelemetry(TelemetryRow{.at_ms = environment.now_ms,
                                         .session = task.session,
                                         .project = task.project,
                                         .kind = TelemetryKind::kEarlyPoll,
                                         .family = task.family,
                                         .tool_use_id = event.tool_use_id,
                                         .task_id = task.task_id,
                                         .ms = elapsed_ms});
}

// A poll of a task that is still running is answered with its ETA when bgprof knows what to
// expect.
std::string PollAnswer(const HookEvent& event, const HookEnvironment& environment,
                       const Task& task) {
  if (event.kind == EventKind::kPostToolUseFailure || environment.config.mode == Mode::kOff ||
      !task.predicted_ms.has_value()) {
    return std::string();
  }
  const Estimate expected{.median_ms = static_cast<double>(*task.predicted_ms),
                          .p90_ms = static_cast<double>(task.p90_ms.value_or(0)),
                          .runs = task.runs};
  HookOutput output{.additional_context =
                        PollEta(task.family, environment.now_ms - task.started_ms, expected)};
  return RenderHookOutput(event.event_name, output);
}

}  // namespace

absl::StatusOr<std::string> OnTaskTool(Store& store, const HookEvent& event,
                                       const HookEnvironment& environment) {
  const TaskToolCall& call = *event.task_tool;
  absl::StatusOr<std::optional<Task>> found = store.FindTask(event.session_id, call.task_id);
  if (!found.ok()) return found.status();
  if (!found->has_value()) return std::string();  // not a task bgprof saw launched
  const Task& task = **found;
  if (absl::Status status = store.NoteSessionActivity(event.session_id, environment.now_ms);
      !status.ok()) {
    return status;
  }
  // A failed TaskStop means the task had already ended.
  const bool ends = call.stops || IsTerminalTaskStatus(call.status);
  if (!task.ended_ms.has_value() && !call.stops) {
    if (absl::Status status = NotePoll(store, event, environment, task, ends); !status.ok()) {
      return status;
    }
  }
  if (!task.ended_ms.has_value() && !ends) return PollAnswer(event, environment, task);
  // The agent saw the result: a poll that shows the end, or a look after bgprof heard of it.
  if (!call.stops) {
    if (absl::Status status =
            store.NoteTaskRead(event.session_id, call.task_id, environment.now_ms);
        !status.ok()) {
      return status;
    }
  }
  if (task.ended_ms.has_value()) return std::string();
  const TaskNews news{.end = call.stops ? TaskEnd::kStopped : TaskEnd::kPolled,
                      .at_ms = environment.now_ms,
                      .status = call.status,
                      .exit_code = call.exit_code,
                      .prompt = call.waits,
                      .output_file = call.output_file};
  absl::StatusOr<bool> closed = EndBackgroundTask(store, task, news);
  if (!closed.ok()) return closed.status();
  return std::string();
}

}  // namespace bgprof
