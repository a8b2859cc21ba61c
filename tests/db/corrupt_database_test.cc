// Tests of db/corrupt_database: a damaged database is moved aside once, with its -wal and -shm,
// however many processes find it at the same moment, and a new file is never moved.
#include "db/corrupt_database.h"

#include <algorithm>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/bgprof_runner.h"
#include "tests/support/scratch_folder.h"

namespace bgprof {
namespace {

using ::testing::HasSubstr;
using ::testing::MatchesRegex;
using ::testing::SizeIs;

class CorruptDatabaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::WriteFile(db_, "not a database");
    testing::WriteFile(db_ + "-wal", "old wal");
    testing::WriteFile(db_ + "-shm", "old shm");
  }

  // The files of the folder whose name holds `part`.
  std::vector<std::string> FilesNamed(const std::string& part) const {
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(scratch_.path())) {
      const std::string name = entry.path().filename().string();
      if (absl::StrContains(name, part)) names.push_back(name);
    }
    std::sort(names.begin(), names.end());
    return names;
  }

  int LogLinesSaying(const std::string& text) const {
    int count = 0;
    for (absl::string_view line : absl::StrSplit(testing::ReadFile(log_), '\n')) {
      if (absl::StrContains(line, text)) ++count;
    }
    return count;
  }

  testing::ScratchFolder scratch_{"bgprof-corrupt"};
  const std::string db_ = scratch_.path() + "/bgprof.db";
  const std::string log_ = scratch_.path() + "/bgprof.log";
  const absl::Status why_ = absl::DataLossError("file is not a database");
};

TEST_F(CorruptDatabaseTest, MovesTheFileWithItsWalAndShmAsideAndLogsIt) {
  const std::optional<FileIdentity> found = IdentityOf(db_);
  ASSERT_TRUE(found.has_value());
  absl::StatusOr<std::string> aside = SetAsideCorruptDatabase(db_, *found, why_);
  ASSERT_TRUE(aside.ok()) << aside.status();
  EXPECT_THAT(*aside, MatchesRegex(".*/bgprof\\.db\\.corrupt-[0-9]{8}T[0-9]{6}Z"));
  EXPECT_FALSE(std::filesystem::exists(db_));
  EXPECT_FALSE(std::filesystem::exists(db_ + "-wal"));
  EXPECT_FALSE(std::filesystem::exists(db_ + "-shm"));
  EXPECT_EQ(testing::ReadFile(*aside), "not a database");
  EXPECT_EQ(testing::ReadFile(*aside + "-wal"), "old wal");
  EXPECT_EQ(testing::ReadFile(*aside + "-shm"), "old shm");
  EXPECT_EQ(LogLinesSaying("moved aside to " + *aside), 1);
  EXPECT_THAT(testing::ReadFile(log_), HasSubstr("file is not a database"));
}

TEST_F(CorruptDatabaseTest, ANewFileInItsPlaceIsNeverMoved) {
  const std::optional<FileIdentity> found = IdentityOf(db_);
  ASSERT_TRUE(found.has_value());
  // Another process set it aside and created a new database meanwhile.
  std::filesystem::rename(db_, db_ + ".elsewhere");
  testing::WriteFile(db_, "new database");
  absl::StatusOr<std::string> aside = SetAsideCorruptDatabase(db_, *found, why_);
  ASSERT_TRUE(aside.ok()) << aside.status();
  EXPECT_EQ(*aside, "");
  EXPECT_EQ(testing::ReadFile(db_), "new database");
  EXPECT_EQ(testing::ReadFile(db_ + "-wal"), "old wal");  // not its to move either
  EXPECT_EQ(LogLinesSaying("moved aside"), 0);
}

TEST_F(CorruptDatabaseTest, TwoDamagedFilesInOneSecondGetTwoNames) {
  std::vector<std::string> asides;
  for (int i = 0; i < 2; ++i) {
    if (i > 0) testing::WriteFile(db_, "damaged again");
    const std::optional<FileIdentity> found = IdentityOf(db_);
    ASSERT_TRUE(found.has_value());
    absl::StatusOr<std::string> aside = SetAsideCorruptDatabase(db_, *found, why_);
    ASSERT_TRUE(aside.ok()) << aside.status();
    asides.push_back(*aside);
  }
  EXPECT_NE(asides[0], asides[1]);
  EXPECT_EQ(testing::ReadFile(asides[0]), "not a database");
  EXPECT_EQ(testing::ReadFile(asides[1]), "damaged again");
}

TEST_F(CorruptDatabaseTest, ManyFindingItAtOnceMoveItOnceAndLogOnce) {
  const std::optional<FileIdentity> found = IdentityOf(db_);
  ASSERT_TRUE(found.has_value());
  constexpr int kFinders = 16;
  std::vector<std::string> results(kFinders);
  std::vector<std::thread> threads;
  for (int i = 0; i < kFinders; ++i) {
    threads.emplace_back([&, i] {
      absl::StatusOr<std::string> aside = SetAsideCorruptDatabase(db_, *found, why_);
      results[i] = aside.ok() ? *aside : "error: " + aside.status().ToString();
    });
  }
  for (std::thread& thread : threads) thread.join();
  const int moved = static_cast<int>(std::count_if(
      results.begin(), results.end(), [](const std::string& r) { return !r.empty(); }));
  EXPECT_EQ(moved, 1) << ::testing::PrintToString(results);
  EXPECT_THAT(FilesNamed(".corrupt-"), SizeIs(3));  // the file, its -wal and -shm
  EXPECT_EQ(LogLinesSaying("moved aside"), 1);
}

TEST_F(CorruptDatabaseTest, IdentityTellsFilesApart) {
  const std::optional<FileIdentity> first = IdentityOf(db_);
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(IdentityOf(db_), first);
  testing::WriteFile(db_ + ".2", "x");
  EXPECT_NE(IdentityOf(db_ + ".2"), first);
  EXPECT_EQ(IdentityOf(db_ + ".missing"), std::nullopt);
}

}  // namespace
}  // namespace bgprof
