// How SQLite's result codes become absl status codes, in one place for all of db/: the hook acts
// on the kind of failure (wait or spool when busy, set a corrupt file aside, read a read-only one,
// fail open on a full disk), so each kind must keep its own code.
#ifndef BGPROF_DB_SQLITE_STATUS_H_
#define BGPROF_DB_SQLITE_STATUS_H_

#include <string>

#include "absl/status/status.h"

struct sqlite3;

namespace bgprof {

// The status of a failed SQLite call, from its extended result code and the errno behind it:
//   SQLITE_BUSY, SQLITE_LOCKED                      -> Unavailable (another writer holds the lock)
//   SQLITE_CORRUPT, SQLITE_NOTADB                   -> DataLoss (the file is damaged)
//   SQLITE_READONLY, SQLITE_PERM, SQLITE_AUTH, and
//   SQLITE_CANTOPEN for want of access (EACCES, EPERM, EROFS) -> PermissionDenied
//   SQLITE_FULL, and SQLITE_IOERR for want of room (ENOSPC, EFBIG, EDQUOT) -> ResourceExhausted
//   anything else                                   -> Internal
// The message is `what`, then SQLite's own text.
absl::Status SqliteStatus(int extended_code, int system_errno, const std::string& what,
                          const std::string& sqlite_text);

// The status of the last failed call on `db` (nullptr: SQLite could not allocate one).
absl::Status SqliteStatusOf(sqlite3* db, const std::string& what);

// The status of a failed file operation done for the store (creating the database, its lock),
// classified as SqliteStatus classifies the errno behind an SQLite error.
absl::Status FileErrorStatus(int error_number, const std::string& what);

}  // namespace bgprof

#endif  // BGPROF_DB_SQLITE_STATUS_H_
