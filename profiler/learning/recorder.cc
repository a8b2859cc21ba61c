#include "profiler/learning/recorder.h"

#include "profiler/command/redact.h"
#include "profiler/command/signature.h"

namespace bgprof {

Outcome OutcomeOf(const HookEvent& event) {
  if (event.kind == EventKind::kPostToolUseFailure) {
    if (event.is_interrupt) return Outcome::kInterrupted;
    if (ErrorSaysTimedOut(event.error)) return Outcome::kCensored;
    return Outcome::kFailed;
  }
  const BashResponse& response = event.response;
  if (!response.background_task_id.empty()) {
    const bool asked = event.bash.has_value() && event.bash->run_in_background;
    // Ctrl+B or the client's own timeout moved a running command away: it ran at least this long.
    return asked && !response.backgrounded_by_user ? Outcome::kBackground : Outcome::kCensored;
  }
  if (response.interrupted) return Outcome::kInterrupted;
  return Outcome::kOk;
}

std::optional<Sample> SampleFromEvent(const HookEvent& event, const std::string& project,
                                      int64_t now_ms, std::optional<int64_t> started_ms) {
  if (event.kind != EventKind::kPostToolUse && event.kind != EventKind::kPostToolUseFailure) {
    return std::nullopt;
  }
  if (!event.bash.has_value()) return std::nullopt;
  const std::string command = RedactSecrets(event.bash->command);
  Signature signature = SignatureOf(command);
  if (signature.program.empty()) return std::nullopt;

  Sample sample{.at_ms = now_ms,
                .session = event.session_id,
                .project = project,
                .cwd = event.cwd,
                .command = command,
                .program = std::move(signature.program),
                .family = std::move(signature.family),
                .signature = std::move(signature.command),
                .facts = signature.facts,
                .tool_use_id = event.tool_use_id,
                .outcome = OutcomeOf(event)};
  if (sample.outcome == Outcome::kBackground) return sample;  // a launch says nothing of runtime
  if (event.duration_ms.has_value()) {
    sample.duration_ms = event.duration_ms;
  } else if (started_ms.has_value() && *started_ms <= now_ms) {
    sample.duration_ms = now_ms - *started_ms;
    sample.timed_by_hooks = true;
  }
  return sample;
}

}  // namespace bgprof
