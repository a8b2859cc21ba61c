// How much the store keeps, in one place (as ninja's build log names its limits): how long and
// how many rows of each table, how much of a command's text, and how the pruning that enforces
// them is paced so that it never holds up a hook. Store::PruneStep (store_retention.cc) applies
// them; command_cap.h cuts commands.
#ifndef BGPROF_DB_RETENTION_H_
#define BGPROF_DB_RETENTION_H_

#include <cstddef>
#include <cstdint>

namespace bgprof {

inline constexpr int64_t kMsPerDay = 24LL * 3600 * 1000;

// A command is stored as at most this many bytes (its here-documents' bodies go first): one 50 MB
// line must not cost 50 MB. Signatures are taken from the whole command before it is cut.
inline constexpr size_t kMaxStoredCommandBytes = 2048;

// Samples: the raw history `bgprof stats`, `top --since` and `forget` read. What they taught stays
// in `stats` and `runtimes`, so older samples only cost space. Both bounds hold: the days and the
// rows, whichever is reached first.
inline constexpr int64_t kSampleRetentionDays = 90;
inline constexpr int64_t kMaxSamples = 100'000;

// Statistics rows (one per level, key and project) and `top`'s runtimes rows (per family or
// command and project): a row whose key has not run for this long goes, and past the row cap the
// least recently run go first, but never one that ran in the last kRecentlyRunDays: a prediction
// of something the agent runs these days keeps all it reads.
inline constexpr int64_t kStatsUnusedDays = 180;
inline constexpr int64_t kMaxStatsRows = 100'000;
inline constexpr int64_t kRuntimesUnusedDays = 365;
inline constexpr int64_t kMaxRuntimesRows = 50'000;
inline constexpr int64_t kRecentlyRunDays = 7;

// Telemetry and background tasks: `bgprof stats` reports on them; its windows are days to weeks.
inline constexpr int64_t kTelemetryRetentionDays = 90;
inline constexpr int64_t kMaxTelemetryRows = 200'000;
inline constexpr int64_t kTaskRetentionDays = 90;

// Changes to a project's files: only "since the family last ran" is asked, and a week later a new
// session has marked the project changed anyway.
inline constexpr int64_t kChangesRetentionDays = 7;

// A call whose end never arrived (the session died) is forgotten after a day, as is a denial.
inline constexpr int64_t kForgetStartAfterMs = kMsPerDay;

// Pacing. A hook prunes inside the write it makes anyway, every kSamplesPerPruneStep-th sample
// stored, at most kPruneRowsPerStep rows of each table: several times what a sample adds, so the
// tables converge on their bounds, and small enough that a step costs about a millisecond.
// Counting rows against a cap walks up to a cap's worth of index entries, so it happens every
// kPruneStepsPerCapCheck-th step; the cut-off it finds is kept in `retention` until the next.
inline constexpr int64_t kSamplesPerPruneStep = 32;
inline constexpr int64_t kPruneRowsPerStep = 256;
inline constexpr int64_t kPruneStepsPerCapCheck = 16;

}  // namespace bgprof

#endif  // BGPROF_DB_RETENTION_H_
