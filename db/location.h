// Where bgprof keeps its files, following the XDG base directory convention.
#ifndef BGPROF_DB_LOCATION_H_
#define BGPROF_DB_LOCATION_H_

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace bgprof {

// $BGPROF_DB, else $XDG_DATA_HOME/bgprof/bgprof.db, else ~/.local/share/bgprof/bgprof.db.
absl::StatusOr<std::string> DatabasePath();

// Where one of bgprof's files lives: $override_var, else $xdg_var/bgprof/file when that is an
// absolute path (the XDG spec says to ignore a relative one), else $HOME/home_dir/bgprof/file.
// Empty when none of the three is set.
std::string XdgFilePath(const char* override_var, const char* xdg_var, std::string_view home_dir,
                        std::string_view file);

// The value of the environment variable `name`, or nullptr when it is unset or empty.
const char* NonEmptyEnv(const char* name);

// Creates `folder` and any missing parents with mode 0700; folders that exist are left as they are.
absl::Status CreatePrivateFolder(const std::string& folder);

// The error log lives beside the database: <dir of db>/bgprof.log.
std::string LogPathFor(const std::string& database_path);

}  // namespace bgprof

#endif  // BGPROF_DB_LOCATION_H_
