// `bgprof top`: the kinds of command that cost the most waiting, slowest first, grouped by
// family (`npm test`) or, to drill down, by command (`npm test -- --ci`).
#ifndef BGPROF_PROFILER_CLI_TOP_COMMAND_H_
#define BGPROF_PROFILER_CLI_TOP_COMMAND_H_

#include <cstdint>
#include <string>
#include <vector>

#include "db/store.h"

namespace bgprof {

struct TopOptions {
  bool json = false;
  int limit = 10;
  bool all_projects = false;
  std::string project_folder;  // the project this folder belongs to, not the working folder's
  std::string since = "all";   // <N>d, <N>h, <N>m or all
  Grouping by = Grouping::kFamily;
};

struct RunSummary {
  std::string key;  // the family or the command
  int64_t runs = 0;
  int64_t median_ms = 0;
  int64_t p90_ms = 0;
  int64_t last_seen_ms = 0;
};

// Nearest-rank percentiles of each group's runs, slowest median first, at most `limit` rows.
std::vector<RunSummary> SummarizeRuns(const std::vector<GroupRuns>& groups, int limit);

// Cells of the bar beside each median in `bgprof top`.
inline constexpr int kBarWidth = 20;

// A bar of Unicode block characters, `width` cells for the longest median and in proportion for
// the others, to an eighth of a cell; at least an eighth for any median above 0.
std::string MedianBar(int64_t median_ms, int64_t longest_median_ms, int width);

// The same from each group's runtimes in buckets (what `top` reads without --since).
std::vector<RunSummary> SummarizeRuntimes(const std::vector<KeyedRuntimes>& groups, int limit);

int RunTopCommand(const TopOptions& options);

}  // namespace bgprof

#endif  // BGPROF_PROFILER_CLI_TOP_COMMAND_H_
