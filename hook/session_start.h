// SessionStart (startup, resume, clear, compact): the model reads this context before it decides
// anything, so a session in a project with known slow commands starts knowing them and that
// run_in_background keeps it free. Nothing at all when there are none.
#ifndef BGPROF_HOOK_SESSION_START_H_
#define BGPROF_HOOK_SESSION_START_H_

#include <cstddef>
#include <string>

#include "absl/status/statusor.h"
#include "db/store.h"
#include "hook/environment.h"
#include "hook/protocol/event.h"

namespace bgprof {

// How many slow families a session starts with: enough to cover the usual test, build and
// install commands, few enough to read at a glance.
inline constexpr size_t kSessionStartFamilies = 5;

absl::StatusOr<std::string> OnSessionStart(Store& store, const HookEvent& event,
                                           const HookEnvironment& environment);

}  // namespace bgprof

#endif  // BGPROF_HOOK_SESSION_START_H_
