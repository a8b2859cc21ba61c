// `bgprof install` / `bgprof uninstall`: add or remove bgprof's hook entries in a Claude Code
// settings.json. The file is backed up, written atomically, and left alone when unparsable or
// already as wanted. With --claude-md, bgprof's section of the project's CLAUDE.md instead.
#ifndef BGPROF_PROFILER_CLI_INSTALL_COMMAND_H_
#define BGPROF_PROFILER_CLI_INSTALL_COMMAND_H_

#include <string>

#include "absl/status/statusor.h"

namespace bgprof {

struct InstallOptions {
  bool uninstall = false;
  bool dry_run = false;  // print a diff of the change to settings.json instead of writing it
  bool project = false;  // the project's .claude/settings.json instead of the user's
  // bgprof's section of the project's CLAUDE.md (profiler/cli/claude_md) instead of the hooks.
  bool claude_md = false;
};

// $CLAUDE_CONFIG_DIR/settings.json (as Claude Code reads it), else ~/.claude/settings.json; with
// `project`, <project root>/.claude/settings.json.
absl::StatusOr<std::string> SettingsPath(bool project);

// The running bgprof binary's own path (/proc/self/exe), which install writes into the hooks.
absl::StatusOr<std::string> ProgramPath();

int RunInstallCommand(const InstallOptions& options);

}  // namespace bgprof

#endif  // BGPROF_PROFILER_CLI_INSTALL_COMMAND_H_
