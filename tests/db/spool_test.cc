// Tests of db/spool: the append-only file of hook events that waited for the write lock, claimed
// by one merger at a time and removed only once merged.
#include "db/spool.h"

#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/scratch_folder.h"

namespace bgprof {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

class SpoolTest : public ::testing::Test {
 protected:
  std::string ReadSpool() const {
    std::stringstream text;
    text << std::ifstream(spool_).rdbuf();
    return text.str();
  }

  // The files beside the spool, by name.
  std::vector<std::string> Files() const {
    std::vector<std::string> names;
    for (const fs::directory_entry& entry : fs::directory_iterator(scratch_.path())) {
      names.push_back(entry.path().filename().string());
    }
    return names;
  }

  testing::ScratchFolder scratch_{"bgprof-spool"};
  const std::string spool_ = SpoolPathFor(scratch_.path() + "/bgprof.db");
};

TEST_F(SpoolTest, LivesBesideTheDatabase) {
  EXPECT_EQ(SpoolPathFor("/data/bgprof/bgprof.db"), "/data/bgprof/bgprof.spool");
}

TEST_F(SpoolTest, EachRecordIsOneLineOfAPrivateFile) {
  EXPECT_FALSE(SpoolWaiting(spool_));
  ASSERT_TRUE(AppendToSpool(spool_, R"({"a":1})").ok());
  ASSERT_TRUE(AppendToSpool(spool_, R"({"b":2})").ok());
  EXPECT_TRUE(SpoolWaiting(spool_));
  struct stat info;
  ASSERT_EQ(::stat(spool_.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);

  absl::StatusOr<ClaimedSpool> claimed = ClaimSpool(spool_);
  ASSERT_TRUE(claimed.ok()) << claimed.status();
  EXPECT_THAT(claimed->records(), ElementsAre(R"({"a":1})", R"({"b":2})"));
}

TEST_F(SpoolTest, RefusesRecordsThatAreNotOneSmallLine) {
  EXPECT_EQ(AppendToSpool(spool_, "one\ntwo").code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(AppendToSpool(spool_, std::string(kMaxSpoolRecordBytes + 1, 'x')).code(),
            absl::StatusCode::kResourceExhausted);
  EXPECT_FALSE(SpoolWaiting(spool_));
}

TEST_F(SpoolTest, AClaimMovesTheSpoolAsideAndLaterAppendsStartANewOne) {
  ASSERT_TRUE(AppendToSpool(spool_, "first").ok());
  absl::StatusOr<ClaimedSpool> claimed = ClaimSpool(spool_);
  ASSERT_TRUE(claimed.ok()) << claimed.status();
  EXPECT_FALSE(fs::exists(spool_));
  ASSERT_TRUE(AppendToSpool(spool_, "second").ok());
  EXPECT_THAT(claimed->records(), ElementsAre("first"));
  EXPECT_EQ(ReadSpool(), "\nsecond\n");
}

TEST_F(SpoolTest, ReleasedRecordsAreGoneAndNeverClaimedAgain) {
  ASSERT_TRUE(AppendToSpool(spool_, "once").ok());
  {
    absl::StatusOr<ClaimedSpool> claimed = ClaimSpool(spool_);
    ASSERT_TRUE(claimed.ok());
    EXPECT_THAT(claimed->records(), ElementsAre("once"));
    claimed->Release();
  }
  EXPECT_THAT(Files(), IsEmpty());
  EXPECT_FALSE(SpoolWaiting(spool_));
  absl::StatusOr<ClaimedSpool> again = ClaimSpool(spool_);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->empty());
  EXPECT_THAT(again->records(), IsEmpty());
}

TEST_F(SpoolTest, AClaimNotReleasedIsClaimedAgainOldestFirst) {
  ASSERT_TRUE(AppendToSpool(spool_, "older").ok());
  {
    absl::StatusOr<ClaimedSpool> died = ClaimSpool(spool_);  // a merger that died
    ASSERT_TRUE(died.ok());
    EXPECT_THAT(died->records(), ElementsAre("older"));
  }
  ASSERT_TRUE(AppendToSpool(spool_, "newer").ok());
  EXPECT_TRUE(SpoolWaiting(spool_));
  absl::StatusOr<ClaimedSpool> claimed = ClaimSpool(spool_);
  ASSERT_TRUE(claimed.ok());
  EXPECT_THAT(claimed->records(), ElementsAre("older", "newer"));
  claimed->Release();
  EXPECT_THAT(Files(), IsEmpty());
}

TEST_F(SpoolTest, AClaimHeldByAnotherMergerIsLeftToIt) {
  ASSERT_TRUE(AppendToSpool(spool_, "theirs").ok());
  absl::StatusOr<ClaimedSpool> theirs = ClaimSpool(spool_);
  ASSERT_TRUE(theirs.ok());
  ASSERT_TRUE(AppendToSpool(spool_, "mine").ok());
  absl::StatusOr<ClaimedSpool> mine = ClaimSpool(spool_);
  ASSERT_TRUE(mine.ok());
  EXPECT_THAT(mine->records(), ElementsAre("mine"));
  // Once the other merger released its file, nothing of it comes back.
  theirs->Release();
  mine->Release();
  absl::StatusOr<ClaimedSpool> after = ClaimSpool(spool_);
  ASSERT_TRUE(after.ok());
  EXPECT_THAT(after->records(), IsEmpty());
}

TEST_F(SpoolTest, ATornLineLosesOnlyItself) {
  std::ofstream(spool_, std::ios::binary) << R"({"torn)";  // a write the disk cut short
  ASSERT_TRUE(AppendToSpool(spool_, "whole").ok());
  absl::StatusOr<ClaimedSpool> claimed = ClaimSpool(spool_);
  ASSERT_TRUE(claimed.ok());
  EXPECT_THAT(claimed->records(), ElementsAre(R"({"torn)", "whole"));
}

TEST_F(SpoolTest, ConcurrentAppendersAndAMergerLoseNothingAndDuplicateNothing) {
  constexpr int kWriters = 4;
  constexpr int kRecordsEach = 300;
  std::vector<pid_t> writers;
  for (int w = 0; w < kWriters; ++w) {
    const pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      for (int i = 0; i < kRecordsEach; ++i) {
        const std::string record =
            std::to_string(w) + ":" + std::to_string(i) + ":" + std::string(100 + (i % 50), 'x');
        if (!AppendToSpool(spool_, record).ok()) ::_exit(1);
      }
      ::_exit(0);
    }
    writers.push_back(pid);
  }
  // Claims while the writers append: every record lands in exactly one claim.
  std::multiset<std::string> seen;
  auto claim_once = [&] {
    absl::StatusOr<ClaimedSpool> claimed = ClaimSpool(spool_);
    ASSERT_TRUE(claimed.ok()) << claimed.status();
    for (const std::string& record : claimed->records()) seen.insert(record);
    claimed->Release();
  };
  for (pid_t pid : writers) {
    int status = 0;
    while (::waitpid(pid, &status, WNOHANG) == 0) claim_once();
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  }
  claim_once();
  EXPECT_EQ(seen.size(), static_cast<size_t>(kWriters * kRecordsEach));
  for (int w = 0; w < kWriters; ++w) {
    for (int i = 0; i < kRecordsEach; ++i) {
      const std::string record =
          std::to_string(w) + ":" + std::to_string(i) + ":" + std::string(100 + (i % 50), 'x');
      EXPECT_EQ(seen.count(record), 1u) << record;
    }
  }
  EXPECT_THAT(Files(), IsEmpty());
}

}  // namespace
}  // namespace bgprof
