// PostToolUse of an edit tool (Edit, Write, MultiEdit, NotebookEdit): the agent changed a file,
// so the next build or test run of its project is not the no-op the previous one may have been.
// Recorded only; nothing is printed.
#ifndef BGPROF_HOOK_FILE_EDITS_H_
#define BGPROF_HOOK_FILE_EDITS_H_

#include <string>

#include "absl/status/statusor.h"
#include "db/store.h"
#include "hook/environment.h"
#include "hook/protocol/event.h"

namespace bgprof {

absl::StatusOr<std::string> OnFileEdit(Store& store, const HookEvent& event,
                                       const HookEnvironment& environment);

}  // namespace bgprof

#endif  // BGPROF_HOOK_FILE_EDITS_H_
