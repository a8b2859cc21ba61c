// `bgprof top`: the command families that cost the most waiting, slowest first.
#ifndef BGPROF_PROFILER_TOP_COMMAND_H_
#define BGPROF_PROFILER_TOP_COMMAND_H_

#include <cstdint>
#include <string>
#include <vector>

#include "db/store.h"

namespace bgprof {

struct TopOptions {
  bool json = false;
  int limit = 10;
  bool all_projects = false;
};

struct FamilySummary {
  std::string family;
  int64_t runs = 0;
  int64_t median_ms = 0;
  int64_t p90_ms = 0;
  int64_t last_seen_ms = 0;
};

// Nearest-rank percentiles of each family's runs, slowest median first, at most `limit` rows.
std::vector<FamilySummary> SummarizeFamilies(const std::vector<FamilyRuns>& families, int limit);

int RunTopCommand(const TopOptions& options);

}  // namespace bgprof

#endif  // BGPROF_PROFILER_TOP_COMMAND_H_
