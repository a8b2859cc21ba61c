// The event `bgprof hook` reads from stdin, with a size cap: a hook must not spend its time
// budget parsing a huge event, and what bgprof needs of any event is small.
#ifndef BGPROF_HOOK_EVENT_INPUT_H_
#define BGPROF_HOOK_EVENT_INPUT_H_

#include <cstddef>
#include <string>

#include "absl/status/statusor.h"

namespace bgprof {

// The largest event read. A Bash result holds at most 150,000 characters of output per stream
// (BASH_MAX_OUTPUT_LENGTH's upper limit; 30,000 by default), under 2 MB of JSON even when every
// character is escaped as \uXXXX; a Write or Edit carries a file's text, and a prompt what the
// user pasted. 4 MiB keeps all of those but the largest files, and parses in tens of milliseconds.
inline constexpr size_t kMaxEventBytes = 4 << 20;

struct EventInput {
  std::string text;       // the whole event; empty when over the cap
  size_t size = 0;        // its size in bytes, also when over the cap
  bool over_cap = false;  // dropped unread: more than the cap
};

// Reads all of `fd` in large reads. An event over `max_bytes` is not kept: the rest of a pipe is
// read and counted (so the client's write ends normally and the log can say how large it was),
// and a regular file's size is taken from the file system without reading it. Fails on a read
// error; the hook's deadline bounds an input that never ends.
absl::StatusOr<EventInput> ReadEventInput(int fd, size_t max_bytes = kMaxEventBytes);

}  // namespace bgprof

#endif  // BGPROF_HOOK_EVENT_INPUT_H_
