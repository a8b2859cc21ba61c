// Stop: the end of the agent's turn. Claude Code 2.1.145 and later list the background work still
// in flight: a task bgprof saw launched that is missing from the list has ended (its output file
// may still tell when). The user then reads, once per task, which tasks still run as the turn
// ends and which ended without the agent ever reading their result: a systemMessage, never a
// decision or an extra model turn, and nothing while a Stop hook already keeps Claude going.
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

// SessionEnd: the session's tasks that still run end with it; they teach a runtime only when
// their output file tells it.
absl::StatusOr<std::string> OnSessionEnd(Store& store, const HookEvent& event,
                                         const HookEnvironment& environment);

}  // namespace bgprof

#endif  // BGPROF_HOOK_STOP_H_
