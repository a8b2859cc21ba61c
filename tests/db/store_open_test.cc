// Tests of how db/store opens and closes its file when things go wrong: a damaged file healed,
// a read-only file read, a busy file waited for, a WAL kept bounded, a hook's checkpoint that
// never waits.
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "db/store.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/bgprof_runner.h"
#include "tests/support/damaged_database.h"
#include "tests/support/file_access.h"
#include "tests/support/scratch_folder.h"

namespace bgprof {
namespace {

using ::testing::HasSubstr;
using ::testing::SizeIs;

constexpr OpenOptions kHook{.user = StoreUser::kHook, .heal = true};
constexpr OpenOptions kCommandHealing{.user = StoreUser::kCommand, .heal = true};
// The WAL is checkpointed past 128 pages (about 516 KiB) and cut back to that size: twice that
// is a bound it must never pass under a steady stream of writes.
constexpr int64_t kWalBoundBytes = 1 << 20;

int64_t SizeOf(const std::string& path) {
  std::error_code error;
  const auto size = std::filesystem::file_size(path, error);
  return error ? 0 : static_cast<int64_t>(size);
}

Sample MakeSample(int i, int command_bytes = 40) {
  return Sample{.at_ms = 1'780'000'000'000 + i,
                .session = "session",
                .project = "/home/alex/webapp",
                .cwd = "/home/alex/webapp",
                .command = "make " + std::string(command_bytes, 'x') + std::to_string(i),
                .program = "make",
                .family = "make",
                .signature = "make x",
                .tool_use_id = "toolu_" + std::to_string(i),
                .duration_ms = 1000 + i};
}

// What a hook's PostToolUse writes, in one transaction.
absl::Status WriteLikeAHook(Store& store, int i) {
  if (absl::Status status = store.Begin(); !status.ok()) return status;
  absl::Status status = store.InsertSample(MakeSample(i, 200)).status();
  for (const char* level : {"command", "family", "program"}) {
    if (status.ok()) status = store.SaveStats({level, "make" + std::to_string(i % 50), ""}, {});
  }
  if (!status.ok()) {
    store.Rollback();
    return status;
  }
  return store.Commit();
}

class StoreOpenTest : public ::testing::Test {
 protected:
  std::vector<std::string> SetAside() const {
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(scratch_.path())) {
      const std::string name = entry.path().filename().string();
      if (absl::StrContains(name, ".corrupt-") && !absl::EndsWith(name, "-wal") &&
          !absl::EndsWith(name, "-shm")) {
        names.push_back(name);
      }
    }
    return names;
  }
  int LogLinesSaying(const std::string& text) const {
    int count = 0;
    for (absl::string_view line : absl::StrSplit(testing::ReadFile(log_), '\n')) {
      if (absl::StrContains(line, text)) ++count;
    }
    return count;
  }
  int64_t Samples() const { return testing::RowCount(db_, "samples"); }

  testing::ScratchFolder scratch_{"bgprof-open"};
  const std::string db_ = scratch_.path() + "/bgprof.db";
  const std::string log_ = scratch_.path() + "/bgprof.log";
};

// ---- Damage ----

enum class Damage { kRandomBytes, kTruncated };

class DamageAtOpenTest : public StoreOpenTest, public ::testing::WithParamInterface<Damage> {
 protected:
  void SetUp() override {
    if (GetParam() == Damage::kRandomBytes) {
      testing::WriteRandomFile(db_, 64 * 1024, 12);
    } else {
      ASSERT_TRUE(testing::FillDatabase(db_, 2000, 300));
      testing::TruncateFile(db_, 0.5);
    }
  }
};

TEST_P(DamageAtOpenTest, WithoutHealingItIsDataLossAndTheFileStays) {
  const int64_t size = SizeOf(db_);
  absl::StatusOr<Store> store = Store::Open(db_);
  ASSERT_FALSE(store.ok());
  EXPECT_TRUE(absl::IsDataLoss(store.status())) << store.status();
  EXPECT_EQ(SizeOf(db_), size);
  EXPECT_THAT(SetAside(), SizeIs(0));
}

TEST_P(DamageAtOpenTest, HealingSetsItAsideOnceAndStartsAnEmptyDatabase) {
  int64_t stored = 0;
  for (const OpenOptions& options : {kHook, kCommandHealing}) {
    absl::StatusOr<Store> store = Store::Open(db_, options);
    ASSERT_TRUE(store.ok()) << store.status();
    absl::StatusOr<int64_t> count = store->SampleCount();
    ASSERT_TRUE(count.ok()) << count.status();
    EXPECT_EQ(*count, stored);  // the new file's, and only those
    ASSERT_TRUE(store->InsertSample(MakeSample(static_cast<int>(++stored))).ok());
  }
  EXPECT_EQ(Samples(), 2);
  EXPECT_THAT(SetAside(), SizeIs(1));
  EXPECT_EQ(LogLinesSaying("moved aside"), 1);
}

INSTANTIATE_TEST_SUITE_P(Damages, DamageAtOpenTest,
                         ::testing::Values(Damage::kRandomBytes, Damage::kTruncated));

class DamagedPagesTest : public StoreOpenTest {
 protected:
  void SetUp() override {
    ASSERT_TRUE(testing::FillDatabase(db_, 2000, 300));
    const std::vector<int64_t> pages = testing::NonRootPagesOf(db_, "stats");
    ASSERT_GE(pages.size(), 3u) << "the stats need pages below their root";
    testing::OverwritePages(db_, pages, 7);
  }
  const StatsKey key_{"family", "make target7", "/home/alex/webapp"};
};

TEST_F(DamagedPagesTest, AStatementFindsItAndTheStoreSetsItAsideAsItCloses) {
  {
    absl::StatusOr<Store> store = Store::Open(db_, kCommandHealing);
    ASSERT_TRUE(store.ok()) << store.status();  // the schema is intact
    absl::StatusOr<RunStats> stats = store->LoadStats(key_);
    EXPECT_TRUE(absl::IsDataLoss(stats.status())) << stats.status();
  }
  EXPECT_THAT(SetAside(), SizeIs(1));
  EXPECT_EQ(LogLinesSaying("moved aside"), 1);
  absl::StatusOr<Store> store = Store::Open(db_, kCommandHealing);
  ASSERT_TRUE(store.ok()) << store.status();
  absl::StatusOr<RunStats> stats = store->LoadStats(key_);
  ASSERT_TRUE(stats.ok()) << stats.status();
  EXPECT_EQ(stats->runs, 0);
}

TEST_F(DamagedPagesTest, HealCorruptionStartsANewDatabaseAtOnce) {
  absl::StatusOr<Store> store = Store::Open(db_, kHook);
  ASSERT_TRUE(store.ok()) << store.status();
  EXPECT_TRUE(absl::IsFailedPrecondition(store->HealCorruption()));  // no damage seen yet
  EXPECT_TRUE(absl::IsDataLoss(store->LoadStats(key_).status()));
  ASSERT_TRUE(store->HealCorruption().ok());
  ASSERT_TRUE(WriteLikeAHook(*store, 1).ok());
  EXPECT_EQ(Samples(), 1);
  EXPECT_THAT(SetAside(), SizeIs(1));
  EXPECT_EQ(LogLinesSaying("moved aside"), 1);
}

TEST_F(DamagedPagesTest, WithoutHealingTheDamageIsOnlyReported) {
  const std::optional<FileIdentity> before = IdentityOf(db_);
  {
    absl::StatusOr<Store> store = Store::Open(db_);
    ASSERT_TRUE(store.ok()) << store.status();
    EXPECT_TRUE(absl::IsDataLoss(store->LoadStats(key_).status()));
    EXPECT_FALSE(store->HealCorruption().ok());
  }
  EXPECT_EQ(IdentityOf(db_), before);
  EXPECT_THAT(SetAside(), SizeIs(0));
}

// ---- Read-only ----

class ReadOnlyTest : public StoreOpenTest {
 protected:
  void SetUp() override { ASSERT_TRUE(testing::FillDatabase(db_, 20, 5)); }
  void TearDown() override {
    ::chmod(scratch_.path().c_str(), 0700);
    ::chmod(db_.c_str(), 0600);
  }
  // The store opened read-only, and the statistics FillDatabase wrote can be read from it.
  void ExpectReadOnlyAndReadable(absl::StatusOr<Store>& store) {
    ASSERT_TRUE(store.ok()) << store.status();
    EXPECT_TRUE(store->read_only());
    absl::StatusOr<RunStats> stats = store->LoadStats(key_);
    ASSERT_TRUE(stats.ok()) << stats.status();
    EXPECT_EQ(stats->runs, 4);
  }
  const StatsKey key_{"family", "make target3", "/home/alex/webapp"};
};

TEST_F(ReadOnlyTest, AReadOnlyFileIsReadAndACommandsWritesFail) {
  ASSERT_EQ(::chmod(db_.c_str(), 0400), 0);
  testing::ScopedNoRootFileAccess no_root;
  ASSERT_TRUE(no_root.ok()) << "cannot make file modes bind for root";
  absl::StatusOr<Store> store = Store::Open(db_, kCommandHealing);
  ASSERT_NO_FATAL_FAILURE(ExpectReadOnlyAndReadable(store));
  absl::Status written = store->InsertSample(MakeSample(100)).status();
  EXPECT_TRUE(absl::IsPermissionDenied(written)) << written;
}

TEST_F(ReadOnlyTest, AHookPredictsFromAReadOnlyFileAndDropsItsWritesLoggingThatOnce) {
  ASSERT_EQ(::chmod(db_.c_str(), 0400), 0);
  testing::ScopedNoRootFileAccess no_root;
  ASSERT_TRUE(no_root.ok()) << "cannot make file modes bind for root";
  for (int i = 0; i < 3; ++i) {
    absl::StatusOr<Store> store = Store::Open(db_, kHook);
    ASSERT_NO_FATAL_FAILURE(ExpectReadOnlyAndReadable(store));
    EXPECT_TRUE(WriteLikeAHook(*store, 100 + i).ok());
    absl::Status remembered = store->RememberStart("toolu_x", 1);
    EXPECT_TRUE(remembered.ok()) << remembered;
    absl::StatusOr<std::optional<CallStart>> start = store->TakeStart("toolu_x");
    ASSERT_TRUE(start.ok()) << start.status();
    EXPECT_FALSE(start->has_value());
  }
  EXPECT_EQ(Samples(), 20);
  EXPECT_EQ(LogLinesSaying("can only be read"), 1);
}

TEST_F(ReadOnlyTest, AReadOnlyFolderIsReadToo) {
  // No -wal or -shm beside the file: SQLite cannot create them in the folder.
  std::filesystem::remove(db_ + "-wal");
  std::filesystem::remove(db_ + "-shm");
  ASSERT_EQ(::chmod(scratch_.path().c_str(), 0500), 0);
  {
    testing::ScopedNoRootFileAccess no_root;
    ASSERT_TRUE(no_root.ok()) << "cannot make file modes bind for root";
    absl::StatusOr<Store> store = Store::Open(db_, kHook);
    ASSERT_NO_FATAL_FAILURE(ExpectReadOnlyAndReadable(store));
    EXPECT_TRUE(WriteLikeAHook(*store, 100).ok());
  }
  ASSERT_EQ(::chmod(scratch_.path().c_str(), 0700), 0);
  EXPECT_EQ(Samples(), 20);
}

TEST_F(ReadOnlyTest, NoFileInAReadOnlyFolderIsPermissionDenied) {
  const std::string missing = scratch_.path() + "/sub";
  std::filesystem::create_directories(missing);
  ASSERT_EQ(::chmod(missing.c_str(), 0500), 0);
  testing::ScopedNoRootFileAccess no_root;
  ASSERT_TRUE(no_root.ok()) << "cannot make file modes bind for root";
  absl::StatusOr<Store> store = Store::Open(missing + "/bgprof.db", kHook);
  EXPECT_TRUE(absl::IsPermissionDenied(store.status())) << store.status();
}

// ---- Busy ----

// Holds the write lock of `path` from its own connection.
class WriteLock {
 public:
  explicit WriteLock(const std::string& path) {
    ok_ = sqlite3_open(path.c_str(), &db_) == SQLITE_OK &&
          sqlite3_exec(db_, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK;
  }
  ~WriteLock() { sqlite3_close(db_); }
  bool ok() const { return ok_; }
  void Release() { sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr); }

 private:
  sqlite3* db_ = nullptr;
  bool ok_ = false;
};

TEST_F(StoreOpenTest, AWriterWaitsForALockHeldBriefly) {
  absl::StatusOr<Store> store = Store::Open(db_, kHook);
  ASSERT_TRUE(store.ok()) << store.status();
  WriteLock lock(db_);
  ASSERT_TRUE(lock.ok());
  // Held when the write starts, whatever the scheduling: without a busy timeout the write fails
  // every time.
  std::thread holder([&lock] {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    lock.Release();
  });
  const absl::Status written = WriteLikeAHook(*store, 1);
  holder.join();
  EXPECT_TRUE(written.ok()) << written;
  EXPECT_EQ(Samples(), 1);
}

TEST_F(StoreOpenTest, ALockHeldPastTheBusyTimeoutIsUnavailable) {
  absl::StatusOr<Store> store = Store::Open(db_, kHook);
  ASSERT_TRUE(store.ok()) << store.status();
  WriteLock lock(db_);
  ASSERT_TRUE(lock.ok());
  const absl::Status begun = store->Begin();
  EXPECT_TRUE(absl::IsUnavailable(begun)) << begun;
  const absl::Status inserted = store->InsertSample(MakeSample(1)).status();
  EXPECT_TRUE(absl::IsUnavailable(inserted)) << inserted;
}

// ---- WAL and checkpoints ----

TEST_F(StoreOpenTest, TheWalStaysBoundedUnderManyHookWrites) {
  constexpr int kWrites = 2000;
  int64_t largest = 0;
  for (int i = 0; i < kWrites; ++i) {
    absl::StatusOr<Store> store = Store::Open(db_, kHook);
    ASSERT_TRUE(store.ok()) << store.status();
    ASSERT_TRUE(WriteLikeAHook(*store, i).ok()) << i;
    store = absl::UnknownError("closed");
    largest = std::max(largest, SizeOf(db_ + "-wal"));
  }
  EXPECT_EQ(Samples(), kWrites);
  EXPECT_LE(largest, kWalBoundBytes);
  std::printf("largest WAL over %d hook writes: %lld bytes\n", kWrites,
              static_cast<long long>(largest));
}

TEST_F(StoreOpenTest, AWalAReaderMadeGrowIsCutBackOnceTheReaderIsGone) {
  sqlite3* reader = nullptr;
  { ASSERT_TRUE(Store::Open(db_, kHook).ok()); }
  ASSERT_EQ(sqlite3_open(db_.c_str(), &reader), SQLITE_OK);
  // As the hooks do: closing it leaves the WAL to them.
  sqlite3_db_config(reader, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
  // A snapshot held open: no checkpoint can complete, and the WAL grows.
  ASSERT_EQ(sqlite3_exec(reader, "BEGIN; SELECT count(*) FROM samples;", nullptr, nullptr, nullptr),
            SQLITE_OK);
  for (int i = 0; i < 400; ++i) {
    absl::StatusOr<Store> store = Store::Open(db_, kHook);
    ASSERT_TRUE(store.ok()) << store.status();
    ASSERT_TRUE(WriteLikeAHook(*store, i).ok()) << i;
  }
  const int64_t grown = SizeOf(db_ + "-wal");
  EXPECT_GT(grown, kWalBoundBytes);
  sqlite3_exec(reader, "COMMIT", nullptr, nullptr, nullptr);
  sqlite3_close(reader);
  for (int i = 400; i < 401; ++i) {
    absl::StatusOr<Store> store = Store::Open(db_, kHook);
    ASSERT_TRUE(store.ok()) << store.status();
    ASSERT_TRUE(WriteLikeAHook(*store, i).ok()) << i;
  }
  EXPECT_LE(SizeOf(db_ + "-wal"), kWalBoundBytes) << "grown to " << grown;
}

// Writes until the WAL is past the checkpoint threshold, and returns how long closing took while
// another connection held the write lock.
std::chrono::milliseconds CloseTimeUnderALock(const std::string& path, OpenOptions options) {
  absl::StatusOr<Store> store = Store::Open(path, options);
  EXPECT_TRUE(store.ok()) << store.status();
  if (!store.ok()) return {};
  for (int i = 0; SizeOf(path + "-wal") <= kWalBoundBytes; ++i) {
    EXPECT_TRUE(WriteLikeAHook(*store, i).ok());
  }
  WriteLock lock(path);
  EXPECT_TRUE(lock.ok());
  const auto start = std::chrono::steady_clock::now();
  store = absl::UnknownError("closed");
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                               start);
}

TEST_F(StoreOpenTest, AHooksCheckpointNeverWaitsForOtherWriters) {
  const std::chrono::milliseconds command = CloseTimeUnderALock(db_, kCommandHealing);
  const std::chrono::milliseconds hook = CloseTimeUnderALock(scratch_.path() + "/hook.db", kHook);
  // The command's checkpoint waits out the busy timeout (250 ms) for the writer's lock.
  EXPECT_GE(command.count(), 200);
  EXPECT_LT(hook.count(), command.count() / 2) << "command " << command.count() << " ms";
}

TEST_F(StoreOpenTest, ACommandsCheckpointEmptiesTheWal) {
  {
    absl::StatusOr<Store> store = Store::Open(db_, kCommandHealing);
    ASSERT_TRUE(store.ok()) << store.status();
    for (int i = 0; SizeOf(db_ + "-wal") <= kWalBoundBytes; ++i) {
      ASSERT_TRUE(WriteLikeAHook(*store, i).ok());
    }
  }
  EXPECT_EQ(SizeOf(db_ + "-wal"), 0);
}

}  // namespace
}  // namespace bgprof
