// profiler/learning/background_tasks: reading a task's output file for the moment it exited, and
// what each kind of news teaches of the runtime.
#include "profiler/learning/background_tasks.h"

#include <fcntl.h>
#include <sys/stat.h>

#include <fstream>

#include <gtest/gtest.h>

#include "tests/support/scratch_folder.h"

namespace bgprof::testing {
namespace {

class BackgroundTasksTest : public ::testing::Test {
 protected:
  // An output file with `text`, last written at `at_ms`.
  std::string OutputFile(const std::string& text, int64_t at_ms) {
    const std::string path = scratch_.path() + "/b1.output";
    std::ofstream(path, std::ios::trunc) << text;
    const timespec when{.tv_sec = at_ms / 1000, .tv_nsec = (at_ms % 1000) * 1000000};
    const timespec times[2] = {when, when};
    EXPECT_EQ(::utimensat(AT_FDCWD, path.c_str(), times, 0), 0);
    return path;
  }

  ScratchFolder scratch_{"bgprof-tasks"};
  const Task task_{.session = "s", .task_id = "b1", .started_ms = 1'700'000'000'000};
};

TEST_F(BackgroundTasksTest, TheExitLineGivesTheMomentAndTheCode) {
  const std::optional<ExitLine> exit =
      ExitLineOf(OutputFile("PASS\n\n[exited with code 3]\n", 1'700'000'012'345));
  ASSERT_TRUE(exit.has_value());
  EXPECT_EQ(exit->at_ms, 1'700'000'012'345);
  EXPECT_EQ(exit->exit_code, 3);
}

TEST_F(BackgroundTasksTest, AFileWithoutAnExitLineIsStillRunning) {
  EXPECT_FALSE(ExitLineOf(OutputFile("compiling...\n", 1)).has_value());
  EXPECT_FALSE(ExitLineOf(OutputFile("[exited with code 0]\nmore output\n", 1)).has_value());
  EXPECT_FALSE(ExitLineOf(OutputFile("[exited with code x]\n", 1)).has_value());
  EXPECT_FALSE(ExitLineOf(scratch_.path() + "/missing.output").has_value());
  EXPECT_FALSE(ExitLineOf(scratch_.path()).has_value());  // a folder
  EXPECT_FALSE(ExitLineOf("").has_value());
}

TEST_F(BackgroundTasksTest, TheOutputFileBeatsTheTimeOfTheNews) {
  const TaskNews late{
      .end = TaskEnd::kVanished,
      .at_ms = task_.started_ms + 600000,
      .output_file = OutputFile("ok\n[exited with code 0]\n", task_.started_ms + 7000)};
  const LearnedRuntime learned = RuntimeOf(task_, late);
  EXPECT_EQ(learned.runtime_ms, std::optional<int64_t>(7000));
  EXPECT_EQ(learned.bound, RuntimeBound::kExact);
  EXPECT_EQ(learned.exit_code, std::optional<int64_t>(0));
}

TEST_F(BackgroundTasksTest, AnExitLineOutsideTheTasksLifetimeIsAnotherRuns) {
  const TaskNews news{.end = TaskEnd::kNotified,
                      .at_ms = task_.started_ms + 9000,
                      .prompt = true,
                      .output_file = OutputFile("[exited with code 0]\n", task_.started_ms - 1)};
  const LearnedRuntime learned = RuntimeOf(task_, news);
  EXPECT_EQ(learned.bound, RuntimeBound::kUpper);
  EXPECT_EQ(learned.runtime_ms, std::optional<int64_t>(9000));
}

TEST_F(BackgroundTasksTest, OnlyPromptNewsBoundsTheRuntimeFromAbove) {
  TaskNews news{.end = TaskEnd::kPolled, .at_ms = task_.started_ms + 9000, .prompt = false};
  EXPECT_EQ(RuntimeOf(task_, news).runtime_ms, std::nullopt);
  news.prompt = true;
  EXPECT_EQ(RuntimeOf(task_, news).bound, RuntimeBound::kUpper);
  news.end = TaskEnd::kVanished;  // Stop's list is heard at the end of a turn: too late
  EXPECT_EQ(RuntimeOf(task_, news).runtime_ms, std::nullopt);
}

TEST_F(BackgroundTasksTest, AStopOrAKilledStatusIsALowerBound) {
  TaskNews news{.end = TaskEnd::kStopped, .at_ms = task_.started_ms + 4000};
  EXPECT_EQ(RuntimeOf(task_, news).bound, RuntimeBound::kLower);
  news = {.end = TaskEnd::kNotified,
          .at_ms = task_.started_ms + 4000,
          .status = "killed",
          .prompt = true};
  EXPECT_EQ(RuntimeOf(task_, news).bound, RuntimeBound::kLower);
  EXPECT_EQ(RuntimeOf(task_, news).runtime_ms, std::optional<int64_t>(4000));
}

TEST_F(BackgroundTasksTest, NewsFromBeforeTheStartTeachesNothing) {
  const TaskNews news{.end = TaskEnd::kNotified, .at_ms = task_.started_ms - 5, .prompt = true};
  EXPECT_EQ(RuntimeOf(task_, news).runtime_ms, std::nullopt);
}

}  // namespace
}  // namespace bgprof::testing
