#include "profiler/base/error_log.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/support/scratch_folder.h"

namespace bgprof {
namespace {

namespace fs = std::filesystem;

constexpr int64_t kNowMs = 1'700'000'000'000;

std::vector<std::string> LinesOf(const std::string& path) {
  std::vector<std::string> lines;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

mode_t ModeOf(const std::string& path) {
  struct stat info;
  return ::stat(path.c_str(), &info) == 0 ? info.st_mode & 07777 : 0;
}

// Restores the test process's umask.
class ErrorLogTest : public ::testing::Test {
 protected:
  void SetUp() override { saved_umask_ = ::umask(022); }
  void TearDown() override { ::umask(saved_umask_); }

  testing::ScratchFolder scratch_{"bgprof-error-log"};
  const std::string log_ = scratch_.path() + "/data/bgprof.log";
  mode_t saved_umask_ = 0;
};

TEST_F(ErrorLogTest, OneLinePerMessageInAPrivateFileAndFolder) {
  AppendErrorLog(log_, "first\nsecond\rthird", kNowMs);
  AppendErrorLog(log_, std::string(100'000, 'x'), kNowMs);
  const std::vector<std::string> lines = LinesOf(log_);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0], "2023-11-14T22:13:20Z first second third");
  EXPECT_EQ(lines[1].size() + 1, kErrorLogMaxLineBytes);
  EXPECT_EQ(ModeOf(log_), 0600u);
  EXPECT_EQ(ModeOf(scratch_.path() + "/data"), 0700u);
}

TEST_F(ErrorLogTest, ALogMadeByHandIsMadePrivateAndRotatesPrivate) {
  fs::create_directories(fs::path(log_).parent_path());
  std::ofstream(log_) << std::string(999, 'o') << "\n";
  ASSERT_EQ(::chmod(log_.c_str(), 0644), 0);
  AppendErrorLog(log_, "new", kNowMs, /*rotate_bytes=*/1024);
  EXPECT_EQ(LinesOf(log_).size(), 1u);
  EXPECT_EQ(LinesOf(log_ + ".1").size(), 1u);
  EXPECT_EQ(ModeOf(log_), 0600u);
  EXPECT_EQ(ModeOf(log_ + ".1"), 0600u);
}

// Many processes append across the rotation size, many times over. What rotation may drop is
// the generation before `.1`; so each process's surviving lines are the latest it wrote, whole,
// once each; each file stays under the size, and `.1` was full when it was set aside (two
// processes renaming one after the other would leave a nearly empty `.1`, the full one lost).
TEST_F(ErrorLogTest, ConcurrentWritersAcrossRotationsKeepWholeLinesAndBoundedFiles) {
  constexpr int kWriters = 16;
  constexpr int kLinesEach = 400;
  constexpr int64_t kRotateBytes = 16 * 1024;
  const std::string padding(60, '.');
  std::vector<pid_t> children;
  for (int writer = 0; writer < kWriters; ++writer) {
    const pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      // A line the log did not take would go to stderr: kept to be checked.
      const std::string err = scratch_.path() + "/stderr-" + std::to_string(writer);
      const int err_fd = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
      if (err_fd < 0 || ::dup2(err_fd, STDERR_FILENO) < 0) ::_exit(1);
      for (int n = 0; n < kLinesEach; ++n) {
        // Appended piece by piece: `"w" + std::to_string(...)` trips g++ 12's -Wrestrict at -O3.
        std::string message = "w";
        message.append(std::to_string(writer)).append(" n").append(std::to_string(n));
        message.append(" ").append(padding);
        AppendErrorLog(log_, message, kNowMs, kRotateBytes);
      }
      ::_exit(0);
    }
    children.push_back(pid);
  }
  for (pid_t pid : children) {
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  }

  for (int writer = 0; writer < kWriters; ++writer) {
    EXPECT_EQ(fs::file_size(scratch_.path() + "/stderr-" + std::to_string(writer)), 0u);
  }

  const std::regex whole_line("2023-11-14T22:13:20Z w([0-9]+) n([0-9]+) " + padding);
  std::map<int, std::set<int>> kept;  // writer -> line numbers found
  const size_t line_bytes = std::string("2023-11-14T22:13:20Z w15 n399 ").size() + padding.size();
  for (const std::string& path : {log_ + ".1", log_}) {
    ASSERT_TRUE(fs::exists(path)) << path;
    EXPECT_EQ(ModeOf(path), 0600u) << path;
    EXPECT_LE(static_cast<int64_t>(fs::file_size(path)), kRotateBytes) << path;
    for (const std::string& line : LinesOf(path)) {
      std::smatch match;
      ASSERT_TRUE(std::regex_match(line, match, whole_line)) << "torn line: " << line;
      EXPECT_TRUE(kept[std::stoi(match[1])].insert(std::stoi(match[2])).second) << line;
    }
  }
  EXPECT_GE(static_cast<int64_t>(fs::file_size(log_ + ".1")),
            kRotateBytes - 2 * static_cast<int64_t>(line_bytes + 1));
  for (const auto& [writer, numbers] : kept) {
    // The latest lines of each writer, none missing between.
    EXPECT_EQ(*numbers.rbegin(), kLinesEach - 1) << "writer " << writer;
    EXPECT_EQ(static_cast<int>(numbers.size()), kLinesEach - *numbers.begin())
        << "writer " << writer;
  }
}

}  // namespace
}  // namespace bgprof
