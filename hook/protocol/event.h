// One hook event as Claude Code sends it on stdin, reduced to the fields bgprof uses. Parsing is
// lenient, as clients from 2.0.x to 2.1.3xx differ: unknown fields are ignored and every field
// that may be missing is optional.
#ifndef BGPROF_HOOK_PROTOCOL_EVENT_H_
#define BGPROF_HOOK_PROTOCOL_EVENT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "absl/status/statusor.h"

namespace bgprof {

enum class EventKind {
  kPreToolUse,
  kPostToolUse,
  kPostToolUseFailure,
  kSessionStart,
  kUserPromptSubmit,
  kStop,
  kSessionEnd,
  kOther,
};

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

// A call of a tool that follows a background task: a poll (TaskOutput, the legacy BashOutput, or
// a Read of the task's output file, the only way on newer clients) or a stop (TaskStop, the
// legacy KillShell).
struct TaskToolCall {
  std::string task_id;
  bool stops = false;
  // What the response says of the task: "running", "completed", "failed", ...; "exited" when a
  // read output file ends with Claude Code's "[exited with code N]"; empty when it says nothing.
  std::string status;
  std::optional<int64_t> exit_code;  // when the response states it
  bool waits = false;       // a TaskOutput that waits for the end (block, the default): it returns
                            // when the task ends, and its duration_ms is time the agent waited
  std::string output_file;  // the path a Read read
};

// Whether a task status says the task has ended.
bool IsTerminalTaskStatus(std::string_view status);

struct HookEvent {
  EventKind kind = EventKind::kOther;
  std::string event_name;
  std::string session_id;
  std::string transcript_path;
  std::string cwd;
  std::string tool_name;
  std::string tool_use_id;
  // The tool's input object as sent (null when absent): `updatedInput` must pass all of it on.
  nlohmann::json tool_input;
  std::optional<BashCall> bash;  // present when tool_name is Bash and its input has a command
  BashResponse response;
  std::optional<TaskToolCall> task_tool;  // a task tool, or a Read of a task's output file
  // The file an edit tool (Edit, Write, MultiEdit, NotebookEdit) changed; empty for other tools.
  std::string edited_file;
  std::optional<int64_t> duration_ms;
  std::string error;  // PostToolUseFailure: "Exit code N" and the output
  bool is_interrupt = false;
  std::string source;  // SessionStart: "startup", "resume", "clear", "compact", "fork"
  std::string prompt;  // UserPromptSubmit
  bool stop_hook_active = false;
  // Stop: the ids of the background work still in flight; absent before Claude Code 2.1.145.
  std::optional<std::vector<std::string>> background_task_ids;
};

// The kind of the event `hook_event_name` names; kOther for any other.
EventKind EventKindNamed(std::string_view name);

// Fails only on input that is not a JSON object or lacks hook_event_name.
absl::StatusOr<HookEvent> ParseHookEvent(std::string_view json);

// The tools that change a file the agent names: Edit, Write, MultiEdit, NotebookEdit.
bool IsEditTool(std::string_view tool_name);

// "Command timed out after 2m 0s" and similar, on any line of a failure's error text.
bool ErrorSaysTimedOut(std::string_view error);

}  // namespace bgprof

#endif  // BGPROF_HOOK_PROTOCOL_EVENT_H_
