// Claude Code's transcripts (JSON lines, one per session or subagent; fact sheet §5) as
// HistoryRuns: every Bash call the agent made, timed from the lines the client wrote around it.
// Claude Code writes no runtime there, so each run is rebuilt from timestamps, and the rules
// below say which gap is the command's and which is a wait (a permission prompt, hooks, a
// background task nobody looked at). The format is the client's own, not an API: each odd line
// is skipped, never trusted, and never an error.
#ifndef BGPROF_PROFILER_CALIBRATE_CLAUDE_TRANSCRIPT_H_
#define BGPROF_PROFILER_CALIBRATE_CLAUDE_TRANSCRIPT_H_

#include <string_view>

#include "profiler/calibrate/history_run.h"

namespace bgprof {

// The Bash calls of one transcript file's `text`, in the order their tool_use lines were written.
// Each is joined with its tool_result on the tool_use id, wherever the result stands.
//
// When the command started, best first:
//  - bash_progress lines (2.1.3x clients, once a command has run 2 s): each says the seconds it
//    has run, ticking on whole seconds from the spawn, so the earliest `timestamp - elapsed`
//    is the spawn to a few ms. Such a run excludes prompts and hooks: may_hold_wait is false.
//  - a PreToolUse hook_progress line: the call began then (its hooks, maybe a prompt, follow).
//  - else its tool_use line, or the latest result of an earlier call of the same assistant
//    message when that came later (the client runs them one after another; an earlier call
//    whose result came after this one's ran alongside it and does not count).
// Every start but the first may hold a wait: may_hold_wait is true (an upper bound).
//
// A gap known to be a wait is skipped ("prompt wait"): in a file with bash_progress lines, a
// foreground call without any that still took over 5 s ran under 2 s and waited the rest; and
// a run over 60 s and over 10 times the median of the same command's other runs in the file.
//
// Outcomes: kFailed for an error result ("Error: Exit code N", is_error); kCensored when Claude
// Code killed it at its timeout or moved it to the background itself (Ctrl+B, auto-backgrounding)
// and nothing says when it ended: the run up to then, a lower bound, as the hook records it;
// kInterrupted when the user interrupted it (a lower bound). A call the user or a hook refused
// is skipped ("rejected"), unless bash_progress shows it ran (then kInterrupted); one that never
// reached the shell (<tool_use_error>) is skipped ("not run").
//
// A background launch (run_in_background) is no runtime: it starts at its result (the launch
// stub comes within ms of the spawn, after any prompt) and ends at the first line that says the
// task ended: a <task-notification> (user line, queue-operation, attachment), a TaskOutput poll
// with a final status, a TaskStop. Notice and poll come after the end: may_hold_wait is true and
// the outcome follows the status; a stop ends it early (kInterrupted). A launch nothing closes is
// skipped ("background, no end"); so is a task closed only in another file.
//
// entries counts the Bash calls seen (each id once); skipped counts the others per reason: "no
// command", "no result", "no timestamp", "result before call", plus those above. Sidechain
// calls count like any other; agent_progress copies of a subagent's lines do not (its own file
// has them).
HistoryRead ParseClaudeTranscript(std::string_view text);

}  // namespace bgprof

#endif  // BGPROF_PROFILER_CALIBRATE_CLAUDE_TRANSCRIPT_H_
