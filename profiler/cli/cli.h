// The `bgprof` command line: subcommands, their options and help, parsed with CLI11.
#ifndef BGPROF_PROFILER_CLI_CLI_H_
#define BGPROF_PROFILER_CLI_CLI_H_

#include <string_view>

#include "absl/status/status.h"

namespace bgprof {

int RunCli(int argc, char** argv);

// How every command fails: "bgprof: <message>" as one line on stderr. Returns `exit_code`.
int CommandFailure(std::string_view message, int exit_code = 1);
int CommandFailure(const absl::Status& status);

}  // namespace bgprof

#endif  // BGPROF_PROFILER_CLI_CLI_H_
