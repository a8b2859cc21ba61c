// `bgprof doctor`: whether bgprof can do its work here, one line a check, in this order: the
// binary on PATH, its hooks in Claude Code's settings, the database, the config, Claude Code
// itself, whether the client times its calls, the error log. Each says ok, warn or FAIL, what it
// found and, when something is wrong, the fix. Every check runs whatever the others found, none
// throws, and doctor creates nothing: a missing database stays missing.
#ifndef BGPROF_PROFILER_CLI_DOCTOR_COMMAND_H_
#define BGPROF_PROFILER_CLI_DOCTOR_COMMAND_H_

#include <string>
#include <string_view>
#include <vector>

#include "db/store.h"

namespace bgprof {

// A warning does not fail doctor: bgprof works, less well.
enum class Verdict { kOk, kWarn, kFail };

struct DoctorCheck {
  Verdict verdict = Verdict::kOk;
  std::string name;                  // what was checked: "hooks", "database"
  std::string found;                 // one line
  std::vector<std::string> details;  // lines shown under it (the error log's last lines)
  std::string fix;                   // what to do; empty when nothing is wrong
};

// The check as printed: "<ok|warn|FAIL> <name>: <found>", then its details and "fix: ...",
// indented, each on a line of its own. Ends with a newline.
std::string FormatCheck(const DoctorCheck& check);

// Claude Code as `claude --version` at `path` describes itself ("2.1.330 (Claude Code)"): a
// client before 2.1.119 sends no duration_ms, so bgprof times its calls with permission prompts
// in.
DoctorCheck ClaudeCodeCheck(std::string_view path, std::string_view version_output);

// Who timed the newest runs: a warning when bgprof's hooks timed most of them.
DoctorCheck RunTimingCheck(const RunTiming& timing);

// Prints every check; 1 when one failed, else 0.
int RunDoctorCommand();

}  // namespace bgprof

#endif  // BGPROF_PROFILER_CLI_DOCTOR_COMMAND_H_
