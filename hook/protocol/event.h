// One hook event as Claude Code sends it on stdin, reduced to the fields bgprof uses. Parsing is
// lenient, as clients from 2.0.x to 2.1.3xx differ: unknown fields are ignored and every field
// that may be missing is optional.
#ifndef BGPROF_HOOK_PROTOCOL_EVENT_H_
#define BGPROF_HOOK_PROTOCOL_EVENT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace bgprof {

enum class EventKind { kPreToolUse, kPostToolUse, kPostToolUseFailure, kOther };

// The Bash tool's input.
struct BashCall {
  std::string command;
  bool run_in_background = false;
  std::optional<int64_t> timeout_ms;
};

// What the Bash tool's response says about how the call ended (PostToolUse only).
struct BashResponse {
  std::string background_task_id;  // set when the command went on in the background
  bool backgrounded_by_user = false;
  bool interrupted = false;
  std::optional<int64_t> timed_out_after_ms;
};

struct HookEvent {
  EventKind kind = EventKind::kOther;
  std::string event_name;
  std::string session_id;
  std::string cwd;
  std::string tool_name;
  std::string tool_use_id;
  std::optional<BashCall> bash;  // present when tool_name is Bash and its input has a command
  BashResponse response;
  std::optional<int64_t> duration_ms;
  std::string error;  // PostToolUseFailure: "Exit code N" and the output
  bool is_interrupt = false;
};

// Fails only on input that is not a JSON object or lacks hook_event_name.
absl::StatusOr<HookEvent> ParseHookEvent(std::string_view json);

// "Command timed out after 2m 0s" and similar, on any line of a failure's error text.
bool ErrorSaysTimedOut(std::string_view error);

}  // namespace bgprof

#endif  // BGPROF_HOOK_PROTOCOL_EVENT_H_
