#include "profiler/base/file_tail.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "absl/status/status.h"

namespace bgprof {
namespace {

// Closes the descriptor on every return path.
class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  ~FileDescriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

absl::Status ErrorFor(const std::string& path) {
  return absl::ErrnoToStatus(errno, "cannot read " + path);
}

}  // namespace

absl::StatusOr<std::string> ReadFileTail(const std::string& path, size_t max_bytes) {
  FileDescriptor file(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (file.get() < 0) return ErrorFor(path);
  struct stat info;
  if (::fstat(file.get(), &info) != 0) return ErrorFor(path);
  const size_t size = static_cast<size_t>(info.st_size);
  const size_t start = size > max_bytes ? size - max_bytes : 0;
  // One byte before the window comes along: when it is '\n', the window's first line is whole.
  const size_t read_from = start > 0 ? start - 1 : 0;
  std::string text(size - read_from, '\0');
  size_t filled = 0;
  while (filled < text.size()) {
    // A regular file gives all in one pread; a file cut meanwhile gives less, or nothing.
    const ssize_t got = ::pread(file.get(), text.data() + filled, text.size() - filled,
                                static_cast<off_t>(read_from + filled));
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) return ErrorFor(path);
    if (got == 0) break;
    filled += static_cast<size_t>(got);
  }
  text.resize(filled);
  if (start == 0) return text;
  const size_t newline = text.find('\n');
  if (newline == std::string::npos) return std::string();
  text.erase(0, newline + 1);
  return text;
}

}  // namespace bgprof
