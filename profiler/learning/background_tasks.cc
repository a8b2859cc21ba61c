#include "profiler/learning/background_tasks.h"

#include <sys/stat.h>

#include <string_view>

#include "hook/protocol/task_notification.h"
#include "profiler/base/file_tail.h"
#include "profiler/command/signature.h"
#include "profiler/learning/history.h"

namespace bgprof {
namespace {

// The exit line and its newline fit in this many bytes with room to spare.
constexpr size_t kExitLineBytes = 64;

bool StatusSaysStopped(std::string_view status) {
  return status == "killed" || status == "stopped" || status == "cancelled";
}

Outcome OutcomeOf(const LearnedRuntime& learned, std::string_view status) {
  if (learned.bound == RuntimeBound::kLower) return Outcome::kInterrupted;
  if (learned.exit_code.has_value())
    return *learned.exit_code == 0 ? Outcome::kOk : Outcome::kFailed;
  return status == "failed" || status == "error" ? Outcome::kFailed : Outcome::kOk;
}

}  // namespace

std::optional<ExitLine> ExitLineOf(const std::string& path) {
  if (path.empty()) return std::nullopt;
  struct stat file;
  if (::stat(path.c_str(), &file) != 0 || !S_ISREG(file.st_mode)) return std::nullopt;
  absl::StatusOr<std::string> tail = ReadFileTail(path, kExitLineBytes);
  if (!tail.ok()) return std::nullopt;
  const std::optional<int64_t> exit_code = ExitCodeAtEnd(*tail);
  if (!exit_code.has_value()) return std::nullopt;
  const int64_t written_ms =
      static_cast<int64_t>(file.st_mtim.tv_sec) * 1000 + file.st_mtim.tv_nsec / 1000000;
  return ExitLine{.at_ms = written_ms, .exit_code = *exit_code};
}

LearnedRuntime RuntimeOf(const Task& task, const TaskNews& news) {
  LearnedRuntime learned{.exit_code = news.exit_code};
  for (const std::string* output_file : {&news.output_file, &task.output_file}) {
    if (std::optional<ExitLine> exit = ExitLineOf(*output_file);
        exit.has_value() && exit->at_ms >= task.started_ms && exit->at_ms <= news.at_ms) {
      return LearnedRuntime{.runtime_ms = exit->at_ms - task.started_ms,
                            .bound = RuntimeBound::kExact,
                            .exit_code = exit->exit_code};
    }
  }
  const int64_t elapsed_ms = news.at_ms - task.started_ms;
  if (elapsed_ms < 0) return learned;
  if (news.end == TaskEnd::kStopped || StatusSaysStopped(news.status)) {
    learned.runtime_ms = elapsed_ms;
    learned.bound = RuntimeBound::kLower;
  } else if (news.prompt && (news.end == TaskEnd::kNotified || news.end == TaskEnd::kPolled)) {
    // A late report (a poll after other work, Stop's list) would teach a runtime far too long.
    learned.runtime_ms = elapsed_ms;
    learned.bound = RuntimeBound::kUpper;
  }
  return learned;
}

absl::StatusOr<bool> EndBackgroundTask(Store& store, const Task& task, const TaskNews& news) {
  const LearnedRuntime learned = RuntimeOf(task, news);
  absl::StatusOr<bool> closed = store.CloseTask(task.session, task.task_id,
                                                TaskClosing{.end = news.end,
                                                            .at_ms = news.at_ms,
                                                            .runtime_ms = learned.runtime_ms,
                                                            .runtime_bound = learned.bound,
                                                            .exit_code = learned.exit_code});
  if (!closed.ok() || !*closed || !learned.runtime_ms.has_value()) return closed;
  Signature signature = SignatureOf(task.command);
  // The stored command may be cut (db/command_cap.h); its launch was signed whole.
  absl::StatusOr<std::optional<Sample>> launch =
      store.SignatureOfCall(task.session, task.tool_use_id);
  if (!launch.ok()) return launch.status();
  if (launch->has_value()) {
    signature.program = (*launch)->program;
    signature.family = (*launch)->family;
    signature.command = (*launch)->signature;
  }
  if (signature.program.empty()) return true;
  const Sample sample{.at_ms = task.started_ms + *learned.runtime_ms,
                      .session = task.session,
                      .project = task.project,
                      .cwd = task.project,
                      .command = task.command,
                      .program = std::move(signature.program),
                      .family = std::move(signature.family),
                      .signature = std::move(signature.command),
                      .facts = signature.facts,
                      .tool_use_id = task.tool_use_id,
                      .duration_ms = learned.runtime_ms,
                      .outcome = OutcomeOf(learned, news.status),
                      .predicted_ms = task.predicted_ms,
                      .background = learned.bound};
  if (absl::Status status = RecordSample(store, sample); !status.ok()) return status;
  return true;
}

}  // namespace bgprof
