// The hook's own deadline. Claude Code cancels a hook that runs past its timeout (`install` writes
// 5 s) and shows the user an error; bgprof gives up first, silently: exit 0, nothing on stdout, a
// line in the log. And the answer it does print is never cut: the deadline and the answer's write
// exclude each other, so stdout holds the whole answer or nothing.
#ifndef BGPROF_HOOK_DEADLINE_H_
#define BGPROF_HOOK_DEADLINE_H_

#include <condition_variable>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

#include "absl/time/time.h"

namespace bgprof {

// When the hook gives up: 2 s before the 5 s timeout `install` writes, room for a loaded machine to
// schedule, end and reap the process.
inline constexpr absl::Duration kHookDeadline = absl::Seconds(3);

// Ends the process with exit 0 once `after` has passed, unless destroyed before; logs that it did
// to `log_path` first (best-effort). What the process was doing is dropped: an open SQLite write
// transaction was not committed, so the WAL frames it wrote are never read and its locks die with
// the process; the database stays as it was before it.
//
// A thread rather than alarm() and a SIGALRM handler: the log line is written by the ordinary
// log code, which a signal handler could not call (it allocates; only async-signal-safe calls
// are allowed there), no signal interrupts SQLite's own system calls, and a mutex, which a
// handler could not take either, keeps the deadline from firing while the answer is written.
class HookDeadline {
 public:
  HookDeadline(absl::Duration after, std::string log_path);
  ~HookDeadline();  // disarms it
  HookDeadline(const HookDeadline&) = delete;
  HookDeadline& operator=(const HookDeadline&) = delete;

 private:
  void Watch(absl::Duration after);

  const std::string log_path_;
  std::mutex mutex_;
  std::condition_variable disarm_;
  bool disarmed_ = false;
  std::thread watcher_;  // last: it starts once the fields above are set
};

// Writes the hook's answer to stdout, whole: a deadline that expires meanwhile waits for the
// write to end, and a write that begins as the deadline expires never happens. A closed stdout is
// no error (SIGPIPE must be ignored).
void WriteHookAnswer(std::string_view answer);

}  // namespace bgprof

#endif  // BGPROF_HOOK_DEADLINE_H_
