// Priors that read a command's arguments, for what a table of families cannot know: `sleep 60`
// takes a minute, `--help` is instant whatever the program, one selected test takes seconds, and
// a dev server never ends.
#ifndef BGPROF_ESTIMATOR_ARGUMENT_PRIORS_H_
#define BGPROF_ESTIMATOR_ARGUMENT_PRIORS_H_

#include <cstdint>
#include <optional>
#include <string_view>

#include "estimator/priors.h"

namespace bgprof {

// The prior the arguments of a signed command imply, if any; `command` is the command-level key
// ("sleep 60", "npm run dev -- --port <port>").
std::optional<Prior> ArgumentPrior(std::string_view program, std::string_view family,
                                   std::string_view command);

// "60", "2.5", "90s", "5m", "1h", "1d" as milliseconds: the durations `sleep` and `timeout`
// take (GNU syntax, seconds by default).
std::optional<int64_t> ParseGnuDurationMs(std::string_view text);

// The Bash tool's default timeout. An agent that asks for more expects a long command: in the
// shared traces 81 % of such calls ran over 5 s, against 14 % of calls with no timeout.
inline constexpr int64_t kDefaultToolTimeoutMs = 120'000;

// The prior implied by the timeout the agent asked for, when it asked for more than the
// default.
std::optional<Prior> RequestedTimeoutPrior(std::optional<int64_t> requested_timeout_ms);

// Whether a test run is narrowed to named tests (`pytest tests/a.py::test_b`, `pytest -k login`,
// `go test -run TestX`, `jest -t name`, `mix test test/a_test.exs:12`): a few tests take seconds
// where the whole suite of the same family takes minutes, so such runs are learned apart from
// the family's full runs and start from a prior of their own. `command` is the command-level key.
bool SelectsTests(std::string_view program, std::string_view family, std::string_view command);

// Whether a command runs until stopped (`npm run dev`, `vite`, `rails server`,
// `python -m http.server`, `docker compose up` without -d): it always deserves the background.
bool NeverEnds(std::string_view program, std::string_view family, std::string_view command);

}  // namespace bgprof

#endif  // BGPROF_ESTIMATOR_ARGUMENT_PRIORS_H_
