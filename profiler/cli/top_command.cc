#include "profiler/cli/top_command.h"

#include <algorithm>
#include <cmath>
#include <iostream>

#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "profiler/base/duration_text.h"
#include "profiler/cli/cli.h"
#include "profiler/cli/merged_store.h"
#include "profiler/learning/project.h"

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

// Cells a bar of MedianBar takes on screen: each of its characters is 3 bytes of UTF-8.
int BarCells(const std::string& bar) { return static_cast<int>(bar.size() / 3); }

std::string_view GroupName(Grouping by) { return by == Grouping::kFamily ? "family" : "command"; }

void PrintTable(const std::vector<RunSummary>& rows, Grouping by, int64_t now_ms) {
  const std::string heading = by == Grouping::kFamily ? "FAMILY" : "COMMAND";
  size_t width = heading.size();
  int64_t longest_median = 0;
  for (const RunSummary& row : rows) {
    width = std::max(width, row.key.size());
    longest_median = std::max(longest_median, row.median_ms);
  }
  const int column = static_cast<int>(std::min<size_t>(width, 60));
  std::cout << absl::StrFormat("%-*s  %6s  %9s  %-*s  %9s  %s\n", column, heading, "RUNS", "MEDIAN",
                               kBarWidth, "", "P90", "LAST SEEN");
  for (const RunSummary& row : rows) {
    // The bar's cells are multibyte: padded by hand, as printf pads bytes.
    const std::string bar = MedianBar(row.median_ms, longest_median, kBarWidth);
    std::cout << absl::StrFormat("%-*s  %6d  %9s  ", column, row.key, row.runs,
                                 DurationText(static_cast<double>(row.median_ms)))
              << bar << std::string(static_cast<size_t>(kBarWidth - BarCells(bar)), ' ')
              << absl::StrFormat("  %9s  %s\n", DurationText(static_cast<double>(row.p90_ms)),
                                 AgoText(row.last_seen_ms, now_ms));
  }
}

// Slowest median first, at most `limit`.
std::vector<RunSummary> SlowestFirst(std::vector<RunSummary> rows, int limit) {
  std::sort(rows.begin(), rows.end(), [](const RunSummary& a, const RunSummary& b) {
    return a.median_ms != b.median_ms ? a.median_ms > b.median_ms : a.key < b.key;
  });
  if (limit >= 0 && rows.size() > static_cast<size_t>(limit)) rows.resize(limit);
  return rows;
}

}  // namespace

std::vector<RunSummary> SummarizeRuns(const std::vector<GroupRuns>& groups, int limit) {
  std::vector<RunSummary> rows;
  for (const GroupRuns& group : groups) {
    if (group.durations_ms.empty()) continue;
    rows.push_back(RunSummary{.key = group.key,
                              .runs = static_cast<int64_t>(group.durations_ms.size()),
                              .median_ms = Percentile(group.durations_ms, 0.5),
                              .p90_ms = Percentile(group.durations_ms, 0.9),
                              .last_seen_ms = group.last_seen_ms});
  }
  return SlowestFirst(std::move(rows), limit);
}

std::vector<RunSummary> SummarizeRuntimes(const std::vector<KeyedRuntimes>& groups, int limit) {
  std::vector<RunSummary> rows;
  for (const KeyedRuntimes& group : groups) {
    const int64_t runs = RunCount(group.runtimes);
    if (runs == 0) continue;
    rows.push_back(RunSummary{.key = group.key,
                              .runs = runs,
                              .median_ms = PercentileMs(group.runtimes, 0.5),
                              .p90_ms = PercentileMs(group.runtimes, 0.9),
                              .last_seen_ms = group.runtimes.last_seen_ms});
  }
  return SlowestFirst(std::move(rows), limit);
}

std::string MedianBar(int64_t median_ms, int64_t longest_median_ms, int width) {
  if (median_ms <= 0 || longest_median_ms <= 0 || width <= 0) return std::string();
  // Eighths of a cell, so that close medians still differ; a run at all shows at least one.
  static constexpr const char* kEighths[] = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"};
  const double fraction =
      std::min(1.0, static_cast<double>(median_ms) / static_cast<double>(longest_median_ms));
  const int eighths = std::max(1, static_cast<int>(std::lround(fraction * width * 8)));
  std::string bar;
  for (int full = 0; full < eighths / 8; ++full) bar += "█";
  bar += kEighths[eighths % 8];
  return bar;
}

int RunTopCommand(const TopOptions& options) {
  const int64_t now_ms = absl::ToUnixMillis(absl::Now());
  const std::optional<int64_t> since_ms = SinceMs(options.since, now_ms);
  if (!since_ms.has_value()) return SinceFailure(options.since);
  absl::StatusOr<Store> store = OpenStoreWithSpoolMerged();
  if (!store.ok()) return CommandFailure(store.status());
  std::optional<std::string> project;
  if (!options.all_projects && !options.project_folder.empty()) {
    project = ProjectOfFolder(options.project_folder);
  } else if (!options.all_projects) {
    absl::StatusOr<std::string> here = ProjectOfWorkingFolder();
    if (!here.ok()) {
      return CommandFailure(std::string(here.status().message()) +
                            ": name a folder with --project, or use --all-projects");
    }
    project = *std::move(here);
  }
  // The whole history is one row per family and project (its runtimes in buckets); a period
  // needs its samples, read through their time index.
  std::vector<RunSummary> rows;
  if (*since_ms == 0) {
    absl::StatusOr<std::vector<KeyedRuntimes>> groups = store->RuntimesOf(options.by, project);
    if (!groups.ok()) return CommandFailure(groups.status());
    rows = SummarizeRuntimes(*groups, options.limit);
  } else {
    absl::StatusOr<std::vector<GroupRuns>> groups =
        store->CompleteRuns(options.by, project, *since_ms);
    if (!groups.ok()) return CommandFailure(groups.status());
    rows = SummarizeRuns(*groups, options.limit);
  }
  if (options.json) {
    nlohmann::json out = nlohmann::json::array();
    for (const RunSummary& row : rows) {
      out.push_back({{std::string(GroupName(options.by)), row.key},
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
  PrintTable(rows, options.by, now_ms);
  return 0;
}

}  // namespace bgprof
