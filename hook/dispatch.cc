#include "hook/dispatch.h"

#include <unistd.h>

#include <csignal>
#include <exception>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "db/location.h"
#include "db/store.h"
#include "hook/deadline.h"
#include "hook/event_input.h"
#include "hook/file_edits.h"
#include "hook/post_tool_use.h"
#include "hook/pre_tool_use.h"
#include "hook/protocol/event.h"
#include "hook/session_start.h"
#include "hook/stop.h"
#include "hook/task_tools.h"
#include "hook/user_prompt_submit.h"
#include "profiler/base/error_log.h"

namespace bgprof {
namespace {

using Handler = absl::StatusOr<std::string> (*)(Store&, const HookEvent&, const HookEnvironment&);

// The handler of an event, or nullptr for events that need nothing: those exit before the
// database is opened (a Read of an ordinary file, a Stop of a client that lists no tasks).
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

absl::StatusOr<std::string> Handle(std::string_view input, const HookEnvironment& environment) {
  absl::StatusOr<HookEvent> event = ParseHookEvent(input);
  if (!event.ok()) return event.status();
  const Handler handler = HandlerOf(*event);
  if (handler == nullptr) return std::string();
  if (environment.database_path.empty()) {
    return absl::FailedPreconditionError("no database path: set BGPROF_DB or HOME");
  }
  absl::StatusOr<Store> store =
      Store::Open(environment.database_path, {.user = StoreUser::kHook, .heal = true});
  if (!store.ok()) return store.status();
  absl::StatusOr<std::string> output = handler(*store, *event, environment);
  // A damaged page found mid-statement: the file is set aside and the event handled again in a
  // new, empty database, as it would be after a damaged file at open.
  if (absl::IsDataLoss(output.status()) && store->HealCorruption().ok()) {
    output = handler(*store, *event, environment);
  }
  return output;
}

void LogFailure(const HookEnvironment& environment, std::string_view message) {
  const std::string where =
      environment.database_path.empty() ? std::string() : LogPathFor(environment.database_path);
  AppendErrorLog(where.empty() ? "/dev/stderr" : where, "bgprof hook: " + std::string(message),
                 environment.now_ms);
}

// Where LogFailure logs, for the deadline, armed before the environment is read.
std::string DeadlineLogPath() {
  absl::StatusOr<std::string> database_path = DatabasePath();
  const std::string where = database_path.ok() ? LogPathFor(*database_path) : std::string();
  return where.empty() ? "/dev/stderr" : where;
}

}  // namespace

std::string HandleHookEvent(std::string_view input, const HookEnvironment& environment) {
  try {
    if (!environment.config_error.empty()) {
      LogFailure(environment, "config ignored: " + environment.config_error);
    }
    absl::StatusOr<std::string> output = Handle(input, environment);
    if (output.ok()) return *output;
    LogFailure(environment, output.status().ToString());
  } catch (const std::exception& error) {
    LogFailure(environment, absl::StrCat("exception: ", error.what()));
  } catch (...) {
    LogFailure(environment, "unknown exception");
  }
  return std::string();
}

int RunHookCommand() {
  // Claude Code may stop reading once it has what it needs; a write to a closed pipe must not
  // kill the hook with SIGPIPE.
  std::signal(SIGPIPE, SIG_IGN);
  // Past a file-size limit (ulimit -f) a write must fail with EFBIG, a full disk the hook fails
  // open on, rather than kill the hook with SIGXFSZ.
  std::signal(SIGXFSZ, SIG_IGN);
  // Armed first, so that it covers everything, reading the config and the event included.
  const HookDeadline deadline(kHookDeadline, DeadlineLogPath());
  HookEnvironment environment;
  try {
    environment = HookEnvironmentFromProcess();
    absl::StatusOr<EventInput> input = ReadEventInput(STDIN_FILENO);
    std::string output;
    if (!input.ok()) {
      LogFailure(environment, input.status().ToString());
    } else if (input->over_cap) {
      LogFailure(environment, absl::StrCat("event of ", input->size, " bytes dropped unread: over ",
                                           kMaxEventBytes, " bytes"));
    } else {
      output = HandleHookEvent(input->text, environment);
    }
    if (!output.empty()) WriteHookAnswer(output);
  } catch (...) {
    // Nothing useful can be done, and nothing may reach stdout.
  }
  return 0;
}

}  // namespace bgprof
