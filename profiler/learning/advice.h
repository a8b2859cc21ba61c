// The sentences bgprof says. They state facts (a measured time and what it rests on) rather than
// orders: the model reads them as context and decides for itself, and imperative "system"
// wording can trip prompt-injection defences. Texts for the model say what happened and what
// run_in_background does; notices for the user are one short line.
#ifndef BGPROF_PROFILER_LEARNING_ADVICE_H_
#define BGPROF_PROFILER_LEARNING_ADVICE_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "estimator/estimate.h"
#include "profiler/command/signature.h"

namespace bgprof {

// What the estimate rests on: "typical of 6 runs of this command in this project".
std::string EvidenceText(const Signature& signature, const Estimate& estimate);

// How long something usually takes: "about 48 s", or "40 s to 1.2 min" when its runs spread
// (the middle half of the fitted runtimes).
std::string UsualDurationText(const Estimate& estimate);

// Suggest mode, for the model: a command line predicted to be slow. `signature` is its dominant
// part's; `several_parts` says that the time is the whole line's (`make && make test`), not that
// part's alone.
std::string BackgroundAdvice(const Signature& signature, const Estimate& estimate,
                             bool several_parts = false);
// Suggest mode, for the user.
std::string SlowCallNotice(const Signature& signature, const Estimate& estimate);

// Auto mode: bgprof moved the call to the background.
std::string MovedContext(const Signature& signature, const Estimate& estimate,
                         bool several_parts = false);
std::string MovedNotice(const Signature& signature, const Estimate& estimate);

// Block mode: bgprof denied the call and asks for it in the background.
std::string DenyReason(const Signature& signature, const Estimate& estimate,
                       bool several_parts = false);
std::string DeniedNotice(const Signature& signature, const Estimate& estimate);

// A background task at launch: how long it usually takes.
std::string LaunchEta(const Signature& signature, const Estimate& estimate);
// A background task polled after `elapsed_ms`: how much longer it is expected to take. Empty
// when it has run past the 90th percentile: bgprof has nothing useful to say then.
std::string PollEta(std::string_view family, int64_t elapsed_ms, const Estimate& estimate);

// A slow call kept in the foreground because `running` background tasks of the session are
// running, the most bgprof lets it start (`max_background`).
std::string TooManyTasksContext(std::string_view family, int64_t running, int64_t max_background);

// A background task the new call depends on, still running after `elapsed_ms`.
struct RunningDependency {
  std::string task_family;  // what runs in the background (`npm install`)
  int64_t elapsed_ms = 0;
  std::optional<int64_t> predicted_ms;  // its usual duration, when known
};
// The call (`family`) depends on background work still running.
std::string WaitsForTaskContext(std::string_view family, const RunningDependency& dependency);

// Stop, for the user: tasks still running as the agent ends its turn, and tasks that ended
// without the agent ever reading their result. Empty when both lists are.
std::string StopReminder(std::span<const std::string> running_families,
                         std::span<const std::string> unread_families);

// A foreground run that took `duration_ms`, over the suggest threshold, unforeseen.
std::string SlowRunNote(std::string_view family, int64_t duration_ms);

// A command family and what bgprof expects of it.
struct FamilyEstimate {
  std::string family;
  Estimate estimate;
};

// SessionStart: the project's known slow families. Empty for an empty list.
std::string KnownSlowContext(std::span<const FamilyEstimate> families);
// UserPromptSubmit: the slow families the prompt asks for. Empty for an empty list.
std::string PromptContext(std::span<const FamilyEstimate> families);

// The body of bgprof's section in a project's CLAUDE.md (`bgprof install --claude-md`): when to
// start a command in the background, how its result comes back, at most `max_background` at
// once, and the project's slow families (none measured yet when `families` is empty).
std::string ClaudeMdSection(std::span<const FamilyEstimate> families, int64_t max_background);

// Several slow Bash calls of one message that do not depend on each other. They run one after
// another, taking `total_ms` in all.
std::string IndependentCallsContext(std::span<const FamilyEstimate> slow, double total_ms);
// Calls of one message of which some must wait for others: one background command, `chain`,
// keeps their order.
std::string DependentCallsContext(std::span<const FamilyEstimate> calls, std::string_view chain);

}  // namespace bgprof

#endif  // BGPROF_PROFILER_LEARNING_ADVICE_H_
