// What `bgprof hook` does when the write lock stays busy past its budget: the event's writes go
// to the spool (db/spool, records of hook/spooled_event), and the next run that gets the lock
// merges the spool before its own writes, in its own write transaction. Nothing is lost: a merge
// that fails leaves the claimed file for a later one. Nothing counts twice: a merge replays the
// same handlers as the hook, which skip a call the hooks recorded already; a PreToolUse whose
// start or sample is there already is skipped too.
#ifndef BGPROF_HOOK_EVENT_SPOOL_H_
#define BGPROF_HOOK_EVENT_SPOOL_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "db/spool.h"
#include "db/store.h"
#include "hook/environment.h"
#include "hook/spooled_event.h"

namespace bgprof {

// Appends `spooled` to the spool beside the database of `environment`.
absl::Status SpoolEvent(const HookEnvironment& environment, const SpooledEvent& spooled);

// Applies the writes of one spooled event as the hook would have at its time: a PreToolUse's
// decision is recorded (RecordPreToolUse), any other event goes to its handler, whose output is
// dropped. In the caller's write transaction.
absl::Status ReplaySpooledEvent(Store& store, const SpooledEvent& spooled,
                                const HookEnvironment& environment);

// Claims the spool and replays its records into `store`, inside the caller's write transaction,
// each in a savepoint: a record that does not decode or whose writes fail is skipped and logged.
// Returns the claimed files: Release() them once the transaction committed.
absl::StatusOr<ClaimedSpool> MergeSpool(Store& store, const HookEnvironment& environment);

// For the CLI: when a spool waits, merges it in a write transaction of its own.
absl::Status MergeWaitingSpool(Store& store, const HookEnvironment& environment);

}  // namespace bgprof

#endif  // BGPROF_HOOK_EVENT_SPOOL_H_
