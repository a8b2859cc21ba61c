#include "profiler/cli/text_diff.h"

#include <algorithm>
#include <vector>

#include "absl/strings/str_cat.h"

namespace bgprof {
namespace {

std::vector<std::string_view> Lines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    const size_t end = text.find('\n');
    if (end == std::string_view::npos) {
      lines.push_back(text);
      break;
    }
    lines.push_back(text.substr(0, end));
    text.remove_prefix(end + 1);
  }
  return lines;
}

enum class Op : char { kSame = ' ', kRemove = '-', kAdd = '+' };

struct Edit {
  Op op;
  std::string_view line;
};

// The shortest edit script from `a` to `b` by longest common subsequence. Common lines at both
// ends are matched first, which keeps the table small for the usual few-line change.
std::vector<Edit> EditScript(const std::vector<std::string_view>& a,
                             const std::vector<std::string_view>& b) {
  size_t head = 0;
  while (head < a.size() && head < b.size() && a[head] == b[head]) ++head;
  size_t tail = 0;
  while (tail < a.size() - head && tail < b.size() - head &&
         a[a.size() - 1 - tail] == b[b.size() - 1 - tail]) {
    ++tail;
  }
  const size_t n = a.size() - head - tail;
  const size_t m = b.size() - head - tail;
  // common[i][j]: length of the longest common subsequence of a[head+i..] and b[head+j..].
  std::vector<std::vector<size_t>> common(n + 1, std::vector<size_t>(m + 1, 0));
  for (size_t i = n; i-- > 0;) {
    for (size_t j = m; j-- > 0;) {
      common[i][j] = a[head + i] == b[head + j] ? common[i + 1][j + 1] + 1
                                                : std::max(common[i + 1][j], common[i][j + 1]);
    }
  }
  std::vector<Edit> edits;
  for (size_t k = 0; k < head; ++k) edits.push_back({Op::kSame, a[k]});
  size_t i = 0;
  size_t j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[head + i] == b[head + j]) {
      edits.push_back({Op::kSame, a[head + i]});
      ++i;
      ++j;
    } else if (j == m || (i < n && common[i + 1][j] >= common[i][j + 1])) {
      edits.push_back({Op::kRemove, a[head + i++]});  // removals first, as diff -u prints them
    } else {
      edits.push_back({Op::kAdd, b[head + j++]});
    }
  }
  for (size_t k = a.size() - tail; k < a.size(); ++k) edits.push_back({Op::kSame, a[k]});
  return edits;
}

// "start,count" of one side of a hunk header, as diff -u writes it: an empty side names the
// line before it.
std::string Range(size_t first, size_t count) {
  if (count == 1) return absl::StrCat(first + 1);
  return absl::StrCat(count == 0 ? first : first + 1, ",", count);
}

}  // namespace

std::string LineDiff(std::string_view before, std::string_view after, int context) {
  const std::vector<Edit> edits = EditScript(Lines(before), Lines(after));
  const size_t around = static_cast<size_t>(std::max(context, 0));
  std::string diff;
  size_t at = 0;
  // Line numbers (0-based) in `before` and `after` of edits[at].
  size_t old_line = 0;
  size_t new_line = 0;
  while (at < edits.size()) {
    size_t change = at;
    while (change < edits.size() && edits[change].op == Op::kSame) ++change;
    if (change == edits.size()) break;
    // The hunk starts `around` lines before its first change and runs until a stretch of more
    // than 2 * `around` unchanged lines (which would separate two hunks) or the end.
    const size_t start = std::max(at, change >= around ? change - around : 0);
    old_line += start - at;
    new_line += start - at;
    size_t end = change;
    while (end < edits.size()) {
      size_t same = end;
      while (same < edits.size() && edits[same].op == Op::kSame) ++same;
      if (same == edits.size() || same - end > 2 * around) {
        end = std::min(same, end + around);
        break;
      }
      end = same;
      while (end < edits.size() && edits[end].op != Op::kSame) ++end;
    }
    size_t old_count = 0;
    size_t new_count = 0;
    std::string body;
    for (size_t k = start; k < end; ++k) {
      old_count += edits[k].op != Op::kAdd;
      new_count += edits[k].op != Op::kRemove;
      body += static_cast<char>(edits[k].op);
      body.append(edits[k].line);
      body += '\n';
    }
    absl::StrAppend(&diff, "@@ -", Range(old_line, old_count), " +", Range(new_line, new_count),
                    " @@\n", body);
    old_line += old_count;
    new_line += new_count;
    at = end;
  }
  return diff;
}

}  // namespace bgprof
