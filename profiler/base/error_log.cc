#include "profiler/base/error_log.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>

#include "absl/time/time.h"
#include "profiler/base/paths.h"

namespace bgprof {
namespace {

constexpr off_t kRotateAtBytes = 1 << 20;

}  // namespace

void AppendErrorLog(const std::string& log_path, std::string_view message, int64_t now_ms) {
  std::string line =
      absl::FormatTime("%Y-%m-%dT%H:%M:%SZ ", absl::FromUnixMillis(now_ms), absl::UTCTimeZone());
  line.append(message);
  for (char& c : line) {
    if (c == '\n' || c == '\r') c = ' ';  // one line per error
  }
  line += '\n';
  struct stat info;
  if (::stat(log_path.c_str(), &info) == 0 && info.st_size > kRotateAtBytes) {
    std::rename(log_path.c_str(), (log_path + ".1").c_str());
  }
  // The log may be the first thing bgprof writes (garbage input before any database exists).
  (void)CreatePrivateFolder(std::filesystem::path(log_path).parent_path().string());
  int fd = ::open(log_path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if (fd >= 0) {
    // One write() of a short line with O_APPEND: concurrent hooks do not interleave.
    const bool written = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size());
    ::close(fd);
    if (written) return;
  }
  std::fputs(line.c_str(), stderr);
}

}  // namespace bgprof
