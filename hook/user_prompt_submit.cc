#include "hook/user_prompt_submit.h"

#include <cctype>
#include <vector>

#include "absl/strings/ascii.h"
#include "hook/protocol/output.h"
#include "hook/protocol/task_notification.h"
#include "profiler/command/signature.h"
#include "profiler/command/work_kind.h"
#include "profiler/learning/advice.h"
#include "profiler/learning/background_tasks.h"
#include "profiler/learning/known_slow.h"
#include "profiler/learning/project.h"

namespace bgprof {
namespace {

// How many of the project's slow families a prompt is matched against.
constexpr size_t kFamiliesConsidered = 20;

bool IsWordCharacter(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// Whether the prompt names the family itself ("run `cargo bench`"). A one-word family is too
// often an English word (`make`, `just`) to count.
bool PromptNamesFamily(std::string_view lowered_prompt, std::string_view family) {
  if (family.find(' ') == std::string_view::npos) return false;
  const std::string lowered = absl::AsciiStrToLower(std::string(family));
  for (size_t at = lowered_prompt.find(lowered); at != std::string_view::npos;
       at = lowered_prompt.find(lowered, at + 1)) {
    const size_t end = at + lowered.size();
    const bool starts = at == 0 || !IsWordCharacter(lowered_prompt[at - 1]);
    const bool ends = end == lowered_prompt.size() || !IsWordCharacter(lowered_prompt[end]);
    if (starts && ends) return true;
  }
  return false;
}

// A notification turn: the model reads that each task ended, and how.
absl::Status EndNotifiedTasks(Store& store, const HookEvent& event,
                              const std::vector<TaskNotification>& notifications, int64_t now_ms) {
  for (const TaskNotification& notification : notifications) {
    absl::StatusOr<std::optional<Task>> task =
        store.FindTask(event.session_id, notification.task_id);
    if (!task.ok()) return task.status();
    if (!task->has_value()) continue;  // not a task bgprof saw launched
    if (!(*task)->ended_ms.has_value()) {
      const TaskNews news{.end = TaskEnd::kNotified,
                          .at_ms = now_ms,
                          .status = notification.status,
                          .exit_code = notification.exit_code,
                          .prompt = true,
                          .output_file = notification.output_file};
      if (absl::StatusOr<bool> closed = EndBackgroundTask(store, **task, news); !closed.ok()) {
        return closed.status();
      }
    }
    if (absl::Status status = store.NoteTaskRead(event.session_id, notification.task_id, now_ms);
        !status.ok()) {
      return status;
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::string> OnUserPromptSubmit(Store& store, const HookEvent& event,
                                               const HookEnvironment& environment) {
  if (std::optional<std::vector<TaskNotification>> notifications =
          ParseTaskNotifications(event.prompt)) {
    if (absl::Status status = EndNotifiedTasks(store, event, *notifications, environment.now_ms);
        !status.ok()) {
      return status;
    }
    return std::string();
  }
  if (environment.config.mode == Mode::kOff || environment.background_disabled) {
    return std::string();
  }
  const PromptWork asked = WorkNamedIn(event.prompt);
  const std::string project = ProjectOf(event.cwd, environment.project_dir.c_str());
  absl::StatusOr<std::vector<FamilyEstimate>> slow =
      KnownSlowFamilies(store, project, environment.config.thresholds, kFamiliesConsidered);
  if (!slow.ok()) return slow.status();
  const std::string lowered_prompt = absl::AsciiStrToLower(event.prompt);
  std::vector<FamilyEstimate> wanted;
  for (FamilyEstimate& entry : *slow) {
    if (wanted.size() == kPromptFamilies) break;
    const bool kind_asked = asked.kinds.Has(WorkKindOf(SignatureOf(entry.family)));
    if (asked.while_waiting || kind_asked || PromptNamesFamily(lowered_prompt, entry.family)) {
      wanted.push_back(std::move(entry));
    }
  }
  return RenderHookOutput("UserPromptSubmit",
                          HookOutput{.additional_context = PromptContext(wanted)});
}

}  // namespace bgprof
