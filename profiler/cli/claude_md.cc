#include "profiler/cli/claude_md.h"

namespace bgprof {
namespace {

// The begin marker's words before its note, which a later bgprof may word differently.
constexpr std::string_view kBeginPrefix = "<!-- bgprof:begin";

struct Span {
  size_t begin = std::string_view::npos;  // the begin marker's first byte
  size_t end = std::string_view::npos;    // past the end marker and its newline
};

// Where bgprof's section lies, markers included; npos when it has no complete section. Markers
// are recognised at the start of a line only, so a CLAUDE.md quoting them in prose is safe.
Span SectionIn(std::string_view document) {
  Span span;
  for (size_t at = 0; at < document.size();) {
    const size_t line_end = document.find('\n', at);
    const std::string_view line = document.substr(at, line_end - at);
    if (span.begin == std::string_view::npos && line.starts_with(kBeginPrefix)) {
      span.begin = at;
    } else if (span.begin != std::string_view::npos && line == kClaudeMdEnd) {
      span.end = line_end == std::string_view::npos ? document.size() : line_end + 1;
      return span;
    }
    if (line_end == std::string_view::npos) break;
    at = line_end + 1;
  }
  return Span{};
}

// std::string, not absl::StrCat: Debian's Abseil has a string_view of its own.
std::string Block(std::string_view section) {
  std::string block = std::string(kClaudeMdBegin) + "\n" + std::string(section);
  if (!block.ends_with('\n')) block += '\n';
  return block + std::string(kClaudeMdEnd) + "\n";
}

}  // namespace

std::string WithClaudeMdSection(std::string_view document, std::string_view section) {
  const Span span = SectionIn(document);
  if (span.begin != std::string_view::npos) {
    return std::string(document.substr(0, span.begin)) + Block(section) +
           std::string(document.substr(span.end));
  }
  if (document.empty()) return Block(section);
  return std::string(document) + (document.ends_with('\n') ? "\n" : "\n\n") + Block(section);
}

std::string WithoutClaudeMdSection(std::string_view document) {
  const Span span = SectionIn(document);
  if (span.begin == std::string_view::npos) return std::string(document);
  std::string_view before = document.substr(0, span.begin);
  const std::string_view after = document.substr(span.end);
  // The blank line WithClaudeMdSection put before an appended section goes with it.
  if (after.empty() && before.ends_with("\n\n")) before.remove_suffix(1);
  return std::string(before) + std::string(after);
}

}  // namespace bgprof
