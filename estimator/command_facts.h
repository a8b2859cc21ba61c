// What a command's own words say about its runtime, found once when the command is signed
// (profiler/command/command_facts) and handed to the model as plain fields: the estimator reads
// no command text.
#ifndef BGPROF_ESTIMATOR_COMMAND_FACTS_H_
#define BGPROF_ESTIMATOR_COMMAND_FACTS_H_

#include <cstdint>
#include <optional>

namespace bgprof {

struct CommandFacts {
  bool asks_help = false;             // `--help`, `--version`: done at once whatever the program
  std::optional<int64_t> sleep_ms;    // `sleep 60`: how long it sleeps
  bool selects_tests = false;         // a test run narrowed to named tests (`pytest a.py::t`)
  bool runs_folder = false;           // a test run given a folder: every test in it (`bats test`)
  bool never_ends = false;            // a dev server or watcher: runs until stopped
  std::optional<int64_t> timeout_ms;  // `timeout N` caps its runtime

  bool operator==(const CommandFacts&) const = default;
};

}  // namespace bgprof

#endif  // BGPROF_ESTIMATOR_COMMAND_FACTS_H_
