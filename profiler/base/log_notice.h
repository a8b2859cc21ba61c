// Notices of a condition that lasts (a database this user may only read): every hook call meets
// it again, and a line per call would bury the errors that matter, so each is logged at most once
// per period.
#ifndef BGPROF_PROFILER_BASE_LOG_NOTICE_H_
#define BGPROF_PROFILER_BASE_LOG_NOTICE_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace bgprof {

// Appends `message` to the error log as AppendErrorLog does, unless the end of the log already
// holds the same message from less than `period_ms` before `now_ms`. True when it appended.
bool AppendErrorLogAtMostEvery(const std::string& log_path, std::string_view message,
                               int64_t now_ms, int64_t period_ms);

}  // namespace bgprof

#endif  // BGPROF_PROFILER_BASE_LOG_NOTICE_H_
