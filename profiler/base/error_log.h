// The hook must stay silent on stdout whatever goes wrong, so its errors go to a log file beside
// the database, where `bgprof` users can find them.
#ifndef BGPROF_PROFILER_BASE_ERROR_LOG_H_
#define BGPROF_PROFILER_BASE_ERROR_LOG_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace bgprof {

// Appends one line "<UTC time> <message>" to `log_path` (stderr when that fails). The log is
// rotated to `<log_path>.1` beyond 1 MiB so it never grows without bound.
void AppendErrorLog(const std::string& log_path, std::string_view message, int64_t now_ms);

}  // namespace bgprof

#endif  // BGPROF_PROFILER_BASE_ERROR_LOG_H_
