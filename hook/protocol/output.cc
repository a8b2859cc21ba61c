#include "hook/protocol/output.h"

namespace bgprof {

std::string RenderHookOutput(std::string_view event_name, const HookOutput& output) {
  if (output.empty()) return std::string();
  nlohmann::json specific = {{"hookEventName", std::string(event_name)}};
  if (!output.deny_reason.empty()) {
    specific["permissionDecision"] = "deny";
    specific["permissionDecisionReason"] = output.deny_reason;
  }
  if (!output.updated_input.is_null()) specific["updatedInput"] = output.updated_input;
  if (!output.additional_context.empty()) {
    specific["additionalContext"] = output.additional_context;
  }
  nlohmann::json rendered = nlohmann::json::object();
  if (specific.size() > 1) rendered["hookSpecificOutput"] = std::move(specific);
  if (!output.system_message.empty()) rendered["systemMessage"] = output.system_message;
  // Commands are not always valid UTF-8; replacing bad bytes beats throwing in a hook.
  return rendered.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

nlohmann::json InBackground(const nlohmann::json& tool_input) {
  nlohmann::json moved = tool_input.is_object() ? tool_input : nlohmann::json::object();
  moved["run_in_background"] = true;
  return moved;
}

}  // namespace bgprof
