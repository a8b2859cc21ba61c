#include "tests/support/hook_events.h"

namespace bgprof::testing {

using nlohmann::json;

json BaseEvent(const std::string& event_name, const std::string& cwd) {
  return {{"session_id", "7c1e5f0a-3b9d-4c2e-9a61-2f8d4b7e1c03"},
          {"transcript_path", "/tmp/none.jsonl"},
          {"cwd", cwd},
          {"permission_mode", "default"},
          {"hook_event_name", event_name}};
}

std::string PreToolUse(const std::string& command, const std::string& cwd,
                       const std::string& tool_use_id, bool background) {
  json event = BaseEvent("PreToolUse", cwd);
  event["tool_name"] = "Bash";
  event["tool_input"] = {{"command", command}, {"description", "test"}};
  if (background) event["tool_input"]["run_in_background"] = true;
  event["tool_use_id"] = tool_use_id;
  return event.dump();
}

std::string PostToolUse(const std::string& command, const std::string& cwd,
                        std::optional<int> duration_ms, const std::string& tool_use_id) {
  json event = BaseEvent("PostToolUse", cwd);
  event["tool_name"] = "Bash";
  event["tool_input"] = {{"command", command}};
  event["tool_response"] = {{"stdout", "ok"}, {"stderr", ""}, {"interrupted", false}};
  event["tool_use_id"] = tool_use_id;
  if (duration_ms.has_value()) event["duration_ms"] = *duration_ms;
  return event.dump();
}

std::string PostToolUseFailure(const std::string& command, const std::string& cwd, int duration_ms,
                               const std::string& error) {
  json event = BaseEvent("PostToolUseFailure", cwd);
  event["tool_name"] = "Bash";
  event["tool_input"] = {{"command", command}};
  event["tool_use_id"] = "toolu_fail";
  event["error"] = error;
  event["is_interrupt"] = false;
  event["duration_ms"] = duration_ms;
  return event.dump();
}

}  // namespace bgprof::testing
