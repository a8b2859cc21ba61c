// What Claude Code says when a background task ends. The notice starts a new turn whose
// UserPromptSubmit prompt is a <task-notification> envelope (<bash-notification> in older
// clients), not a person's request: bgprof reads it to learn when, and how, a task it saw launched
// ended. Also the task id in a task's output file path, which a Read of that file polls.
#ifndef BGPROF_HOOK_PROTOCOL_TASK_NOTIFICATION_H_
#define BGPROF_HOOK_PROTOCOL_TASK_NOTIFICATION_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bgprof {

struct TaskNotification {
  std::string task_id;           // <task-id>, or <shell-id> in a <bash-notification>
  std::string tool_use_id;       // <tool-use-id>: the Bash call that launched it; may be empty
  std::string status;            // <status>: "completed", "failed", "killed", ...; may be empty
  std::optional<int> exit_code;  // <exit-code>/<exit_code>, else "(exit code N)" in <summary>
  std::string output_file;       // <output-file>; may be empty
};

// The envelopes a prompt consists of, in order, when the prompt (trimmed) starts with a
// <task-notification> or <bash-notification> envelope; nullopt for anything else (a person's
// words, even if they quote an envelope later in the text). Lenient: missing tags give empty
// fields, an envelope without any id is skipped, text between envelopes is ignored, unclosed tags
// end at the end of the envelope. Never throws, linear time.
std::optional<std::vector<TaskNotification>> ParseTaskNotifications(std::string_view prompt);

// The task id of a background task's output file, `<anything>/tasks/<id>.output` (as Claude Code
// writes them under its temp dir); nullopt for any other path. The id is non-empty and holds no
// '/'.
std::optional<std::string> TaskIdOfOutputPath(std::string_view file_path);

// Claude Code ends a finished task's output file with this line: "[exited with code N]".
inline constexpr std::string_view kExitLinePrefix = "[exited with code ";

// N, when `output_tail` (the end of a task's output file) ends with that line; nullopt while the
// task runs, or for any other text.
std::optional<int64_t> ExitCodeAtEnd(std::string_view output_tail);

// Where Claude Code writes the output of task `task_id` of `session`, for each temp dir it may
// use: <temp>/claude-<uid>/<project dir, every byte but [A-Za-z0-9] as '-'>/<session>/tasks/
// <id>.output (seen on 2.1.330). A guess: only a file that exists confirms it.
std::vector<std::string> TaskOutputPathCandidates(const std::vector<std::string>& temp_dirs,
                                                  unsigned uid, std::string_view project_dir,
                                                  std::string_view session,
                                                  std::string_view task_id);

}  // namespace bgprof

#endif  // BGPROF_HOOK_PROTOCOL_TASK_NOTIFICATION_H_
