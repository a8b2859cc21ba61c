// Which handler each hook event goes to, and whether handling it writes: shared by `bgprof hook`
// (dispatch) and the merge of spooled events (event_spool), which replays the same handlers.
#ifndef BGPROF_HOOK_HANDLERS_H_
#define BGPROF_HOOK_HANDLERS_H_

#include <string>

#include "absl/status/statusor.h"
#include "db/store.h"
#include "hook/environment.h"
#include "hook/protocol/event.h"

namespace bgprof {

using Handler = absl::StatusOr<std::string> (*)(Store&, const HookEvent&, const HookEnvironment&);

// The handler of an event, or nullptr for events that need nothing: those exit before the
// database is opened (a Read of an ordinary file, a Stop of a client that lists no tasks).
Handler HandlerOf(const HookEvent& event);

// Whether handling `event` writes: a prompt that carries no task notification only reads.
bool HandlerWrites(const HookEvent& event);

}  // namespace bgprof

#endif  // BGPROF_HOOK_HANDLERS_H_
