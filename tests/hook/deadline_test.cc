// The hook's deadline in a child process that stalls: the process ends with exit 0, nothing on
// stdout (or the whole answer, never a part of it), and a line in the log.
#include "hook/deadline.h"

#include <sys/wait.h>
#include <unistd.h>

#include <functional>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/time/clock.h"
#include "tests/support/bgprof_runner.h"
#include "tests/support/scratch_folder.h"

namespace bgprof {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;

// Long enough that a child still running after it was surely not ended by its deadline.
constexpr absl::Duration kStall = absl::Seconds(60);

struct ChildResult {
  int exit_code = -1;  // -1 when it did not exit normally
  std::string out;
  absl::Duration took;
};

// Runs `body` in a child process whose stdout is a pipe; `read_after` passes before the pipe is
// read. The child exits 7 if `body` returns.
ChildResult RunInChild(const std::function<void()>& body,
                       absl::Duration read_after = absl::ZeroDuration()) {
  int fds[2];
  EXPECT_EQ(::pipe(fds), 0);
  const absl::Time start = absl::Now();
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(fds[1], STDOUT_FILENO);
    ::close(fds[0]);
    ::close(fds[1]);
    body();
    ::_exit(7);
  }
  ::close(fds[1]);
  absl::SleepFor(read_after);
  ChildResult result;
  char buffer[65536];
  for (ssize_t got; (got = ::read(fds[0], buffer, sizeof buffer)) > 0;)
    result.out.append(buffer, got);
  ::close(fds[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  result.took = absl::Now() - start;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

class HookDeadlineTest : public ::testing::Test {
 protected:
  testing::ScratchFolder scratch_{"bgprof-deadline"};
  const std::string log_ = scratch_.path() + "/bgprof.log";
};

TEST_F(HookDeadlineTest, AStalledHookEndsWithExitZeroAndNothingPrinted) {
  const ChildResult result = RunInChild([&] {
    const HookDeadline deadline(absl::Milliseconds(200), log_);
    absl::SleepFor(kStall);  // a handler that hangs
  });
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_THAT(result.out, IsEmpty());
  EXPECT_LT(result.took, kStall / 2);
  EXPECT_THAT(testing::ReadFile(log_),
              HasSubstr("bgprof hook: gave up at its deadline of 200ms, with nothing printed"));
}

TEST_F(HookDeadlineTest, TheAnswerIsWrittenWholeThoughTheDeadlinePassesMeanwhile) {
  // Larger than a pipe holds: the write blocks until the parent reads, which it does only after
  // the deadline has passed.
  const std::string answer = std::string(1 << 20, 'x') + "\n";
  const ChildResult result = RunInChild(
      [&] {
        const HookDeadline deadline(absl::Milliseconds(100), log_);
        WriteHookAnswer(answer);
        absl::SleepFor(kStall);  // what comes after the answer hangs
      },
      /*read_after=*/absl::Milliseconds(600));
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_EQ(result.out.size(), answer.size());
  EXPECT_EQ(result.out, answer);
  EXPECT_THAT(testing::ReadFile(log_), HasSubstr("after its answer"));
}

TEST_F(HookDeadlineTest, ADeadlineDisarmedInTimeDoesNothing) {
  const ChildResult result = RunInChild([&] {
    { const HookDeadline deadline(absl::Milliseconds(100), log_); }
    absl::SleepFor(absl::Milliseconds(300));
    WriteHookAnswer("{}\n");
  });
  EXPECT_EQ(result.exit_code, 7);  // the body returned
  EXPECT_EQ(result.out, "{}\n");
  EXPECT_THAT(testing::ReadFile(log_), IsEmpty());
}

}  // namespace
}  // namespace bgprof
