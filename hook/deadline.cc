#include "hook/deadline.h"

#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "profiler/base/error_log.h"

namespace bgprof {
namespace {

// Held while the answer is written, and by an expired deadline until the process ends.
std::mutex& AnswerGate() {
  static std::mutex gate;
  return gate;
}
bool answered = false;  // guarded by AnswerGate()

}  // namespace

HookDeadline::HookDeadline(absl::Duration after, std::string log_path)
    : log_path_(std::move(log_path)), watcher_([this, after] { Watch(after); }) {}

HookDeadline::~HookDeadline() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    disarmed_ = true;
  }
  disarm_.notify_all();
  watcher_.join();
}

void HookDeadline::Watch(absl::Duration after) {
  {
    std::unique_lock<std::mutex> lock(mutex_);
    const auto until = std::chrono::steady_clock::now() + absl::ToChronoNanoseconds(after);
    if (disarm_.wait_until(lock, until, [this] { return disarmed_; })) return;
  }
  // Never released: no answer may begin once the process is ending.
  AnswerGate().lock();
  AppendErrorLog(
      log_path_,
      absl::StrCat("bgprof hook: gave up at its deadline of ", absl::FormatDuration(after),
                   answered ? ", after its answer" : ", with nothing printed"),
      absl::ToUnixMillis(absl::Now()));
  // _exit: no destructor or atexit handler runs, and nothing buffered in stdio is flushed.
  ::_exit(0);
}

void WriteHookAnswer(std::string_view answer) {
  std::lock_guard<std::mutex> lock(AnswerGate());
  answered = true;
  while (!answer.empty()) {
    const ssize_t written = ::write(STDOUT_FILENO, answer.data(), answer.size());
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) return;  // a closed or full stdout: nothing more can be done
    answer.remove_prefix(static_cast<size_t>(written));
  }
}

}  // namespace bgprof
