#include "profiler/learning/known_slow.h"

#include <algorithm>

#include "profiler/command/signature.h"
#include "profiler/learning/history.h"

namespace bgprof {

absl::StatusOr<std::vector<FamilyEstimate>> KnownSlowFamilies(Store& store,
                                                              std::string_view project,
                                                              const Thresholds& thresholds,
                                                              size_t limit) {
  absl::StatusOr<std::vector<KeyedStats>> rows = store.StatsOfProject("family", project);
  if (!rows.ok()) return rows.status();
  std::vector<FamilyEstimate> slow;
  for (const KeyedStats& row : *rows) {
    if (row.stats.runs <= 0 || row.key.ends_with(kSelectedTestsSuffix)) continue;
    const Evidence evidence{.level = Source::kFamily, .this_project = true, .stats = row.stats};
    Estimate estimate = EstimateRuntime(std::span(&evidence, 1), std::nullopt);
    estimate.never_ends = SignatureOf(row.key).facts.never_ends;
    if (Decide(estimate, thresholds) != Decision::kSuggest) continue;
    slow.push_back(FamilyEstimate{.family = row.key, .estimate = estimate});
  }
  auto waiting = [](const FamilyEstimate& entry) {
    return entry.estimate.median_ms.value_or(0) * static_cast<double>(entry.estimate.runs);
  };
  std::sort(slow.begin(), slow.end(), [&](const FamilyEstimate& a, const FamilyEstimate& b) {
    return waiting(a) != waiting(b) ? waiting(a) > waiting(b) : a.family < b.family;
  });
  if (slow.size() > limit) slow.resize(limit);
  return slow;
}

}  // namespace bgprof
