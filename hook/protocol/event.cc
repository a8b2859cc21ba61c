#include "hook/protocol/event.h"

#include <cmath>

#include <nlohmann/json.hpp>

#include "absl/status/status.h"

namespace bgprof {
namespace {

using nlohmann::json;

std::string StringField(const json& object, const char* name) {
  auto it = object.find(name);
  return (it != object.end() && it->is_string()) ? it->get<std::string>() : std::string();
}

bool BoolField(const json& object, const char* name) {
  auto it = object.find(name);
  return it != object.end() && it->is_boolean() && it->get<bool>();
}

// Durations arrive as JSON numbers, integral or not; anything else counts as absent.
std::optional<int64_t> MillisField(const json& object, const char* name) {
  auto it = object.find(name);
  if (it == object.end() || !it->is_number()) return std::nullopt;
  double value = it->get<double>();
  if (!std::isfinite(value) || value < 0 || value > 1e13) return std::nullopt;
  return static_cast<int64_t>(std::llround(value));
}

EventKind KindOf(std::string_view name) {
  if (name == "PreToolUse") return EventKind::kPreToolUse;
  if (name == "PostToolUse") return EventKind::kPostToolUse;
  if (name == "PostToolUseFailure") return EventKind::kPostToolUseFailure;
  return EventKind::kOther;
}

std::optional<BashCall> ParseBashCall(const json& input) {
  if (!input.is_object()) return std::nullopt;
  auto command = input.find("command");
  if (command == input.end() || !command->is_string()) return std::nullopt;
  return BashCall{.command = command->get<std::string>(),
                  .run_in_background = BoolField(input, "run_in_background"),
                  .timeout_ms = MillisField(input, "timeout")};
}

BashResponse ParseBashResponse(const json& response) {
  if (!response.is_object()) return {};
  return BashResponse{.background_task_id = StringField(response, "backgroundTaskId"),
                      .backgrounded_by_user = BoolField(response, "backgroundedByUser"),
                      .interrupted = BoolField(response, "interrupted"),
                      .timed_out_after_ms = MillisField(response, "timedOutAfterMs")};
}

}  // namespace

absl::StatusOr<HookEvent> ParseHookEvent(std::string_view text) {
  json root = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!root.is_object()) return absl::InvalidArgumentError("hook input is not a valid JSON object");
  HookEvent event;
  event.event_name = StringField(root, "hook_event_name");
  if (event.event_name.empty())
    return absl::InvalidArgumentError("hook input has no hook_event_name");
  event.kind = KindOf(event.event_name);
  event.session_id = StringField(root, "session_id");
  event.cwd = StringField(root, "cwd");
  event.tool_name = StringField(root, "tool_name");
  event.tool_use_id = StringField(root, "tool_use_id");
  event.duration_ms = MillisField(root, "duration_ms");
  event.error = StringField(root, "error");
  event.is_interrupt = BoolField(root, "is_interrupt");
  if (event.tool_name == "Bash") {
    if (auto input = root.find("tool_input"); input != root.end())
      event.bash = ParseBashCall(*input);
    if (auto response = root.find("tool_response"); response != root.end()) {
      event.response = ParseBashResponse(*response);
    }
  }
  return event;
}

bool ErrorSaysTimedOut(std::string_view error) {
  // Claude Code's own line starts a line; the command's output may say "timed out" anywhere.
  constexpr std::string_view kMarker = "Command timed out after ";
  for (size_t at = error.find(kMarker); at != std::string_view::npos;
       at = error.find(kMarker, at + 1)) {
    if (at == 0 || error[at - 1] == '\n') return true;
  }
  return false;
}

}  // namespace bgprof
