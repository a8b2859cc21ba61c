// Where the database lives, following the XDG base directory convention, and its error log.
#ifndef BGPROF_DB_LOCATION_H_
#define BGPROF_DB_LOCATION_H_

#include <string>

#include "absl/status/statusor.h"

namespace bgprof {

// $BGPROF_DB, else $XDG_DATA_HOME/bgprof/bgprof.db, else ~/.local/share/bgprof/bgprof.db.
absl::StatusOr<std::string> DatabasePath();

// The error log lives beside the database: <dir of db>/bgprof.log.
std::string LogPathFor(const std::string& database_path);

}  // namespace bgprof

#endif  // BGPROF_DB_LOCATION_H_
