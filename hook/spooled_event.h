// A hook event whose writes wait in the spool (db/spool) because the write lock stayed busy: the
// event reduced to what its writes read (never a tool's output; the command with its secrets
// redacted), the moment it happened, CLAUDE_PROJECT_DIR, and for a PreToolUse what bgprof decided
// and already printed. One JSON object a line, versioned: a record of another version, or one
// that does not read, is skipped by the merge, never guessed at.
#ifndef BGPROF_HOOK_SPOOLED_EVENT_H_
#define BGPROF_HOOK_SPOOLED_EVENT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "hook/pre_tool_use.h"
#include "hook/protocol/event.h"

namespace bgprof {

inline constexpr int kSpooledEventVersion = 1;

struct SpooledEvent {
  HookEvent event;
  int64_t at_ms = 0;  // the hook's clock when the event arrived
  std::string project_dir;
  std::optional<PreToolUseDecision> decision;  // a PreToolUse's
};

// One line. The event is reduced as said above, so a decoded record equals the encoded one only
// in what the writes read.
std::string EncodeSpooledEvent(const SpooledEvent& spooled);
absl::StatusOr<SpooledEvent> DecodeSpooledEvent(std::string_view line);

}  // namespace bgprof

#endif  // BGPROF_HOOK_SPOOLED_EVENT_H_
