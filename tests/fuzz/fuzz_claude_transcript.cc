// Fuzzes ParseClaudeTranscript (profiler/calibrate/claude_transcript): `bgprof calibrate` reads
// every transcript Claude Code wrote, in a format that is the client's own. Beyond not crashing:
// the properties every history reader promises (history_checks.h), a tool_use id on each run,
// and parsing is deterministic.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "profiler/calibrate/claude_transcript.h"
#include "tests/fuzz/history_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const bgprof::HistoryRead read = bgprof::ParseClaudeTranscript(text);
  bgprof::fuzz::CheckHistoryRead(read, "claude");
  for (const bgprof::HistoryRun& run : read.runs) FUZZ_CHECK(!run.tool_use_id.empty());
  const bgprof::HistoryRead again = bgprof::ParseClaudeTranscript(text);
  FUZZ_CHECK(again.runs.size() == read.runs.size());
  FUZZ_CHECK(again.entries == read.entries);
  return 0;
}
