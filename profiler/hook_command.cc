#include "profiler/hook_command.h"

#include <algorithm>
#include <csignal>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <iterator>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "db/location.h"
#include "db/store.h"
#include "hook/event.h"
#include "hook/output.h"
#include "profiler/advice.h"
#include "profiler/error_log.h"
#include "profiler/history.h"
#include "profiler/project.h"
#include "profiler/recorder.h"
#include "profiler/redact.h"
#include "profiler/signature.h"

namespace bgprof {
namespace {

bool EnvIsTrue(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' && std::string_view(value) != "0" &&
         std::string_view(value) != "false";
}

// PreToolUse: remember when the call started (older clients send no duration), then say
// something only when the call is predicted to be slow.
absl::StatusOr<std::string> OnPreToolUse(Store& store, const HookEvent& event,
                                         const HookEnvironment& environment) {
  if (!event.tool_use_id.empty()) {
    if (absl::Status status = store.RememberStart(event.tool_use_id, environment.now_ms);
        !status.ok()) {
      return status;
    }
  }
  if (event.bash->run_in_background || environment.background_disabled ||
      environment.config.mode == Mode::kOff) {
    return std::string();
  }
  const CommandLine line = AnalyzeCommandLine(RedactSecrets(event.bash->command));
  if (line.parts.empty()) return std::string();
  const Signature& signature = line.signature();
  absl::StatusOr<Estimate> estimate =
      PredictCommandLine(store, line, ProjectOf(event.cwd, environment.project_dir.c_str()),
                         CallHints{.requested_timeout_ms = event.bash->timeout_ms});
  if (!estimate.ok()) return estimate.status();
  if (Decide(*estimate, environment.config.thresholds) != Decision::kSuggest) return std::string();
  const bool several_parts =
      std::count_if(line.parts.begin(), line.parts.end(), [](const CommandPart& part) {
        return !part.setup && part.next != Connector::kBackground;
      }) > 1;
  return PreToolUseContext(BackgroundAdvice(signature, *estimate, several_parts));
}

absl::Status OnPostToolUse(Store& store, const HookEvent& event,
                           const HookEnvironment& environment) {
  std::optional<int64_t> started;
  if (!event.tool_use_id.empty()) {
    absl::StatusOr<std::optional<int64_t>> taken = store.TakeStart(event.tool_use_id);
    if (!taken.ok()) return taken.status();
    started = *taken;
  }
  const std::string project = ProjectOf(event.cwd, environment.project_dir.c_str());
  std::optional<Sample> sample = SampleFromEvent(event, project, environment.now_ms, started);
  if (!sample.has_value()) return absl::OkStatus();
  return RecordSample(store, *sample);
}

absl::StatusOr<std::string> Handle(std::string_view input, const HookEnvironment& environment) {
  absl::StatusOr<HookEvent> event = ParseHookEvent(input);
  if (!event.ok()) return event.status();
  const bool is_tool_event = event->kind != EventKind::kOther;
  if (!is_tool_event || event->tool_name != "Bash" || !event->bash.has_value()) {
    return std::string();  // later work tracks more events; today they need nothing
  }
  if (environment.database_path.empty()) {
    return absl::FailedPreconditionError("no database path: set BGPROF_DB or HOME");
  }
  absl::StatusOr<Store> store = Store::Open(environment.database_path);
  if (!store.ok()) return store.status();
  if (event->kind == EventKind::kPreToolUse) return OnPreToolUse(*store, *event, environment);
  absl::Status status = OnPostToolUse(*store, *event, environment);
  if (!status.ok()) return status;
  return std::string();
}

void LogFailure(const HookEnvironment& environment, std::string_view message) {
  const std::string where =
      environment.database_path.empty() ? std::string() : LogPathFor(environment.database_path);
  AppendErrorLog(where.empty() ? "/dev/stderr" : where, "bgprof hook: " + std::string(message),
                 environment.now_ms);
}

}  // namespace

HookEnvironment HookEnvironmentFromProcess() {
  HookEnvironment environment;
  if (absl::StatusOr<std::string> path = DatabasePath(); path.ok()) {
    environment.database_path = *path;
  }
  if (const char* dir = std::getenv("CLAUDE_PROJECT_DIR")) environment.project_dir = dir;
  environment.background_disabled = EnvIsTrue("CLAUDE_CODE_DISABLE_BACKGROUND_TASKS");
  environment.now_ms = absl::ToUnixMillis(absl::Now());
  if (absl::StatusOr<Config> config = LoadConfig(); config.ok()) {
    environment.config = *config;
  } else {
    environment.config_error = std::string(config.status().message());
  }
  return environment;
}

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
