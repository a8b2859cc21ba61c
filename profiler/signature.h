// A command line's signature: the keys under which its runtime is learned, from narrow to wide.
// `npm test -- --watch=false` is command "npm test -- --watch=false", family "npm test", program
// "npm". Similar work lands under the same key; different work does not.
#ifndef BGPROF_PROFILER_SIGNATURE_H_
#define BGPROF_PROFILER_SIGNATURE_H_

#include <string>
#include <string_view>
#include <vector>

namespace bgprof {

struct Signature {
  std::string program;  // basename, version folded: "python"
  std::string family;   // program and subcommand: "cargo test", "npm run build"
  std::string command;  // family and the arguments that change the work
};

// The words of each simple command in a command line, in order, split at `&&`, `||`, `;`, `|`,
// `&` and newlines, with quotes removed and redirections dropped. Never fails: unbalanced input
// is read as far as it goes.
std::vector<std::vector<std::string>> SimpleCommands(std::string_view command_line);

// The signature of the part of `command_line` that does the work: leading `cd DIR &&`, `export`
// and the like are skipped, and wrappers such as `sudo`, `time` and `VAR=1` are seen through.
Signature SignatureOf(std::string_view command_line);

}  // namespace bgprof

#endif  // BGPROF_PROFILER_SIGNATURE_H_
