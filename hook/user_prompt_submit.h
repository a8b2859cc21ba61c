// UserPromptSubmit. A prompt that asks for work this project's slow commands do ("run the tests",
// "rebuild", "while that runs") gets those commands and their usual runtime as context, read
// before the model starts. A prompt that is a task notification (a background task ended) is not
// a request: it closes the task and gets nothing.
#ifndef BGPROF_HOOK_USER_PROMPT_SUBMIT_H_
#define BGPROF_HOOK_USER_PROMPT_SUBMIT_H_

#include <cstddef>
#include <string>

#include "absl/status/statusor.h"
#include "db/store.h"
#include "hook/environment.h"
#include "hook/protocol/event.h"

namespace bgprof {

// At most this many commands are named for one prompt.
inline constexpr size_t kPromptFamilies = 3;

absl::StatusOr<std::string> OnUserPromptSubmit(Store& store, const HookEvent& event,
                                               const HookEnvironment& environment);

}  // namespace bgprof

#endif  // BGPROF_HOOK_USER_PROMPT_SUBMIT_H_
