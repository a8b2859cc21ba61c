// The history files of zsh, bash and fish as HistoryReads. The parsers are pure, text in and runs
// out, so that a file read while its shell appends to it, or any bytes at all, can be tested
// without a shell; reading the file is the one helper beside them. Of the three, only zsh's
// EXTENDED_HISTORY says how long a command ran; the others give at most when it started.
//
// Shared rules. Every entry counts in `entries`; one that gives no run counts in `skipped` under
// one of these reasons:
//   "empty"      the command is blank
//   "cut short"  the entry holds the text's last line and that line has no '\n': each of these
//                shells ends every entry with one, so the file was read while being written
//   "bad time"   its time is not a number of seconds (or too large to be one)
// A '\r' before a '\n' is dropped. A run's key is HistoryKey(<start in seconds, as written>,
// command) when the history says when it started ("<start>#<k>" for the k-th repeat of a command
// within that second), else HistoryKey("n<k>", command) where k counts the same command among
// the earlier entries with no time: keys are unique within a file, and reading it again after the
// shell appended to it gives every old entry its old key. Runs keep the order of the file.
#ifndef BGPROF_PROFILER_CALIBRATE_SHELL_HISTORY_H_
#define BGPROF_PROFILER_CALIBRATE_SHELL_HISTORY_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "profiler/calibrate/history_run.h"

namespace bgprof {

// ~/.zsh_history (or $HISTFILE). With EXTENDED_HISTORY a line is `: <start>:<elapsed>;<command>`;
// without, the command alone (one that starts with ':' is written `\:`). zsh writes a newline of
// a command as `\` + newline, adds a space after a command that ends in a backslash, and
// "metafies" bytes 0x83..0xa2 and NUL as 0x83 followed by the byte XOR 0x20: all three are undone.
// elapsed 0 is what zsh writes when it saves the line as the command starts (INC_APPEND_HISTORY),
// so it means "unknown", never "quick"; elapsed N > 0 means between N and N+1 seconds, taken as
// N s + 500 ms. A line that starts with ':' and is not such a prefix is skipped: "cut short" when
// it has no ';', else "bad time".
HistoryRead ParseZshHistory(std::string_view text);

// ~/.bash_history. One command a line; a `#<epoch>` line (bash writes one before each entry when
// HISTTIMEFORMAT is set) gives the start of the entry after it. As readline reads it, a file that
// starts with such a line holds multi-line commands: a line with no `#<epoch>` before it continues
// the entry above. Empty lines are no entries (readline drops them). bash keeps no runtimes.
HistoryRead ParseBashHistory(std::string_view text);

// $XDG_DATA_HOME/fish/fish_history: entries `- cmd: <command>` followed by `  when: <epoch>` and
// maybe `  paths:` and its list, which is ignored. In the command `\\` is a backslash and `\n`
// a newline, decoded left to right (`\\n` is a backslash and an n); any other backslash stays.
// Lines before the first `- cmd:` belong to no entry. fish keeps no runtimes.
HistoryRead ParseFishHistory(std::string_view text);

// The whole file at `path`, for the parsers above; an error that names the path when it cannot be
// read.
absl::StatusOr<std::string> ReadHistoryFile(const std::string& path);

}  // namespace bgprof

#endif  // BGPROF_PROFILER_CALIBRATE_SHELL_HISTORY_H_
