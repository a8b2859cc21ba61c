#include "profiler/base/log_notice.h"

#include <optional>
#include <vector>

#include "absl/strings/str_split.h"
#include "absl/time/time.h"
#include "profiler/base/error_log.h"
#include "profiler/base/file_tail.h"

namespace bgprof {
namespace {

// Enough for the last few hundred lines: a notice older than that is logged again, which is
// harmless.
constexpr size_t kNoticeLookbackBytes = 64 * 1024;

// The time of the newest line of `log` that says `message`, as AppendErrorLog wrote it.
std::optional<absl::Time> LastLoggedAt(const std::string& log, const std::string& message) {
  const std::vector<absl::string_view> lines = absl::StrSplit(log, '\n');
  for (auto line = lines.rbegin(); line != lines.rend(); ++line) {
    const size_t space = line->find(' ');
    if (space == absl::string_view::npos || line->substr(space + 1) != message) continue;
    absl::Time at;
    std::string error;
    if (absl::ParseTime("%Y-%m-%dT%H:%M:%SZ", line->substr(0, space), &at, &error)) return at;
  }
  return std::nullopt;
}

}  // namespace

bool AppendErrorLogAtMostEvery(const std::string& log_path, std::string_view message,
                               int64_t now_ms, int64_t period_ms) {
  std::string one_line(message);
  for (char& c : one_line) {
    if (c == '\n' || c == '\r') c = ' ';  // as AppendErrorLog writes it
  }
  if (absl::StatusOr<std::string> tail = ReadFileTail(log_path, kNoticeLookbackBytes); tail.ok()) {
    const std::optional<absl::Time> logged = LastLoggedAt(*tail, one_line);
    if (logged.has_value() &&
        absl::FromUnixMillis(now_ms) - *logged < absl::Milliseconds(period_ms)) {
      return false;
    }
  }
  AppendErrorLog(log_path, one_line, now_ms);
  return true;
}

}  // namespace bgprof
