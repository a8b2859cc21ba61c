// Tests of db/store: the SQLite file bgprof keeps its samples, statistics and running calls in.
#include "db/store.h"

#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/scratch_folder.h"

namespace bgprof {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

constexpr int64_t kDayMs = 24 * 3600 * 1000;

// A fresh folder per test, removed afterwards.
class StoreTest : public ::testing::Test {
 protected:
  std::string PathIn(const std::string& relative) const { return (dir_ / relative).string(); }

  // Opens `path`, failing the test (and returning an empty optional) when that fails.
  static std::optional<Store> MustOpen(const std::string& path) {
    absl::StatusOr<Store> store = Store::Open(path);
    EXPECT_TRUE(store.ok()) << store.status();
    if (!store.ok()) return std::nullopt;
    return std::move(*store);
  }

  testing::ScratchFolder scratch_{"bgprof-store"};
  const std::filesystem::path dir_ = scratch_.path();
};

mode_t ModeOf(const std::string& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) return static_cast<mode_t>(-1);
  return info.st_mode & 07777;
}

// One text value from `sql` run on its own sqlite3 connection, bypassing Store.
std::string QueryText(const std::string& path, const char* sql) {
  sqlite3* db = nullptr;
  std::string result = "<error>";
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v2(db, sql, -1, &statement, nullptr) == SQLITE_OK) {
      int rc = sqlite3_step(statement);
      if (rc == SQLITE_ROW) {
        const unsigned char* text = sqlite3_column_text(statement, 0);
        result = text == nullptr ? "<null>" : reinterpret_cast<const char*>(text);
      } else if (rc == SQLITE_DONE) {
        result = "<no row>";
      }
    }
    sqlite3_finalize(statement);
  }
  sqlite3_close(db);
  return result;
}

Sample MakeSample(std::string project, std::string family, std::optional<int64_t> duration_ms,
                  Outcome outcome, int64_t at_ms) {
  Sample sample;
  sample.at_ms = at_ms;
  sample.session = "7c1e5f0a";
  sample.project = std::move(project);
  sample.cwd = "/home/alex/webapp";
  sample.command = family + " --flag";
  sample.program = family.substr(0, family.find(' '));
  sample.family = std::move(family);
  sample.signature = sample.command;
  sample.tool_use_id = "toolu_01";
  sample.duration_ms = duration_ms;
  sample.outcome = outcome;
  return sample;
}

// When the call started, from TakeStart; nothing when it fails.
std::optional<int64_t> TakeStartMs(Store& store, std::string_view tool_use_id) {
  absl::StatusOr<std::optional<CallStart>> start = store.TakeStart(tool_use_id);
  EXPECT_TRUE(start.ok()) << start.status();
  if (!start.ok() || !start->has_value()) return std::nullopt;
  return (*start)->started_ms;
}

TEST(OutcomeTest, NamesAreTheStoredStrings) {
  EXPECT_EQ(OutcomeName(Outcome::kOk), "ok");
  EXPECT_EQ(OutcomeName(Outcome::kFailed), "failed");
  EXPECT_EQ(OutcomeName(Outcome::kInterrupted), "interrupted");
  EXPECT_EQ(OutcomeName(Outcome::kBackground), "background");
  EXPECT_EQ(OutcomeName(Outcome::kCensored), "censored");
}

TEST(OutcomeTest, OnlyOkAndFailedAreCompleteRuns) {
  EXPECT_TRUE(IsCompleteRun(Outcome::kOk));
  EXPECT_TRUE(IsCompleteRun(Outcome::kFailed));
  EXPECT_FALSE(IsCompleteRun(Outcome::kInterrupted));
  EXPECT_FALSE(IsCompleteRun(Outcome::kBackground));
  EXPECT_FALSE(IsCompleteRun(Outcome::kCensored));
}

TEST_F(StoreTest, OpenCreatesMissingFoldersMode0700AndFileMode0600EvenWithPermissiveUmask) {
  const mode_t old_umask = ::umask(0);
  const std::string path = PathIn("data/bgprof/bgprof.db");
  {
    std::optional<Store> store = MustOpen(path);
    ASSERT_TRUE(store.has_value());
  }
  ::umask(old_umask);
  EXPECT_EQ(ModeOf(PathIn("data")), 0700u);
  EXPECT_EQ(ModeOf(PathIn("data/bgprof")), 0700u);
  EXPECT_EQ(ModeOf(path), 0600u);
}

TEST_F(StoreTest, ReadsInAReadScopeShareOneSnapshot) {
  const std::string path = (dir_ / "bgprof.db").string();
  std::optional<Store> reader = MustOpen(path);
  std::optional<Store> writer = MustOpen(path);
  ASSERT_TRUE(reader && writer);
  const StatsKey key{"command", "make", "/p"};
  {
    ReadScope snapshot(*reader);
    EXPECT_EQ(reader->LoadStats(key)->runs, 0);
    ASSERT_TRUE(writer->SaveStats(key, {.runs = 3}).ok());  // another hook writes meanwhile
    EXPECT_EQ(reader->LoadStats(key)->runs, 0);             // not seen within the scope
  }
  EXPECT_EQ(reader->LoadStats(key)->runs, 3);
  // Within a write transaction already open it starts nothing and ends nothing.
  ASSERT_TRUE(reader->Begin().ok());
  { ReadScope nested(*reader); }
  ASSERT_TRUE(reader->SaveStats(key, {.runs = 4}).ok());
  ASSERT_TRUE(reader->Commit().ok());
  EXPECT_EQ(writer->LoadStats(key)->runs, 4);
}

TEST_F(StoreTest, WalFileGetsTheDatabaseFileMode) {
  const mode_t old_umask = ::umask(0);
  const std::string path = PathIn("bgprof.db");
  std::optional<Store> store = MustOpen(path);
  ::umask(old_umask);
  ASSERT_TRUE(store.has_value());
  ASSERT_TRUE(store->InsertSample(MakeSample("p", "ls", 5, Outcome::kOk, 1)).ok());
  // The connection is still open, so the write-ahead log exists.
  EXPECT_EQ(ModeOf(path + "-wal"), 0600u);
}

TEST_F(StoreTest, OpenSetsWalJournalModeAndCurrentSchemaVersion) {
  const std::string path = PathIn("bgprof.db");
  std::optional<Store> store = MustOpen(path);
  ASSERT_TRUE(store.has_value());
  absl::StatusOr<int> version = store->SchemaVersion();
  ASSERT_TRUE(version.ok()) << version.status();
  EXPECT_EQ(*version, kSchemaVersion);
  EXPECT_EQ(QueryText(path, "PRAGMA journal_mode"), "wal");
  EXPECT_EQ(QueryText(path, "PRAGMA user_version"), std::to_string(kSchemaVersion));
  EXPECT_EQ(QueryText(path,
                      "SELECT count(*) FROM sqlite_master WHERE name IN "
                      "('samples', 'stats', 'running')"),
            "3");
}

TEST_F(StoreTest, ReopeningAnExistingDatabaseKeepsItsData) {
  const std::string path = PathIn("bgprof.db");
  {
    std::optional<Store> store = MustOpen(path);
    ASSERT_TRUE(store.has_value());
    ASSERT_TRUE(store->InsertSample(MakeSample("p", "npm test", 1200, Outcome::kOk, 10)).ok());
    ASSERT_TRUE(store->InsertSample(MakeSample("p", "npm test", 1300, Outcome::kOk, 20)).ok());
  }
  std::optional<Store> again = MustOpen(path);
  ASSERT_TRUE(again.has_value());
  absl::StatusOr<int64_t> count = again->SampleCount();
  ASSERT_TRUE(count.ok()) << count.status();
  EXPECT_EQ(*count, 2);
  absl::StatusOr<int> version = again->SchemaVersion();
  ASSERT_TRUE(version.ok()) << version.status();
  EXPECT_EQ(*version, kSchemaVersion);
}

TEST_F(StoreTest, SchemaNewerThanTheBinaryFailsWithAClearError) {
  const std::string path = PathIn("future.db");
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "PRAGMA user_version=99", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);

  absl::StatusOr<Store> store = Store::Open(path);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(store.status().message(), HasSubstr("99"));
  EXPECT_THAT(store.status().message(), HasSubstr("newer"));
  // The file is left alone: still at 99, no bgprof tables added.
  EXPECT_EQ(QueryText(path, "PRAGMA user_version"), "99");
  EXPECT_EQ(QueryText(path, "SELECT count(*) FROM sqlite_master"), "0");
}

TEST_F(StoreTest, VersionOneDatabaseIsMigratedKeepingItsStats) {
  // A database written by the first bgprof: schema 1, one stats row.
  const std::string path = PathIn("v1.db");
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  const char* kVersionOne = R"sql(
    CREATE TABLE samples(id INTEGER PRIMARY KEY, at_ms INTEGER NOT NULL, session TEXT NOT NULL,
      project TEXT NOT NULL, cwd TEXT NOT NULL, command TEXT NOT NULL, program TEXT NOT NULL,
      family TEXT NOT NULL, signature TEXT NOT NULL, tool_use_id TEXT NOT NULL,
      duration_ms INTEGER, outcome TEXT NOT NULL, timed_by_hooks INTEGER NOT NULL DEFAULT 0);
    CREATE TABLE stats(level TEXT NOT NULL, key TEXT NOT NULL, project TEXT NOT NULL,
      runs INTEGER NOT NULL, mean_log_ms REAL NOT NULL, var_log REAL NOT NULL,
      last_ms INTEGER NOT NULL, last_seen_ms INTEGER NOT NULL,
      PRIMARY KEY(level, key, project)) WITHOUT ROWID;
    CREATE TABLE running(tool_use_id TEXT PRIMARY KEY, started_ms INTEGER NOT NULL) WITHOUT ROWID;
    INSERT INTO stats VALUES('family', 'npm test', '/p', 3, 9.0, 0.25, 8000, 1234);
    INSERT INTO running VALUES('toolu_old', 777);
    INSERT INTO samples VALUES(1, 100, 's', '/p', '/p', 'npm test', 'npm', 'npm test', 'npm test',
      'toolu_a', 8000, 'ok', 0);
    INSERT INTO samples VALUES(2, 200, 's', '/p', '/p', 'npm test', 'npm', 'npm test', 'npm test',
      'toolu_b', 9000, 'failed', 0);
    INSERT INTO samples VALUES(3, 300, 's', '/p', '/p', 'npm test', 'npm', 'npm test', 'npm test',
      'toolu_c', 70000, 'interrupted', 0);
    PRAGMA user_version=1;)sql";
  ASSERT_EQ(sqlite3_exec(db, kVersionOne, nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);

  absl::StatusOr<Store> store = Store::Open(path);
  ASSERT_TRUE(store.ok()) << store.status();
  EXPECT_EQ(*store->SchemaVersion(), kSchemaVersion);
  absl::StatusOr<RunStats> stats = store->LoadStats({"family", "npm test", "/p"});
  ASSERT_TRUE(stats.ok()) << stats.status();
  EXPECT_EQ(stats->runs, 3);
  EXPECT_DOUBLE_EQ(stats->mean_log_ms, 9.0);
  EXPECT_EQ(stats->last_seen_ms, 1234);
  EXPECT_EQ(stats->outlier_side, 0);
  EXPECT_EQ(stats->lower_bounds, 0);
  // No recent runs were kept then: the typical runtime is the average, as it was.
  EXPECT_TRUE(stats->recent_ms.empty());
  EXPECT_DOUBLE_EQ(MedianMs(*stats), std::exp(9.0));
  // A call running across the upgrade ends as one bgprof did nothing about.
  absl::StatusOr<std::optional<CallStart>> start = store->TakeStart("toolu_old");
  ASSERT_TRUE(start.ok()) << start.status();
  ASSERT_TRUE(start->has_value());
  EXPECT_EQ((*start)->started_ms, 777);
  EXPECT_EQ((*start)->action, CallAction::kNone);
  EXPECT_THAT(*store->RunningTasks("s", 1000), IsEmpty());
  // `bgprof top` finds the complete runs recorded before it kept runtimes per family.
  absl::StatusOr<std::vector<KeyedRuntimes>> runtimes =
      store->RuntimesOf(Grouping::kFamily, std::string("/p"));
  ASSERT_TRUE(runtimes.ok()) << runtimes.status();
  ASSERT_EQ(runtimes->size(), 1u);
  EXPECT_EQ(RunCount(runtimes->front().runtimes), 2);
  EXPECT_EQ(PercentileMs(runtimes->front().runtimes, 1.0), 9000);
  EXPECT_EQ(runtimes->front().runtimes.last_seen_ms, 200);
}

TEST_F(StoreTest, UnreadableRecentRunsAreSkipped) {
  std::optional<Store> store = MustOpen(PathIn("bgprof.db"));
  ASSERT_TRUE(store.has_value());
  const StatsKey key{"command", "make", "webapp"};
  ASSERT_TRUE(store->SaveStats(key, {.runs = 3, .recent_ms = {1, 2, 3}}).ok());
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(PathIn("bgprof.db").c_str(), &db), SQLITE_OK);
  ASSERT_EQ(
      sqlite3_exec(db, "UPDATE stats SET recent = ' 1200  x -5 12x 99999999999999999999 300 '",
                   nullptr, nullptr, nullptr),
      SQLITE_OK);
  sqlite3_close(db);
  absl::StatusOr<RunStats> loaded = store->LoadStats(key);
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_EQ(loaded->recent_ms, (std::vector<int64_t>{1200, 300}));
}

TEST_F(StoreTest, FileThatIsNotADatabaseFailsWithAStatus) {
  const std::string path = PathIn("garbage.db");
  {
    std::ofstream out(path, std::ios::binary);
    out << std::string(4096, 'x');
  }
  absl::StatusOr<Store> store = Store::Open(path);
  EXPECT_FALSE(store.ok());
}

TEST_F(StoreTest, QuickCheckSaysOkOfAHealthyFileAndNotOfADamagedOne) {
  const std::string path = PathIn("bgprof.db");
  {
    std::optional<Store> store = MustOpen(path);
    ASSERT_TRUE(store.has_value());
    for (int i = 0; i < 200; ++i) {
      ASSERT_TRUE(
          store->InsertSample(MakeSample("webapp", "cargo build", i, Outcome::kOk, i)).ok());
    }
    absl::StatusOr<std::string> healthy = store->QuickCheck();
    ASSERT_TRUE(healthy.ok()) << healthy.status();
    EXPECT_EQ(*healthy, "ok");
    // Everything into the main file, so that the damage below is what a reader sees.
    ASSERT_TRUE(store->Begin().ok());
    store->Rollback();
  }
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  sqlite3_wal_checkpoint_v2(db, "main", SQLITE_CHECKPOINT_TRUNCATE, nullptr, nullptr);
  sqlite3_close(db);
  {
    // Pages 3 and on hold the samples and their indexes: overwrite them, keep the header.
    std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
    file.seekp(2 * 4096);
    file << std::string(4 * 4096, 'x');
  }
  absl::StatusOr<Store> store = Store::Open(path);
  ASSERT_TRUE(store.ok()) << store.status();
  absl::StatusOr<std::string> damaged = store->QuickCheck();
  EXPECT_FALSE(damaged.ok() && *damaged == "ok");
}

TEST_F(StoreTest, RecentRunTimingCountsTheNewestRunsWithADurationOfTheirOwn) {
  std::optional<Store> store = MustOpen(PathIn("bgprof.db"));
  ASSERT_TRUE(store.has_value());
  auto insert = [&](int64_t at_ms, std::optional<int64_t> duration_ms, bool timed_by_hooks,
                    RuntimeBound background = RuntimeBound::kNone) {
    Sample sample = MakeSample("webapp", "npm test", duration_ms, Outcome::kOk, at_ms);
    sample.timed_by_hooks = timed_by_hooks;
    sample.background = background;
    ASSERT_TRUE(store->InsertSample(sample).ok());
  };
  insert(100, 5000, /*timed_by_hooks=*/true);  // before the window
  insert(1000, 5000, true);
  insert(2000, 5000, false);
  insert(3000, 5000, true);
  insert(4000, std::nullopt, false);                // untimed
  insert(5000, 9000, false, RuntimeBound::kUpper);  // a background task's end
  insert(6000, 5000, false);

  absl::StatusOr<RunTiming> all = store->RecentRunTiming(500, 100);
  ASSERT_TRUE(all.ok()) << all.status();
  EXPECT_EQ(all->runs, 4);
  EXPECT_EQ(all->timed_by_hooks, 2);

  absl::StatusOr<RunTiming> newest = store->RecentRunTiming(500, 2);  // 6000 and 3000
  ASSERT_TRUE(newest.ok()) << newest.status();
  EXPECT_EQ(newest->runs, 2);
  EXPECT_EQ(newest->timed_by_hooks, 1);

  absl::StatusOr<RunTiming> none = store->RecentRunTiming(7000, 100);
  ASSERT_TRUE(none.ok()) << none.status();
  EXPECT_EQ(none->runs, 0);
  EXPECT_EQ(none->timed_by_hooks, 0);
}

TEST_F(StoreTest, ParentUnderARegularFileFailsWithAStatus) {
  const std::string file = PathIn("plain-file");
  {
    std::ofstream out(file);
    out << "not a folder\n";
  }
  absl::StatusOr<Store> nested = Store::Open(file + "/sub/bgprof.db");
  ASSERT_FALSE(nested.ok());
  EXPECT_THAT(nested.status().message(), HasSubstr("plain-file"));

  absl::StatusOr<Store> direct = Store::Open(file + "/bgprof.db");
  ASSERT_FALSE(direct.ok());
  EXPECT_THAT(direct.status().message(), HasSubstr("plain-file"));
}

TEST_F(StoreTest, InsertSampleStoresEveryFieldAndCounts) {
  const std::string path = PathIn("bgprof.db");
  std::optional<Store> store = MustOpen(path);
  ASSERT_TRUE(store.has_value());
  absl::StatusOr<int64_t> empty = store->SampleCount();
  ASSERT_TRUE(empty.ok()) << empty.status();
  EXPECT_EQ(*empty, 0);

  Sample timed = MakeSample("webapp", "cargo build", 48213, Outcome::kFailed, 1700000000123);
  timed.timed_by_hooks = true;
  ASSERT_TRUE(store->InsertSample(timed).ok());
  ASSERT_TRUE(
      store
          ->InsertSample(MakeSample("webapp", "cargo build", std::nullopt, Outcome::kBackground, 5))
          .ok());
  absl::StatusOr<int64_t> count = store->SampleCount();
  ASSERT_TRUE(count.ok()) << count.status();
  EXPECT_EQ(*count, 2);

  EXPECT_EQ(QueryText(path,
                      "SELECT at_ms || '|' || session || '|' || project || '|' || cwd || '|' ||"
                      " command || '|' || program || '|' || family || '|' || signature || '|' ||"
                      " tool_use_id || '|' || duration_ms || '|' || outcome || '|' ||"
                      " timed_by_hooks FROM samples WHERE id = 1"),
            "1700000000123|7c1e5f0a|webapp|/home/alex/webapp|cargo build --flag|cargo|cargo build|"
            "cargo build --flag|toolu_01|48213|failed|1");
  EXPECT_EQ(QueryText(path, "SELECT duration_ms FROM samples WHERE id = 2"), "<null>");
  EXPECT_EQ(QueryText(path, "SELECT outcome FROM samples WHERE id = 2"), "background");
  EXPECT_EQ(QueryText(path, "SELECT timed_by_hooks FROM samples WHERE id = 2"), "0");
}

TEST_F(StoreTest, LoadStatsOfAnUnknownKeyIsAllZeros) {
  std::optional<Store> store = MustOpen(PathIn("bgprof.db"));
  ASSERT_TRUE(store.has_value());
  absl::StatusOr<RunStats> stats = store->LoadStats({"command", "never seen", "webapp"});
  ASSERT_TRUE(stats.ok()) << stats.status();
  EXPECT_EQ(stats->runs, 0);
  EXPECT_EQ(stats->mean_log_ms, 0.0);
  EXPECT_EQ(stats->var_log, 0.0);
  EXPECT_EQ(stats->last_ms, 0);
  EXPECT_EQ(stats->last_seen_ms, 0);
}

TEST_F(StoreTest, SaveStatsLoadStatsRoundTripPerLevelKeyAndProject) {
  std::optional<Store> store = MustOpen(PathIn("bgprof.db"));
  ASSERT_TRUE(store.has_value());
  const RunStats webapp{.runs = 7,
                        .mean_log_ms = std::log(8000.0),
                        .var_log = 0.125,
                        .last_ms = 9100,
                        .last_seen_ms = 1700000000999,
                        .recent_ms = {7800, 0, 123456789012, 9100}};
  const RunStats everywhere{
      .runs = 12, .mean_log_ms = 5.5, .var_log = 0.75, .last_ms = 300, .last_seen_ms = 42};
  ASSERT_TRUE(store->SaveStats({"family", "npm test", "webapp"}, webapp).ok());
  ASSERT_TRUE(store->SaveStats({"family", "npm test", ""}, everywhere).ok());

  absl::StatusOr<RunStats> loaded = store->LoadStats({"family", "npm test", "webapp"});
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_EQ(loaded->runs, 7);
  EXPECT_DOUBLE_EQ(loaded->mean_log_ms, std::log(8000.0));
  EXPECT_DOUBLE_EQ(loaded->var_log, 0.125);
  EXPECT_EQ(loaded->last_ms, 9100);
  EXPECT_EQ(loaded->last_seen_ms, 1700000000999);
  EXPECT_EQ(loaded->recent_ms, (std::vector<int64_t>{7800, 0, 123456789012, 9100}));
  EXPECT_EQ(QueryText(PathIn("bgprof.db"),
                      "SELECT recent FROM stats WHERE project = 'webapp' AND level = 'family'"),
            "7800 0 123456789012 9100");  // readable in the sqlite3 shell

  absl::StatusOr<RunStats> all = store->LoadStats({"family", "npm test", ""});
  ASSERT_TRUE(all.ok()) << all.status();
  EXPECT_EQ(all->runs, 12);
  EXPECT_DOUBLE_EQ(all->mean_log_ms, 5.5);

  // Same key at another level is a different row.
  absl::StatusOr<RunStats> other_level = store->LoadStats({"command", "npm test", "webapp"});
  ASSERT_TRUE(other_level.ok()) << other_level.status();
  EXPECT_EQ(other_level->runs, 0);
}

TEST_F(StoreTest, SaveStatsTwiceReplacesTheRow) {
  std::optional<Store> store = MustOpen(PathIn("bgprof.db"));
  ASSERT_TRUE(store.has_value());
  const StatsKey key{"program", "cargo", "webapp"};
  ASSERT_TRUE(store->SaveStats(key, {.runs = 1, .mean_log_ms = 1, .last_ms = 3}).ok());
  ASSERT_TRUE(store->SaveStats(key, {.runs = 2, .mean_log_ms = 2, .last_ms = 7}).ok());
  absl::StatusOr<RunStats> loaded = store->LoadStats(key);
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_EQ(loaded->runs, 2);
  EXPECT_DOUBLE_EQ(loaded->mean_log_ms, 2.0);
  EXPECT_EQ(loaded->last_ms, 7);
}

TEST_F(StoreTest, TakeStartReturnsTheRememberedStartOnceThenNothing) {
  std::optional<Store> store = MustOpen(PathIn("bgprof.db"));
  ASSERT_TRUE(store.has_value());
  ASSERT_TRUE(store->RememberStart("toolu_01Test", 1700000000000).ok());
  ASSERT_TRUE(store->RememberStart("toolu_01Other", 1700000000500).ok());

  EXPECT_EQ(TakeStartMs(*store, "toolu_01Test"), std::optional<int64_t>(1700000000000));
  EXPECT_EQ(TakeStartMs(*store, "toolu_01Test"), std::nullopt);

  EXPECT_EQ(TakeStartMs(*store, "toolu_01Other"), std::optional<int64_t>(1700000000500));
}

TEST_F(StoreTest, TakeStartOfAnUnknownCallIsNothing) {
  std::optional<Store> store = MustOpen(PathIn("bgprof.db"));
  ASSERT_TRUE(store.has_value());
  EXPECT_EQ(TakeStartMs(*store, "toolu_never"), std::nullopt);
}

TEST_F(StoreTest, RememberStartTwiceKeepsTheNewerStart) {
  std::optional<Store> store = MustOpen(PathIn("bgprof.db"));
  ASSERT_TRUE(store.has_value());
  ASSERT_TRUE(store->RememberStart("toolu_01", 1000).ok());
  ASSERT_TRUE(store->RememberStart("toolu_01", 2500).ok());
  EXPECT_EQ(TakeStartMs(*store, "toolu_01"), std::optional<int64_t>(2500));
}

TEST_F(StoreTest, StartsOlderThanADayAreForgottenByTheNextRemember) {
  std::optional<Store> store = MustOpen(PathIn("bgprof.db"));
  ASSERT_TRUE(store.has_value());
  const int64_t t0 = 1700000000000;
  ASSERT_TRUE(store->RememberStart("toolu_old", t0).ok());
  ASSERT_TRUE(store->RememberStart("toolu_edge", t0 + 1).ok());
  // Exactly one day after toolu_edge, one day and 1 ms after toolu_old.
  ASSERT_TRUE(store->RememberStart("toolu_new", t0 + 1 + kDayMs).ok());

  EXPECT_EQ(TakeStartMs(*store, "toolu_old"), std::nullopt);
  EXPECT_EQ(TakeStartMs(*store, "toolu_edge"), std::optional<int64_t>(t0 + 1));
  EXPECT_EQ(TakeStartMs(*store, "toolu_new"), std::optional<int64_t>(t0 + 1 + kDayMs));
}

TEST_F(StoreTest, TakeStartHandsBackWhatBgprofDidAboutTheCall) {
  std::optional<Store> store = MustOpen(PathIn("bgprof.db"));
  ASSERT_TRUE(store.has_value());
  for (CallAction action :
       {CallAction::kNone, CallAction::kSuggested, CallAction::kMoved, CallAction::kDenied}) {
    const std::string id = "toolu_" + std::string(CallActionName(action));
    ASSERT_TRUE(store->RememberStart(id, 1000, action).ok());
    absl::StatusOr<std::optional<CallStart>> start = store->TakeStart(id);
    ASSERT_TRUE(start.ok()) << start.status();
    ASSERT_TRUE(start->has_value());
    EXPECT_EQ((*start)->action, action) << CallActionName(action);
    EXPECT_EQ((*start)->started_ms, 1000);
  }
}

TEST_F(StoreTest, DenialsAreKeptPerSessionAndCommandForADay) {
  std::optional<Store> store = MustOpen(PathIn("bgprof.db"));
  ASSERT_TRUE(store.has_value());
  const int64_t t0 = 1700000000000;
  ASSERT_TRUE(store->RememberDenial("s1", "npm test", t0).ok());
  absl::StatusOr<std::optional<int64_t>> denied = store->LastDenial("s1", "npm test");
  ASSERT_TRUE(denied.ok()) << denied.status();
  EXPECT_EQ(*denied, std::optional<int64_t>(t0));
  EXPECT_EQ(*store->LastDenial("s2", "npm test"), std::nullopt);
  EXPECT_EQ(*store->LastDenial("s1", "npm test -- --ci"), std::nullopt);
  // A newer denial replaces the older one; one a day old is forgotten by the next.
  ASSERT_TRUE(store->RememberDenial("s1", "npm test", t0 + 5000).ok());
  EXPECT_EQ(*store->LastDenial("s1", "npm test"), std::optional<int64_t>(t0 + 5000));
  ASSERT_TRUE(store->RememberDenial("s1", "make", t0 + 5001 + kDayMs).ok());
  EXPECT_EQ(*store->LastDenial("s1", "npm test"), std::nullopt);
}

TEST_F(StoreTest, TasksOpenEndAndListPerSession) {
  std::optional<Store> store = MustOpen(PathIn("bgprof.db"));
  ASSERT_TRUE(store.has_value());
  const Task build{.session = "s1",
                   .task_id = "bj3nctuu6",
                   .tool_use_id = "toolu_01",
                   .project = "/w",
                   .command = "cargo build --release",
                   .family = "cargo build",
                   .started_ms = 1000,
                   .predicted_ms = 180000,
                   .p90_ms = 240000,
                   .runs = 9,
                   .origin = TaskOrigin::kMoved};
  Task tests = build;
  tests.task_id = "b2";
  tests.started_ms = 2000;
  tests.predicted_ms = std::nullopt;
  tests.p90_ms = std::nullopt;
  tests.origin = TaskOrigin::kUser;
  Task elsewhere = build;
  elsewhere.session = "s2";
  for (const Task& task : {tests, build, elsewhere}) ASSERT_TRUE(store->OpenTask(task).ok());

  absl::StatusOr<std::optional<Task>> found = store->FindTask("s1", "bj3nctuu6");
  ASSERT_TRUE(found.ok()) << found.status();
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->command, "cargo build --release");
  EXPECT_EQ((*found)->family, "cargo build");
  EXPECT_EQ((*found)->predicted_ms, std::optional<int64_t>(180000));
  EXPECT_EQ((*found)->p90_ms, std::optional<int64_t>(240000));
  EXPECT_EQ((*found)->runs, 9);
  EXPECT_EQ((*found)->origin, TaskOrigin::kMoved);
  EXPECT_EQ((*found)->ended_ms, std::nullopt);
  EXPECT_EQ(*store->FindTask("s3", "bj3nctuu6"), std::nullopt);

  absl::StatusOr<std::vector<Task>> running = store->RunningTasks("s1", 5000);
  ASSERT_TRUE(running.ok()) << running.status();
  ASSERT_EQ(running->size(), 2u);
  EXPECT_EQ((*running)[0].task_id, "bj3nctuu6");  // oldest first
  EXPECT_EQ((*running)[1].task_id, "b2");
  EXPECT_EQ((*running)[1].predicted_ms, std::nullopt);
  EXPECT_EQ((*running)[1].origin, TaskOrigin::kUser);

  const TaskClosing notified{.end = TaskEnd::kNotified,
                             .at_ms = 9000,
                             .runtime_ms = 7000,
                             .runtime_bound = RuntimeBound::kUpper,
                             .exit_code = 1};
  EXPECT_TRUE(*store->CloseTask("s1", "b2", notified));
  ASSERT_TRUE(store->NoteTaskRead("s1", "b2", 9000).ok());
  TaskClosing later = notified;
  later.at_ms = 12000;
  later.end = TaskEnd::kVanished;
  EXPECT_FALSE(*store->CloseTask("s1", "b2", later));  // the first end stays
  EXPECT_FALSE(*store->CloseTask("s1", "unknown", notified));
  const Task ended = **store->FindTask("s1", "b2");
  EXPECT_EQ(ended.ended_ms, std::optional<int64_t>(9000));
  EXPECT_EQ(ended.end, TaskEnd::kNotified);
  EXPECT_EQ(ended.runtime_ms, std::optional<int64_t>(7000));
  EXPECT_EQ(ended.runtime_bound, RuntimeBound::kUpper);
  EXPECT_EQ(ended.exit_code, std::optional<int64_t>(1));
  EXPECT_EQ(ended.read_ms, std::optional<int64_t>(9000));
  EXPECT_EQ(store->RunningTasks("s1", 9000)->size(), 1u);
  EXPECT_EQ(store->RunningTasks("s2", 9000)->size(), 1u);
}

TEST_F(StoreTest, TasksCountPollsActivityAndReads) {
  std::optional<Store> store = MustOpen(PathIn("bgprof.db"));
  ASSERT_TRUE(store.has_value());
  ASSERT_TRUE(store->OpenTask({.session = "s", .task_id = "b1", .started_ms = 1000}).ok());
  ASSERT_TRUE(store->NoteTaskPoll("s", "b1", /*early=*/true, 0).ok());
  ASSERT_TRUE(store->NoteTaskPoll("s", "b1", /*early=*/false, 30000).ok());
  ASSERT_TRUE(store->NoteSessionActivity("s", 4000).ok());
  ASSERT_TRUE(store->SetTaskOutputFile("s", "b1", "/tmp/tasks/b1.output").ok());
  ASSERT_TRUE(store->CloseTask("s", "b1", {.end = TaskEnd::kVanished, .at_ms = 5000}).ok());
  ASSERT_TRUE(store->NoteSessionActivity("s", 6000).ok());  // ended tasks keep their last
  Task task = **store->FindTask("s", "b1");
  EXPECT_EQ(task.polls, 2);
  EXPECT_EQ(task.early_polls, 1);
  EXPECT_EQ(task.waited_ms, 30000);
  EXPECT_EQ(task.last_activity_ms, 4000);
  EXPECT_EQ(task.output_file, "/tmp/tasks/b1.output");
  EXPECT_EQ(task.read_ms, std::nullopt);
  ASSERT_EQ(store->UnreadTasks("s")->size(), 1u);

  ASSERT_TRUE(store->NoteTaskReminded("s", "b1", "unread").ok());
  ASSERT_TRUE(store->NoteTaskRead("s", "b1", 7000).ok());
  ASSERT_TRUE(store->NoteTaskRead("s", "b1", 8000).ok());  // the first look stays
  task = **store->FindTask("s", "b1");
  EXPECT_EQ(task.reminded, "unread");
  EXPECT_EQ(task.read_ms, std::optional<int64_t>(7000));
  EXPECT_THAT(*store->UnreadTasks("s"), IsEmpty());
}

TEST_F(StoreTest, ATaskWithoutNewsForADayIsAbandoned) {
  std::optional<Store> store = MustOpen(PathIn("bgprof.db"));
  ASSERT_TRUE(store.has_value());
  ASSERT_TRUE(store->OpenTask({.session = "s", .task_id = "old", .started_ms = 1000}).ok());
  ASSERT_TRUE(store->NoteSessionActivity("s", 5000).ok());
  EXPECT_EQ(store->RunningTasks("s", 5000 + kDayMs)->size(), 1u);
  EXPECT_THAT(*store->RunningTasks("s", 5001 + kDayMs), IsEmpty());
  // The next launch anywhere closes it for good.
  ASSERT_TRUE(
      store->OpenTask({.session = "t", .task_id = "new", .started_ms = 6000 + kDayMs}).ok());
  const Task old = **store->FindTask("s", "old");
  EXPECT_EQ(old.end, TaskEnd::kAbandoned);
  EXPECT_EQ(old.runtime_ms, std::nullopt);
}

TEST_F(StoreTest, AdviceIsAnsweredOnceByALaterRunOfTheSameCommand) {
  std::optional<Store> store = MustOpen(PathIn("bgprof.db"));
  ASSERT_TRUE(store.has_value());
  const TelemetryRow advice{.at_ms = 1000,
                            .session = "s",
                            .project = "/w",
                            .kind = TelemetryKind::kSuggested,
                            .family = "npm test",
                            .signature = "npm test",
                            .tool_use_id = "toolu_1",
                            .ms = 60000};
  ASSERT_TRUE(store->AddTelemetry(advice).ok());
  // The advised call itself answers nothing, another session nothing either.
  EXPECT_EQ(*store->UnansweredAdvice("s", "npm test", "toolu_1"), std::nullopt);
  EXPECT_EQ(*store->UnansweredAdvice("other", "npm test", "toolu_2"), std::nullopt);
  std::optional<TelemetryRow> open = *store->UnansweredAdvice("s", "npm test", "toolu_2");
  ASSERT_TRUE(open.has_value());
  EXPECT_EQ(open->ms, std::optional<int64_t>(60000));
  EXPECT_EQ(open->kind, TelemetryKind::kSuggested);

  TelemetryRow followed = advice;
  followed.at_ms = 2000;
  followed.kind = TelemetryKind::kFollowed;
  followed.tool_use_id = "toolu_2";
  followed.answers = "toolu_1";
  ASSERT_TRUE(store->AddTelemetry(followed).ok());
  EXPECT_EQ(*store->UnansweredAdvice("s", "npm test", "toolu_3"), std::nullopt);
  EXPECT_TRUE(*store->HasTelemetrySince("s", TelemetryKind::kFollowed, 2000));
  EXPECT_FALSE(*store->HasTelemetrySince("s", TelemetryKind::kFollowed, 2001));

  absl::StatusOr<std::vector<TelemetryRow>> rows = store->TelemetrySince(1500, "");
  ASSERT_TRUE(rows.ok()) << rows.status();
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].kind, TelemetryKind::kFollowed);
  EXPECT_EQ(store->TelemetrySince(0, "/w")->size(), 2u);
  EXPECT_THAT(*store->TelemetrySince(0, "/elsewhere"), IsEmpty());
}

TEST_F(StoreTest, OnlyTheNewestAdviceWaitsForAnAnswer) {
  std::optional<Store> store = MustOpen(PathIn("bgprof.db"));
  ASSERT_TRUE(store.has_value());
  for (int i = 1; i <= 2; ++i) {
    ASSERT_TRUE(store
                    ->AddTelemetry({.at_ms = 1000 * i,
                                    .session = "s",
                                    .kind = TelemetryKind::kSuggested,
                                    .signature = "npm test",
                                    .tool_use_id = "toolu_" + std::to_string(i)})
                    .ok());
  }
  EXPECT_EQ((*store->UnansweredAdvice("s", "npm test", "toolu_3"))->tool_use_id, "toolu_2");
  ASSERT_TRUE(store
                  ->AddTelemetry({.at_ms = 3000,
                                  .session = "s",
                                  .kind = TelemetryKind::kIgnored,
                                  .signature = "npm test",
                                  .tool_use_id = "toolu_3",
                                  .answers = "toolu_2"})
                  .ok());
  // The first advice was superseded by the second: nothing waits for an answer any more.
  EXPECT_EQ(*store->UnansweredAdvice("s", "npm test", "toolu_4"), std::nullopt);
}

TEST_F(StoreTest, SamplesKeepWhatBgprofPredictedAndDid) {
  std::optional<Store> store = MustOpen(PathIn("bgprof.db"));
  ASSERT_TRUE(store.has_value());
  ASSERT_TRUE(store
                  ->InsertSample({.at_ms = 1000,
                                  .session = "s",
                                  .project = "/w",
                                  .family = "make",
                                  .signature = "make",
                                  .duration_ms = 9000,
                                  .predicted_ms = 8000,
                                  .advice = "suggested",
                                  .background = RuntimeBound::kExact})
                  .ok());
  ASSERT_TRUE(
      store->InsertSample({.at_ms = 2000, .project = "/v", .outcome = Outcome::kFailed}).ok());
  absl::StatusOr<std::vector<Sample>> samples = store->SamplesSince(0, "/w");
  ASSERT_TRUE(samples.ok()) << samples.status();
  ASSERT_EQ(samples->size(), 1u);
  EXPECT_EQ((*samples)[0].predicted_ms, std::optional<int64_t>(8000));
  EXPECT_EQ((*samples)[0].advice, "suggested");
  EXPECT_EQ((*samples)[0].background, RuntimeBound::kExact);
  EXPECT_EQ((*samples)[0].duration_ms, std::optional<int64_t>(9000));
  EXPECT_EQ(store->SamplesSince(1500, "")->size(), 1u);
  EXPECT_EQ(store->SamplesSince(1500, "")->front().outcome, Outcome::kFailed);
}

TEST_F(StoreTest, StatsOfProjectListsOneLevelOfOneProject) {
  std::optional<Store> store = MustOpen(PathIn("bgprof.db"));
  ASSERT_TRUE(store.has_value());
  ASSERT_TRUE(
      store->SaveStats({"family", "npm test", "/w"}, {.runs = 3, .recent_ms = {1, 2}}).ok());
  ASSERT_TRUE(store->SaveStats({"family", "make", "/w"}, {.runs = 1}).ok());
  ASSERT_TRUE(store->SaveStats({"family", "npm test", ""}, {.runs = 7}).ok());
  ASSERT_TRUE(store->SaveStats({"command", "npm test", "/w"}, {.runs = 3}).ok());
  absl::StatusOr<std::vector<KeyedStats>> rows = store->StatsOfProject("family", "/w");
  ASSERT_TRUE(rows.ok()) << rows.status();
  ASSERT_EQ(rows->size(), 2u);
  std::vector<std::string> keys = {(*rows)[0].key, (*rows)[1].key};
  std::sort(keys.begin(), keys.end());
  EXPECT_THAT(keys, ElementsAre("make", "npm test"));
  for (const KeyedStats& row : *rows) {
    if (row.key == "npm test") {
      EXPECT_EQ(row.stats.runs, 3);
      EXPECT_THAT(row.stats.recent_ms, ElementsAre(1, 2));
    }
  }
  EXPECT_THAT(*store->StatsOfProject("family", "/elsewhere"), IsEmpty());
}

class CompleteRunsTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    store_ = MustOpen(PathIn("bgprof.db"));
    ASSERT_TRUE(store_.has_value());
    const std::vector<Sample> samples = {
        MakeSample("webapp", "npm test", 300, Outcome::kOk, 1000),
        MakeSample("webapp", "npm test", 100, Outcome::kFailed, 3000),
        MakeSample("webapp", "npm test", 200, Outcome::kOk, 2000),
        MakeSample("webapp", "cargo build", 50000, Outcome::kOk, 1500),
        // Not complete runs, or no duration: never listed.
        MakeSample("webapp", "npm test", 999999, Outcome::kInterrupted, 9000),
        MakeSample("webapp", "npm test", 888888, Outcome::kCensored, 9001),
        MakeSample("webapp", "npm test", 777777, Outcome::kBackground, 9002),
        MakeSample("webapp", "npm test", std::nullopt, Outcome::kOk, 9003),
        MakeSample("webapp", "make docs", std::nullopt, Outcome::kBackground, 9004),
        // Another project.
        MakeSample("api", "npm test", 50, Outcome::kOk, 5000),
        MakeSample("api", "go test", 7000, Outcome::kFailed, 4000),
    };
    for (const Sample& sample : samples) ASSERT_TRUE(store_->InsertSample(sample).ok());
  }

  std::optional<Store> store_;
};

TEST_F(CompleteRunsTest, EveryProjectGroupsByFamilyWithAscendingDurations) {
  absl::StatusOr<std::vector<GroupRuns>> runs =
      store_->CompleteRuns(Grouping::kFamily, std::nullopt);
  ASSERT_TRUE(runs.ok()) << runs.status();
  ASSERT_EQ(runs->size(), 3u);
  EXPECT_EQ((*runs)[0].key, "cargo build");
  EXPECT_THAT((*runs)[0].durations_ms, ElementsAre(50000));
  EXPECT_EQ((*runs)[0].last_seen_ms, 1500);
  EXPECT_EQ((*runs)[1].key, "go test");
  EXPECT_THAT((*runs)[1].durations_ms, ElementsAre(7000));
  EXPECT_EQ((*runs)[1].last_seen_ms, 4000);
  EXPECT_EQ((*runs)[2].key, "npm test");
  EXPECT_THAT((*runs)[2].durations_ms, ElementsAre(50, 100, 200, 300));
  EXPECT_EQ((*runs)[2].last_seen_ms, 5000);  // the api run is the newest
}

TEST_F(CompleteRunsTest, OneProjectOnlySeesItsOwnRuns) {
  absl::StatusOr<std::vector<GroupRuns>> runs =
      store_->CompleteRuns(Grouping::kFamily, std::optional<std::string>("webapp"));
  ASSERT_TRUE(runs.ok()) << runs.status();
  ASSERT_EQ(runs->size(), 2u);
  EXPECT_EQ((*runs)[0].key, "cargo build");
  EXPECT_THAT((*runs)[0].durations_ms, ElementsAre(50000));
  EXPECT_EQ((*runs)[1].key, "npm test");
  EXPECT_THAT((*runs)[1].durations_ms, ElementsAre(100, 200, 300));
  // The newest complete webapp run; the later interrupted/censored ones do not count.
  EXPECT_EQ((*runs)[1].last_seen_ms, 3000);
}

TEST_F(CompleteRunsTest, UnknownProjectHasNoRuns) {
  absl::StatusOr<std::vector<GroupRuns>> runs =
      store_->CompleteRuns(Grouping::kFamily, std::optional<std::string>("nowhere"));
  ASSERT_TRUE(runs.ok()) << runs.status();
  EXPECT_THAT(*runs, IsEmpty());
}

TEST_F(CompleteRunsTest, RepeatedQueriesGiveTheSameAnswer) {
  // The statement is cached: a second call must start over, with fresh bindings.
  absl::StatusOr<std::vector<GroupRuns>> api =
      store_->CompleteRuns(Grouping::kFamily, std::optional<std::string>("api"));
  ASSERT_TRUE(api.ok()) << api.status();
  ASSERT_EQ(api->size(), 2u);
  absl::StatusOr<std::vector<GroupRuns>> all =
      store_->CompleteRuns(Grouping::kFamily, std::nullopt);
  ASSERT_TRUE(all.ok()) << all.status();
  EXPECT_EQ(all->size(), 3u);
}

TEST_F(StoreTest, RollbackDiscardsEverythingSinceBegin) {
  std::optional<Store> store = MustOpen(PathIn("bgprof.db"));
  ASSERT_TRUE(store.has_value());
  ASSERT_TRUE(store->Begin().ok());
  ASSERT_TRUE(store->InsertSample(MakeSample("p", "ls", 4, Outcome::kOk, 1)).ok());
  ASSERT_TRUE(store->SaveStats({"program", "ls", "p"}, {.runs = 1, .last_ms = 4}).ok());
  ASSERT_TRUE(store->RememberStart("toolu_01", 100).ok());
  store->Rollback();

  absl::StatusOr<int64_t> count = store->SampleCount();
  ASSERT_TRUE(count.ok()) << count.status();
  EXPECT_EQ(*count, 0);
  absl::StatusOr<RunStats> stats = store->LoadStats({"program", "ls", "p"});
  ASSERT_TRUE(stats.ok()) << stats.status();
  EXPECT_EQ(stats->runs, 0);
  EXPECT_EQ(TakeStartMs(*store, "toolu_01"), std::nullopt);
}

TEST_F(StoreTest, ChangesSinceCountsTheChangesOfOneProjectAfterAMoment) {
  std::optional<Store> store = MustOpen(PathIn("bgprof.db"));
  ASSERT_TRUE(store.has_value());
  auto change = [&](int64_t at_ms, const std::string& project, const std::string& path,
                    const std::string& tool, bool resets = false) {
    ASSERT_TRUE(store
                    ->RecordChange(FileChange{.at_ms = at_ms,
                                              .session = "s",
                                              .project = project,
                                              .path = path,
                                              .tool = tool,
                                              .resets_build = resets})
                    .ok());
  };
  absl::StatusOr<ChangesAfter> none = store->ChangesSince("/p", 0);
  ASSERT_TRUE(none.ok()) << none.status();
  EXPECT_FALSE(none->edits_followed);
  EXPECT_FALSE(none->changed);

  change(100, "/p", "git pull", "Bash");
  EXPECT_FALSE(store->ChangesSince("/p", 0)->edits_followed);  // no edit tool seen yet
  change(200, "/p", "/p/a.c", "Edit");
  change(300, "/p", "/p/a.c", "Edit");
  change(300, "/p", "/p/b.c", "Write");
  change(300, "/q", "/q/c.c", "Edit");
  absl::StatusOr<ChangesAfter> after = store->ChangesSince("/p", 100);  // strictly after
  ASSERT_TRUE(after.ok()) << after.status();
  EXPECT_TRUE(after->edits_followed);
  EXPECT_TRUE(after->changed);
  EXPECT_FALSE(after->build_reset);
  EXPECT_FALSE(store->ChangesSince("/p", 300)->changed);
  EXPECT_TRUE(store->ChangesSince("/p", 299)->changed);
  EXPECT_TRUE(store->ChangesSince("/p", 300)->edits_followed);

  change(400, "/p", "make clean", "Bash", /*resets=*/true);
  EXPECT_TRUE(store->ChangesSince("/p", 300)->build_reset);
  EXPECT_FALSE(store->ChangesSince("/p", 400)->build_reset);

  // A week later the project's old changes are forgotten as a new one is recorded.
  change(400 + 8LL * 24 * 3600 * 1000, "/p", "/p/d.c", "Edit");
  EXPECT_FALSE(store->ChangesSince("/p", 0)->build_reset);  // the reset went with the week
  EXPECT_TRUE(store->ChangesSince("/p", 400 + 8LL * 24 * 3600 * 1000 - 1)->changed);
  EXPECT_TRUE(store->ChangesSince("/q", 0)->changed);  // other projects keep theirs
}

TEST_F(StoreTest, TheStateASampleFoundIsKept) {
  std::optional<Store> store = MustOpen(PathIn("bgprof.db"));
  ASSERT_TRUE(store.has_value());
  for (ChangeState state : {ChangeState::kUnknown, ChangeState::kFresh, ChangeState::kChanged,
                            ChangeState::kUnchanged}) {
    ASSERT_TRUE(store
                    ->InsertSample(Sample{.at_ms = 10,
                                          .project = "/p",
                                          .command = "make",
                                          .program = "make",
                                          .family = "make",
                                          .signature = "make",
                                          .duration_ms = 5,
                                          .state = state})
                    .ok());
  }
  absl::StatusOr<std::vector<Sample>> samples = store->SamplesSince(0, "/p");
  ASSERT_TRUE(samples.ok()) << samples.status();
  ASSERT_EQ(samples->size(), 4u);
  EXPECT_EQ((*samples)[0].state, ChangeState::kUnknown);
  EXPECT_EQ((*samples)[1].state, ChangeState::kFresh);
  EXPECT_EQ((*samples)[2].state, ChangeState::kChanged);
  EXPECT_EQ((*samples)[3].state, ChangeState::kUnchanged);
}

TEST_F(StoreTest, CommitKeepsEverythingSinceBegin) {
  std::optional<Store> store = MustOpen(PathIn("bgprof.db"));
  ASSERT_TRUE(store.has_value());
  ASSERT_TRUE(store->Begin().ok());
  ASSERT_TRUE(store->InsertSample(MakeSample("p", "ls", 4, Outcome::kOk, 1)).ok());
  ASSERT_TRUE(store->Commit().ok());
  absl::StatusOr<int64_t> count = store->SampleCount();
  ASSERT_TRUE(count.ok()) << count.status();
  EXPECT_EQ(*count, 1);
}

TEST_F(StoreTest, MovedStoreKeepsWorking) {
  std::optional<Store> first = MustOpen(PathIn("one.db"));
  std::optional<Store> second = MustOpen(PathIn("two.db"));
  ASSERT_TRUE(first.has_value());
  ASSERT_TRUE(second.has_value());
  ASSERT_TRUE(first->InsertSample(MakeSample("p", "ls", 4, Outcome::kOk, 1)).ok());
  *second = std::move(*first);  // closes two.db, takes over one.db
  absl::StatusOr<int64_t> count = second->SampleCount();
  ASSERT_TRUE(count.ok()) << count.status();
  EXPECT_EQ(*count, 1);
}

TEST_F(StoreTest, TwoStoresOnOneFileWritingAlternatelyBothSucceed) {
  const std::string path = PathIn("bgprof.db");
  std::optional<Store> a = MustOpen(path);
  std::optional<Store> b = MustOpen(path);
  ASSERT_TRUE(a.has_value());
  ASSERT_TRUE(b.has_value());
  for (int i = 0; i < 10; ++i) {
    ASSERT_TRUE(a->InsertSample(MakeSample("p", "ls", i, Outcome::kOk, i)).ok()) << i;
    // Reads leave no snapshot open behind: b sees a's write at once.
    absl::StatusOr<int64_t> seen_by_b = b->SampleCount();
    ASSERT_TRUE(seen_by_b.ok()) << seen_by_b.status();
    EXPECT_EQ(*seen_by_b, 2 * i + 1);
    ASSERT_TRUE(b->Begin().ok()) << i;
    ASSERT_TRUE(b->InsertSample(MakeSample("p", "ls", i, Outcome::kOk, i)).ok()) << i;
    ASSERT_TRUE(b->SaveStats({"program", "ls", "p"}, {.runs = i + 1}).ok()) << i;
    ASSERT_TRUE(b->Commit().ok()) << i;
    absl::StatusOr<RunStats> seen_by_a = a->LoadStats({"program", "ls", "p"});
    ASSERT_TRUE(seen_by_a.ok()) << seen_by_a.status();
    EXPECT_EQ(seen_by_a->runs, i + 1);
  }
  absl::StatusOr<int64_t> count = a->SampleCount();
  ASSERT_TRUE(count.ok()) << count.status();
  EXPECT_EQ(*count, 20);
}

TEST_F(StoreTest, WriterBlockedPastTheBusyTimeoutGetsAStatusThenSucceedsAfterCommit) {
  const std::string path = PathIn("bgprof.db");
  std::optional<Store> a = MustOpen(path);
  std::optional<Store> b = MustOpen(path);
  ASSERT_TRUE(a.has_value());
  ASSERT_TRUE(b.has_value());
  ASSERT_TRUE(a->Begin().ok());
  ASSERT_TRUE(a->InsertSample(MakeSample("p", "ls", 1, Outcome::kOk, 1)).ok());
  EXPECT_FALSE(b->Begin().ok());
  EXPECT_FALSE(b->InsertSample(MakeSample("p", "ls", 2, Outcome::kOk, 2)).ok());
  ASSERT_TRUE(a->Commit().ok());
  EXPECT_TRUE(b->InsertSample(MakeSample("p", "ls", 2, Outcome::kOk, 2)).ok());
  absl::StatusOr<int64_t> count = a->SampleCount();
  ASSERT_TRUE(count.ok()) << count.status();
  EXPECT_EQ(*count, 2);
}

TEST_F(StoreTest, TwoThreadsWithTheirOwnStoresTakeTurnsThroughBusyTimeout) {
  const std::string path = PathIn("bgprof.db");
  { ASSERT_TRUE(MustOpen(path).has_value()); }  // create and migrate once
  constexpr int kPerThread = 50;
  std::vector<int> failures(2, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 2; ++t) {
    threads.emplace_back([&, t] {
      absl::StatusOr<Store> store = Store::Open(path);
      if (!store.ok()) {
        failures[t] = kPerThread;
        return;
      }
      for (int i = 0; i < kPerThread; ++i) {
        bool ok = store->Begin().ok();
        ok = ok && store->InsertSample(MakeSample("p", "ls", i, Outcome::kOk, i)).ok();
        ok = ok && store->Commit().ok();
        if (!ok) ++failures[t];
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(failures[0], 0);
  EXPECT_EQ(failures[1], 0);
  std::optional<Store> store = MustOpen(path);
  ASSERT_TRUE(store.has_value());
  absl::StatusOr<int64_t> count = store->SampleCount();
  ASSERT_TRUE(count.ok()) << count.status();
  EXPECT_EQ(*count, 2 * kPerThread);
}

}  // namespace
}  // namespace bgprof
