// bgprof's settings, in one small JSON file a user can read and edit:
// $BGPROF_CONFIG, else $XDG_CONFIG_HOME/bgprof/config.json, else ~/.config/bgprof/config.json.
// Environment variables override the file. Every key:
//   suggest_above_ms  (BGPROF_SUGGEST_ABOVE_MS, default 5000)  suggest the background when the
//                     predicted runtime is over this
//   quiet_below_ms    (BGPROF_QUIET_BELOW_MS, default 2000)    certainly say nothing under this
//   mode              (BGPROF_MODE, default "suggest")         "suggest", or "off" to record
//                     runtimes without ever speaking up
// A missing file means the defaults.
#ifndef BGPROF_PROFILER_BASE_CONFIG_H_
#define BGPROF_PROFILER_BASE_CONFIG_H_

#include <string>

#include "absl/status/statusor.h"
#include "estimator/estimate.h"

namespace bgprof {

enum class Mode { kSuggest, kOff };

struct Config {
  Thresholds thresholds;
  Mode mode = Mode::kSuggest;
};

// Where the file is looked for; empty when neither BGPROF_CONFIG, XDG_CONFIG_HOME nor HOME is set.
std::string ConfigPath();

// The defaults, then the file, then the environment. Fails, naming the culprit, on a file that
// is not a JSON object, an unknown key, or a value of the wrong type or range.
absl::StatusOr<Config> LoadConfig();

}  // namespace bgprof

#endif  // BGPROF_PROFILER_BASE_CONFIG_H_
