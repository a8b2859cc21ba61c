// What a signed command's own words say about its runtime (estimator/command_facts): asks for
// help, sleeps N, runs selected tests, never ends. Found once per part while signing, from the
// command-level key, so that nothing downstream reads command text again.
#ifndef BGPROF_PROFILER_COMMAND_COMMAND_FACTS_H_
#define BGPROF_PROFILER_COMMAND_COMMAND_FACTS_H_

#include <cstdint>
#include <optional>
#include <string_view>

#include "estimator/command_facts.h"

namespace bgprof {

// The facts of a signed command; `command` is its command-level key ("sleep 60",
// "npm run dev -- --port <port>"). `timeout_ms` is left to the signer, which alone sees the
// wrapper; a part it caps ends, whatever `never_ends` says here.
CommandFacts FactsOfCommand(std::string_view program, std::string_view family,
                            std::string_view command);

// "60", "2.5", "90s", "5m", "1h", "1d" as milliseconds: the durations `sleep` and `timeout`
// take (GNU syntax, seconds by default).
std::optional<int64_t> ParseGnuDurationMs(std::string_view text);

}  // namespace bgprof

#endif  // BGPROF_PROFILER_COMMAND_COMMAND_FACTS_H_
