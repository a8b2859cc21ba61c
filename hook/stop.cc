#include "hook/stop.h"

#include <algorithm>
#include <vector>

#include "hook/protocol/output.h"
#include "profiler/learning/advice.h"
#include "profiler/learning/background_tasks.h"

namespace bgprof {
namespace {

constexpr std::string_view kRemindedRunning = "running";
constexpr std::string_view kRemindedUnread = "unread";

bool InFlight(const HookEvent& event, const Task& task) {
  const std::vector<std::string>& ids = *event.background_task_ids;
  return std::find(ids.begin(), ids.end(), task.task_id) != ids.end();
}

// Ends each of `tasks` with news of kind `end`, heard at `now_ms` with no word on how it went.
absl::Status EndSilently(Store& store, const std::vector<Task>& tasks, TaskEnd end,
                         int64_t now_ms) {
  for (const Task& task : tasks) {
    absl::StatusOr<bool> closed =
        EndBackgroundTask(store, task, TaskNews{.end = end, .at_ms = now_ms});
    if (!closed.ok()) return closed.status();
  }
  return absl::OkStatus();
}

// Remembers that the user was told `what` about `task`, and counts it.
absl::Status NoteReminder(Store& store, const Task& task, std::string_view what, TelemetryKind kind,
                          int64_t now_ms) {
  if (absl::Status status = store.NoteTaskReminded(task.session, task.task_id, what);
      !status.ok()) {
    return status;
  }
  return store.AddTelemetry(TelemetryRow{.at_ms = now_ms,
                                         .session = task.session,
                                         .project = task.project,
                                         .kind = kind,
                                         .family = task.family,
                                         .tool_use_id = task.tool_use_id,
                                         .task_id = task.task_id,
                                         .ms = now_ms - task.started_ms});
}

}  // namespace

absl::StatusOr<std::string> OnStop(Store& store, const HookEvent& event,
                                   const HookEnvironment& environment) {
  const int64_t now_ms = environment.now_ms;
  if (absl::Status status = store.NoteSessionActivity(event.session_id, now_ms); !status.ok()) {
    return status;
  }
  absl::StatusOr<std::vector<Task>> running = store.RunningTasks(event.session_id, now_ms);
  if (!running.ok()) return running.status();
  std::vector<Task> ended;
  std::vector<Task> still_running;
  for (Task& task : *running) (InFlight(event, task) ? still_running : ended).push_back(task);
  if (absl::Status status = EndSilently(store, ended, TaskEnd::kVanished, now_ms); !status.ok()) {
    return status;
  }
  if (event.stop_hook_active || environment.config.mode == Mode::kOff || environment.replaying) {
    return std::string();
  }

  std::vector<std::string> running_families;
  for (const Task& task : still_running) {
    if (!task.reminded.empty()) continue;
    running_families.push_back(task.family);
    if (absl::Status status =
            NoteReminder(store, task, kRemindedRunning, TelemetryKind::kRunningAtStop, now_ms);
        !status.ok()) {
      return status;
    }
  }
  absl::StatusOr<std::vector<Task>> unread = store.UnreadTasks(event.session_id);
  if (!unread.ok()) return unread.status();
  std::vector<std::string> unread_families;
  for (const Task& task : *unread) {
    if (task.reminded == kRemindedUnread) continue;
    unread_families.push_back(task.family);
    if (absl::Status status =
            NoteReminder(store, task, kRemindedUnread, TelemetryKind::kUnread, now_ms);
        !status.ok()) {
      return status;
    }
  }
  return RenderHookOutput(event.event_name, HookOutput{.system_message = StopReminder(
                                                           running_families, unread_families)});
}

absl::StatusOr<std::string> OnSessionEnd(Store& store, const HookEvent& event,
                                         const HookEnvironment& environment) {
  absl::StatusOr<std::vector<Task>> running =
      store.RunningTasks(event.session_id, environment.now_ms);
  if (!running.ok()) return running.status();
  if (absl::Status status =
          EndSilently(store, *running, TaskEnd::kSessionEnded, environment.now_ms);
      !status.ok()) {
    return status;
  }
  return std::string();
}

}  // namespace bgprof
