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
#include "profiler/cli/merged_store.h"
#include "profiler/cli/usage_report.h"
#include "profiler/learning/project.h"

namespace bgprof {

int RunStatsCommand(const StatsOptions& options) {
  const int64_t now_ms = absl::ToUnixMillis(absl::Now());
  const std::optional<int64_t> since_ms = SinceMs(options.since, now_ms);
  if (!since_ms.has_value()) return SinceFailure(options.since);
  const std::string project = options.project.empty() ? "" : ProjectOfFolder(options.project);

  // Slow means what the hooks take it to mean, so the user's threshold counts here too.
  absl::StatusOr<Config> config = LoadConfig();
  if (!config.ok()) return CommandFailure(config.status());
  absl::StatusOr<Store> store = OpenStoreWithSpoolMerged();
  if (!store.ok()) return CommandFailure(store.status());
  absl::StatusOr<std::vector<Sample>> samples = store->SamplesSince(*since_ms, project);
  if (!samples.ok()) return CommandFailure(samples.status());
  absl::StatusOr<std::vector<Task>> tasks = store->TasksSince(*since_ms, project);
  if (!tasks.ok()) return CommandFailure(tasks.status());
  absl::StatusOr<std::vector<TelemetryRow>> telemetry = store->TelemetrySince(*since_ms, project);
  if (!telemetry.ok()) return CommandFailure(telemetry.status());

  UsageReport report = ReportUsage(*samples, *tasks, *telemetry, config->thresholds);
  report.since_ms = *since_ms;
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
