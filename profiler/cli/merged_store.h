// The database as a command reads it: with the hook events spooled while its write lock was busy
// merged first (hook/event_spool), so that what `stats` and `top` report counts them.
#ifndef BGPROF_PROFILER_CLI_MERGED_STORE_H_
#define BGPROF_PROFILER_CLI_MERGED_STORE_H_

#include "absl/status/statusor.h"
#include "db/store.h"

namespace bgprof {

// Opens the database at its default place and merges a waiting spool. A merge that cannot run
// now (the lock is busy, a record will not read) is left to a later run and does not fail the
// command.
absl::StatusOr<Store> OpenStoreWithSpoolMerged();

}  // namespace bgprof

#endif  // BGPROF_PROFILER_CLI_MERGED_STORE_H_
