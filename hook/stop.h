// Stop: the end of the agent's turn. Claude Code 2.1.145 and later list the background work still
// in flight; a task bgprof saw launched that is missing from the list has ended, so later polls
// of it get no estimate. Nothing is printed: the guard rails that speak here come with the task
// telemetry.
#ifndef BGPROF_HOOK_STOP_H_
#define BGPROF_HOOK_STOP_H_

#include <string>

#include "absl/status/statusor.h"
#include "db/store.h"
#include "hook/environment.h"
#include "hook/protocol/event.h"

namespace bgprof {

// For a Stop event whose `background_task_ids` is set.
absl::StatusOr<std::string> OnStop(Store& store, const HookEvent& event,
                                   const HookEnvironment& environment);

}  // namespace bgprof

#endif  // BGPROF_HOOK_STOP_H_
