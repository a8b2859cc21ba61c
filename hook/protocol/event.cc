#include "hook/protocol/event.h"

#include <initializer_list>

#include <nlohmann/json.hpp>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "hook/protocol/json_fields.h"
#include "hook/protocol/lone_surrogates.h"
#include "hook/protocol/task_notification.h"

namespace bgprof {

EventKind EventKindNamed(std::string_view name) {
  if (name == "PreToolUse") return EventKind::kPreToolUse;
  if (name == "PostToolUse") return EventKind::kPostToolUse;
  if (name == "PostToolUseFailure") return EventKind::kPostToolUseFailure;
  if (name == "SessionStart") return EventKind::kSessionStart;
  if (name == "UserPromptSubmit") return EventKind::kUserPromptSubmit;
  if (name == "Stop") return EventKind::kStop;
  if (name == "SessionEnd") return EventKind::kSessionEnd;
  return EventKind::kOther;
}

namespace {

using nlohmann::json;

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

// The first of `names` that `object` holds as a non-empty string.
std::string FirstStringField(const json& object, std::initializer_list<const char*> names) {
  for (const char* name : names) {
    if (std::string value = StringField(object, name); !value.empty()) return value;
  }
  return std::string();
}

// The task status a poll's response states. TaskOutput answers {"task": {"status": ...}}; the
// legacy BashOutput's result is text with a <status> tag, or an object with a status field.
std::string PolledStatus(const json& response) {
  if (response.is_object()) {
    if (auto task = response.find("task"); task != response.end() && task->is_object()) {
      return StringField(*task, "status");
    }
    return StringField(response, "status");
  }
  if (!response.is_string()) return std::string();
  const std::string& text = response.get_ref<const std::string&>();
  constexpr std::string_view kOpen = "<status>";
  const size_t open = text.find(kOpen);
  if (open == std::string::npos) return std::string();
  const size_t start = open + kOpen.size();
  const size_t close = text.find("</status>", start);
  return close == std::string::npos ? std::string() : text.substr(start, close - start);
}

// The exit code a poll's response states: TaskOutput's task.exitCode, the legacy BashOutput's
// <exit_code> tag.
std::optional<int64_t> PolledExitCode(const json& response) {
  if (response.is_object()) {
    auto task = response.find("task");
    const json& holder = task != response.end() && task->is_object() ? *task : response;
    auto code = holder.find("exitCode");
    if (code != holder.end() && code->is_number_integer()) return code->get<int64_t>();
    return std::nullopt;
  }
  if (!response.is_string()) return std::nullopt;
  const std::string& text = response.get_ref<const std::string&>();
  constexpr std::string_view kOpen = "<exit_code>";
  const size_t open = text.find(kOpen);
  if (open == std::string::npos) return std::nullopt;
  int64_t code = 0;
  const size_t start = open + kOpen.size();
  const size_t close = text.find("</exit_code>", start);
  if (close == std::string::npos ||
      !absl::SimpleAtoi(absl::string_view(text).substr(start, close - start), &code)) {
    return std::nullopt;
  }
  return code;
}

// Claude Code ends a finished task's output file with its exit line (kExitLinePrefix).
bool ReadShowsTheTaskExited(const json& response) {
  if (!response.is_object()) return false;
  auto file = response.find("file");
  if (file == response.end() || !file->is_object()) return false;
  return StringField(*file, "content").find(kExitLinePrefix) != std::string::npos;
}

std::optional<TaskToolCall> ParseTaskToolCall(std::string_view tool, const json& input,
                                              const json& response) {
  if (!input.is_object()) return std::nullopt;
  TaskToolCall call;
  if (tool == "TaskOutput" || tool == "BashOutput") {
    call.task_id = FirstStringField(input, {"task_id", "bash_id", "shell_id"});
    call.status = PolledStatus(response);
    call.exit_code = PolledExitCode(response);
    call.waits = tool == "TaskOutput" && BoolField(input, "block", true);
  } else if (tool == "TaskStop" || tool == "KillShell") {
    call.task_id = FirstStringField(input, {"task_id", "shell_id"});
    call.stops = true;
  } else if (tool == "Read") {
    std::optional<std::string> id = TaskIdOfOutputPath(StringField(input, "file_path"));
    if (!id.has_value()) return std::nullopt;
    call.task_id = std::move(*id);
    call.output_file = StringField(input, "file_path");
    if (ReadShowsTheTaskExited(response)) call.status = "exited";
  }
  if (call.task_id.empty()) return std::nullopt;
  return call;
}

std::optional<std::vector<std::string>> BackgroundTaskIds(const json& root) {
  auto tasks = root.find("background_tasks");
  if (tasks == root.end() || !tasks->is_array()) return std::nullopt;
  std::vector<std::string> ids;
  for (const json& task : *tasks) {
    if (!task.is_object()) continue;
    if (std::string id = StringField(task, "id"); !id.empty()) ids.push_back(std::move(id));
  }
  return ids;
}

}  // namespace

bool IsTerminalTaskStatus(std::string_view status) {
  for (std::string_view terminal :
       {"completed", "failed", "killed", "stopped", "exited", "error", "cancelled"}) {
    if (status == terminal) return true;
  }
  return false;
}

absl::StatusOr<HookEvent> ParseHookEvent(std::string_view text) {
  const std::optional<std::string> repaired = WithLoneSurrogatesReplaced(text);
  json root = json::parse(repaired.has_value() ? std::string_view(*repaired) : text, nullptr,
                          /*allow_exceptions=*/false);
  if (!root.is_object()) return absl::InvalidArgumentError("hook input is not a valid JSON object");
  HookEvent event;
  event.event_name = StringField(root, "hook_event_name");
  if (event.event_name.empty())
    return absl::InvalidArgumentError("hook input has no hook_event_name");
  event.kind = EventKindNamed(event.event_name);
  event.session_id = StringField(root, "session_id");
  event.transcript_path = StringField(root, "transcript_path");
  event.cwd = StringField(root, "cwd");
  event.tool_name = StringField(root, "tool_name");
  event.tool_use_id = StringField(root, "tool_use_id");
  event.duration_ms = MillisField(root, "duration_ms");
  event.error = StringField(root, "error");
  event.is_interrupt = BoolField(root, "is_interrupt");
  event.source = StringField(root, "source");
  event.prompt = StringField(root, "prompt");
  event.stop_hook_active = BoolField(root, "stop_hook_active");
  event.background_task_ids = BackgroundTaskIds(root);
  if (auto input = root.find("tool_input"); input != root.end()) {
    event.tool_input = std::move(*input);
  }
  static const json kNothing;
  auto response = root.find("tool_response");
  const json& tool_response = response != root.end() ? *response : kNothing;
  if (event.tool_name == "Bash") {
    event.bash = ParseBashCall(event.tool_input);
    event.response = ParseBashResponse(tool_response);
  } else if (IsEditTool(event.tool_name)) {
    event.edited_file = StringField(event.tool_input, "file_path");
    if (event.edited_file.empty())
      event.edited_file = StringField(event.tool_input, "notebook_path");
  } else {
    event.task_tool = ParseTaskToolCall(event.tool_name, event.tool_input, tool_response);
  }
  return event;
}

bool IsEditTool(std::string_view tool_name) {
  return tool_name == "Edit" || tool_name == "Write" || tool_name == "MultiEdit" ||
         tool_name == "NotebookEdit";
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
