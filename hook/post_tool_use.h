// PostToolUse and PostToolUseFailure of a Bash call: record how long it really took. A launch
// into the background opens a task and tells the model how long it usually takes (so that it
// waits for the notification instead of polling); a foreground run that took long without
// bgprof foreseeing it is named at once, so the model knows at its very next call.
#ifndef BGPROF_HOOK_POST_TOOL_USE_H_
#define BGPROF_HOOK_POST_TOOL_USE_H_

#include <string>

#include "absl/status/statusor.h"
#include "db/store.h"
#include "hook/environment.h"
#include "hook/protocol/event.h"

namespace bgprof {

// Records the call of a PostToolUse(Failure) event whose `bash` is set; returns what to print.
// Every write is the caller's transaction's (hook/dispatch runs each event in one). A call the
// hooks recorded already is not recorded again.
absl::StatusOr<std::string> OnPostToolUse(Store& store, const HookEvent& event,
                                          const HookEnvironment& environment);

}  // namespace bgprof

#endif  // BGPROF_HOOK_POST_TOOL_USE_H_
