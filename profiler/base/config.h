// bgprof's settings, in one small JSON file a user can read and edit:
// $BGPROF_CONFIG, else $XDG_CONFIG_HOME/bgprof/config.json, else ~/.config/bgprof/config.json.
// Environment variables override the file. Every key:
//   suggest_above_ms  (BGPROF_SUGGEST_ABOVE_MS, default 5000)  a call predicted over this is slow
//   quiet_below_ms    (BGPROF_QUIET_BELOW_MS, default 2000)    certainly say nothing under this
//   mode              (BGPROF_MODE, default "suggest")         what bgprof does about a slow call:
//                     "suggest" tells the model and the user, "auto" moves it to the background,
//                     "block" asks the model to rerun it in the background, "off" only records
//   never_background  (default [])                             family or command patterns (`*`
//                     matches anything) that stay in the foreground in every mode
//   max_background    (BGPROF_MAX_BACKGROUND, default 4)       with this many background tasks of
//                     a session running, bgprof moves or suggests no more
// A missing file means the defaults. A project may add `never_background` patterns of its own in
// <project>/.claude/bgprof.json. Either file must be a regular file under 64 KiB: anything else (a
// FIFO, a device, a folder, a huge file) is refused unread, as an error naming it.
#ifndef BGPROF_PROFILER_BASE_CONFIG_H_
#define BGPROF_PROFILER_BASE_CONFIG_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "estimator/estimate.h"

namespace bgprof {

enum class Mode { kSuggest, kAuto, kBlock, kOff };
std::string_view ModeName(Mode mode);

struct Config {
  Thresholds thresholds;
  Mode mode = Mode::kSuggest;
  std::vector<std::string> never_background;
  int64_t max_background = 4;
};

// Where the file is looked for; empty when neither BGPROF_CONFIG, XDG_CONFIG_HOME nor HOME is set.
std::string ConfigPath();

// The defaults, then the file, then the environment. Fails, naming the culprit, on a file that
// is not a JSON object, an unknown key, or a value of the wrong type or range.
absl::StatusOr<Config> LoadConfig();

// <project>/.claude/bgprof.json, where a project keeps its own settings (in version control, so
// that everyone working on it shares them).
std::string ProjectConfigPath(std::string_view project);

// `config` with the project's settings added: its `never_background` patterns join the user's.
// A missing file changes nothing; a broken one is an error naming it.
absl::StatusOr<Config> WithProjectConfig(Config config, std::string_view project);

}  // namespace bgprof

#endif  // BGPROF_PROFILER_BASE_CONFIG_H_
