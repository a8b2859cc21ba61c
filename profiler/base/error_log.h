// The hook must stay silent on stdout whatever goes wrong, so its errors go to a log file beside
// the database, where `bgprof` users can find them. Hooks of parallel calls and sessions write it
// at the same moment: lines stay whole, rotation is decided by one process at a time, and the log
// and its rotated copy are private (0600) whatever the umask.
#ifndef BGPROF_PROFILER_BASE_ERROR_LOG_H_
#define BGPROF_PROFILER_BASE_ERROR_LOG_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace bgprof {

// Before a line would take the log past this size, the log becomes `<log>.1` (replacing the one
// before: the oldest lines are the ones dropped) and a new log starts. So the log and its copy
// hold at most this much each, and between them the latest lines.
constexpr int64_t kErrorLogRotateBytes = 1 << 20;
// A longer message is cut: a line is a sentence, and no line may crowd the others out.
constexpr size_t kErrorLogMaxLineBytes = 4096;

// Appends one line "<UTC time> <message>" to `log_path` (stderr when that fails).
void AppendErrorLog(const std::string& log_path, std::string_view message, int64_t now_ms);

// The same line with the rotation size given, for tests of rotation.
void AppendErrorLog(const std::string& log_path, std::string_view message, int64_t now_ms,
                    int64_t rotate_bytes);

}  // namespace bgprof

#endif  // BGPROF_PROFILER_BASE_ERROR_LOG_H_
