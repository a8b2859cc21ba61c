// Reading the end of a file that may be large and growing, such as a Claude Code transcript,
// without reading all of it: the hook runs on every Bash call and must stay fast however long
// the session has been.
#ifndef BGPROF_PROFILER_BASE_FILE_TAIL_H_
#define BGPROF_PROFILER_BASE_FILE_TAIL_H_

#include <cstddef>
#include <string>

#include "absl/status/statusor.h"

namespace bgprof {

// The last `max_bytes` of the file at `path` (the whole file when smaller), starting after the
// first '\n' in that window when the window does not start at the beginning of the file (a cut
// line is useless). NotFound/PermissionDenied style error when it cannot be read. Reads with one
// pread from the end: never the whole file.
absl::StatusOr<std::string> ReadFileTail(const std::string& path, size_t max_bytes);

}  // namespace bgprof

#endif  // BGPROF_PROFILER_BASE_FILE_TAIL_H_
