#include "profiler/cli/stats_command.h"

#include <algorithm>
#include <cstdint>
#include <iostream>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "absl/strings/ascii.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "db/store.h"
#include "profiler/base/config.h"
#include "profiler/cli/cli.h"
#include "profiler/cli/usage_report.h"
#include "profiler/learning/project.h"

namespace bgprof {
namespace {

// How far back `--since` reaches, in ms; 0 for `all`; nullopt for anything but <N>d, <N>h, <N>m
// or all.
std::optional<int64_t> WindowMs(std::string_view since) {
  if (since == "all") return 0;
  if (since.size() < 2) return std::nullopt;
  int64_t unit_ms = 0;
  switch (since.back()) {
    case 'd':
      unit_ms = 24 * 3600 * 1000;
      break;
    case 'h':
      unit_ms = 3600 * 1000;
      break;
    case 'm':
      unit_ms = 60 * 1000;
      break;
    default:
      return std::nullopt;
  }
  const std::string_view digits = since.substr(0, since.size() - 1);
  if (!std::all_of(digits.begin(), digits.end(), [](char c) { return absl::ascii_isdigit(c); })) {
    return std::nullopt;
  }
  int64_t count = 0;
  for (char c : digits) {
    count = count * 10 + (c - '0');
    // Past a few thousand years every row is in: no need to go on (or to overflow).
    if (count > std::numeric_limits<int64_t>::max() / (10 * unit_ms)) return 0;
  }
  if (count == 0) return std::nullopt;
  return count * unit_ms;
}

}  // namespace

int RunStatsCommand(const StatsOptions& options) {
  const std::optional<int64_t> window_ms = WindowMs(options.since);
  if (!window_ms.has_value()) {
    return CommandFailure("--since takes <N>d, <N>h, <N>m or all, not \"" + options.since + "\"",
                          2);
  }
  const int64_t now_ms = absl::ToUnixMillis(absl::Now());
  const int64_t since_ms = *window_ms == 0 ? 0 : std::max<int64_t>(0, now_ms - *window_ms);
  const std::string project = options.project.empty() ? "" : ProjectOfFolder(options.project);

  // Slow means what the hooks take it to mean, so the user's threshold counts here too.
  absl::StatusOr<Config> config = LoadConfig();
  if (!config.ok()) return CommandFailure(config.status());
  absl::StatusOr<Store> store = Store::OpenDefault();
  if (!store.ok()) return CommandFailure(store.status());
  absl::StatusOr<std::vector<Sample>> samples = store->SamplesSince(since_ms, project);
  if (!samples.ok()) return CommandFailure(samples.status());
  absl::StatusOr<std::vector<Task>> tasks = store->TasksSince(since_ms, project);
  if (!tasks.ok()) return CommandFailure(tasks.status());
  absl::StatusOr<std::vector<TelemetryRow>> telemetry = store->TelemetrySince(since_ms, project);
  if (!telemetry.ok()) return CommandFailure(telemetry.status());

  UsageReport report = ReportUsage(*samples, *tasks, *telemetry, config->thresholds);
  report.since_ms = since_ms;
  report.project = project;
  if (options.json) {
    std::cout << UsageJson(report).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
              << "\n";
    return 0;
  }
  std::cout << UsageTable(report);
  return 0;
}

}  // namespace bgprof
