#include "profiler/top_command.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "profiler/duration_text.h"
#include "profiler/project.h"

namespace bgprof {
namespace {

// Nearest-rank percentile of ascending values.
int64_t Percentile(const std::vector<int64_t>& sorted, double fraction) {
  const auto rank = static_cast<size_t>(std::ceil(fraction * static_cast<double>(sorted.size())));
  return sorted[std::clamp<size_t>(rank, 1, sorted.size()) - 1];
}

std::string AgoText(int64_t then_ms, int64_t now_ms) {
  const int64_t seconds = std::max<int64_t>(0, (now_ms - then_ms) / 1000);
  if (seconds < 60) return "just now";
  if (seconds < 3600) return absl::StrCat(seconds / 60, " min ago");
  if (seconds < 86400) return absl::StrCat(seconds / 3600, " h ago");
  return absl::StrCat(seconds / 86400, " d ago");
}

void PrintTable(const std::vector<FamilySummary>& rows, int64_t now_ms) {
  size_t width = std::string_view("FAMILY").size();
  for (const FamilySummary& row : rows) width = std::max(width, row.family.size());
  const int column = static_cast<int>(std::min<size_t>(width, 60));
  std::cout << absl::StrFormat("%-*s  %6s  %9s  %9s  %s\n", column, "FAMILY", "RUNS", "MEDIAN",
                               "P90", "LAST SEEN");
  for (const FamilySummary& row : rows) {
    std::cout << absl::StrFormat("%-*s  %6d  %9s  %9s  %s\n", column, row.family, row.runs,
                                 DurationText(static_cast<double>(row.median_ms)),
                                 DurationText(static_cast<double>(row.p90_ms)),
                                 AgoText(row.last_seen_ms, now_ms));
  }
}

}  // namespace

std::vector<FamilySummary> SummarizeFamilies(const std::vector<FamilyRuns>& families, int limit) {
  std::vector<FamilySummary> rows;
  for (const FamilyRuns& family : families) {
    if (family.durations_ms.empty()) continue;
    rows.push_back(FamilySummary{.family = family.family,
                                 .runs = static_cast<int64_t>(family.durations_ms.size()),
                                 .median_ms = Percentile(family.durations_ms, 0.5),
                                 .p90_ms = Percentile(family.durations_ms, 0.9),
                                 .last_seen_ms = family.last_seen_ms});
  }
  std::sort(rows.begin(), rows.end(), [](const FamilySummary& a, const FamilySummary& b) {
    return a.median_ms != b.median_ms ? a.median_ms > b.median_ms : a.family < b.family;
  });
  if (limit >= 0 && rows.size() > static_cast<size_t>(limit)) rows.resize(limit);
  return rows;
}

int RunTopCommand(const TopOptions& options) {
  absl::StatusOr<Store> store = Store::OpenDefault();
  if (!store.ok()) {
    std::cerr << "bgprof: " << store.status().message() << "\n";
    return 1;
  }
  std::optional<std::string> project;
  if (!options.all_projects) {
    project =
        ProjectOf(std::filesystem::current_path().string(), std::getenv("CLAUDE_PROJECT_DIR"));
  }
  absl::StatusOr<std::vector<FamilyRuns>> families = store->CompleteRunsByFamily(project);
  if (!families.ok()) {
    std::cerr << "bgprof: " << families.status().message() << "\n";
    return 1;
  }
  const std::vector<FamilySummary> rows = SummarizeFamilies(*families, options.limit);
  const int64_t now_ms = absl::ToUnixMillis(absl::Now());
  if (options.json) {
    nlohmann::json out = nlohmann::json::array();
    for (const FamilySummary& row : rows) {
      out.push_back({{"family", row.family},
                     {"runs", row.runs},
                     {"median_ms", row.median_ms},
                     {"p90_ms", row.p90_ms},
                     {"last_seen_ms", row.last_seen_ms}});
    }
    std::cout << out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    return 0;
  }
  if (rows.empty()) {
    std::cout << "No runs recorded yet"
              << (project.has_value() ? absl::StrCat(" in ", *project) : std::string())
              << ". bgprof learns from every Bash call Claude Code makes"
              << (project.has_value() ? "; --all-projects shows every project.\n" : ".\n");
    return 0;
  }
  PrintTable(rows, now_ms);
  return 0;
}

}  // namespace bgprof
