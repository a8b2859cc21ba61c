#include "hook/stop.h"

#include <algorithm>

namespace bgprof {

absl::StatusOr<std::string> OnStop(Store& store, const HookEvent& event,
                                   const HookEnvironment& environment) {
  absl::StatusOr<std::vector<Task>> running = store.RunningTasks(event.session_id);
  if (!running.ok()) return running.status();
  const std::vector<std::string>& in_flight = *event.background_task_ids;
  for (const Task& task : *running) {
    if (std::find(in_flight.begin(), in_flight.end(), task.task_id) != in_flight.end()) continue;
    if (absl::Status status = store.EndTask(event.session_id, task.task_id, environment.now_ms);
        !status.ok()) {
      return status;
    }
  }
  return std::string();
}

}  // namespace bgprof
