#include "hook/dispatch.h"

#include <csignal>
#include <exception>
#include <iostream>
#include <iterator>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "db/location.h"
#include "db/store.h"
#include "hook/post_tool_use.h"
#include "hook/pre_tool_use.h"
#include "hook/protocol/event.h"
#include "profiler/base/error_log.h"

namespace bgprof {
namespace {

absl::StatusOr<std::string> Handle(std::string_view input, const HookEnvironment& environment) {
  absl::StatusOr<HookEvent> event = ParseHookEvent(input);
  if (!event.ok()) return event.status();
  const bool is_tool_event = event->kind != EventKind::kOther;
  if (!is_tool_event || event->tool_name != "Bash" || !event->bash.has_value()) {
    return std::string();  // events that need nothing exit before the database is opened
  }
  if (environment.database_path.empty()) {
    return absl::FailedPreconditionError("no database path: set BGPROF_DB or HOME");
  }
  absl::StatusOr<Store> store = Store::Open(environment.database_path);
  if (!store.ok()) return store.status();
  if (event->kind == EventKind::kPreToolUse) return OnPreToolUse(*store, *event, environment);
  return OnPostToolUse(*store, *event, environment);
}

void LogFailure(const HookEnvironment& environment, std::string_view message) {
  const std::string where =
      environment.database_path.empty() ? std::string() : LogPathFor(environment.database_path);
  AppendErrorLog(where.empty() ? "/dev/stderr" : where, "bgprof hook: " + std::string(message),
                 environment.now_ms);
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
  HookEnvironment environment;
  try {
    environment = HookEnvironmentFromProcess();
    std::string input(std::istreambuf_iterator<char>(std::cin), {});
    const std::string output = HandleHookEvent(input, environment);
    if (!output.empty()) {
      std::cout << output;
      std::cout.flush();
    }
  } catch (...) {
    // Nothing useful can be done, and nothing may reach stdout.
  }
  return 0;
}

}  // namespace bgprof
