// A long stream of varied finished Bash calls (many families, projects and arguments, long lines,
// here-documents, commands of several KB) recorded through the hook's own path (SampleFromEvent,
// then RecordRun with its pruning), in batched transactions, for the bounded-storage test and
// its benchmark: how large the database and its WAL get after a million calls.
#ifndef BGPROF_TESTS_SUPPORT_RECORDING_LOAD_H_
#define BGPROF_TESTS_SUPPORT_RECORDING_LOAD_H_

#include <cstdint>
#include <random>
#include <string>

#include "absl/status/statusor.h"
#include "hook/protocol/event.h"

namespace bgprof::testing {

// Deterministic for a seed. Calls end `step_ms` apart from `start_ms` on.
class VariedCalls {
 public:
  VariedCalls(uint64_t seed, int64_t start_ms, int64_t step_ms);
  // The PostToolUse event of the next call, and when it ended.
  HookEvent Next();
  int64_t now_ms() const { return now_ms_; }

 private:
  std::string Command();

  std::mt19937_64 random_;
  int64_t now_ms_;
  int64_t step_ms_;
  int64_t calls_ = 0;
};

struct RecordingLoad {
  int64_t calls = 0;
  int64_t batch_size = 1000;  // calls per transaction; the store is reopened after each batch
  uint64_t seed = 12;
  int64_t start_ms = 1'767'225'600'000;  // 2026-01-01
  int64_t step_ms = 31'000;              // a million calls span a year
};

struct RecordingResult {
  int64_t database_bytes = 0;         // the file at the end (the WAL checkpointed into it)
  int64_t largest_wal_bytes = 0;      // before a batch's store closed
  int64_t wal_after_close_bytes = 0;  // the largest a close left behind, as a hook's would
  int64_t samples = 0;
  int64_t stats_rows = 0;
  int64_t runtimes_rows = 0;
  int64_t now_ms = 0;  // when the last call ended
};

// Records `load.calls` calls into the database at `path` (created when missing).
absl::StatusOr<RecordingResult> RecordVariedCalls(const std::string& path,
                                                  const RecordingLoad& load);

}  // namespace bgprof::testing

#endif  // BGPROF_TESTS_SUPPORT_RECORDING_LOAD_H_
