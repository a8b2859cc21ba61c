// The `bgprof` command line: subcommands, their options and help, parsed with CLI11.
#ifndef BGPROF_PROFILER_CLI_CLI_H_
#define BGPROF_PROFILER_CLI_CLI_H_

#include <cstdint>
#include <optional>
#include <string_view>

#include "absl/status/status.h"

namespace bgprof {

int RunCli(int argc, char** argv);

// How every command fails: "bgprof: <message>" as one line on stderr. Returns `exit_code`.
int CommandFailure(std::string_view message, int exit_code = 1);
int CommandFailure(const absl::Status& status);

// The moment `--since` (<N>d, <N>h, <N>m or all) reaches back to from `now_ms`, in unix ms: 0
// for all; nullopt when it is none of these. SinceFailure reports a bad value.
std::optional<int64_t> SinceMs(std::string_view since, int64_t now_ms);
int SinceFailure(std::string_view since);

}  // namespace bgprof

#endif  // BGPROF_PROFILER_CLI_CLI_H_
