// What bgprof prints back to Claude Code: at most one JSON object per event. The shape only has
// room for what bgprof may say. Context for the model and a line for the user on every event;
// on PreToolUse, the whole input with `run_in_background: true` (the opt-in auto mode) or a
// denial with its reason (the opt-in block mode). Never a permission grant, never `ask`, never a
// changed command, never a `decision` or `continue`.
#ifndef BGPROF_HOOK_PROTOCOL_OUTPUT_H_
#define BGPROF_HOOK_PROTOCOL_OUTPUT_H_

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace bgprof {

struct HookOutput {
  std::string additional_context;  // for the model
  std::string system_message;      // for the user: one line
  // PreToolUse only. The call's input to run instead; bgprof only ever sets the original input
  // with `run_in_background: true`. Null: none.
  nlohmann::json updated_input;
  std::string deny_reason;  // PreToolUse only: deny the call, telling the model why

  bool empty() const {
    return additional_context.empty() && system_message.empty() && updated_input.is_null() &&
           deny_reason.empty();
  }
};

// One JSON line ending in a newline for `event_name`'s hook, or "" when `output` is empty.
std::string RenderHookOutput(std::string_view event_name, const HookOutput& output);

// The original tool input with `run_in_background: true`, everything else as it was.
nlohmann::json InBackground(const nlohmann::json& tool_input);

}  // namespace bgprof

#endif  // BGPROF_HOOK_PROTOCOL_OUTPUT_H_
