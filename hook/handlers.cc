#include "hook/handlers.h"

#include "hook/file_edits.h"
#include "hook/post_tool_use.h"
#include "hook/pre_tool_use.h"
#include "hook/protocol/task_notification.h"
#include "hook/session_start.h"
#include "hook/stop.h"
#include "hook/task_tools.h"
#include "hook/user_prompt_submit.h"

namespace bgprof {

Handler HandlerOf(const HookEvent& event) {
  switch (event.kind) {
    case EventKind::kPreToolUse:
      return event.bash.has_value() ? OnPreToolUse : nullptr;
    case EventKind::kPostToolUse:
      if (!event.edited_file.empty()) return OnFileEdit;
      [[fallthrough]];
    case EventKind::kPostToolUseFailure:
      if (event.bash.has_value()) return OnPostToolUse;
      return event.task_tool.has_value() ? OnTaskTool : nullptr;
    case EventKind::kSessionStart:
      return OnSessionStart;
    case EventKind::kUserPromptSubmit:
      return OnUserPromptSubmit;
    case EventKind::kStop:
      return event.background_task_ids.has_value() ? OnStop : nullptr;
    case EventKind::kSessionEnd:
      return OnSessionEnd;
    case EventKind::kOther:
      break;
  }
  return nullptr;
}

bool HandlerWrites(const HookEvent& event) {
  if (event.kind != EventKind::kUserPromptSubmit) return HandlerOf(event) != nullptr;
  return ParseTaskNotifications(event.prompt).has_value();
}

}  // namespace bgprof
