// PreToolUse of a Bash call: remember when it started (for clients that send no duration) and
// what bgprof did about it, and act on a call predicted to be slow as the mode says: tell the
// model and the user (suggest), move the call to the background (auto), or deny it with the
// reason (block). Whatever the mode, some lines stay in the foreground (interactive ones, those
// that change the shell, those a user listed, those a later call of the same message waits for).
#ifndef BGPROF_HOOK_PRE_TOOL_USE_H_
#define BGPROF_HOOK_PRE_TOOL_USE_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "db/store.h"
#include "hook/environment.h"
#include "hook/protocol/event.h"

namespace bgprof {

// In block mode the same command issued again this soon runs: the model may have a reason.
inline constexpr int64_t kDenialGraceMs = 10 * 60 * 1000;

// What to print for a PreToolUse event whose `bash` is set: often nothing.
absl::StatusOr<std::string> OnPreToolUse(Store& store, const HookEvent& event,
                                         const HookEnvironment& environment);

}  // namespace bgprof

#endif  // BGPROF_HOOK_PRE_TOOL_USE_H_
