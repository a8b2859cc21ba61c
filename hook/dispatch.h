// `bgprof hook`: what runs on every Claude Code hook event bgprof is registered for. Reads one
// event from stdin, hands it to the handler of its kind (one file each in hook/), and prints at
// most one JSON line. It exits 0 on every path and prints nothing when anything goes wrong: a
// broken profiler must never break the agent.
#ifndef BGPROF_HOOK_DISPATCH_H_
#define BGPROF_HOOK_DISPATCH_H_

#include <string>
#include <string_view>

#include "hook/environment.h"

namespace bgprof {

// Handles one event and returns what to print on stdout (often nothing). Never throws; errors
// are logged beside the database.
std::string HandleHookEvent(std::string_view input, const HookEnvironment& environment);

// Reads stdin, handles it, prints the result. Always returns 0.
int RunHookCommand();

}  // namespace bgprof

#endif  // BGPROF_HOOK_DISPATCH_H_
