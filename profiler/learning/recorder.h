// Turns the hook event of a finished Bash call into the sample bgprof stores: how the call ended
// (complete, failed, interrupted, moved to the background) and which duration it really measured.
#ifndef BGPROF_PROFILER_LEARNING_RECORDER_H_
#define BGPROF_PROFILER_LEARNING_RECORDER_H_

#include <cstdint>
#include <optional>
#include <string>

#include "db/store.h"
#include "hook/protocol/event.h"

namespace bgprof {

// How a PostToolUse / PostToolUseFailure event for Bash ended.
Outcome OutcomeOf(const HookEvent& event);

// The sample for a PostToolUse / PostToolUseFailure Bash event, or nothing when the event is not
// one. `started_ms` is when its PreToolUse arrived (if seen): the duration falls back on it when
// the client sends no `duration_ms`.
std::optional<Sample> SampleFromEvent(const HookEvent& event, const std::string& project,
                                      int64_t now_ms, std::optional<int64_t> started_ms);

}  // namespace bgprof

#endif  // BGPROF_PROFILER_LEARNING_RECORDER_H_
