// A POSIX-shell lexer, just deep enough to find the simple commands of an agent's command line
// and their words: quotes, escapes, `$(...)`, backquotes, `${...}`, comments, here-documents,
// line continuations and redirections. It never fails and never loops: unbalanced input is read
// as far as it goes.
#ifndef BGPROF_PROFILER_COMMAND_SHELL_LEXER_H_
#define BGPROF_PROFILER_COMMAND_SHELL_LEXER_H_

#include <cstddef>
#include <limits>
#include <list>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/inlined_vector.h"

namespace bgprof {

// How a simple command joins the one after it.
enum class Connector {
  kEnd,         // nothing follows
  kAnd,         // &&
  kOr,          // ||
  kSequence,    // ; or a newline
  kPipe,        // | or |&
  kBackground,  // & : this command runs in the background
};

// "end", "and", "or", "sequence", "pipe", "background": the names `bgprof estimate --json` uses.
std::string_view ConnectorName(Connector connector);

// Where a piece of the command line is written in it, as byte offsets: [begin, end).
struct LineExtent {
  size_t begin = 0;
  size_t end = 0;
};

// Text a simple command reads on stdin that is written in the line itself.
struct InlineInput {
  LineExtent extent;           // the here-string's word as written, or a here-document's body
  bool here_document = false;  // a body (lines, without the delimiter line), not a `<<<` word
};

struct SimpleCommand {
  // Words with quotes removed; `$(...)`, `${...}` and backquoted text are kept as written.
  // Redirections and here-document bodies are dropped. Each word views the command line, or
  // LexedLine::storage when unquoting had to join pieces.
  // Inline storage: most simple commands have few words, and this runs on every Bash call.
  absl::InlinedVector<std::string_view, 8> words;
  // Where each of `words` is written in the line, quotes included (same index): what the redactor
  // rewrites in place.
  absl::InlinedVector<LineExtent, 8> word_extents;
  // Its here-strings and here-documents, in order: a secret a command reads on stdin
  // (`sudo -S <<< pw`) is written there.
  absl::InlinedVector<InlineInput, 1> inline_inputs;
  Connector next = Connector::kEnd;
  // How many `( ... )` subshells it runs in: a `cd` inside one ends with it.
  int subshell_depth = 0;
};

struct LexedLine {
  LexedLine() = default;
  LexedLine(LexedLine&&) = default;  // moving a list keeps its strings where they are
  LexedLine& operator=(LexedLine&&) = default;
  LexedLine(const LexedLine&) = delete;  // a copy's words would view the original
  LexedLine& operator=(const LexedLine&) = delete;

  absl::InlinedVector<SimpleCommand, 4> commands;
  std::list<std::string> storage;
};

// The simple commands of `line` in order. Subshells and brace groups are flattened: `( a; b )`
// gives `a` and `b`, each with its subshell depth. The words view `line`, which must outlive the
// result. Reading stops after `max_commands` commands: the rest of the line is not read (the last
// one kept then ends the line), so that a caller with a budget pays nothing for a hostile line's
// tail.
LexedLine LexCommandLine(std::string_view line,
                         size_t max_commands = std::numeric_limits<size_t>::max());

}  // namespace bgprof

#endif  // BGPROF_PROFILER_COMMAND_SHELL_LEXER_H_
