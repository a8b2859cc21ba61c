// What bgprof learns when a background task ends. The end is heard late or early depending on how
// (a notification, a poll, a stop, Stop's list): the task's output file, which Claude Code ends
// with "[exited with code N]" the moment the command exits, times it exactly where it can be
// read; otherwise a prompt report (a notification, a blocking poll) bounds it from above and a
// stop from below. A runtime learned becomes a sample, so the better bgprof moves slow commands
// to the background, the more it still knows about them.
#ifndef BGPROF_PROFILER_LEARNING_BACKGROUND_TASKS_H_
#define BGPROF_PROFILER_LEARNING_BACKGROUND_TASKS_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "db/store.h"

namespace bgprof {

// What bgprof heard about a task's end.
struct TaskNews {
  TaskEnd end = TaskEnd::kNotified;
  int64_t at_ms = 0;
  std::string status;  // "completed", "failed", "killed", "exited", ...; may be empty
  std::optional<int64_t> exit_code;
  // Whether `at_ms` follows the end closely: a notification, or a poll that waited for the end.
  bool prompt = false;
  std::string output_file;  // the task's output file, when the news names it
};

// The end of a finished task's output file: when it was written, and the exit code it states.
struct ExitLine {
  int64_t at_ms = 0;
  int64_t exit_code = 0;
};

// The exit line of the output file at `path`, when the file ends with one; nullopt otherwise
// (still running, not a task's output, unreadable).
std::optional<ExitLine> ExitLineOf(const std::string& path);

// How long `task` ran, as far as `news` tells, and how that was timed.
struct LearnedRuntime {
  std::optional<int64_t> runtime_ms;
  RuntimeBound bound = RuntimeBound::kNone;
  std::optional<int64_t> exit_code;
};
LearnedRuntime RuntimeOf(const Task& task, const TaskNews& news);

// Closes `task` with `news` and records the runtime it tells as a sample. False when the task
// had already ended (the first news wins). In the caller's write transaction.
absl::StatusOr<bool> EndBackgroundTask(Store& store, const Task& task, const TaskNews& news);

}  // namespace bgprof

#endif  // BGPROF_PROFILER_LEARNING_BACKGROUND_TASKS_H_
