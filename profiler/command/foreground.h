// Which command lines must stay in the foreground. bgprof may move a slow Bash call to the
// background (opt-in `auto` mode) or ask the agent to (opt-in `block` mode). Some lines must never
// be: an editor or a REPL in the background waits forever for keys nobody types, a `cd` or an
// `export` in the background changes a shell that is gone, and a line that already ends in `&`
// has nothing left to move. Users name more with `never_background` patterns.
#ifndef BGPROF_PROFILER_COMMAND_FOREGROUND_H_
#define BGPROF_PROFILER_COMMAND_FOREGROUND_H_

#include <span>
#include <string>
#include <string_view>

#include "profiler/command/signature.h"

namespace bgprof {

enum class ForegroundReason {
  kNone,              // may run in the background
  kEndsInBackground,  // the line already sends its last part off with `&`
  kInteractive,       // reads a terminal: an editor, a pager, a REPL, `ssh HOST`, `docker run -it`
  kChangesShell,      // changes the agent's shell for later calls: a top-level `cd`, `export`...
};

// Why a line stays in the foreground, as the end of a sentence: "it reads a terminal". For logs
// and advice.
std::string_view ForegroundReasonText(ForegroundReason reason);

// The first reason found, checking every part of the line; kNone when it may run in the
// background. A part that only looks interactive because its input is redirected (`python3
// <<EOF`, `mysql db < dump.sql`) stays in the foreground: the signer drops redirections.
ForegroundReason MustStayInForeground(const CommandLine& line);

// Whether a user's `never_background` pattern matches a command's family key or its command key,
// as a whole string; `*` matches any run of characters, possibly none. "npm run dev" matches
// family "npm run dev", "docker *" every docker family, "make deploy*" "make deploy-prod".
// Spaces around the pattern are ignored; an empty pattern matches nothing.
bool MatchesPattern(const Signature& signature, std::string_view pattern);

// Whether any part of `line` that does work (not `cd`, `export`...) matches any of `patterns`.
bool MatchesAnyPattern(const CommandLine& line, std::span<const std::string> patterns);

}  // namespace bgprof

#endif  // BGPROF_PROFILER_COMMAND_FOREGROUND_H_
