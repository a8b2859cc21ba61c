#include "profiler/command/shell_lexer.h"

#include <algorithm>
#include <array>
#include <list>

namespace bgprof {
namespace {

// Character classes, looked up per byte: the lexer's inner loops run over every character of
// every command.
enum : unsigned char { kBlank = 1, kEndsWord = 2, kSpecialInWord = 4, kSpecialFirst = 8 };

constexpr std::array<unsigned char, 256> kClasses = [] {
  std::array<unsigned char, 256> classes{};
  for (unsigned char c : std::string_view(" \t\r")) classes[c] = kBlank | kEndsWord;
  for (unsigned char c : std::string_view("\n;&|()<>")) classes[c] = kEndsWord;
  for (unsigned char c : std::string_view("\\'\"$`")) classes[c] = kSpecialInWord;
  // kSpecialFirst: what can mean something else than a word's start between words: operators,
  // comments, groups, line continuations and the fd number of a redirection (`2>&1`).
  for (unsigned char c : std::string_view("\n;&|()<>#{}\\0123456789")) classes[c] |= kSpecialFirst;
  return classes;
}();

bool Is(char c, unsigned char klass) {
  return (kClasses[static_cast<unsigned char>(c)] & klass) != 0;
}
bool IsBlank(char c) { return Is(c, kBlank); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool EndsWord(char c) { return Is(c, kEndsWord); }

// Index just past the `close` that balances the `open` at `at`, skipping quoted text; the end
// of input when unbalanced.
size_t SkipBalanced(std::string_view s, size_t at, char open, char close) {
  int depth = 0;
  for (size_t i = at; i < s.size(); ++i) {
    char c = s[i];
    if (c == '\\') {
      ++i;
    } else if (c == '\'') {
      size_t end = s.find('\'', i + 1);
      if (end == std::string_view::npos) return s.size();
      i = end;
    } else if (c == open) {
      ++depth;
    } else if (c == close && --depth == 0) {
      return i + 1;
    }
  }
  return s.size();
}

// A word's pieces. It stays a view of the command line until a second piece has to be joined
// to the first (`"a"b`, an escape): most words are one slice of the line and copy nothing.
class WordBuilder {
 public:
  explicit WordBuilder(std::list<std::string>& storage) : storage_(storage) {}

  void Add(std::string_view piece) {
    if (!started_) {
      first_ = piece;
      started_ = true;
      return;
    }
    if (piece.empty()) return;
    if (joined_ == nullptr) joined_ = &storage_.emplace_back(first_);
    joined_->append(piece);
  }

  std::string_view Word() const { return joined_ != nullptr ? std::string_view(*joined_) : first_; }

 private:
  std::list<std::string>& storage_;
  std::string_view first_;
  std::string* joined_ = nullptr;
  bool started_ = false;
};

// Reads the word that started at `first` and goes on at `i` with quoting or a substitution,
// piece by piece. Out of line, so that ReadWord's common case, one run of plain characters, does
// not pay for saving the registers this needs.
[[gnu::noinline]] std::string_view ReadWordPieces(std::string_view s, size_t first, size_t& i,
                                                  std::list<std::string>& storage) {
  WordBuilder word(storage);
  if (i > first) word.Add(s.substr(first, i - first));
  while (i < s.size() && !EndsWord(s[i])) {
    const char c = s[i];
    if (c == '\\') {
      if (i + 1 < s.size() && s[i + 1] != '\n') word.Add(s.substr(i + 1, 1));
      i += 2;
    } else if (c == '\'') {
      const size_t end = std::min(s.find('\'', i + 1), s.size());
      word.Add(s.substr(i + 1, end - i - 1));
      i = end + 1;
    } else if (c == '"') {
      ++i;
      while (i < s.size() && s[i] != '"') {
        const size_t run = i;
        while (i < s.size() && s[i] != '"' && s[i] != '\\' && s[i] != '$') ++i;
        if (i > run) word.Add(s.substr(run, i - run));
        if (i >= s.size() || s[i] == '"') break;
        if (s[i] == '\\' && i + 1 < s.size() &&
            std::string_view("$`\"\\\n").find(s[i + 1]) != std::string_view::npos) {
          if (s[i + 1] != '\n') word.Add(s.substr(i + 1, 1));  // \<newline> joins lines
          i += 2;
        } else if (s[i] == '$' && i + 1 < s.size() && s[i + 1] == '(') {
          const size_t end = SkipBalanced(s, i + 1, '(', ')');
          word.Add(s.substr(i, end - i));
          i = end;
        } else {
          word.Add(s.substr(i, 1));
          ++i;
        }
      }
      word.Add(std::string_view());  // "" is a word even when empty
      ++i;
    } else if (c == '$' && i + 1 < s.size() && (s[i + 1] == '(' || s[i + 1] == '{')) {
      const size_t end = s[i + 1] == '(' ? SkipBalanced(s, i + 1, '(', ')')
                                         : std::min(s.find('}', i), s.size() - 1) + 1;
      word.Add(s.substr(i, end - i));
      i = end;
    } else if (c == '`') {
      const size_t end = std::min(s.find('`', i + 1), s.size() - 1) + 1;
      word.Add(s.substr(i, end - i));
      i = end;
    } else {
      // A run of plain characters: most words are nothing else.
      const size_t start = i++;
      // kSpecialInWord: characters that start quoting or substitution inside a word.
      while (i < s.size() && !Is(s[i], kEndsWord | kSpecialInWord)) ++i;
      word.Add(s.substr(start, i - start));
    }
  }
  i = std::min(i, s.size());
  return word.Word();
}

// Reads one shell word starting at `i`, removing quotes; `$(...)`, `${...}` and backquoted
// text are kept as written.
std::string_view ReadWord(std::string_view s, size_t& i, std::list<std::string>& storage) {
  // Most words are one run of plain characters: a slice of the line, read in one tight loop (on
  // a local index: through the reference, every step would be stored, as chars may alias it).
  const size_t first = i;
  size_t end = i;
  while (end < s.size() && !Is(s[end], kEndsWord | kSpecialInWord)) ++end;
  i = end;
  if (end == s.size() || EndsWord(s[end])) return s.substr(first, end - first);
  return ReadWordPieces(s, first, i, storage);
}

struct HereDoc {
  std::string_view delimiter;
  bool strip_tabs = false;
  size_t command = 0;  // the index of the simple command that reads it
};

// Skips the bodies of pending here-documents; `i` is just past the newline that starts them.
// Each body is noted as an input of the command that reads it.
void SkipHereDocs(std::string_view s, size_t& i, std::vector<HereDoc>& pending,
                  absl::InlinedVector<SimpleCommand, 4>& commands) {
  for (const HereDoc& doc : pending) {
    const size_t body = i;
    size_t body_end = s.size();
    while (i < s.size()) {
      size_t end = std::min(s.find('\n', i), s.size());
      std::string_view line = s.substr(i, end - i);
      if (doc.strip_tabs) line.remove_prefix(std::min(line.find_first_not_of('\t'), line.size()));
      const size_t line_start = i;
      i = std::min(end + 1, s.size());
      if (line == doc.delimiter) {
        body_end = line_start;
        break;
      }
    }
    if (doc.command < commands.size()) {
      commands[doc.command].inline_inputs.push_back(
          {.extent = {body, body_end}, .here_document = true});
    }
  }
  pending.clear();
}

// Reads a redirection operator at `i` (any fd number already skipped) and its target, noting a
// here-string or a here-document as an input of the last of `commands`.
void SkipRedirection(std::string_view s, size_t& i, std::vector<HereDoc>& pending,
                     std::list<std::string>& storage,
                     absl::InlinedVector<SimpleCommand, 4>& commands) {
  const char first = s[i++];
  if (first == '<' && i < s.size() && s[i] == '<') {
    ++i;
    if (i < s.size() && s[i] == '<') {  // here-string: its word is the input
      ++i;
      while (i < s.size() && IsBlank(s[i])) ++i;
      const size_t word = i;
      ReadWord(s, i, storage);
      commands.back().inline_inputs.push_back({.extent = {word, i}, .here_document = false});
      return;
    } else {
      HereDoc doc;
      doc.command = commands.size() - 1;
      if (i < s.size() && s[i] == '-') {
        doc.strip_tabs = true;
        ++i;
      }
      while (i < s.size() && IsBlank(s[i])) ++i;
      doc.delimiter = ReadWord(s, i, storage);
      pending.push_back(std::move(doc));
      return;
    }
  } else if (i < s.size() && (s[i] == '>' || s[i] == '|')) {
    ++i;
  }
  if (i < s.size() && s[i] == '&') {  // duplication such as 2>&1 or >&-
    ++i;
    while (i < s.size() && (IsDigit(s[i]) || s[i] == '-')) ++i;
    return;
  }
  while (i < s.size() && IsBlank(s[i])) ++i;
  if (i < s.size() && s[i] == '(') {  // process substitution: not a file
    i = SkipBalanced(s, i, '(', ')');
    return;
  }
  ReadWord(s, i, storage);
}

// Reads the word at `i` into `command`, with where it is written.
void AddWord(std::string_view s, size_t& i, std::list<std::string>& storage,
             SimpleCommand& command) {
  const size_t begin = i;
  command.words.push_back(ReadWord(s, i, storage));
  command.word_extents.push_back({begin, i});
}

}  // namespace

std::string_view ConnectorName(Connector connector) {
  switch (connector) {
    case Connector::kAnd:
      return "and";
    case Connector::kOr:
      return "or";
    case Connector::kSequence:
      return "sequence";
    case Connector::kPipe:
      return "pipe";
    case Connector::kBackground:
      return "background";
    case Connector::kEnd:
      break;
  }
  return "end";
}

LexedLine LexCommandLine(std::string_view s, size_t max_commands) {
  LexedLine lexed;
  if (max_commands == 0) return lexed;
  auto& commands = lexed.commands;
  commands.emplace_back();
  std::vector<HereDoc> pending;
  // Closes the command being read with `connector`. An operator that follows a closed group,
  // as in `(a) | b`, joins the command that closed it; a newline after `&&` or `|` changes nothing.
  int subshells = 0;  // `(` open around the command being read
  auto join = [&commands, &subshells](Connector connector, bool overwrite) {
    if (!commands.back().words.empty()) {
      commands.back().next = connector;
      commands.emplace_back().subshell_depth = subshells;
    } else if (overwrite && commands.size() > 1) {
      commands[commands.size() - 2].next = connector;
    }
  };
  size_t i = 0;
  // Past the budget, the command `join` opened is one too many: it stays empty and is dropped.
  while (i < s.size() && commands.size() <= max_commands) {
    const char c = s[i];
    if (IsBlank(c)) {
      ++i;
      continue;
    }
    if (!Is(c, kSpecialFirst)) {  // a word: most of a line
      AddWord(s, i, lexed.storage, commands.back());
      continue;
    }
    const char after = i + 1 < s.size() ? s[i + 1] : '\0';
    if (c == '\\' && after == '\n') {
      i += 2;
    } else if (c == '\n') {
      join(Connector::kSequence, /*overwrite=*/false);
      ++i;
      SkipHereDocs(s, i, pending, commands);
    } else if (c == '#') {
      i = std::min(s.find('\n', i), s.size());
    } else if ((c == '&' && after == '>') || c == '<' || c == '>') {
      if (c == '&') ++i;
      SkipRedirection(s, i, pending, lexed.storage, commands);
    } else if (c == '&' || c == '|') {
      Connector connector = c == '&' ? Connector::kBackground : Connector::kPipe;
      if (after == c) connector = c == '&' ? Connector::kAnd : Connector::kOr;
      i += (after == c || (c == '|' && after == '&')) ? 2 : 1;
      join(connector, /*overwrite=*/true);
    } else if (c == ';') {
      i += after == ';' ? 2 : 1;
      join(Connector::kSequence, /*overwrite=*/true);
    } else if (c == '(' || c == ')' ||
               ((c == '{' || c == '}') && (after == '\0' || EndsWord(after)))) {
      join(Connector::kSequence, /*overwrite=*/false);
      // A `)` with no `(` (a `case` pattern) closes nothing.
      if (c == '(') ++subshells;
      if (c == ')') subshells = std::max(0, subshells - 1);
      commands.back().subshell_depth = subshells;
      ++i;
    } else {
      const size_t start = i;
      while (i < s.size() && IsDigit(s[i])) ++i;
      if (i > start && i < s.size() && (s[i] == '<' || s[i] == '>')) {
        SkipRedirection(s, i, pending, lexed.storage,
                        commands);  // 2>err.log: the fd number is not a word
        continue;
      }
      i = start;
      AddWord(s, i, lexed.storage, commands.back());
    }
  }
  if (commands.back().words.empty()) commands.pop_back();
  if (!commands.empty() && commands.back().next != Connector::kBackground) {
    commands.back().next = Connector::kEnd;
  }
  return lexed;
}

}  // namespace bgprof
