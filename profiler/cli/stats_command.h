// `bgprof stats`: what bgprof did over a period and what came of it (usage_report), for one
// project or every project.
#ifndef BGPROF_PROFILER_CLI_STATS_COMMAND_H_
#define BGPROF_PROFILER_CLI_STATS_COMMAND_H_

#include <string>

namespace bgprof {

struct StatsOptions {
  bool json = false;
  std::string since = "7d";  // <N>d, <N>h, <N>m or all
  std::string project;       // a folder of the project; empty for every project
};

int RunStatsCommand(const StatsOptions& options);

}  // namespace bgprof

#endif  // BGPROF_PROFILER_CLI_STATS_COMMAND_H_
