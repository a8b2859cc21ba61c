// Setting a damaged database aside so that bgprof starts a new one instead of failing on every
// call: which file was found damaged, the lock that lets one of several processes move it, and
// the one line it logs. A corrupt file is moved, never deleted: a person may still recover it.
#ifndef BGPROF_DB_CORRUPT_DATABASE_H_
#define BGPROF_DB_CORRUPT_DATABASE_H_

#include <sys/types.h>

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace bgprof {

// Which file a path named, to tell later whether another process has replaced it since.
struct FileIdentity {
  dev_t device = 0;
  ino_t inode = 0;
  bool operator==(const FileIdentity&) const = default;
};

// The file at `path` now; nullopt when there is none.
std::optional<FileIdentity> IdentityOf(const std::string& path);

// Moves the database at `path`, found damaged (`why`) while it was the file `found`, aside as
// `<path>.corrupt-<UTC time>` (its -wal and -shm beside it under the same name), and logs that
// once beside the database. Hooks of parallel calls find the same file damaged at the same moment:
// each takes an flock on `<path>.heal-lock` and looks again under it, so only the first moves
// the file and a new database another process created meanwhile is never moved. Returns where
// the file went, or "" when it was no longer there to move.
absl::StatusOr<std::string> SetAsideCorruptDatabase(const std::string& path,
                                                    const FileIdentity& found,
                                                    const absl::Status& why);

}  // namespace bgprof

#endif  // BGPROF_DB_CORRUPT_DATABASE_H_
