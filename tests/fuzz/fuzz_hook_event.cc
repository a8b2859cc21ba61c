// Fuzzes ParseHookEvent (hook/protocol/event), the first thing `bgprof hook` does with stdin.
// Beyond not crashing: it never throws (an exception would end the hook with a non-zero exit),
// an event it accepts has a name and a kind that agrees with it, a Bash call belongs to the Bash
// tool, and parsing is deterministic.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "hook/protocol/event.h"
#include "tests/fuzz/fuzz_check.h"

namespace bgprof {
namespace {

void CheckParsed(std::string_view json) {
  absl::StatusOr<HookEvent> event;
  try {
    event = ParseHookEvent(json);
  } catch (...) {
    FUZZ_CHECK(false && "ParseHookEvent threw");
  }
  if (!event.ok()) return;
  FUZZ_CHECK(!event->event_name.empty());
  if (event->kind == EventKind::kPreToolUse) FUZZ_CHECK(event->event_name == "PreToolUse");
  if (event->kind == EventKind::kPostToolUse) FUZZ_CHECK(event->event_name == "PostToolUse");
  if (event->kind == EventKind::kStop) FUZZ_CHECK(event->event_name == "Stop");
  if (event->bash.has_value()) FUZZ_CHECK(event->tool_name == "Bash");
  if (!event->edited_file.empty()) FUZZ_CHECK(IsEditTool(event->tool_name));
  const absl::StatusOr<HookEvent> again = ParseHookEvent(json);
  FUZZ_CHECK(again.ok());
  FUZZ_CHECK(again->kind == event->kind);
  FUZZ_CHECK(again->bash.has_value() == event->bash.has_value());
  if (event->bash.has_value()) FUZZ_CHECK(again->bash->command == event->bash->command);
  FUZZ_CHECK(again->duration_ms == event->duration_ms);
}

}  // namespace
}  // namespace bgprof

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  bgprof::CheckParsed(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
