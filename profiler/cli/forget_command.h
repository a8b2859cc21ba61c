// `bgprof forget PATTERN`: drops what bgprof learned of the commands a glob names (a mistake, a
// one-off, a command whose runtime changed for good), in every project, so that they are
// predicted afresh.
#ifndef BGPROF_PROFILER_CLI_FORGET_COMMAND_H_
#define BGPROF_PROFILER_CLI_FORGET_COMMAND_H_

#include <string>

#include "db/store.h"

namespace bgprof {

struct ForgetOptions {
  std::string pattern;  // a glob over family and command keys: 'npm test', 'make*'
  bool dry_run = false;
};

// The one line `bgprof forget` prints: how many samples and statistics rows went (or would go),
// of which families, and the programs whose statistics stay.
std::string ForgetSummary(const Store::ForgetCounts& counts, bool dry_run);

int RunForgetCommand(const ForgetOptions& options);

}  // namespace bgprof

#endif  // BGPROF_PROFILER_CLI_FORGET_COMMAND_H_
