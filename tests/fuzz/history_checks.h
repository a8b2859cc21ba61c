// The properties every history reader promises (profiler/calibrate/history_run.h and the readers'
// headers), checked on whatever a fuzz target made it read.
#ifndef BGPROF_TESTS_FUZZ_HISTORY_CHECKS_H_
#define BGPROF_TESTS_FUZZ_HISTORY_CHECKS_H_

#include <set>
#include <string>
#include <string_view>

#include "absl/strings/ascii.h"
#include "profiler/calibrate/history_run.h"
#include "tests/fuzz/fuzz_check.h"

namespace bgprof::fuzz {

// Each entry gives a run or is skipped; runs carry their source, a command that is not blank, a
// non-negative duration, and a key no other run of the same read has.
inline void CheckHistoryRead(const HistoryRead& read, std::string_view source) {
  FUZZ_CHECK(read.entries >= 0);
  FUZZ_CHECK(read.entries == static_cast<int64_t>(read.runs.size()) + SkippedTotal(read.skipped));
  std::set<std::string> keys;
  for (const HistoryRun& run : read.runs) {
    FUZZ_CHECK(run.source == source);
    FUZZ_CHECK(!absl::StripAsciiWhitespace(run.command).empty());
    FUZZ_CHECK(!run.key.empty());
    FUZZ_CHECK(keys.insert(run.key).second);
    if (run.duration_ms.has_value()) FUZZ_CHECK(*run.duration_ms >= 0);
  }
}

}  // namespace bgprof::fuzz

#endif  // BGPROF_TESTS_FUZZ_HISTORY_CHECKS_H_
