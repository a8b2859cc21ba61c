// PreToolUse of a Bash call: remember when it started (for clients that send no duration), and
// speak up when it is predicted to be slow.
#ifndef BGPROF_HOOK_PRE_TOOL_USE_H_
#define BGPROF_HOOK_PRE_TOOL_USE_H_

#include <string>

#include "absl/status/statusor.h"
#include "db/store.h"
#include "hook/environment.h"
#include "hook/protocol/event.h"

namespace bgprof {

// What to print for a PreToolUse event whose `bash` is set: often nothing.
absl::StatusOr<std::string> OnPreToolUse(Store& store, const HookEvent& event,
                                         const HookEnvironment& environment);

}  // namespace bgprof

#endif  // BGPROF_HOOK_PRE_TOOL_USE_H_
