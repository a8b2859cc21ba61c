// Runs the real bgprof binary the way Claude Code and users do: arguments, stdin, a controlled
// environment and working folder, in a scratch HOME so no test touches the machine's own config.
#ifndef BGPROF_TESTS_SUPPORT_BGPROF_RUNNER_H_
#define BGPROF_TESTS_SUPPORT_BGPROF_RUNNER_H_

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "tests/support/scratch_folder.h"

namespace bgprof::testing {

struct RunResult {
  int exit_code = -1;  // -1 when the process did not exit normally (e.g. killed by a signal)
  std::string out;
  std::string err;
};

// A scratch folder with HOME, CLAUDE_CONFIG_DIR and BGPROF_DB inside it, removed at the end.
class Sandbox {
 public:
  Sandbox();

  const std::string& root() const { return root_; }
  std::string home() const { return root_ + "/home"; }
  std::string database() const { return root_ + "/home/.local/share/bgprof/bgprof.db"; }
  std::string claude_dir() const { return root_ + "/home/.claude"; }

  // Environment variables for the child on top of PATH, HOME, CLAUDE_CONFIG_DIR and BGPROF_DB.
  // An empty value unsets the variable.
  std::map<std::string, std::string> env;
  // Runs in the child between fork and exec, to take something from it as a user's machine
  // might (tests/support/file_access.h, a file-size limit); returning false fails the run.
  std::function<bool()> before_exec;

  RunResult Run(const std::vector<std::string>& args, const std::string& stdin_text = "",
                const std::string& cwd = "") const;
  // `bgprof hook` with one event on stdin.
  RunResult Hook(const std::string& event_json) const { return Run({"hook"}, event_json); }

 private:
  ScratchFolder scratch_;
  std::string root_;
};

std::string ReadFile(const std::string& path);
void WriteFile(const std::string& path, const std::string& text);

}  // namespace bgprof::testing

#endif  // BGPROF_TESTS_SUPPORT_BGPROF_RUNNER_H_
