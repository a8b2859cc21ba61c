// A line diff of two small texts, for showing what a command would change in a file before it
// changes it (`bgprof install --dry-run`).
#ifndef BGPROF_PROFILER_CLI_TEXT_DIFF_H_
#define BGPROF_PROFILER_CLI_TEXT_DIFF_H_

#include <string>
#include <string_view>

namespace bgprof {

// The hunks of a unified diff from `before` to `after`, without the "---"/"+++" header: each
// hunk starts with "@@ -start,count +start,count @@" and holds up to `context` unchanged lines
// around its changes; every line is prefixed with "-", "+" or " " and ends in "\n". Empty when
// the texts have the same lines. A final newline does not count as a line of its own. Quadratic
// in the lines between the first and last change: meant for files of a few thousand lines.
std::string LineDiff(std::string_view before, std::string_view after, int context = 3);

}  // namespace bgprof

#endif  // BGPROF_PROFILER_CLI_TEXT_DIFF_H_
