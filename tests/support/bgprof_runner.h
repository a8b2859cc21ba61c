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
  int killed_by = 0;   // the signal that ended it, if one did
  std::string out;
  std::string err;
  // The child's CPU time, user and system: the work it did, which a loaded machine does not
  // stretch the way it stretches wall time.
  double cpu_seconds = 0;
};

// Where the child's stdout goes: a file the result holds, or broken in the ways a client can
// leave it.
enum class ChildStdout {
  kCaptured,
  kPipeWithoutReader,  // the reader is gone: a write raises SIGPIPE
  kClosed,             // fd 1 is not open at all
  kDevFull,            // every write fails with ENOSPC
};

// How the child is started besides its arguments and stdin.
struct ChildSetup {
  std::string cwd;          // empty: the test's own working folder
  bool remove_cwd = false;  // `cwd` is removed once the child is in it, as a shell can leave it
  ChildStdout out = ChildStdout::kCaptured;
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
                const std::string& cwd = "") const {
    return RunWith(args, stdin_text, ChildSetup{.cwd = cwd});
  }
  RunResult RunWith(const std::vector<std::string>& args, const std::string& stdin_text,
                    const ChildSetup& setup) const;
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
