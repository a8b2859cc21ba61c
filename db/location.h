// Where bgprof keeps its files, following the XDG base directory convention.
#ifndef BGPROF_DB_LOCATION_H_
#define BGPROF_DB_LOCATION_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace bgprof {

// $BGPROF_DB, else $XDG_DATA_HOME/bgprof/bgprof.db, else ~/.local/share/bgprof/bgprof.db.
absl::StatusOr<std::string> DatabasePath();

// Creates `folder` and any missing parents with mode 0700; folders that exist are left as they are.
absl::Status CreatePrivateFolder(const std::string& folder);

// The error log lives beside the database: <dir of db>/bgprof.log.
std::string LogPathFor(const std::string& database_path);

}  // namespace bgprof

#endif  // BGPROF_DB_LOCATION_H_
