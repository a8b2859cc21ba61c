// PostToolUse and PostToolUseFailure of a Bash call: record how long it really took.
#ifndef BGPROF_HOOK_POST_TOOL_USE_H_
#define BGPROF_HOOK_POST_TOOL_USE_H_

#include <string>

#include "absl/status/statusor.h"
#include "db/store.h"
#include "hook/environment.h"
#include "hook/protocol/event.h"

namespace bgprof {

// Records the call of a PostToolUse(Failure) event whose `bash` is set; returns what to print.
absl::StatusOr<std::string> OnPostToolUse(Store& store, const HookEvent& event,
                                          const HookEnvironment& environment);

}  // namespace bgprof

#endif  // BGPROF_HOOK_POST_TOOL_USE_H_
