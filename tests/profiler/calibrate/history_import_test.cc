#include "profiler/calibrate/history_import.h"

#include <optional>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "db/retention.h"
#include "profiler/command/signature.h"
#include "profiler/learning/history.h"
#include "tests/support/scratch_folder.h"

namespace bgprof {
namespace {

using ::testing::ElementsAre;
using ::testing::Pair;

class HistoryImportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<Store> store = Store::Open(scratch_.path() + "/bgprof.db");
    ASSERT_TRUE(store.ok()) << store.status();
    store_.emplace(std::move(*store));
  }
  static HistoryRun Run(std::string source, std::string key, std::string command,
                        std::optional<int64_t> duration_ms, int64_t started_ms = 1000,
                        std::string cwd = "") {
    return HistoryRun{.source = std::move(source),
                      .key = std::move(key),
                      .started_ms = started_ms,
                      .duration_ms = duration_ms,
                      .command = std::move(command),
                      .cwd = std::move(cwd)};
  }
  std::map<std::string, HistoryImportCounts> Import(std::vector<HistoryRun> runs,
                                                    HistoryImportOptions options = {}) {
    absl::StatusOr<std::map<std::string, HistoryImportCounts>> counts =
        ImportRuns(*store_, std::move(runs), options);
    EXPECT_TRUE(counts.ok()) << counts.status();
    return counts.ok() ? *counts : std::map<std::string, HistoryImportCounts>{};
  }
  Estimate Predict(const std::string& command, const std::string& project) {
    absl::StatusOr<Estimate> estimate = PredictRuntime(*store_, SignatureOf(command), project);
    EXPECT_TRUE(estimate.ok()) << estimate.status();
    return *estimate;
  }
  testing::ScratchFolder scratch_{"bgprof-import"};
  std::optional<Store> store_;
};

TEST_F(HistoryImportTest, TimedRunsTeachTheFamilyEverywhereAndUntimedOnesAreKept) {
  auto counts = Import({Run("zsh", "1:a", "cargo build --release", 40500, 1000),
                        Run("zsh", "2:a", "cargo build --release", 39500, 2000),
                        Run("zsh", "3:a", "cargo build --release", 41500, 3000),
                        Run("bash", "n0:b", "cargo build", std::nullopt)});
  EXPECT_EQ(counts["zsh"].imported, 3);
  EXPECT_EQ(counts["zsh"].timed, 3);
  EXPECT_EQ(counts["bash"].imported, 1);
  EXPECT_EQ(counts["bash"].timed, 0);
  EXPECT_EQ(*store_->SampleCount(), 4);
  // No folder: the family everywhere, which a project never seen borrows.
  const Estimate estimate = Predict("cargo build --release", "/new/project");
  EXPECT_EQ(estimate.source, Source::kFamily);
  EXPECT_EQ(estimate.runs, 3);
  EXPECT_NEAR(*estimate.median_ms, 40500, 2000);
}

TEST_F(HistoryImportTest, ImportingTwiceStoresAndTeachesOnce) {
  const std::vector<HistoryRun> runs = {Run("zsh", "1:a", "make", 30000),
                                        Run("zsh", "2:a", "make", 30000)};
  Import(runs);
  auto again = Import(runs);
  EXPECT_EQ(again["zsh"].imported, 0);
  EXPECT_THAT(again["zsh"].skipped, ElementsAre(Pair("already imported", 2)));
  EXPECT_EQ(*store_->SampleCount(), 2);
  EXPECT_EQ(store_->LoadStats({"family", "make", ""})->runs, 2);
  EXPECT_EQ(RunCount(*store_->LoadRuntimes(Grouping::kFamily, "make", "")), 2);
}

TEST_F(HistoryImportTest, ACallTheHookRecordedIsNotImportedFromItsTranscript) {
  ASSERT_TRUE(RecordSample(*store_, Sample{.at_ms = 5000,
                                           .project = "/p",
                                           .command = "npm test",
                                           .program = "npm",
                                           .family = "npm test",
                                           .signature = "npm test",
                                           .tool_use_id = "toolu_1",
                                           .duration_ms = 9000})
                  .ok());
  HistoryRun seen = Run("claude", "toolu_1", "npm test", 9100, 1000, "/p");
  seen.tool_use_id = "toolu_1";
  HistoryRun unseen = Run("claude", "toolu_2", "npm test", 9300, 2000, "/p");
  unseen.tool_use_id = "toolu_2";
  auto counts = Import({seen, unseen});
  EXPECT_EQ(counts["claude"].imported, 1);
  EXPECT_THAT(counts["claude"].skipped, ElementsAre(Pair("recorded by the hook", 1)));
  EXPECT_EQ(store_->LoadStats({"command", "npm test", "/p"})->runs, 2);
}

TEST_F(HistoryImportTest, ADryRunStoresNothing) {
  auto counts = Import({Run("zsh", "1:a", "make", 30000)}, {.dry_run = true});
  EXPECT_EQ(counts["zsh"].imported, 1);
  EXPECT_EQ(*store_->SampleCount(), 0);
  EXPECT_EQ(store_->LoadStats({"family", "make", ""})->runs, 0);
}

TEST_F(HistoryImportTest, BatchesLearnAsOneTransactionDoes) {
  std::vector<HistoryRun> runs;
  for (int i = 0; i < 25; ++i) {
    runs.push_back(Run("atuin", "id" + std::to_string(i), "pytest tests", 5000 + 100 * i, 1000 * i,
                       scratch_.path()));
  }
  std::vector<std::pair<size_t, size_t>> progress;
  Import(runs, {.batch_size = 4, .progress = [&](size_t done, size_t total) {
                  progress.emplace_back(done, total);
                }});
  ASSERT_EQ(progress.size(), 7u);
  EXPECT_EQ(progress.back(), std::make_pair(size_t{25}, size_t{25}));
  // The same runs in one transaction, in a second database.
  absl::StatusOr<Store> single = Store::Open(scratch_.path() + "/single.db");
  ASSERT_TRUE(single.ok());
  ASSERT_TRUE(ImportRuns(*single, runs, {.batch_size = 1000}).ok());
  const StatsKey family = FamilyKeyHere(SignatureOf("pytest tests"), scratch_.path());
  const RunStats batched = *store_->LoadStats(family);
  const RunStats whole = *single->LoadStats(family);
  EXPECT_EQ(batched.runs, 25);
  EXPECT_EQ(batched.runs, whole.runs);
  EXPECT_DOUBLE_EQ(batched.mean_log_ms, whole.mean_log_ms);
  EXPECT_EQ(batched.recent_ms, whole.recent_ms);
}

TEST_F(HistoryImportTest, RunsAreLearnedOldestFirstAndSecretsNeverStored) {
  // Given newest first, as a reader may hand them: the latest runs are the recent ones.
  Import({Run("atuin", "b", "curl -H 'Authorization: Bearer sk-abc123secret' https://x", 800, 9000),
          Run("atuin", "a", "make", 1000, 1000), Run("atuin", "c", "make", 60000, 5000)});
  const RunStats stats = *store_->LoadStats({"family", "make", ""});
  EXPECT_THAT(stats.recent_ms, ElementsAre(1000, 60000));
  absl::StatusOr<std::vector<Sample>> samples = store_->SamplesSince(0, "");
  ASSERT_TRUE(samples.ok());
  EXPECT_TRUE(samples->empty());  // imported runs are not bgprof's calls: `stats` skips them
  absl::StatusOr<std::vector<KeyedRuntimes>> families =
      store_->RuntimesOf(Grouping::kCommand, std::string(""));
  ASSERT_TRUE(families.ok());
  for (const KeyedRuntimes& family : *families) {
    EXPECT_EQ(family.key.find("sk-abc123secret"), std::string::npos) << family.key;
  }
}

}  // namespace
}  // namespace bgprof

namespace bgprof {
namespace {

TEST_F(HistoryImportTest, ImportingAgainAfterPruningCountsNothingTwice) {
  const int64_t now_ms = absl::ToUnixMillis(absl::Now());
  const int64_t old_ms = now_ms - (kSampleRetentionDays + 10) * kMsPerDay;
  const std::vector<HistoryRun> runs = {Run("zsh", "1:a", "make", 30000, old_ms),
                                        Run("zsh", "2:a", "make", 30000, old_ms + 1000),
                                        Run("zsh", "3:a", "make", 30000, now_ms - kMsPerDay)};
  Import(runs);
  absl::StatusOr<Store::PruneCounts> pruned = store_->PruneToBounds(now_ms);
  ASSERT_TRUE(pruned.ok()) << pruned.status();
  ASSERT_EQ(pruned->samples, 2);
  auto again = Import(runs);
  EXPECT_EQ(again["zsh"].imported, 0);
  EXPECT_THAT(again["zsh"].skipped,
              ElementsAre(Pair("already imported", 1), Pair("older than the samples kept", 2)));
  EXPECT_EQ(*store_->SampleCount(), 1);
  EXPECT_EQ(store_->LoadStats({"family", "make", ""})->runs, 3);
  EXPECT_EQ(RunCount(*store_->LoadRuntimes(Grouping::kFamily, "make", "")), 3);
}

TEST_F(HistoryImportTest, ACallTheHookRecordedIsNotImportedAfterItsSampleWasPruned) {
  const int64_t now_ms = absl::ToUnixMillis(absl::Now());
  const int64_t old_ms = now_ms - (kSampleRetentionDays + 10) * kMsPerDay;
  ASSERT_TRUE(RecordSample(*store_, Sample{.at_ms = old_ms,
                                           .project = "/p",
                                           .command = "npm test",
                                           .program = "npm",
                                           .family = "npm test",
                                           .signature = "npm test",
                                           .tool_use_id = "toolu_1",
                                           .duration_ms = 9000})
                  .ok());
  ASSERT_EQ(store_->PruneToBounds(now_ms)->samples, 1);
  // The transcript times the call from its own lines, a little later than the hook did.
  HistoryRun seen = Run("claude", "toolu_1", "npm test", 9100, old_ms - 9000 + 1500, "/p");
  seen.tool_use_id = "toolu_1";
  auto counts = Import({seen});
  EXPECT_EQ(counts["claude"].imported, 0);
  EXPECT_EQ(store_->LoadStats({"command", "npm test", "/p"})->runs, 1);
}

TEST_F(HistoryImportTest, BeforeAnyPruningOldRunsAreImported) {
  auto counts = Import({Run("zsh", "1:a", "make", 30000, 1000)});
  EXPECT_EQ(counts["zsh"].imported, 1);
}

}  // namespace
}  // namespace bgprof
