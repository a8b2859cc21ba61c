#include "hook/pre_tool_use.h"

#include <algorithm>
#include <optional>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "hook/protocol/output.h"
#include "hook/sibling_calls.h"
#include "profiler/command/foreground.h"
#include "profiler/command/redact.h"
#include "profiler/command/signature.h"
#include "profiler/command/work_kind.h"
#include "profiler/learning/advice.h"
#include "profiler/learning/history.h"
#include "profiler/learning/project.h"

namespace bgprof {
namespace {

struct Verdict {
  CallAction action = CallAction::kNone;
  HookOutput output;
  // What the call was judged as, for its telemetry row: set once its line was signed.
  std::optional<int64_t> predicted_ms;  // the point prediction
  std::string family;
  std::string signature;  // the command-level key
  std::string project;
  std::optional<TelemetryKind> guarded;  // a guard rail that kept bgprof from advising
  std::string task_id;                   // the running task the guard is about
};

// The first running task of the session, in the same project, that `line` must wait for: the
// tests, a build or a check while an install or build they need is not done. Other commands
// (`git status`, `ls`) are not held up by a background install.
const Task* TaskToWaitFor(const std::vector<Task>& running, const CommandLine& line,
                          std::string_view project) {
  WorkKinds checks;
  for (WorkKind kind : {WorkKind::kBuild, WorkKind::kTest, WorkKind::kLint, WorkKind::kTypeCheck,
                        WorkKind::kDeploy}) {
    checks.Add(kind);
  }
  if (!WorkKindsOf(line).Intersects(checks)) return nullptr;
  for (const Task& task : running) {
    if (task.project == project && MustWaitFor(AnalyzeCommandLine(task.command), line)) {
      return &task;
    }
  }
  return nullptr;
}

// A slow call while the session runs `max_background` tasks stays in the foreground; the model
// is told once, until a newer task starts.
absl::StatusOr<Verdict> AtTaskLimit(Store& store, const HookEvent& event, const SiblingCall& self,
                                    const std::vector<Task>& running, const Config& config) {
  absl::StatusOr<bool> said =
      store.HasTelemetrySince(event.session_id, TelemetryKind::kCapped, running.back().started_ms);
  if (!said.ok()) return said.status();
  Verdict verdict{.guarded = TelemetryKind::kCapped};
  if (!*said) {
    verdict.output.additional_context = TooManyTasksContext(
        self.line.signature().family, static_cast<int64_t>(running.size()), config.max_background);
  }
  return verdict;
}

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

// What bgprof says about a call whose runtime it predicted: the guard rails first (a task it
// depends on, the task limit), then the mode's act on a slow call and the message's other calls.
absl::StatusOr<Verdict> Advise(Store& store, const HookEvent& event,
                               const HookEnvironment& environment, const SiblingCall& self,
                               const std::string& project) {
  const Config& config = environment.config;
  absl::StatusOr<std::vector<Task>> running =
      store.RunningTasks(event.session_id, environment.now_ms);
  if (!running.ok()) return running.status();
  if (const Task* dependency = TaskToWaitFor(*running, self.line, project)) {
    const RunningDependency waited{.task_family = dependency->family,
                                   .elapsed_ms = environment.now_ms - dependency->started_ms,
                                   .predicted_ms = dependency->predicted_ms};
    return Verdict{
        .output = {.additional_context = WaitsForTaskContext(self.line.signature().family, waited)},
        .guarded = TelemetryKind::kWaitsFor,
        .task_id = dependency->task_id};
  }
  if (self.slow && static_cast<int64_t>(running->size()) >= config.max_background) {
    return AtTaskLimit(store, event, self, *running, config);
  }
  const SiblingCalls siblings = FindSiblingCalls(store, event, self, project, config.thresholds);
  const bool acts = config.mode == Mode::kAuto || config.mode == Mode::kBlock;
  const std::string sibling_context = siblings.FirstCallContext(!acts);
  if (self.slow) {
    return ActOnSlowCall(store, event, environment, self, siblings, project, sibling_context);
  }
  return Verdict{.output = {.additional_context = sibling_context}};
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
  absl::StatusOr<Verdict> verdict = Advise(store, event, environment, self, project);
  if (!verdict.ok()) return verdict.status();
  verdict->predicted_ms = WholeMs(self.estimate.median_ms);
  verdict->family = self.line.signature().family;
  verdict->signature = self.line.signature().command;
  verdict->project = project;
  return verdict;
}

// The telemetry row of what bgprof did about the call, if it did anything.
std::optional<TelemetryKind> TelemetryOf(const Verdict& verdict) {
  if (verdict.guarded.has_value()) return verdict.guarded;
  switch (verdict.action) {
    case CallAction::kSuggested:
      return TelemetryKind::kSuggested;
    case CallAction::kMoved:
      return TelemetryKind::kMoved;
    case CallAction::kDenied:
      return TelemetryKind::kDenied;
    case CallAction::kNone:
      break;
  }
  return std::nullopt;
}

}  // namespace

absl::StatusOr<PreToolUseAnswer> JudgePreToolUse(Store& store, const HookEvent& event,
                                                 const HookEnvironment& environment) {
  absl::StatusOr<Verdict> verdict =
      Judge(store, event, environment, RedactSecrets(event.bash->command));
  if (!verdict.ok()) return verdict.status();
  return PreToolUseAnswer{.output = RenderHookOutput("PreToolUse", verdict->output),
                          .decision = PreToolUseDecision{.action = verdict->action,
                                                         .predicted_ms = verdict->predicted_ms,
                                                         .telemetry = TelemetryOf(*verdict),
                                                         .family = verdict->family,
                                                         .signature = verdict->signature,
                                                         .project = verdict->project,
                                                         .task_id = verdict->task_id}};
}

absl::Status RecordPreToolUse(Store& store, const HookEvent& event,
                              const HookEnvironment& environment,
                              const PreToolUseDecision& decision) {
  // The start is remembered whatever bgprof decided: a client that sends no duration times the
  // run from it, and the run's sample keeps what bgprof predicted and did.
  if (!event.tool_use_id.empty()) {
    if (absl::Status status = store.RememberStart(event.tool_use_id, environment.now_ms,
                                                  decision.action, decision.predicted_ms);
        !status.ok()) {
      return status;
    }
  }
  if (decision.telemetry.has_value()) {
    if (absl::Status status = store.AddTelemetry(TelemetryRow{.at_ms = environment.now_ms,
                                                              .session = event.session_id,
                                                              .project = decision.project,
                                                              .kind = *decision.telemetry,
                                                              .family = decision.family,
                                                              .signature = decision.signature,
                                                              .tool_use_id = event.tool_use_id,
                                                              .task_id = decision.task_id,
                                                              .ms = decision.predicted_ms});
        !status.ok()) {
      return status;
    }
  }
  if (decision.action != CallAction::kDenied) return absl::OkStatus();
  return store.RememberDenial(event.session_id, RedactSecrets(event.bash->command),
                              environment.now_ms);
}

absl::StatusOr<std::string> OnPreToolUse(Store& store, const HookEvent& event,
                                         const HookEnvironment& environment) {
  absl::StatusOr<PreToolUseAnswer> answer = JudgePreToolUse(store, event, environment);
  const PreToolUseDecision decision = answer.ok() ? answer->decision : PreToolUseDecision{};
  if (absl::Status status = RecordPreToolUse(store, event, environment, decision); !status.ok()) {
    return status;
  }
  if (!answer.ok()) return answer.status();
  return answer->output;
}

}  // namespace bgprof
