// Fuzzes ParseFishHistory (profiler/calibrate/shell_history): `bgprof calibrate` reads the
// user's fish history, which a running shell may be writing, so any bytes at all are possible.
// Beyond not crashing: the properties every history reader promises (history_checks.h), and
// parsing is deterministic.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "profiler/calibrate/shell_history.h"
#include "tests/fuzz/history_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const bgprof::HistoryRead read = bgprof::ParseFishHistory(text);
  bgprof::fuzz::CheckHistoryRead(read, "fish");
  const bgprof::HistoryRead again = bgprof::ParseFishHistory(text);
  FUZZ_CHECK(again.runs.size() == read.runs.size());
  for (size_t i = 0; i < read.runs.size(); ++i) FUZZ_CHECK(again.runs[i].key == read.runs[i].key);
  return 0;
}
