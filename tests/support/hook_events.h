// Hook events shaped like the ones Claude Code sends (see ../shared/claude-code-hooks.md §6),
// for tests that feed them to the real binary or to HandleHookEvent.
#ifndef BGPROF_TESTS_SUPPORT_HOOK_EVENTS_H_
#define BGPROF_TESTS_SUPPORT_HOOK_EVENTS_H_

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace bgprof::testing {

// The session every event below belongs to, unless a test changes it.
inline constexpr const char* kSession = "7c1e5f0a-3b9d-4c2e-9a61-2f8d4b7e1c03";

nlohmann::json BaseEvent(const std::string& event_name, const std::string& cwd);

std::string PreToolUse(const std::string& command, const std::string& cwd,
                       const std::string& tool_use_id = "toolu_pre", bool background = false);

// A foreground Bash call that finished; without `duration_ms` it looks like a pre-2.1.119 client.
std::string PostToolUse(const std::string& command, const std::string& cwd,
                        std::optional<int> duration_ms, const std::string& tool_use_id = "toolu_1");

std::string PostToolUseFailure(const std::string& command, const std::string& cwd, int duration_ms,
                               const std::string& error = "Exit code 1",
                               const std::string& tool_use_id = "toolu_fail");

// The PostToolUse of a Bash call launched into the background as task `task_id`.
std::string BackgroundLaunch(const std::string& command, const std::string& cwd,
                             const std::string& task_id, const std::string& tool_use_id);

// A TaskOutput poll of `task_id` answered with `status` ("running", "completed", ...).
std::string TaskOutputPoll(const std::string& task_id, const std::string& status,
                           const std::string& cwd);

// A blocking TaskOutput poll (block: true, the default) that waited `waited_ms` and returned
// `status` with `exit_code`.
std::string BlockingTaskOutput(const std::string& task_id, const std::string& status, int exit_code,
                               int waited_ms, const std::string& cwd);

// TaskStop of `task_id`.
std::string TaskStop(const std::string& task_id, const std::string& cwd);

// The <task-notification> envelope Claude Code sends as a prompt when a task ends.
std::string TaskNotificationPrompt(const std::string& task_id, const std::string& status,
                                   int exit_code, const std::string& output_file = "");

std::string SessionEnd(const std::string& cwd);

// The PostToolUse (or PostToolUseFailure) of an edit tool (Edit, Write, MultiEdit) that changed
// `file`.
std::string EditToolUse(const std::string& file, const std::string& cwd,
                        const std::string& tool = "Edit",
                        const std::string& event_name = "PostToolUse");

// A Read of a task's output file; `content` as the file holds it.
std::string ReadOfTaskOutput(const std::string& task_id, const std::string& content,
                             const std::string& cwd);

std::string SessionStart(const std::string& cwd, const std::string& source = "startup");
std::string UserPromptSubmit(const std::string& prompt, const std::string& cwd);
// A Stop event; without `in_flight` it looks like a client before 2.1.145.
std::string Stop(const std::string& cwd, std::optional<std::vector<std::string>> in_flight);

// A Bash call of an assistant message, for transcripts.
struct TranscriptCall {
  std::string id;
  std::string command;
  bool background = false;
};

// Transcript lines as Claude Code writes them: earlier history, then one line per tool_use
// block of message `message_id`.
std::string TranscriptOf(const std::string& message_id, const std::vector<TranscriptCall>& calls);

}  // namespace bgprof::testing

#endif  // BGPROF_TESTS_SUPPORT_HOOK_EVENTS_H_
