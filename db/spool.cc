#include "db/spool.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"

namespace bgprof {
namespace {

// A merger renames the spool between an appender's open() and its write: the appender then
// opens the new spool and tries again. More than a few renames in that instant means something
// else is wrong.
constexpr int kAppendAttempts = 8;

constexpr std::string_view kClaimedInfix = ".claimed.";

absl::Status ErrnoError(std::string_view what, const std::string& path) {
  const std::string message =
      absl::StrCat(std::string(what), " ", path, ": ", std::strerror(errno));
  if (errno == ENOSPC || errno == EDQUOT || errno == EFBIG) {
    return absl::ResourceExhaustedError(message);
  }
  return absl::InternalError(message);
}

bool SameFile(int fd, const std::string& path) {
  struct stat opened, named;
  return ::fstat(fd, &opened) == 0 && ::stat(path.c_str(), &named) == 0 &&
         opened.st_dev == named.st_dev && opened.st_ino == named.st_ino;
}

// Names sort by claim time: the nanoseconds are zero-padded.
std::string NewClaimName(const std::string& spool_path) {
  const int64_t ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
  return absl::StrFormat("%s%s%020d.%d", spool_path, std::string(kClaimedInfix), ns, ::getpid());
}

// The claimed files beside `spool_path`, oldest first.
std::vector<std::string> ClaimedFiles(const std::string& spool_path) {
  const std::filesystem::path spool(spool_path);
  const std::string prefix = spool.filename().string() + std::string(kClaimedInfix);
  std::vector<std::string> found;
  DIR* dir = ::opendir(spool.parent_path().c_str());
  if (dir == nullptr) return found;
  while (const dirent* entry = ::readdir(dir)) {
    if (std::string_view(entry->d_name).starts_with(prefix)) {
      found.push_back((spool.parent_path() / entry->d_name).string());
    }
  }
  ::closedir(dir);
  std::sort(found.begin(), found.end());
  return found;
}

absl::StatusOr<std::string> ReadAll(int fd, const std::string& path) {
  std::string text;
  char buffer[64 * 1024];
  for (;;) {
    const ssize_t got = ::read(fd, buffer, sizeof buffer);
    if (got == 0) return text;
    if (got < 0) {
      if (errno == EINTR) continue;
      return ErrnoError("cannot read", path);
    }
    text.append(buffer, static_cast<size_t>(got));
  }
}

}  // namespace

std::string SpoolPathFor(const std::string& database_path) {
  return (std::filesystem::path(database_path).parent_path() / "bgprof.spool").string();
}

absl::Status AppendToSpool(const std::string& spool_path, std::string_view record) {
  if (record.size() > kMaxSpoolRecordBytes) {
    return absl::ResourceExhaustedError(
        absl::StrCat("spool record of ", record.size(), " bytes is too large"));
  }
  if (record.find('\n') != std::string_view::npos) {
    return absl::InvalidArgumentError("a spool record must be one line");
  }
  // The newline before it ends a line torn by an earlier failed write, so that only that one is
  // lost.
  const std::string line = absl::StrCat("\n", std::string(record), "\n");
  for (int attempt = 0; attempt < kAppendAttempts; ++attempt) {
    const int fd = ::open(spool_path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) return ErrnoError("cannot open", spool_path);
    // A merger holds the file exclusively once it renamed it: then this is no longer the spool.
    // Shared, appenders do not wait for each other.
    if (::flock(fd, LOCK_SH | LOCK_NB) != 0 || !SameFile(fd, spool_path)) {
      ::close(fd);
      continue;
    }
    const ssize_t written = ::write(fd, line.data(), line.size());
    absl::Status status = absl::OkStatus();
    if (written < 0) {
      status = ErrnoError("cannot append to", spool_path);
    } else if (static_cast<size_t>(written) != line.size()) {
      errno = ENOSPC;  // a short write to a regular file: the disk is full
      status = ErrnoError("cannot append to", spool_path);
    }
    ::close(fd);
    return status;
  }
  return absl::UnavailableError(absl::StrCat("the spool ", spool_path, " kept moving"));
}

ClaimedSpool::ClaimedSpool(ClaimedSpool&& other) noexcept
    : files_(std::exchange(other.files_, {})), claims_(std::move(other.claims_)) {}

ClaimedSpool& ClaimedSpool::operator=(ClaimedSpool&& other) noexcept {
  if (this != &other) {
    Close();
    files_ = std::exchange(other.files_, {});
    claims_ = std::move(other.claims_);
  }
  return *this;
}

ClaimedSpool::~ClaimedSpool() { Close(); }

std::vector<std::string> ClaimedSpool::records() const {
  std::vector<std::string> all;
  for (const Claim& claim : claims_)
    all.insert(all.end(), claim.records.begin(), claim.records.end());
  return all;
}

void ClaimedSpool::Close() {
  for (const File& file : files_) ::close(file.fd);
  files_.clear();
}

void ClaimedSpool::Release() {
  // Unlinked while still locked, so that no other merger can claim it in between.
  for (const File& file : files_) ::unlink(file.path.c_str());
  Close();
  claims_.clear();
}

bool SpoolWaiting(const std::string& spool_path) {
  struct stat info;
  return ::stat(spool_path.c_str(), &info) == 0 || !ClaimedFiles(spool_path).empty();
}

absl::StatusOr<ClaimedSpool> ClaimSpool(const std::string& spool_path) {
  std::vector<std::string> paths = ClaimedFiles(spool_path);
  const size_t leftovers = paths.size();
  const std::string claim = NewClaimName(spool_path);
  if (::rename(spool_path.c_str(), claim.c_str()) == 0) {
    paths.push_back(claim);
  } else if (errno != ENOENT) {
    return ErrnoError("cannot claim", spool_path);
  }
  ClaimedSpool claimed;
  for (size_t i = 0; i < paths.size(); ++i) {
    const int fd = ::open(paths[i].c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) continue;  // another merger released it in the meantime
    // The one claimed now waits for appends that opened it before the rename; a leftover held by
    // another merger still at work is its own.
    // A file unlinked by the merger that held it was committed: it is no longer there by name.
    const int how = i < leftovers ? LOCK_EX | LOCK_NB : LOCK_EX;
    if (::flock(fd, how) != 0 || !SameFile(fd, paths[i])) {
      ::close(fd);
      continue;
    }
    claimed.files_.push_back(ClaimedSpool::File{.path = paths[i], .fd = fd});
    absl::StatusOr<std::string> text = ReadAll(fd, paths[i]);
    if (!text.ok()) return text.status();
    ClaimedSpool::Claim& file = claimed.claims_.emplace_back(ClaimedSpool::Claim{
        .name = std::filesystem::path(paths[i]).filename().string(), .records = {}});
    for (absl::string_view line : absl::StrSplit(*text, '\n', absl::SkipEmpty())) {
      file.records.emplace_back(line);
    }
  }
  return claimed;
}

}  // namespace bgprof
