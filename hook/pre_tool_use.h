// PreToolUse of a Bash call: remember when it started (for clients that send no duration) and
// what bgprof did about it, and act on a call predicted to be slow as the mode says: tell the
// model and the user (suggest), move the call to the background (auto), or deny it with the
// reason (block). Whatever the mode, some lines stay in the foreground (interactive ones, those
// that change the shell, those a user listed, those a later call of the same message waits for).
#ifndef BGPROF_HOOK_PRE_TOOL_USE_H_
#define BGPROF_HOOK_PRE_TOOL_USE_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "db/store.h"
#include "hook/environment.h"
#include "hook/protocol/event.h"

namespace bgprof {

// In block mode the same command issued again this soon runs: the model may have a reason.
inline constexpr int64_t kDenialGraceMs = 10 * 60 * 1000;

// What bgprof decided about a call: what its PreToolUse writes once the answer is printed, and
// what a spooled PreToolUse keeps (hook/spooled_event).
struct PreToolUseDecision {
  CallAction action = CallAction::kNone;
  std::optional<int64_t> predicted_ms;     // the point prediction, when the line was signed
  std::optional<TelemetryKind> telemetry;  // what bgprof did, counted for `bgprof stats`
  std::string family;
  std::string signature;  // the command-level key
  std::string project;
  std::string task_id;  // the running task a guard rail is about
};

struct PreToolUseAnswer {
  std::string output;  // what to print: often nothing
  PreToolUseDecision decision;
};

// Predicts and decides for a PreToolUse event whose `bash` is set; reads only, so the answer can
// be printed before anything waits for the write lock.
absl::StatusOr<PreToolUseAnswer> JudgePreToolUse(Store& store, const HookEvent& event,
                                                 const HookEnvironment& environment);

// The writes of a PreToolUse after its answer: the start of the call and what bgprof did about
// it (its telemetry row, a denial), in the caller's write transaction. The start is needed to
// time the run only by clients that send no `duration_ms`, but its row also carries the action
// and prediction into the run's sample.
absl::Status RecordPreToolUse(Store& store, const HookEvent& event,
                              const HookEnvironment& environment,
                              const PreToolUseDecision& decision);

// Both in turn (the start is recorded even when judging failed): what to print.
absl::StatusOr<std::string> OnPreToolUse(Store& store, const HookEvent& event,
                                         const HookEnvironment& environment);

}  // namespace bgprof

#endif  // BGPROF_HOOK_PRE_TOOL_USE_H_
