// PostToolUse(Failure) of the tools that follow a background task: a poll (TaskOutput, the legacy
// BashOutput, a Read of the task's output file) or a stop (TaskStop, KillShell). A poll of a task
// still expected to run is answered with how long it has run and how much longer it usually
// takes: agents that cannot tell poll again and again. A stop, or a poll that shows the end,
// closes the task.
#ifndef BGPROF_HOOK_TASK_TOOLS_H_
#define BGPROF_HOOK_TASK_TOOLS_H_

#include <string>

#include "absl/status/statusor.h"
#include "db/store.h"
#include "hook/environment.h"
#include "hook/protocol/event.h"

namespace bgprof {

// For an event whose `task_tool` is set; returns what to print.
absl::StatusOr<std::string> OnTaskTool(Store& store, const HookEvent& event,
                                       const HookEnvironment& environment);

}  // namespace bgprof

#endif  // BGPROF_HOOK_TASK_TOOLS_H_
