// A command line's signature: the keys under which its runtime is learned, from narrow to wide.
// `cd web && npm test -- --ci 2>&1 | tail` is, in its dominant part, command "npm test -- --ci",
// family "npm test" and program "npm". Commands that do the same work share keys; commands that
// do different work do not. A line's runs are learned under its dominant part, so when the line
// does other work before or after it, the command key names that work by family:
// `make && make test` is command "make ; make test", family "make".
#ifndef BGPROF_PROFILER_COMMAND_SIGNATURE_H_
#define BGPROF_PROFILER_COMMAND_SIGNATURE_H_

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/inlined_vector.h"
#include "estimator/command_facts.h"
#include "profiler/command/shell_lexer.h"

namespace bgprof {

struct Signature {
  std::string program;  // basename, version folded: "python"
  std::string family;   // program and subcommand or target: "cargo test", "npm run build"
  std::string command;  // family and the arguments that change the work, in a canonical order
  // What its own words say about its runtime (`sleep 60`, `--help`, selected tests, a server,
  // `timeout N`), found once while signing.
  CommandFacts facts;
};

// One simple command of a command line, seen through its wrappers (`sudo`, `timeout 60`,
// `npx`, `bash -c '...'`, ...).
struct CommandPart {
  Signature signature;
  Connector next = Connector::kEnd;  // how it joins the part after it
  std::string cwd;                   // set by an earlier `cd DIR &&`; empty when unchanged
  bool setup = false;                // `cd`, `export`, `echo`...: no work worth predicting
  // How many `( ... )` subshells or `bash -c` shells it runs in: a `cd` in one ends with it.
  int subshell_depth = 0;
  // Where the part's own command key lies in `signature.command`: the dominant part's key also
  // names the line's other work ("npm ci ; npm test").
  size_t own_command_at = 0;
  size_t own_command_size = std::string::npos;

  // The part's own command key: "npm test" of "npm ci ; npm test".
  std::string_view own_command() const {
    const std::string_view key = signature.command;
    return key.substr(std::min(own_command_at, key.size()), own_command_size);
  }
};

struct CommandLine {
  absl::InlinedVector<CommandPart, 4> parts;  // in order; empty for a blank or comment-only line
  size_t dominant = 0;                        // the part expected to take longest

  // The dominant part's signature; empty fields when there are no parts.
  const Signature& signature() const;
};

// A line is signed up to this many simple commands, those of its `bash -c` scripts included; the
// rest of it is not read. No agent writes lines that long, and signing costs time per part: a
// hostile line of 400,000 parts must not hold up the hook past its deadline.
inline constexpr size_t kMaxSignedCommands = 1024;

// Splits a command line into its parts (at most kMaxSignedCommands) and signs each. Pure and
// total: never fails, never loops, whatever the input.
CommandLine AnalyzeCommandLine(std::string_view command_line);

// The dominant part's signature of `command_line`: AnalyzeCommandLine(command_line).signature(),
// for less work (only the dominant part's command is signed). It runs on every Bash call.
Signature SignatureOf(std::string_view command_line);

}  // namespace bgprof

#endif  // BGPROF_PROFILER_COMMAND_SIGNATURE_H_
