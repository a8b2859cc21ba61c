#include "hook/pre_tool_use.h"

#include <algorithm>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "hook/protocol/output.h"
#include "hook/sibling_calls.h"
#include "profiler/command/foreground.h"
#include "profiler/command/redact.h"
#include "profiler/command/signature.h"
#include "profiler/learning/advice.h"
#include "profiler/learning/history.h"
#include "profiler/learning/project.h"

namespace bgprof {
namespace {

struct Verdict {
  CallAction action = CallAction::kNone;
  HookOutput output;
};

// Whether the line's time is several parts' (`make && make test`), not its dominant part's.
bool SeveralParts(const CommandLine& line) {
  return std::count_if(line.parts.begin(), line.parts.end(), [](const CommandPart& part) {
           return !part.setup && part.next != Connector::kBackground;
         }) > 1;
}

// Joins two texts for the model, either of which may be empty.
std::string Joined(std::string first, std::string_view second) {
  if (first.empty()) return std::string(second);
  if (!second.empty()) first.append(" ").append(second);
  return first;
}

// Whether a denied command may run now: the model issued it again soon after the denial.
absl::StatusOr<bool> DeniedRecently(Store& store, const HookEvent& event,
                                    const std::string& command, int64_t now_ms) {
  absl::StatusOr<std::optional<int64_t>> denied = store.LastDenial(event.session_id, command);
  if (!denied.ok()) return denied.status();
  return denied->has_value() && now_ms - **denied <= kDenialGraceMs;
}

// What the mode does about a call predicted slow. `sibling_context` is the message's text about
// its other calls, if any.
absl::StatusOr<Verdict> ActOnSlowCall(Store& store, const HookEvent& event,
                                      const HookEnvironment& environment, const SiblingCall& self,
                                      const SiblingCalls& siblings, std::string_view project,
                                      const std::string& sibling_context) {
  const Config& config = environment.config;
  const ForegroundReason stays = MustStayInForeground(self.line);
  if (stays == ForegroundReason::kInteractive || stays == ForegroundReason::kEndsInBackground) {
    return Verdict{};
  }
  absl::StatusOr<Config> with_project = WithProjectConfig(config, project);
  if (!with_project.ok()) return with_project.status();
  if (MatchesAnyPattern(self.line, with_project->never_background)) return Verdict{};

  const Signature& signature = self.line.signature();
  const Estimate& estimate = self.estimate;
  const bool several_parts = SeveralParts(self.line);
  const bool acts = config.mode == Mode::kAuto || config.mode == Mode::kBlock;
  const bool may_act =
      acts && stays == ForegroundReason::kNone && !siblings.LaterCallWaitsForSelf() &&
      (ConfidentlySlow(estimate, config.thresholds) || siblings.SelfInIndependentSlowGroup());
  if (may_act && config.mode == Mode::kAuto) {
    return Verdict{
        .action = CallAction::kMoved,
        .output = {.additional_context =
                       Joined(MovedContext(signature, estimate, several_parts), sibling_context),
                   .system_message = MovedNotice(signature, estimate),
                   .updated_input = InBackground(event.tool_input)}};
  }
  if (may_act && config.mode == Mode::kBlock) {
    absl::StatusOr<bool> insisted = DeniedRecently(store, event, self.command, environment.now_ms);
    if (!insisted.ok()) return insisted.status();
    if (*insisted) return Verdict{};
    return Verdict{.action = CallAction::kDenied,
                   .output = {.system_message = DeniedNotice(signature, estimate),
                              .deny_reason = Joined(DenyReason(signature, estimate, several_parts),
                                                    sibling_context)}};
  }
  return Verdict{
      .action = CallAction::kSuggested,
      .output = {.additional_context =
                     Joined(BackgroundAdvice(signature, estimate, several_parts), sibling_context),
                 .system_message = SlowCallNotice(signature, estimate)}};
}

absl::StatusOr<Verdict> Judge(Store& store, const HookEvent& event,
                              const HookEnvironment& environment, const std::string& command) {
  const Config& config = environment.config;
  if (config.mode == Mode::kOff || environment.background_disabled ||
      event.bash->run_in_background) {
    return Verdict{};
  }
  SiblingCall self{.command = command, .line = AnalyzeCommandLine(command)};
  if (self.line.parts.empty()) return Verdict{};
  const std::string project = ProjectOf(event.cwd, environment.project_dir.c_str());
  absl::StatusOr<Estimate> predicted = PredictCommandLine(
      store, self.line, project, CallHints{.requested_timeout_ms = event.bash->timeout_ms});
  if (!predicted.ok()) return predicted.status();
  self.estimate = *predicted;
  self.slow = Decide(self.estimate, config.thresholds) == Decision::kSuggest;
  const SiblingCalls siblings = FindSiblingCalls(store, event, self, project, config.thresholds);
  const bool acts = config.mode == Mode::kAuto || config.mode == Mode::kBlock;
  const std::string sibling_context = siblings.FirstCallContext(!acts);
  if (self.slow) {
    return ActOnSlowCall(store, event, environment, self, siblings, project, sibling_context);
  }
  if (sibling_context.empty()) return Verdict{};
  return Verdict{.output = {.additional_context = sibling_context}};
}

}  // namespace

absl::StatusOr<std::string> OnPreToolUse(Store& store, const HookEvent& event,
                                         const HookEnvironment& environment) {
  const std::string command = RedactSecrets(event.bash->command);
  absl::StatusOr<Verdict> verdict = Judge(store, event, environment, command);
  // The start is remembered whatever happened: the run's duration depends on it.
  if (!event.tool_use_id.empty()) {
    const CallAction action = verdict.ok() ? verdict->action : CallAction::kNone;
    if (absl::Status status = store.RememberStart(event.tool_use_id, environment.now_ms, action);
        !status.ok()) {
      return status;
    }
  }
  if (!verdict.ok()) return verdict.status();
  if (verdict->action == CallAction::kDenied) {
    if (absl::Status status = store.RememberDenial(event.session_id, command, environment.now_ms);
        !status.ok()) {
      return status;
    }
  }
  return RenderHookOutput("PreToolUse", verdict->output);
}

}  // namespace bgprof
