// `bgprof hook` on a database that is damaged, read-only, on a full disk, or nowhere (no HOME),
// driven through the real binary: it exits 0, prints nothing wrong, heals what it can, and says
// so once in the log. And the storage promises the hook keeps: the WAL stays bounded, a failed
// transaction leaves nothing behind.
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <nlohmann/json.hpp>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "tests/support/bgprof_runner.h"
#include "tests/support/damaged_database.h"
#include "tests/support/file_access.h"
#include "tests/support/hook_events.h"

namespace bgprof::testing {
namespace {

using ::testing::AnyOf;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

// See db/store_open_test.cc: twice the size past which the WAL is checkpointed.
constexpr int64_t kWalBoundBytes = 1 << 20;
constexpr int64_t kSmallDiskBytes = 512 * 1024;
constexpr rlim_t kFileSizeLimitBytes = 4096;

int64_t SizeOf(const std::string& path) {
  std::error_code error;
  const auto size = std::filesystem::file_size(path, error);
  return error ? 0 : static_cast<int64_t>(size);
}

class HookStorage : public ::testing::Test {
 protected:
  void SetUp() override {
    project_ = sandbox_.root() + "/webapp";
    std::filesystem::create_directories(project_ + "/.git");
    std::filesystem::create_directories(folder_);
  }

  // Runs one event and checks what every hook call must do whatever went wrong.
  RunResult Hook(const std::string& event) {
    RunResult result = sandbox_.Hook(event);
    EXPECT_EQ(result.exit_code, 0) << result.err;
    return result;
  }
  void Record(const std::string& event) {
    RunResult result = Hook(event);
    EXPECT_THAT(result.out, IsEmpty());
  }
  // Two slow runs of `npm test`, after which PreToolUse advises the background.
  void LearnASlowCommand() {
    Record(PostToolUse("npm test", project_, 8000, "toolu_a"));
    Record(PostToolUse("npm test", project_, 8000, "toolu_b"));
    ASSERT_EQ(Samples(), 2);
  }
  // PreToolUse of the slow command: it must still advise.
  void ExpectAdvice() {
    RunResult pre = Hook(PreToolUse("npm test", project_, "toolu_pre"));
    ASSERT_THAT(pre.out, HasSubstr("run_in_background")) << pre.err;
    EXPECT_TRUE(nlohmann::json::accept(pre.out)) << pre.out;
  }

  int64_t Samples() const { return RowCount(sandbox_.database(), "samples"); }
  std::string Log() const { return ReadFile(folder_ + "/bgprof.log"); }
  int LogLinesSaying(const std::string& text) const {
    int count = 0;
    for (absl::string_view line : absl::StrSplit(Log(), '\n')) {
      if (absl::StrContains(line, text)) ++count;
    }
    return count;
  }
  std::vector<std::string> SetAside() const {
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(folder_)) {
      const std::string name = entry.path().filename().string();
      if (absl::StartsWith(name, "bgprof.db.corrupt-") && !absl::EndsWith(name, "-wal") &&
          !absl::EndsWith(name, "-shm")) {
        names.push_back(name);
      }
    }
    return names;
  }

  Sandbox sandbox_;
  std::string project_;
  const std::string folder_ = std::filesystem::path(sandbox_.database()).parent_path().string();
};

// ---- A damaged database ----

TEST_F(HookStorage, RandomBytesAreSetAsideOnceAndTheSampleIsStoredInANewFile) {
  WriteRandomFile(sandbox_.database(), 64 * 1024, 3);
  const auto start = std::chrono::steady_clock::now();
  Record(PostToolUse("npm test", project_, 8000, "toolu_a"));
  const auto healed = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(Samples(), 1);
  Record(PostToolUse("npm test", project_, 8000, "toolu_b"));
  EXPECT_EQ(Samples(), 2);
  EXPECT_THAT(SetAside(), SizeIs(1));
  EXPECT_EQ(LogLinesSaying("moved aside"), 1);
  std::printf("a hook call that healed random bytes took %lld ms\n",
              static_cast<long long>(
                  std::chrono::duration_cast<std::chrono::milliseconds>(healed).count()));
}

TEST_F(HookStorage, DamagedPagesFoundMidStatementAreSetAsideAndTheSampleStored) {
  ASSERT_TRUE(FillDatabase(sandbox_.database(), 2000, 300));
  const std::vector<int64_t> pages = NonRootPagesOf(sandbox_.database(), "stats");
  ASSERT_GE(pages.size(), 3u);
  OverwritePages(sandbox_.database(), pages, 5);
  const auto start = std::chrono::steady_clock::now();
  Record(PostToolUse("npm test", project_, 8000, "toolu_a"));
  const auto healed = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(Samples(), 1);  // in the new file, in the same call
  Record(PostToolUse("npm test", project_, 8000, "toolu_b"));
  EXPECT_EQ(Samples(), 2);
  EXPECT_THAT(SetAside(), SizeIs(1));
  EXPECT_EQ(LogLinesSaying("moved aside"), 1);
  std::printf("a hook call that healed damaged pages took %lld ms\n",
              static_cast<long long>(
                  std::chrono::duration_cast<std::chrono::milliseconds>(healed).count()));
}

TEST_F(HookStorage, ATruncatedFileIsSetAsideAndTheSampleStored) {
  ASSERT_TRUE(FillDatabase(sandbox_.database(), 2000, 300));
  TruncateFile(sandbox_.database(), 0.5);
  Record(PostToolUse("npm test", project_, 8000, "toolu_a"));
  EXPECT_EQ(Samples(), 1);
  EXPECT_THAT(SetAside(), SizeIs(1));
  EXPECT_EQ(LogLinesSaying("moved aside"), 1);
}

TEST_F(HookStorage, PreToolUseOnADamagedFilePredictsFromNothing) {
  WriteRandomFile(sandbox_.database(), 64 * 1024, 4);
  RunResult pre = Hook(PreToolUse("npm test", project_, "toolu_pre"));
  EXPECT_THAT(pre.out, HasSubstr("no runs measured yet"));  // the prior speaks, not the old runs
  EXPECT_TRUE(nlohmann::json::accept(pre.out)) << pre.out;
  EXPECT_THAT(SetAside(), SizeIs(1));
  Record(PostToolUse("npm test", project_, 8000, "toolu_pre"));
  EXPECT_EQ(Samples(), 1);
}

// Runs `events` as that many hook processes at once; their exit codes, and stdout contents.
std::vector<RunResult> RunAtOnce(const Sandbox& sandbox, const std::vector<std::string>& events) {
  std::vector<pid_t> children;
  for (size_t i = 0; i < events.size(); ++i) {
    const std::string in = sandbox.root() + "/.in" + std::to_string(i);
    WriteFile(in, events[i]);
    const std::string out = sandbox.root() + "/.out" + std::to_string(i);
    const std::string home = sandbox.home(), db = sandbox.database(), claude = sandbox.claude_dir();
    const pid_t pid = ::fork();
    if (pid == 0) {
      const int in_fd = ::open(in.c_str(), O_RDONLY);
      const int out_fd = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
      if (in_fd < 0 || out_fd < 0) ::_exit(126);
      ::dup2(in_fd, 0);
      ::dup2(out_fd, 1);
      const std::string env[] = {"PATH=/usr/bin:/bin", "HOME=" + home, "BGPROF_DB=" + db,
                                 "CLAUDE_CONFIG_DIR=" + claude};
      char* envp[] = {const_cast<char*>(env[0].c_str()), const_cast<char*>(env[1].c_str()),
                      const_cast<char*>(env[2].c_str()), const_cast<char*>(env[3].c_str()),
                      nullptr};
      char* argv[] = {const_cast<char*>(BGPROF_BINARY), const_cast<char*>("hook"), nullptr};
      ::execve(argv[0], argv, envp);
      ::_exit(127);
    }
    children.push_back(pid);
  }
  std::vector<RunResult> results(events.size());
  for (size_t i = 0; i < children.size(); ++i) {
    int status = 0;
    ::waitpid(children[i], &status, 0);
    results[i].exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    results[i].out = ReadFile(sandbox.root() + "/.out" + std::to_string(i));
  }
  return results;
}

TEST_F(HookStorage, HooksFindingTheDamageAtOnceSetItAsideOnceAndAllRecord) {
  WriteRandomFile(sandbox_.database(), 64 * 1024, 6);
  constexpr int kHooks = 8;
  std::vector<std::string> events;
  for (int i = 0; i < kHooks; ++i) {
    events.push_back(PostToolUse("npm test", project_, 8000, "toolu_" + std::to_string(i)));
  }
  for (const RunResult& result : RunAtOnce(sandbox_, events)) {
    EXPECT_EQ(result.exit_code, 0);
    EXPECT_THAT(result.out, IsEmpty());
  }
  // A hook that found the lock taken by another's recovery spooled its event: any later run that
  // gets the lock (here `bgprof stats`) merges it.
  EXPECT_EQ(sandbox_.Run({"stats"}).exit_code, 0);
  EXPECT_EQ(Samples(), kHooks);
  EXPECT_THAT(SetAside(), SizeIs(1));
  EXPECT_EQ(LogLinesSaying("moved aside"), 1);
}

// ---- A database this user may only read ----

TEST_F(HookStorage, AReadOnlyFileStillAdvisesAndDropsTheWritesLoggingOnce) {
  LearnASlowCommand();
  ASSERT_EQ(::chmod(sandbox_.database().c_str(), 0400), 0);
  sandbox_.before_exec = DropRootFileAccessForExec;
  ExpectAdvice();
  Record(PostToolUse("npm test", project_, 8000, "toolu_pre"));
  ExpectAdvice();
  EXPECT_EQ(Samples(), 2);
  EXPECT_EQ(LogLinesSaying("can only be read"), 1);
  EXPECT_EQ(LogLinesSaying("bgprof hook:"), 1) << Log();  // nothing else went wrong
}

TEST_F(HookStorage, AReadOnlyFolderStillAdvisesAndRecordsNothing) {
  LearnASlowCommand();
  // As a copied or restored database would be: no -wal or -shm beside it.
  ASSERT_TRUE(CheckpointFully(sandbox_.database()));
  std::filesystem::remove(sandbox_.database() + "-wal");
  std::filesystem::remove(sandbox_.database() + "-shm");
  ASSERT_EQ(::chmod(folder_.c_str(), 0500), 0);
  sandbox_.before_exec = DropRootFileAccessForExec;
  ExpectAdvice();
  Record(PostToolUse("npm test", project_, 8000, "toolu_pre"));
  ::chmod(folder_.c_str(), 0700);
  EXPECT_EQ(Samples(), 2);
}

TEST_F(HookStorage, AReadOnlyFileSystemStillAdvisesAndRecordsNothing) {
  LearnASlowCommand();
  ReadOnlyMount read_only(folder_);
  if (!read_only.ok()) GTEST_SKIP() << read_only.error();
  ExpectAdvice();
  RunResult post = Hook(PostToolUse("npm test", project_, 8000, "toolu_pre"));
  EXPECT_THAT(post.out, IsEmpty());
  EXPECT_EQ(Samples(), 2);
}

// ---- A full disk, a file-size limit, no HOME ----

TEST_F(HookStorage, AFullDiskFailsOpenAndRecordingResumesWhenThereIsRoom) {
  std::filesystem::remove_all(folder_);
  SmallDisk disk(folder_, kSmallDiskBytes);
  if (!disk.ok()) GTEST_SKIP() << disk.error() << " (the file-size limit test covers EFBIG)";
  LearnASlowCommand();
  disk.FillUp();
  RunResult post = Hook(PostToolUse("cargo build --release", project_, 8000, "toolu_c"));
  EXPECT_THAT(post.out, IsEmpty());
  EXPECT_THAT(post.err + Log(), HasSubstr("full")) << "the failure is logged where it can be";
  RunResult pre = Hook(PreToolUse("npm test", project_, "toolu_pre"));
  if (!pre.out.empty()) {
    EXPECT_THAT(pre.out, HasSubstr("run_in_background"));
  }
  EXPECT_EQ(Samples(), 2);
  disk.MakeRoom();
  Record(PostToolUse("cargo build --release", project_, 8000, "toolu_d"));
  EXPECT_EQ(Samples(), 3);
}

TEST_F(HookStorage, AFileSizeLimitFailsOpenWithoutKillingTheHook) {
  LearnASlowCommand();
  ASSERT_GT(SizeOf(sandbox_.database() + "-wal"), static_cast<int64_t>(kFileSizeLimitBytes));
  sandbox_.before_exec = [] {
    std::signal(SIGXFSZ, SIG_DFL);  // as a shell would leave it: the hook must ignore it itself
    const rlimit limit{.rlim_cur = kFileSizeLimitBytes, .rlim_max = kFileSizeLimitBytes};
    return ::setrlimit(RLIMIT_FSIZE, &limit) == 0;
  };
  RunResult post = Hook(PostToolUse("cargo build --release", project_, 8000, "toolu_c"));
  EXPECT_THAT(post.out, IsEmpty());
  EXPECT_THAT(post.err + Log(), HasSubstr("File too large"));
  EXPECT_EQ(Samples(), 2);
  sandbox_.before_exec = nullptr;
  Record(PostToolUse("cargo build --release", project_, 8000, "toolu_d"));
  EXPECT_EQ(Samples(), 3);
}

TEST_F(HookStorage, NoHomeAndNoDatabasePathFailOpen) {
  sandbox_.env["HOME"] = "";
  sandbox_.env["BGPROF_DB"] = "";
  sandbox_.env["XDG_DATA_HOME"] = "";
  RunResult pre = Hook(PreToolUse("npm test", project_, "toolu_pre"));
  EXPECT_THAT(pre.out, IsEmpty());
  RunResult post = Hook(PostToolUse("npm test", project_, 8000, "toolu_pre"));
  EXPECT_THAT(post.out, IsEmpty());
  EXPECT_THAT(post.err, HasSubstr("no database path"));
}

// ---- What the storage promises ----

TEST_F(HookStorage, TheWalStaysBoundedOverManyHookCalls) {
  constexpr int kCalls = 300;
  int64_t largest = 0;
  for (int i = 0; i < kCalls; ++i) {
    const std::string command = "make target" + std::to_string(i % 40) + " -j" + std::to_string(i);
    Record(PostToolUse(command, project_, 1000 + i, "toolu_" + std::to_string(i)));
    largest = std::max(largest, SizeOf(sandbox_.database() + "-wal"));
  }
  EXPECT_EQ(Samples(), kCalls);
  EXPECT_LE(largest, kWalBoundBytes);
  std::printf("largest WAL over %d hook calls: %lld bytes\n", kCalls,
              static_cast<long long>(largest));
}

TEST_F(HookStorage, AFailedTransactionLeavesNothingBehind) {
  Record(PostToolUse("npm test", project_, 8000, "toolu_a"));
  ASSERT_EQ(Samples(), 1);
  // The last write of a recorded run fails: the sample and the statistics written before it
  // must go with it.
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(sandbox_.database().c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db,
                         "CREATE TRIGGER fail_runtimes BEFORE INSERT ON runtimes"
                         " BEGIN SELECT RAISE(ABORT, 'injected failure'); END;",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  const int64_t stats_before = RowCount(sandbox_.database(), "stats");
  Record(PostToolUse("cargo build --release", project_, 9000, "toolu_b"));
  EXPECT_THAT(Log(), HasSubstr("injected failure"));
  EXPECT_EQ(Samples(), 1);
  EXPECT_EQ(RowCount(sandbox_.database(), "stats"), stats_before);
  EXPECT_EQ(RowCount(sandbox_.database(), "samples WHERE command LIKE 'cargo%'"), 0);
  EXPECT_THAT(SetAside(), IsEmpty());  // a failure is not damage
}

}  // namespace
}  // namespace bgprof::testing
