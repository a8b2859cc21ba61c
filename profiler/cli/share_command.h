// `bgprof export [FILE]` and `bgprof import FILE`: a team shares what bgprof learned of command
// families and programs (the file is profiler/cli/shared_priors), so that a new machine predicts
// `cargo build` from a teammate's runs rather than from a built-in guess.
#ifndef BGPROF_PROFILER_CLI_SHARE_COMMAND_H_
#define BGPROF_PROFILER_CLI_SHARE_COMMAND_H_

#include <string>

namespace bgprof {

struct ExportOptions {
  std::string path;  // empty: stdout
};

struct ImportOptions {
  std::string path;
};

// Writes the family and program statistics of every project; what may not leave the machine is
// left out and counted on stderr.
int RunExportCommand(const ExportOptions& options);

// Checks the whole file, then merges it in one transaction (Store::ImportStats): keys this
// machine ran keep their own statistics.
int RunImportCommand(const ImportOptions& options);

}  // namespace bgprof

#endif  // BGPROF_PROFILER_CLI_SHARE_COMMAND_H_
