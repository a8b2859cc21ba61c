// `bgprof hook`: what runs on every Claude Code hook event bgprof is registered for. Reads one
// event from stdin, hands it to the handler of its kind (one file each in hook/), and prints at
// most one JSON line. It exits 0 on every path and prints nothing when anything goes wrong: a
// broken profiler must never break the agent. Its writes never hold the agent up for long: a
// PreToolUse prints its answer before it writes, and an event whose writes cannot get the lock
// within kHookWriteBudgetMs goes to the spool (event_spool), merged by the next run that can.
#ifndef BGPROF_HOOK_DISPATCH_H_
#define BGPROF_HOOK_DISPATCH_H_

#include <string>
#include <string_view>

#include "absl/functional/function_ref.h"
#include "hook/environment.h"

namespace bgprof {

// How long the hook waits for another connection's lock. A hook's own transaction takes a few
// milliseconds, so this lets a handful of parallel hooks take turns; past it, spooling (one
// append) is cheaper than waiting, and a long hold (a bulk import, a CLI command) costs the
// agent nothing.
inline constexpr int kHookWriteBudgetMs = 25;

// Handles one event. `print` receives what to print on stdout (often nothing) as soon as it is
// known: for a PreToolUse, before its writes. Never throws; errors are logged beside the
// database.
void HandleHookEvent(std::string_view input, const HookEnvironment& environment,
                     absl::FunctionRef<void(std::string_view)> print);

// The same, returning what it printed, for tests.
std::string HandleHookEvent(std::string_view input, const HookEnvironment& environment);

// Reads stdin, handles it, prints the result. Always returns 0.
int RunHookCommand();

}  // namespace bgprof

#endif  // BGPROF_HOOK_DISPATCH_H_
