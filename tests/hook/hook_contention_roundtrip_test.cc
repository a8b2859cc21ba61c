// `bgprof hook` from many processes at once, as parallel tool calls and several Claude Code
// sessions run it, beside a process that keeps a core busy: every sample arrives exactly once,
// and nothing goes wrong enough to be logged. Its own test binary: it starts 3200 processes.
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "db/location.h"
#include "db/store.h"
#include "tests/support/bgprof_runner.h"
#include "tests/support/hook_events.h"

namespace bgprof::testing {
namespace {

constexpr int kProcesses = 16;
constexpr int kEventsEach = 200;

// Runs `bgprof hook` with `event` on a pipe, as Claude Code does; its exit code, or -1.
int RunHook(const std::string& event, char* const* envp) {
  int pipe_fds[2];
  if (::pipe(pipe_fds) != 0) return -1;
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(pipe_fds[0], 0);
    const int null = ::open("/dev/null", O_WRONLY);
    ::dup2(null, 1);
    ::close(pipe_fds[0]);
    ::close(pipe_fds[1]);
    char* const argv[] = {const_cast<char*>(BGPROF_BINARY), const_cast<char*>("hook"), nullptr};
    ::execve(argv[0], argv, envp);
    ::_exit(127);
  }
  ::close(pipe_fds[0]);
  const ssize_t written = ::write(pipe_fds[1], event.data(), event.size());
  ::close(pipe_fds[1]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (written != static_cast<ssize_t>(event.size())) return -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST(HookContentionRoundTrip, SixteenProcessesBesideACpuHogLoseNoSample) {
  Sandbox sandbox;
  const std::string project = sandbox.root() + "/webapp";
  std::filesystem::create_directories(project + "/.git");
  std::vector<std::string> env_strings = {
      "PATH=/usr/local/bin:/usr/bin:/bin", "HOME=" + sandbox.home(),
      "CLAUDE_CONFIG_DIR=" + sandbox.claude_dir(), "BGPROF_DB=" + sandbox.database()};
  std::vector<char*> envp;
  for (std::string& entry : env_strings) envp.push_back(entry.data());
  envp.push_back(nullptr);

  const pid_t hog = ::fork();
  ASSERT_GE(hog, 0);
  if (hog == 0) {
    volatile unsigned spin = 0;
    for (;;) spin = spin + 1;
  }
  const auto start = std::chrono::steady_clock::now();
  std::vector<pid_t> workers;
  for (int p = 0; p < kProcesses; ++p) {
    const pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      int failures = 0;
      for (int i = 0; i < kEventsEach; ++i) {
        // A few commands per process, so that hooks also meet on the same statistics rows.
        const std::string command =
            "make -j" + std::to_string(p % 4) + " target" + std::to_string(i % 7);
        const std::string id = "toolu_" + std::to_string(p) + "_" + std::to_string(i);
        if (RunHook(PostToolUse(command, project, 1000 + i, id), envp.data()) != 0) ++failures;
      }
      ::_exit(failures == 0 ? 0 : 1);
    }
    workers.push_back(pid);
  }
  for (pid_t pid : workers) {
    int status = 0;
    ::waitpid(pid, &status, 0);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "a hook did not exit 0";
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ::kill(hog, SIGKILL);
  ::waitpid(hog, nullptr, 0);

  // A command that reads the samples merges what is still spooled.
  RunResult stats = sandbox.Run({"stats", "--json"});
  ASSERT_EQ(stats.exit_code, 0) << stats.err;
  absl::StatusOr<Store> store = Store::Open(sandbox.database());
  ASSERT_TRUE(store.ok()) << store.status();
  absl::StatusOr<int64_t> samples = store->SampleCount();
  ASSERT_TRUE(samples.ok());
  EXPECT_EQ(*samples, kProcesses * kEventsEach);
  EXPECT_THAT(ReadFile(LogPathFor(sandbox.database())), ::testing::IsEmpty());
  std::cout << kProcesses * kEventsEach << " hook calls in " << seconds << " s\n";
}

}  // namespace
}  // namespace bgprof::testing
