#include "hook/event_input.h"

#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <vector>

#include "absl/status/status.h"

namespace bgprof {
namespace {

// Each read asks for this much at least: a 50 MB event is read in under a thousand reads.
constexpr size_t kReadChunkBytes = 64 * 1024;

// One read into `buffer`, retried when interrupted or, on a non-blocking descriptor, when nothing
// is there yet. 0 at the end of the input.
absl::StatusOr<size_t> ReadSome(int fd, char* buffer, size_t size) {
  while (true) {
    const ssize_t got = ::read(fd, buffer, size);
    if (got >= 0) return static_cast<size_t>(got);
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) {
      pollfd wait{.fd = fd, .events = POLLIN, .revents = 0};
      (void)::poll(&wait, 1, -1);
      continue;
    }
    return absl::UnavailableError(std::string("reading the event: ") + std::strerror(errno));
  }
}

// Reads the rest of `fd` into nothing; how many bytes it held.
absl::StatusOr<size_t> Drain(int fd) {
  std::vector<char> scratch(kReadChunkBytes * 4);
  size_t drained = 0;
  while (true) {
    absl::StatusOr<size_t> got = ReadSome(fd, scratch.data(), scratch.size());
    if (!got.ok()) return got.status();
    if (*got == 0) return drained;
    drained += *got;
  }
}

}  // namespace

absl::StatusOr<EventInput> ReadEventInput(int fd, size_t max_bytes) {
  EventInput input;
  struct stat info;
  if (::fstat(fd, &info) == 0 && S_ISREG(info.st_mode)) {
    const off_t left = info.st_size - std::max<off_t>(::lseek(fd, 0, SEEK_CUR), 0);
    if (left > static_cast<off_t>(max_bytes)) {
      return EventInput{.size = static_cast<size_t>(left), .over_cap = true};
    }
    input.text.reserve(static_cast<size_t>(std::max<off_t>(left, 0)) + 1);
  }
  // One byte past the cap tells an event of exactly the cap from a larger one.
  const size_t limit = max_bytes + 1;
  while (input.text.size() < limit) {
    const size_t had = input.text.size();
    const size_t want = std::min(std::max(kReadChunkBytes, had), limit - had);
    input.text.resize(had + want);
    absl::StatusOr<size_t> got = ReadSome(fd, input.text.data() + had, want);
    input.text.resize(had + (got.ok() ? *got : 0));
    if (!got.ok()) return got.status();
    if (*got == 0) break;
  }
  input.size = input.text.size();
  if (input.size <= max_bytes) return input;
  absl::StatusOr<size_t> rest = Drain(fd);
  if (!rest.ok()) return rest.status();
  return EventInput{.size = input.size + *rest, .over_cap = true};
}

}  // namespace bgprof
