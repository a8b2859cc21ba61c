// bgprof's section of a project's CLAUDE.md (`bgprof install --claude-md`): the text between two
// marker lines, written, refreshed or removed without touching anything else in the file.
#ifndef BGPROF_PROFILER_CLI_CLAUDE_MD_H_
#define BGPROF_PROFILER_CLI_CLAUDE_MD_H_

#include <string>
#include <string_view>

namespace bgprof {

inline constexpr std::string_view kClaudeMdBegin =
    "<!-- bgprof:begin (written by `bgprof install --claude-md`; edits inside are replaced) -->";
inline constexpr std::string_view kClaudeMdEnd = "<!-- bgprof:end -->";

// `document` with `section` (without markers) between the markers: in place of the section there
// is, else appended after a blank line. The rest of the document is kept byte for byte.
std::string WithClaudeMdSection(std::string_view document, std::string_view section);

// `document` without bgprof's section (and the blank line added before it); unchanged when it
// has none. A begin marker without its end removes nothing: the rest may be the user's.
std::string WithoutClaudeMdSection(std::string_view document);

}  // namespace bgprof

#endif  // BGPROF_PROFILER_CLI_CLAUDE_MD_H_
