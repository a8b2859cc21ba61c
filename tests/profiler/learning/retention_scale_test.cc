// A million varied calls recorded as the hook records them (tests/support/recording_load): the
// database stays under 100 MB and its WAL bounded, and what the agent runs these days is still
// predicted from all it taught.
#include <cstdint>
#include <iostream>
#include <string>

#include "absl/status/statusor.h"
#include "db/retention.h"
#include "db/store.h"
#include "gtest/gtest.h"
#include "profiler/command/signature.h"
#include "profiler/learning/history.h"
#include "tests/support/recording_load.h"
#include "tests/support/scratch_folder.h"

namespace bgprof {
namespace {

constexpr int64_t kMegabyte = 1024 * 1024;
// Samples stored between two measures of the row caps.
constexpr int64_t kSamplesPerCapCheck = kSamplesPerPruneStep * kPruneStepsPerCapCheck;

TEST(RetentionScaleTest, AMillionVariedCallsStayUnder100MegabytesWithABoundedWal) {
  testing::ScratchFolder scratch("bgprof-scale");
  const std::string path = scratch.path() + "/bgprof.db";
  const testing::RecordingLoad load{.calls = 1'000'000};
  absl::StatusOr<testing::RecordingResult> result = testing::RecordVariedCalls(path, load);
  ASSERT_TRUE(result.ok()) << result.status();
  std::cout << "after " << load.calls << " calls: database " << result->database_bytes
            << " bytes, largest WAL " << result->largest_wal_bytes << " bytes (a batch of "
            << load.batch_size << "), WAL after a close " << result->wal_after_close_bytes
            << " bytes; " << result->samples << " samples, " << result->stats_rows
            << " stats rows, " << result->runtimes_rows << " runtimes rows\n";
  EXPECT_LT(result->database_bytes + result->wal_after_close_bytes, 100 * kMegabyte);
  EXPECT_LE(result->samples, kMaxSamples + kSamplesPerCapCheck);
  EXPECT_GT(result->samples, kMaxSamples / 2);
  // Rows run in the last days are never pruned, so the caps may be passed by a week's new keys.
  EXPECT_LE(result->stats_rows, kMaxStatsRows + 40'000);
  EXPECT_LE(result->runtimes_rows, kMaxRuntimesRows + 20'000);
  // A batch of a thousand calls in one transaction: its pages, not the history's.
  EXPECT_LT(result->largest_wal_bytes, 32 * kMegabyte);

  // What the agent runs these days still has all its levels.
  absl::StatusOr<Store> store = Store::Open(path);
  ASSERT_TRUE(store.ok()) << store.status();
  absl::StatusOr<RunStats> family = store->LoadStats({"family", "npm test", ""});
  ASSERT_TRUE(family.ok()) << family.status();
  EXPECT_GT(family->runs, 10'000);
  EXPECT_GE(family->last_seen_ms, result->now_ms - kMsPerDay);
}

// Each call its own transaction and its own open and close, as hook processes are: the WAL a
// close leaves stays under the checkpoint threshold, pruning steps included.
TEST(RetentionScaleTest, TheWalStaysBoundedOverManyHookSizedWrites) {
  testing::ScratchFolder scratch("bgprof-wal");
  const std::string path = scratch.path() + "/bgprof.db";
  absl::StatusOr<testing::RecordingResult> result = testing::RecordVariedCalls(
      path, {.calls = 1000, .batch_size = 1, .step_ms = kMsPerDay / 100});
  ASSERT_TRUE(result.ok()) << result.status();
  std::cout << "WAL after a close at most " << result->wal_after_close_bytes << " bytes, at most "
            << result->largest_wal_bytes << " before\n";
  EXPECT_LT(result->wal_after_close_bytes, 2 * kMegabyte);
  EXPECT_LT(result->largest_wal_bytes, 2 * kMegabyte);
}

}  // namespace
}  // namespace bgprof
