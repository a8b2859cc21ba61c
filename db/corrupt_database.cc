#include "db/corrupt_database.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "db/location.h"
#include "db/sqlite_status.h"
#include "profiler/base/error_log.h"

namespace bgprof {
namespace {

// The holder of the lock only renames three files; a wait this long means it is stuck (stopped
// by a signal), and the hook must not hang behind it.
constexpr absl::Duration kHealLockWait = absl::Seconds(1);
constexpr auto kHealLockRetry = std::chrono::milliseconds(2);
// Two files set aside within one second get numbered names; past this many, give up.
constexpr int kMaxAsideNames = 100;

// An flock held until destruction; flock, not fcntl, since closing any descriptor of a file
// drops every fcntl lock the process holds on it, and these are independent of SQLite's.
class HealLock {
 public:
  static absl::StatusOr<HealLock> Take(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) return FileErrorStatus(errno, "cannot open " + path);
    const absl::Time give_up = absl::Now() + kHealLockWait;
    while (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
      if (errno != EWOULDBLOCK && errno != EINTR) {
        const int error = errno;
        ::close(fd);
        return FileErrorStatus(error, "cannot lock " + path);
      }
      if (absl::Now() > give_up) {
        ::close(fd);
        return absl::UnavailableError("another process holds " + path);
      }
      std::this_thread::sleep_for(kHealLockRetry);
    }
    return HealLock(fd);
  }
  HealLock(HealLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  HealLock& operator=(HealLock&&) = delete;
  ~HealLock() {
    if (fd_ >= 0) ::close(fd_);  // releases the flock
  }

 private:
  explicit HealLock(int fd) : fd_(fd) {}
  int fd_;
};

bool Exists(const std::string& path) {
  struct stat info;
  return ::lstat(path.c_str(), &info) == 0;
}

// `<path>.corrupt-<time>`, numbered when that name is taken.
std::string AsideName(const std::string& path) {
  const std::string stem = absl::StrCat(
      path, ".corrupt-", absl::FormatTime("%Y%m%dT%H%M%SZ", absl::Now(), absl::UTCTimeZone()));
  std::string name = stem;
  for (int n = 2; n <= kMaxAsideNames && (Exists(name) || Exists(name + "-wal")); ++n) {
    name = absl::StrCat(stem, "-", n);
  }
  return name;
}

absl::Status Move(const std::string& from, const std::string& to) {
  if (::rename(from.c_str(), to.c_str()) == 0 || errno == ENOENT) return absl::OkStatus();
  return FileErrorStatus(errno, "cannot move " + from + " to " + to);
}

}  // namespace

std::optional<FileIdentity> IdentityOf(const std::string& path) {
  struct stat info;
  if (::stat(path.c_str(), &info) != 0) return std::nullopt;
  return FileIdentity{.device = info.st_dev, .inode = info.st_ino};
}

absl::StatusOr<std::string> SetAsideCorruptDatabase(const std::string& path,
                                                    const FileIdentity& found,
                                                    const absl::Status& why) {
  absl::StatusOr<HealLock> lock = HealLock::Take(path + ".heal-lock");
  if (!lock.ok()) return lock.status();
  if (IdentityOf(path) != found) return std::string();  // moved already; maybe a new one there
  const std::string aside = AsideName(path);
  // The -wal and -shm first: a new database created at `path` must never meet the old WAL (SQLite
  // would replay its frames into the new file). A process that opens the damaged file meanwhile
  // finds it damaged, and waits for this lock.
  for (const char* suffix : {"-wal", "-shm"}) {
    if (absl::Status moved = Move(path + suffix, aside + suffix); !moved.ok()) return moved;
  }
  if (absl::Status moved = Move(path, aside); !moved.ok()) return moved;
  AppendErrorLog(LogPathFor(path),
                 absl::StrCat("bgprof: ", path, " is damaged (", why.message(),
                              "): moved aside to ", aside, "; a new database starts empty"),
                 absl::ToUnixMillis(absl::Now()));
  return aside;
}

}  // namespace bgprof
