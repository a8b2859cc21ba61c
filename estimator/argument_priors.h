// Priors that a command's own words imply, for what a table of families cannot know: `sleep 60`
// takes a minute, `--help` is instant whatever the program, one selected test takes seconds, a
// dev server never ends, and an agent asking for a long timeout expects a long command.
#ifndef BGPROF_ESTIMATOR_ARGUMENT_PRIORS_H_
#define BGPROF_ESTIMATOR_ARGUMENT_PRIORS_H_

#include <cstdint>
#include <optional>

#include "estimator/command_facts.h"
#include "estimator/prior.h"

namespace bgprof {

// The prior the facts of a signed command imply, if any.
std::optional<Prior> ArgumentPrior(const CommandFacts& facts);

// The Bash tool's default timeout. An agent that asks for more expects a long command: in the
// shared traces 81 % of such calls ran over 5 s, against 14 % of calls with no timeout.
inline constexpr int64_t kDefaultToolTimeoutMs = 120'000;

// The prior implied by the timeout the agent asked for, when it asked for more than the
// default.
std::optional<Prior> RequestedTimeoutPrior(std::optional<int64_t> requested_timeout_ms);

}  // namespace bgprof

#endif  // BGPROF_ESTIMATOR_ARGUMENT_PRIORS_H_
