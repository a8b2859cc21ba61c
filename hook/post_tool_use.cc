#include "hook/post_tool_use.h"

#include <unistd.h>

#include <optional>

#include "absl/status/status.h"
#include "hook/protocol/output.h"
#include "hook/protocol/task_notification.h"
#include "profiler/command/signature.h"
#include "profiler/learning/advice.h"
#include "profiler/learning/changes.h"
#include "profiler/learning/history.h"
#include "profiler/learning/project.h"
#include "profiler/learning/recorder.h"

namespace bgprof {
namespace {

TaskOrigin OriginOf(const HookEvent& event, const std::optional<CallStart>& start) {
  if (event.response.backgrounded_by_user) return TaskOrigin::kUser;
  if (!event.bash->run_in_background) return TaskOrigin::kTimeout;
  return start.has_value() && start->action == CallAction::kMoved ? TaskOrigin::kMoved
                                                                  : TaskOrigin::kAsked;
}

// The launched task's output file, when Claude Code wrote it where bgprof expects it: its last
// line then times the task's end exactly.
std::string OutputFileOf(const HookEvent& event, const HookEnvironment& environment) {
  for (const std::string& dir : {environment.project_dir, event.cwd}) {
    for (std::string& path :
         TaskOutputPathCandidates(environment.claude_temp_dirs, environment.uid, dir,
                                  event.session_id, event.response.background_task_id)) {
      if (::access(path.c_str(), F_OK) == 0) return std::move(path);
    }
  }
  return std::string();
}

// Opens the task a launch started; returns what to tell the model about it.
absl::StatusOr<std::string> OpenTask(Store& store, const HookEvent& event,
                                     const HookEnvironment& environment, const Sample& sample,
                                     const std::optional<CallStart>& start) {
  // Predicted before the sample is recorded: what bgprof expected when the task started.
  const CommandLine line = AnalyzeCommandLine(sample.command);
  absl::StatusOr<Estimate> estimate = PredictCommandLine(store, line, sample.project);
  if (!estimate.ok()) return estimate.status();
  const TaskOrigin origin = OriginOf(event, start);
  // Only measured runs make an expectation worth telling the model at a poll.
  const bool measured = estimate->runs > 0;
  const int64_t ran_ms = event.duration_ms.value_or(0);
  Task task{.session = event.session_id,
            .task_id = event.response.background_task_id,
            .tool_use_id = event.tool_use_id,
            .project = sample.project,
            .command = sample.command,
            .family = sample.family,
            .started_ms = environment.now_ms - ran_ms,
            .predicted_ms = measured ? WholeMs(estimate->median_ms) : std::nullopt,
            .p90_ms = measured ? WholeMs(estimate->p90_ms) : std::nullopt,
            .runs = estimate->runs,
            .origin = origin,
            .output_file = OutputFileOf(event, environment),
            .last_activity_ms = environment.now_ms};
  if (absl::Status status = store.OpenTask(task); !status.ok()) return status;
  // The auto mode's own context already said how long it takes.
  if (origin == TaskOrigin::kMoved || environment.config.mode == Mode::kOff) return std::string();
  if (!measured && !estimate->never_ends) return std::string();
  return LaunchEta(line.signature(), *estimate);
}

// Whether a finished run deserves a note: it took long, and bgprof had said nothing before it.
bool UnforeseenSlowRun(const Sample& sample, const std::optional<CallStart>& start,
                       const HookEnvironment& environment) {
  if (environment.config.mode == Mode::kOff || environment.background_disabled) return false;
  if (!IsCompleteRun(sample.outcome) || !sample.duration_ms.has_value()) return false;
  if (static_cast<double>(*sample.duration_ms) <= environment.config.thresholds.suggest_above_ms) {
    return false;
  }
  // Without its PreToolUse bgprof cannot tell what it would have said.
  return start.has_value() && start->action == CallAction::kNone;
}

// Advice given earlier in the session about this command is answered by this run: followed when
// it runs in the background, ignored when it ran in the foreground again.
absl::Status AnswerAdvice(Store& store, const Sample& sample) {
  const bool followed = sample.outcome == Outcome::kBackground;
  if (!followed && !IsCompleteRun(sample.outcome)) return absl::OkStatus();
  // A call bgprof moved itself answers nothing.
  if (sample.advice == CallActionName(CallAction::kMoved)) return absl::OkStatus();
  absl::StatusOr<std::optional<TelemetryRow>> advice =
      store.UnansweredAdvice(sample.session, sample.signature, sample.tool_use_id);
  if (!advice.ok()) return advice.status();
  if (!advice->has_value()) return absl::OkStatus();
  return store.AddTelemetry(
      TelemetryRow{.at_ms = sample.at_ms,
                   .session = sample.session,
                   .project = sample.project,
                   .kind = followed ? TelemetryKind::kFollowed : TelemetryKind::kIgnored,
                   .family = sample.family,
                   .signature = sample.signature,
                   .tool_use_id = sample.tool_use_id,
                   .ms = sample.duration_ms,
                   .answers = (*advice)->tool_use_id});
}

}  // namespace

absl::StatusOr<std::string> OnPostToolUse(Store& store, const HookEvent& event,
                                          const HookEnvironment& environment) {
  std::optional<CallStart> start;
  if (!event.tool_use_id.empty()) {
    // A call seen twice (bgprof registered twice in settings, an event spooled and merged) counts
    // once.
    absl::StatusOr<bool> recorded = store.HookRecordedCall(event.session_id, event.tool_use_id);
    if (!recorded.ok()) return recorded.status();
    if (*recorded) return std::string();
    // Taken even when the client sent `duration_ms`: the row also says what bgprof did before
    // the run, which its sample keeps.
    absl::StatusOr<std::optional<CallStart>> taken = store.TakeStart(event.tool_use_id);
    if (!taken.ok()) return taken.status();
    start = *taken;
  }
  const std::string project = ProjectOf(event.cwd, environment.project_dir.c_str());
  std::optional<int64_t> started_ms;
  if (start.has_value()) started_ms = start->started_ms;
  std::optional<Sample> sample = SampleFromEvent(event, project, environment.now_ms, started_ms);
  if (!sample.has_value()) return std::string();
  if (start.has_value()) {
    sample->predicted_ms = start->predicted_ms;
    sample->advice = CallActionName(start->action);
  }
  if (absl::Status status = store.NoteSessionActivity(event.session_id, environment.now_ms);
      !status.ok()) {
    return status;
  }
  if (absl::Status status = AnswerAdvice(store, *sample); !status.ok()) return status;

  HookOutput output;
  if (!event.response.background_task_id.empty()) {
    absl::StatusOr<std::string> eta = OpenTask(store, event, environment, *sample, start);
    if (!eta.ok()) return eta.status();
    output.additional_context = *eta;
  } else if (UnforeseenSlowRun(*sample, start, environment)) {
    output.additional_context = SlowRunNote(sample->family, *sample->duration_ms);
  }
  if (absl::Status status = RecordRun(store, *std::move(sample)); !status.ok()) return status;
  return RenderHookOutput(event.event_name, output);
}

}  // namespace bgprof
