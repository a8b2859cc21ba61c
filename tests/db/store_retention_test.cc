// Tests of db/store_retention: each table kept within its days and rows (db/retention.h), oldest
// first, a bounded step at a time, never a statistics row that ran these days.
#include <sqlite3.h>

#include <optional>
#include <string>

#include "db/retention.h"
#include "db/store.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/scratch_folder.h"

namespace bgprof {
namespace {

constexpr int64_t kNowMs = 1'800'000'000'000;  // 2027

class StoreRetentionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<Store> store = Store::Open(path_);
    ASSERT_TRUE(store.ok()) << store.status();
    store_.emplace(std::move(*store));
  }

  // Runs `sql` on a connection of its own: bulk rows without the cost of the store's API.
  void Exec(const std::string& sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open_v2(path_.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr), SQLITE_OK);
    sqlite3_busy_timeout(db, 5000);
    char* message = nullptr;
    EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message), SQLITE_OK)
        << (message != nullptr ? message : "") << "\n"
        << sql;
    sqlite3_free(message);
    sqlite3_close(db);
  }
  int64_t Count(const std::string& sql) {
    sqlite3* db = nullptr;
    int64_t count = -1;
    if (sqlite3_open_v2(path_.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
      sqlite3_stmt* statement = nullptr;
      if (sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr) == SQLITE_OK &&
          sqlite3_step(statement) == SQLITE_ROW) {
        count = sqlite3_column_int64(statement, 0);
      }
      sqlite3_finalize(statement);
    }
    sqlite3_close(db);
    return count;
  }
  // `rows` samples ending at `first_ms`, `first_ms + step_ms`, ...
  void AddSamples(int64_t rows, int64_t first_ms, int64_t step_ms = 0) {
    Exec("WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < " +
         std::to_string(rows) +
         ") INSERT INTO samples(at_ms, session, project, cwd, command, program, family, signature,"
         " tool_use_id, duration_ms, outcome) SELECT " +
         std::to_string(first_ms) + " + i * " + std::to_string(step_ms) +
         ", 's', '/p', '/p', 'make', 'make', 'make', 'make', '', 1000, 'ok' FROM n");
  }
  // `rows` statistics rows of distinct command keys named `prefix`N, last run at `last_seen_ms`.
  void AddStats(int64_t rows, const std::string& prefix, int64_t last_seen_ms) {
    Exec("WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < " +
         std::to_string(rows) +
         ") INSERT INTO stats(level, key, project, runs, mean_log_ms, var_log, last_ms,"
         " last_seen_ms) SELECT 'command', '" +
         prefix + "' || i, '/p', 1, 7.0, 0.1, 1000, " + std::to_string(last_seen_ms) + " FROM n");
  }
  Store::PruneCounts PruneToBounds(int64_t now_ms = kNowMs) {
    absl::StatusOr<Store::PruneCounts> counts = store_->PruneToBounds(now_ms);
    EXPECT_TRUE(counts.ok()) << counts.status();
    return counts.ok() ? *counts : Store::PruneCounts{};
  }

  testing::ScratchFolder scratch_{"bgprof-retention"};
  const std::string path_ = scratch_.path() + "/bgprof.db";
  std::optional<Store> store_;
};

TEST_F(StoreRetentionTest, SamplesOlderThanTheWindowGoAndSayHowFarPruningReached) {
  EXPECT_EQ(*store_->SamplesPrunedThroughMs(), std::nullopt);
  const int64_t window_ms = kSampleRetentionDays * kMsPerDay;
  AddSamples(10, kNowMs - window_ms - 10'000, 1000);  // the newest ends 1 s before the window
  AddSamples(5, kNowMs - window_ms + 1, 1000);
  EXPECT_EQ(PruneToBounds().samples, 10);
  EXPECT_EQ(*store_->SampleCount(), 5);
  EXPECT_EQ(*store_->SamplesPrunedThroughMs(), kNowMs - window_ms - 1000);
  // Nothing more to prune: the horizon stays.
  EXPECT_EQ(PruneToBounds().total(), 0);
  EXPECT_EQ(*store_->SamplesPrunedThroughMs(), kNowMs - window_ms - 1000);
}

TEST_F(StoreRetentionTest, SamplesPastTheRowCapGoOldestFirst) {
  // Stored newest first: the order of ids does not decide, the time of the run does.
  AddSamples(kMaxSamples + 300, kNowMs, -1);
  EXPECT_EQ(PruneToBounds().samples, 300);
  EXPECT_EQ(*store_->SampleCount(), kMaxSamples);
  EXPECT_EQ(Count("SELECT min(at_ms) FROM samples"), kNowMs - kMaxSamples + 1);
  EXPECT_EQ(*store_->SamplesPrunedThroughMs(), kNowMs - kMaxSamples);
}

TEST_F(StoreRetentionTest, AStepDeletesAtMostItsShareOfEachTable) {
  AddSamples(1000, 0);
  AddStats(1000, "old", 1);
  absl::StatusOr<Store::PruneCounts> step = store_->PruneStep(kNowMs, /*measure_caps=*/false);
  ASSERT_TRUE(step.ok()) << step.status();
  EXPECT_EQ(step->samples, kPruneRowsPerStep);
  EXPECT_EQ(step->stats, kPruneRowsPerStep);
  EXPECT_EQ(*store_->SampleCount(), 1000 - kPruneRowsPerStep);
  EXPECT_EQ(PruneToBounds().samples, 1000 - kPruneRowsPerStep);
  EXPECT_EQ(*store_->SampleCount(), 0);
}

TEST_F(StoreRetentionTest, StatisticsNotRunForLongGoButImportedOnesStay) {
  const int64_t unused_ms = kStatsUnusedDays * kMsPerDay;
  AddStats(3, "stale", kNowMs - unused_ms - 1);
  AddStats(4, "used", kNowMs - unused_ms + 1);
  // `bgprof import` saves what another machine learned with last_seen_ms 0.
  ASSERT_TRUE(store_->SaveStats({"family", "cargo build", ""}, RunStats{.runs = 9}).ok());
  EXPECT_EQ(PruneToBounds().stats, 3);
  EXPECT_EQ(Count("SELECT count(*) FROM stats WHERE key LIKE 'stale%'"), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM stats WHERE key LIKE 'used%'"), 4);
  EXPECT_EQ(store_->LoadStats({"family", "cargo build", ""})->runs, 9);
}

TEST_F(StoreRetentionTest, PastTheRowCapTheLeastRecentlyRunGoButNeverOneRunTheseDays) {
  const int64_t recent_ms = kNowMs - kMsPerDay;
  const int64_t month_ago_ms = kNowMs - 30 * kMsPerDay;
  AddStats(kMaxStatsRows - 100, "recent", recent_ms);
  AddStats(300, "month", month_ago_ms);
  AddStats(50, "week", kNowMs - (kRecentlyRunDays - 1) * kMsPerDay);
  PruneToBounds();
  // Over the cap by 250: the month-old rows go (all of one time), the recent ones stay.
  EXPECT_EQ(Count("SELECT count(*) FROM stats WHERE key LIKE 'month%'"), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM stats WHERE key LIKE 'recent%'"), kMaxStatsRows - 100);
  EXPECT_EQ(Count("SELECT count(*) FROM stats WHERE key LIKE 'week%'"), 50);
  // Rows run in the last days stay even past the cap: a prediction may read them now.
  AddStats(200, "today", kNowMs);
  EXPECT_EQ(PruneToBounds().stats, 0);
  EXPECT_EQ(Count("SELECT count(*) FROM stats"), kMaxStatsRows + 150);
}

TEST_F(StoreRetentionTest, RuntimesNotRunForAYearGo) {
  const int64_t unused_ms = kRuntimesUnusedDays * kMsPerDay;
  RuntimeHistogram old_runs;
  AddRun(old_runs, 5000, kNowMs - unused_ms - 1);
  RuntimeHistogram new_runs;
  AddRun(new_runs, 5000, kNowMs - unused_ms + 1);
  ASSERT_TRUE(store_->SaveRuntimes(Grouping::kFamily, "old", "/p", old_runs).ok());
  ASSERT_TRUE(store_->SaveRuntimes(Grouping::kFamily, "new", "/p", new_runs).ok());
  EXPECT_EQ(PruneToBounds().runtimes, 1);
  EXPECT_EQ(RunCount(*store_->LoadRuntimes(Grouping::kFamily, "old", "/p")), 0);
  EXPECT_EQ(RunCount(*store_->LoadRuntimes(Grouping::kFamily, "new", "/p")), 1);
}

TEST_F(StoreRetentionTest, TelemetryTasksAndChangesOfProjectsLeftAge) {
  const int64_t old_ms =
      kNowMs -
      std::max({kTelemetryRetentionDays, kTaskRetentionDays, kChangesRetentionDays}) * kMsPerDay -
      1;
  for (const int64_t at_ms : {old_ms, kNowMs}) {
    ASSERT_TRUE(store_->AddTelemetry(TelemetryRow{.at_ms = at_ms, .session = "s"}).ok());
    ASSERT_TRUE(store_
                    ->OpenTask(Task{.session = "s",
                                    .task_id = std::to_string(at_ms),
                                    .started_ms = at_ms,
                                    .ended_ms = at_ms + 1,
                                    .last_activity_ms = at_ms})
                    .ok());
    // Each change of its own project: recording one forgets only its project's old ones.
    ASSERT_TRUE(store_
                    ->RecordChange(FileChange{.at_ms = at_ms,
                                              .project = "/p" + std::to_string(at_ms),
                                              .path = "f",
                                              .tool = "Edit"})
                    .ok());
  }
  const Store::PruneCounts counts = PruneToBounds();
  EXPECT_EQ(counts.telemetry, 1);
  EXPECT_EQ(counts.tasks, 1);
  EXPECT_EQ(counts.changes, 1);
  EXPECT_EQ(store_->TelemetrySince(0, "")->size(), 1u);
  EXPECT_EQ(store_->TasksSince(0, "")->size(), 1u);
  EXPECT_EQ(Count("SELECT count(*) FROM changes"), 1);
}

TEST_F(StoreRetentionTest, TelemetryKeepsItsNewestRowsPastTheCap) {
  Exec("WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < " +
       std::to_string(kMaxTelemetryRows + 10) +
       ") INSERT INTO telemetry(at_ms, session, project, kind, family, signature, tool_use_id,"
       " task_id) SELECT " +
       std::to_string(kNowMs) + ", 's', '/p', 'suggested', 'f', 'f', 't' || i, '' FROM n");
  EXPECT_EQ(PruneToBounds().telemetry, 10);
  EXPECT_EQ(Count("SELECT count(*) FROM telemetry"), kMaxTelemetryRows);
  EXPECT_EQ(Count("SELECT min(id) FROM telemetry"), 11);
}

TEST_F(StoreRetentionTest, AHookPrunesOnlyAfterEveryNthSample) {
  for (int64_t i = 1; i <= kSamplesPerPruneStep; ++i) {
    ASSERT_TRUE(store_->InsertSample(Sample{.at_ms = 1, .tool_use_id = std::to_string(i)}).ok());
    absl::StatusOr<Store::PruneCounts> pruned = store_->PruneIfDue(kNowMs);
    ASSERT_TRUE(pruned.ok()) << pruned.status();
    EXPECT_EQ(pruned->samples, i == kSamplesPerPruneStep ? kSamplesPerPruneStep : 0) << i;
  }
  EXPECT_EQ(*store_->SampleCount(), 0);
}

}  // namespace
}  // namespace bgprof
