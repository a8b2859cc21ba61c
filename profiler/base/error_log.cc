#include "profiler/base/error_log.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <thread>

#include "absl/time/time.h"
#include "profiler/base/paths.h"

namespace bgprof {
namespace {

constexpr mode_t kPrivate = 0600;
// A rotation by another process sends a writer back to the new log. The last attempt writes
// whatever it opened, rotated or full: the line is kept rather than sent to stderr.
constexpr int kOpenAttempts = 8;
// How long a writer waits for the lock (100 ms) before appending without it: a stopped process
// holding the lock must not stop a hook.
constexpr int kLockTries = 100;
constexpr auto kLockRetryPause = std::chrono::milliseconds(1);

std::string LineOf(std::string_view message, int64_t now_ms) {
  std::string line =
      absl::FormatTime("%Y-%m-%dT%H:%M:%SZ ", absl::FromUnixMillis(now_ms), absl::UTCTimeZone());
  line.append(message.substr(0, kErrorLogMaxLineBytes - line.size() - 1));
  for (char& c : line) {
    if (c == '\n' || c == '\r') c = ' ';  // one line per error
  }
  line += '\n';
  return line;
}

bool LockBriefly(int fd) {
  for (int i = 0; i < kLockTries; ++i) {
    if (::flock(fd, LOCK_EX | LOCK_NB) == 0) return true;
    if (errno != EWOULDBLOCK && errno != EINTR) return false;
    std::this_thread::sleep_for(kLockRetryPause);
  }
  return false;
}

// Whether `fd` is still the file `path` names: another writer may have rotated it away between
// our open and our lock.
bool StillNamed(int fd, const std::string& path) {
  struct stat open_file, named;
  return ::fstat(fd, &open_file) == 0 && ::stat(path.c_str(), &named) == 0 &&
         open_file.st_dev == named.st_dev && open_file.st_ino == named.st_ino;
}

// A log written by an older bgprof, or by hand, is made private; a log that is no regular file
// (the hook's fallback /dev/stderr, a terminal) is not bgprof's to change.
void MakePrivate(int fd, const struct stat& info) {
  if (S_ISREG(info.st_mode) && (info.st_mode & 07777) != kPrivate) (void)::fchmod(fd, kPrivate);
}

// One write() of a whole line with O_APPEND: lines of concurrent writers never interleave.
bool WriteLine(int fd, const std::string& line) {
  return ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size());
}

}  // namespace

void AppendErrorLog(const std::string& log_path, std::string_view message, int64_t now_ms) {
  AppendErrorLog(log_path, message, now_ms, kErrorLogRotateBytes);
}

void AppendErrorLog(const std::string& log_path, std::string_view message, int64_t now_ms,
                    int64_t rotate_bytes) {
  const std::string line = LineOf(message, now_ms);
  // The log may be the first thing bgprof writes (garbage input before any database exists).
  (void)CreatePrivateFolder(std::filesystem::path(log_path).parent_path().string());
  for (int attempt = 0; attempt < kOpenAttempts; ++attempt) {
    const int fd = ::open(log_path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, kPrivate);
    if (fd < 0) break;
    const bool locked = LockBriefly(fd);
    const bool may_retry = locked && attempt + 1 < kOpenAttempts;
    if (may_retry && !StillNamed(fd, log_path)) {
      ::close(fd);  // rotated away under us: the new log is the one to write
      continue;
    }
    struct stat info;
    if (::fstat(fd, &info) != 0) {
      ::close(fd);
      break;
    }
    MakePrivate(fd, info);
    // Only the holder of the current log's lock rotates, and only once per log: two writers
    // that both saw a full log can no longer rename a fresh one over the full copy.
    const bool full = S_ISREG(info.st_mode) && info.st_size > 0 &&
                      info.st_size + static_cast<int64_t>(line.size()) > rotate_bytes;
    if (may_retry && full && std::rename(log_path.c_str(), (log_path + ".1").c_str()) == 0) {
      ::close(fd);
      continue;
    }
    const bool written = WriteLine(fd, line);
    ::close(fd);  // releases the lock
    if (written) return;
    break;
  }
  std::fputs(line.c_str(), stderr);
}

}  // namespace bgprof
