// The `bgprof` command line: subcommands, their options and help, parsed with CLI11.
#ifndef BGPROF_PROFILER_CLI_CLI_H_
#define BGPROF_PROFILER_CLI_CLI_H_

namespace bgprof {

int RunCli(int argc, char** argv);

}  // namespace bgprof

#endif  // BGPROF_PROFILER_CLI_CLI_H_
