// ISO 8601 timestamps as the histories write them ("2026-02-09T06:43:56.392Z" in Claude Code's
// transcripts) turned into unix milliseconds. Hand-written rather than strptime/std::chrono
// parsing: those follow the locale or the TZ variable, and a transcript holds thousands of
// timestamps.
#ifndef BGPROF_PROFILER_CALIBRATE_ISO_TIMESTAMP_H_
#define BGPROF_PROFILER_CALIBRATE_ISO_TIMESTAMP_H_

#include <cstdint>
#include <optional>
#include <string_view>

namespace bgprof {

// `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM|±HHMM|±HH)` as unix ms (the fraction truncated to
// ms; 'T' may be 't' or a space). nullopt for anything else: no zone (a local time would be a
// guess), a date that does not exist, trailing text.
std::optional<int64_t> ParseIsoTimestampMs(std::string_view text);

}  // namespace bgprof

#endif  // BGPROF_PROFILER_CALIBRATE_ISO_TIMESTAMP_H_
