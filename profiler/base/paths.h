// Where bgprof's files live and how the process environment is read: the XDG base directory
// convention, private folders, and environment variables as flags.
#ifndef BGPROF_PROFILER_BASE_PATHS_H_
#define BGPROF_PROFILER_BASE_PATHS_H_

#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace bgprof {

// Where one of bgprof's files lives: $override_var, else $xdg_var/bgprof/file when that is an
// absolute path (the XDG spec says to ignore a relative one), else $HOME/home_dir/bgprof/file.
// Empty when none of the three is set.
std::string XdgFilePath(const char* override_var, const char* xdg_var, std::string_view home_dir,
                        std::string_view file);

// The value of the environment variable `name`, or nullptr when it is unset or empty.
const char* NonEmptyEnv(const char* name);

// Whether the environment variable `name` is set to something other than "", "0" or "false".
bool EnvIsTrue(const char* name);

// Creates `folder` and any missing parents with mode 0700; folders that exist are left as they are.
absl::Status CreatePrivateFolder(const std::string& folder);

}  // namespace bgprof

#endif  // BGPROF_PROFILER_BASE_PATHS_H_
