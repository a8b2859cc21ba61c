#include "hook/pre_tool_use.h"

#include <algorithm>

#include "absl/status/status.h"
#include "hook/protocol/output.h"
#include "profiler/command/redact.h"
#include "profiler/command/signature.h"
#include "profiler/learning/advice.h"
#include "profiler/learning/history.h"
#include "profiler/learning/project.h"

namespace bgprof {

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

}  // namespace bgprof
