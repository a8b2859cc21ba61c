// Space-separated word lists: the form bgprof's small tables are written in ("-C -c --git-dir"),
// and the form of a signed command key ("npm run dev --port <port>"). Used by the command facts,
// program rules, work kinds and foreground rules.
#ifndef BGPROF_PROFILER_COMMAND_WORD_LIST_H_
#define BGPROF_PROFILER_COMMAND_WORD_LIST_H_

#include <algorithm>
#include <string_view>

namespace bgprof {

// Whether `word` is one of the space-separated words of `list`.
inline bool InList(std::string_view list, std::string_view word) {
  // One pass over the list, comparing only entries of the right length: this runs for most
  // words of every command.
  const size_t n = list.size();
  for (size_t start = 0; start < n;) {
    size_t end = start;
    while (end < n && list[end] != ' ') ++end;
    if (end - start == word.size() && std::equal(word.begin(), word.end(), list.begin() + start)) {
      return true;
    }
    start = end + 1;
  }
  return false;
}

// Whether `visit` returns true for any space-separated word of `text` (empty words skipped); it
// is not called past the first that does.
template <typename Visit>
bool AnyWord(std::string_view text, Visit visit) {
  for (size_t start = 0; start < text.size();) {
    const size_t end = std::min(text.find(' ', start), text.size());
    if (end > start && visit(text.substr(start, end - start))) return true;
    start = end + 1;
  }
  return false;
}

// Whether `word` is one of `words`. For the tables looked up for every signed command: a length
// comparison rules out most entries at once, where InList walks the list a byte at a time.
template <size_t N>
constexpr bool IsOneOf(std::string_view word, const std::string_view (&words)[N]) {
  for (std::string_view entry : words) {
    if (entry == word) return true;
  }
  return false;
}

}  // namespace bgprof

#endif  // BGPROF_PROFILER_COMMAND_WORD_LIST_H_
