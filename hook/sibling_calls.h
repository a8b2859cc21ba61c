// The other Bash calls the model issued in the same message as this one, read from the tail of
// the session's transcript (at the first call's PreToolUse it already holds every call of the
// message). Claude Code runs calls that write one after another, so slow siblings add up: bgprof
// can move each to the background when they are independent, or advise one background command
// when some must wait for others.
#ifndef BGPROF_HOOK_SIBLING_CALLS_H_
#define BGPROF_HOOK_SIBLING_CALLS_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "db/store.h"
#include "estimator/estimate.h"
#include "hook/protocol/event.h"
#include "profiler/command/signature.h"

namespace bgprof {

struct SiblingCall {
  std::string command;  // redacted
  CommandLine line;
  Estimate estimate;
  bool slow = false;  // predicted slow (Decide says suggest) and run in the foreground
};

struct SiblingCalls {
  std::vector<SiblingCall> calls;  // the message's Bash calls in order; empty when alone or unknown
  size_t self = 0;                 // this call's place among them
  // waits[j][i]: call j must wait for call i (i < j), from profiler/command/work_kind.
  std::vector<std::vector<bool>> waits;

  size_t SlowCount() const;
  // Whether a later call of the message must wait for this one: moving this one away would let
  // that call start too early.
  bool LaterCallWaitsForSelf() const;
  // Whether this call is one of two or more slow calls of which none waits for another.
  bool SelfInIndependentSlowGroup() const;
  // Which calls a wait ties to a slow call (either side of it): those must keep their order.
  std::vector<bool> TiedToSlowCalls() const;
  // What to tell the model at the message's first call, or "" when there is nothing to say.
  // `name_independent` asks for the text naming independent slow calls (suggest mode; auto and
  // block act on each call instead).
  std::string FirstCallContext(bool name_independent) const;
};

// How much of the transcript's end is read: first a little, as the calls of the message just
// issued are at its very end; more when they are not all in it (the results of the message's
// earlier calls, written since, can be long); never the whole file.
inline constexpr size_t kTranscriptFirstTailBytes = 32 * 1024;
inline constexpr size_t kTranscriptTailBytes = 256 * 1024;

// A message with more Bash calls than this is read as odd: no agent issues that many at once, and
// each would be predicted and paired with every other.
inline constexpr size_t kMaxSiblingCalls = 16;

// The Bash calls of the message that issued `event` (a Bash PreToolUse), each predicted (all in
// one read transaction); `self` is this call, already predicted. Empty (never an error) when the
// transcript is missing, late or odd, or the call is alone.
SiblingCalls FindSiblingCalls(Store& store, const HookEvent& event, const SiblingCall& self,
                              std::string_view project, const Thresholds& thresholds);

}  // namespace bgprof

#endif  // BGPROF_HOOK_SIBLING_CALLS_H_
