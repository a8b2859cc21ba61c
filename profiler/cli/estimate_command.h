// `bgprof estimate`: the prediction for one command, as the hook would make it. The --json form
// is a public contract read by scripts; fields are only ever added.
#ifndef BGPROF_PROFILER_CLI_ESTIMATE_COMMAND_H_
#define BGPROF_PROFILER_CLI_ESTIMATE_COMMAND_H_

#include <string>

namespace bgprof {

struct EstimateOptions {
  std::string command;
  std::string cwd;  // empty: the current directory, with CLAUDE_PROJECT_DIR honoured
  bool json = false;
};

int RunEstimateCommand(const EstimateOptions& options);

}  // namespace bgprof

#endif  // BGPROF_PROFILER_CLI_ESTIMATE_COMMAND_H_
