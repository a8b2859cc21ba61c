#include "profiler/signature.h"

#include <algorithm>
#include <array>

namespace bgprof {
namespace {

using Words = std::vector<std::string>;

bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\r'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool EndsWord(char c) {
  return IsBlank(c) || c == '\n' || std::string_view(";&|()<>").find(c) != std::string_view::npos;
}

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

// Reads one shell word starting at `i`, removing quotes; `$(...)`, `${...}` and backquoted
// text are kept as written.
std::string ReadWord(std::string_view s, size_t& i) {
  std::string word;
  while (i < s.size() && !EndsWord(s[i])) {
    char c = s[i];
    if (c == '\\') {
      if (i + 1 < s.size() && s[i + 1] != '\n') word += s[i + 1];
      i += 2;
    } else if (c == '\'') {
      size_t end = std::min(s.find('\'', i + 1), s.size());
      word.append(s.substr(i + 1, end - i - 1));
      i = end + 1;
    } else if (c == '"') {
      for (++i; i < s.size() && s[i] != '"'; ++i) {
        if (s[i] == '\\' && i + 1 < s.size() &&
            std::string_view("$`\"\\\n").find(s[i + 1]) != std::string_view::npos) {
          ++i;
          if (s[i] == '\n') continue;
        } else if (s[i] == '$' && i + 1 < s.size() && s[i + 1] == '(') {
          size_t end = SkipBalanced(s, i + 1, '(', ')');
          word.append(s.substr(i, end - i));
          i = end - 1;
          continue;
        }
        word += s[i];
      }
      ++i;
    } else if (c == '$' && i + 1 < s.size() && (s[i + 1] == '(' || s[i + 1] == '{')) {
      size_t end = s[i + 1] == '(' ? SkipBalanced(s, i + 1, '(', ')')
                                   : std::min(s.find('}', i), s.size() - 1) + 1;
      word.append(s.substr(i, end - i));
      i = end;
    } else if (c == '`') {
      size_t end = std::min(s.find('`', i + 1), s.size() - 1) + 1;
      word.append(s.substr(i, end - i));
      i = end;
    } else {
      word += c;
      ++i;
    }
  }
  i = std::min(i, s.size());
  return word;
}

struct HereDoc {
  std::string delimiter;
  bool strip_tabs = false;
};

// Skips the bodies of pending here-documents; `i` is just past the newline that starts them.
void SkipHereDocs(std::string_view s, size_t& i, std::vector<HereDoc>& pending) {
  for (const HereDoc& doc : pending) {
    while (i < s.size()) {
      size_t end = std::min(s.find('\n', i), s.size());
      std::string_view line = s.substr(i, end - i);
      if (doc.strip_tabs) line.remove_prefix(std::min(line.find_first_not_of('\t'), line.size()));
      i = std::min(end + 1, s.size());
      if (line == doc.delimiter) break;
    }
  }
  pending.clear();
}

// Reads a redirection operator at `i` (any fd number already skipped) and its target.
void SkipRedirection(std::string_view s, size_t& i, std::vector<HereDoc>& pending) {
  const char first = s[i++];
  if (first == '<' && i < s.size() && s[i] == '<') {
    ++i;
    if (i < s.size() && s[i] == '<') {  // here-string: its word is the input
      ++i;
    } else {
      HereDoc doc;
      if (i < s.size() && s[i] == '-') {
        doc.strip_tabs = true;
        ++i;
      }
      while (i < s.size() && IsBlank(s[i])) ++i;
      doc.delimiter = ReadWord(s, i);
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
  ReadWord(s, i);
}

bool IsAssignment(std::string_view word) {
  size_t eq = word.find('=');
  if (eq == 0 || eq == std::string_view::npos) return false;
  return std::all_of(word.begin(), word.begin() + static_cast<long>(eq), [](char c) {
    return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || IsDigit(c);
  });
}

std::string_view Basename(std::string_view path) {
  size_t slash = path.find_last_of('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

// "python3.11" → "python": interpreters and compilers carry versions that do not change the work.
std::string FoldVersion(std::string_view program) {
  static constexpr std::array kVersioned = {"python", "pip", "pypy", "ruby", "perl",    "php",
                                            "node",   "lua", "gcc",  "g++",  "clang++", "clang"};
  for (std::string_view base : kVersioned) {
    if (!program.starts_with(base)) continue;
    std::string_view rest = program.substr(base.size());
    if (std::all_of(rest.begin(), rest.end(),
                    [](char c) { return IsDigit(c) || c == '.' || c == '-'; })) {
      return std::string(base);
    }
  }
  return std::string(program);
}

// Wrappers that run the command after them: `sudo`, `time`, `env A=1`, `nice -n 5`, ...
// Returns the index of the first word of the wrapped command.
size_t SkipWrappers(const Words& words) {
  size_t i = 0;
  while (i < words.size()) {
    std::string_view word = words[i];
    if (IsAssignment(word)) {
      ++i;
      continue;
    }
    std::string_view name = Basename(word);
    if (name == "sudo" || name == "doas" || name == "env" || name == "nice" || name == "nohup" ||
        name == "time" || name == "command" || name == "exec" || name == "ionice" ||
        name == "stdbuf") {
      ++i;
      while (i < words.size() && words[i].starts_with('-')) {
        // The few wrapper options that take a separate value.
        const std::string& option = words[i++];
        if ((option == "-u" || option == "-g" || option == "-n" || option == "-C" ||
             option == "-c") &&
            i < words.size() && name != "time") {
          ++i;
        }
      }
      continue;
    }
    if (name == "timeout") {
      ++i;
      while (i < words.size() && words[i].starts_with('-')) ++i;
      if (i < words.size()) ++i;  // the duration
      continue;
    }
    break;
  }
  return i;
}

bool IsSetupCommand(std::string_view program) {
  static constexpr std::array kSetup = {"cd",     "pushd", "popd", "export", "set",  "unset",
                                        "source", ".",     "true", ":",      "alias"};
  return std::find(kSetup.begin(), kSetup.end(), program) != kSetup.end();
}

// Programs whose first argument names the work: `git status`, `cargo test`, `docker build`.
bool TakesSubcommand(std::string_view program) {
  static constexpr std::array kPrograms = {
      "git",    "npm",      "pnpm",    "yarn",      "bun",       "cargo", "go",
      "docker", "podman",   "kubectl", "helm",      "pip",       "uv",    "poetry",
      "gh",     "mise",     "mix",     "bundle",    "rails",     "rake",  "dotnet",
      "brew",   "apt",      "apt-get", "terraform", "systemctl", "deno",  "nx",
      "turbo",  "just",     "task",    "make",      "gradle",    "mvn",   "rustup",
      "conda",  "composer", "swift",   "zig",       "flutter",   "dart"};
  return std::find(kPrograms.begin(), kPrograms.end(), program) != kPrograms.end();
}

// Options that take a separate value before the subcommand (`git -C dir status`).
bool OptionTakesValue(std::string_view program, std::string_view option) {
  if (program == "git") return option == "-C" || option == "-c";
  if (program == "make") return option == "-C" || option == "-f" || option == "-j";
  if (program == "cargo" || program == "npm" || program == "pnpm" || program == "yarn") {
    return option == "-C" || option == "--prefix" || option == "--cwd" || option == "-p";
  }
  return false;
}

std::string Join(const Words& words, size_t from, size_t to) {
  std::string joined;
  for (size_t i = from; i < to; ++i) {
    if (!joined.empty()) joined += ' ';
    joined += words[i];
  }
  return joined;
}

// Keys longer than this are cut: a key names a kind of work, it is not a copy of the command.
constexpr size_t kMaxKeyLength = 200;

Signature SignatureOfWords(const Words& all) {
  Words words(all.begin() + static_cast<long>(SkipWrappers(all)), all.end());
  Signature signature;
  if (words.empty()) return signature;
  signature.program = FoldVersion(Basename(words[0]));
  size_t next = 1;
  if ((signature.program == "python" || signature.program == "pypy") && words.size() > 2 &&
      words[1] == "-m") {
    signature.program = FoldVersion(words[2]);  // python -m pytest runs pytest
    next = 3;
  }
  // Words that name the work (program, subcommand, script) go into the family; every other
  // argument, options before the subcommand included, goes into the command in its order.
  Words arguments;
  signature.family = signature.program;
  if (TakesSubcommand(signature.program)) {
    while (next < words.size() && words[next].starts_with('-')) {
      bool has_value = OptionTakesValue(signature.program, words[next]) && next + 1 < words.size();
      arguments.push_back(words[next++]);
      if (has_value) arguments.push_back(words[next++]);
    }
    while (signature.program == "make" && next < words.size() && IsAssignment(words[next])) {
      arguments.push_back(words[next++]);
    }
    if (next < words.size()) {
      signature.family += ' ' + words[next];
      // `npm run build`: the script names the work, not `run`.
      if ((words[next] == "run" || words[next] == "run-script" || words[next] == "exec") &&
          next + 1 < words.size() && !words[next + 1].starts_with('-')) {
        signature.family += ' ' + words[++next];
      }
      ++next;
    }
  }
  arguments.insert(arguments.end(), words.begin() + static_cast<long>(next), words.end());
  signature.command = signature.family;
  if (!arguments.empty()) signature.command += ' ' + Join(arguments, 0, arguments.size());
  if (signature.command.size() > kMaxKeyLength) signature.command.resize(kMaxKeyLength);
  if (signature.family.size() > kMaxKeyLength) signature.family.resize(kMaxKeyLength);
  return signature;
}

}  // namespace

std::vector<Words> SimpleCommands(std::string_view s) {
  std::vector<Words> commands(1);
  std::vector<HereDoc> pending;
  auto end_command = [&commands] {
    if (!commands.back().empty()) commands.emplace_back();
  };
  size_t i = 0;
  while (i < s.size()) {
    const char c = s[i];
    if (IsBlank(c)) {
      ++i;
    } else if (c == '\\' && i + 1 < s.size() && s[i + 1] == '\n') {
      i += 2;
    } else if (c == '\n') {
      end_command();
      ++i;
      SkipHereDocs(s, i, pending);
    } else if (c == '#') {
      i = std::min(s.find('\n', i), s.size());
    } else if ((c == '&' && i + 1 < s.size() && s[i + 1] == '>') || c == '<' || c == '>') {
      if (c == '&') ++i;
      SkipRedirection(s, i, pending);
    } else if (c == ';' || c == '&' || c == '|' || c == '(' || c == ')') {
      end_command();
      ++i;
    } else if ((c == '{' || c == '}') && (i + 1 == s.size() || EndsWord(s[i + 1]))) {
      end_command();
      ++i;
    } else {
      size_t start = i;
      while (i < s.size() && IsDigit(s[i])) ++i;
      if (i > start && i < s.size() && (s[i] == '<' || s[i] == '>')) {
        SkipRedirection(s, i, pending);  // 2>err.log: the fd number is not a word
        continue;
      }
      i = start;
      commands.back().push_back(ReadWord(s, i));
    }
  }
  if (commands.back().empty()) commands.pop_back();
  return commands;
}

Signature SignatureOf(std::string_view command_line) {
  std::vector<Words> commands = SimpleCommands(command_line);
  const Words* chosen = nullptr;
  for (const Words& words : commands) {
    size_t first = SkipWrappers(words);
    if (first >= words.size()) continue;
    if (chosen == nullptr) chosen = &words;
    if (!IsSetupCommand(Basename(words[first]))) {
      chosen = &words;
      break;
    }
  }
  return chosen == nullptr ? Signature{} : SignatureOfWords(*chosen);
}

}  // namespace bgprof
