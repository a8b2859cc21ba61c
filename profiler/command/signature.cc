#include "profiler/command/signature.h"

#include <algorithm>
#include <array>
#include <filesystem>
#include <list>
#include <span>
#include <tuple>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/container/inlined_vector.h"
#include "profiler/command/command_facts.h"
#include "profiler/command/priors.h"
#include "profiler/command/program_rules.h"

namespace bgprof {
namespace {

using Words = std::span<const std::string_view>;

// Keys longer than this are cut: a key names a kind of work, it is not a copy of the command.
constexpr size_t kMaxKeyLength = 200;

// Where to cut `text` to at most kMaxKeyLength bytes without splitting a UTF-8 character (the
// keys are shown and written as JSON).
size_t KeyCut(std::string_view text) {
  if (text.size() <= kMaxKeyLength) return text.size();
  size_t cut = kMaxKeyLength;
  // Back off over continuation bytes (10xxxxxx) to the start of the character cut through.
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return cut;
}
// `bash -c "sh -c '...'"` is followed this deep.
constexpr int kMaxShellDepth = 4;

using WordSet = absl::flat_hash_set<std::string_view, NameHash>;

// A set of the space-separated words of `list` (a literal, so the views stay valid).
WordSet WordSetOf(std::string_view list) {
  WordSet set;
  for (size_t start = 0; start < list.size();) {
    size_t end = std::min(list.find(' ', start), list.size());
    set.insert(list.substr(start, end - start));
    start = end + 1;
  }
  return set;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsHexDigit(char c) { return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
bool IsOption(std::string_view word) { return word.size() > 1 && word[0] == '-'; }

bool AllOf(std::string_view text, bool (*predicate)(char)) {
  return std::all_of(text.begin(), text.end(), predicate);
}

bool IsAssignment(std::string_view word) {
  const size_t eq = word.find('=');
  if (eq == 0 || eq == std::string_view::npos || IsDigit(word[0])) return false;
  return AllOf(word.substr(0, eq), [](char c) {
    return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || IsDigit(c);
  });
}

std::string_view Basename(std::string_view path) {
  while (path.size() > 1 && path.back() == '/') path.remove_suffix(1);  // `tests/`
  const size_t slash = path.find_last_of('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

// "python3.11" → "python", "pip3" → "pip": the version of an interpreter or compiler does not
// change the work it is given. A view of `program` or of a literal.
std::string_view FoldVersion(std::string_view program) {
  if (program.empty() || !(IsDigit(program.back()) || program.back() == '.')) return program;
  // string_view literals: their lengths are known without a strlen per call.
  static constexpr std::array<std::string_view, 12> kVersioned = {
      "python", "pip", "pypy", "ruby", "perl",    "php",
      "node",   "lua", "gcc",  "g++",  "clang++", "clang"};
  for (std::string_view base : kVersioned) {
    if (!program.starts_with(base)) continue;
    const std::string_view rest = program.substr(base.size());
    if (AllOf(rest, [](char c) { return IsDigit(c) || c == '.' || c == '-'; })) return base;
  }
  return program;
}

// Skips options from `i`, with their values when listed in `value_options`, and a final `--`.
size_t SkipOptions(Words words, size_t i, std::string_view value_options) {
  while (i < words.size() && IsOption(words[i])) {
    if (words[i] == "--") return i + 1;
    const bool has_value = InList(value_options, words[i]);
    ++i;
    if (has_value && i < words.size()) ++i;
  }
  return i;
}

// A shell run as `bash -c SCRIPT` (also `-lc`, `-ec`): the index of SCRIPT, or 0.
size_t ShellScriptIndex(Words words, size_t shell) {
  for (size_t i = shell + 1; i < words.size() && IsOption(words[i]); ++i) {
    const std::string_view option = words[i];
    if (!option.starts_with("--") && option.find('c') != std::string_view::npos) {
      return i + 1 < words.size() ? i + 1 : 0;
    }
  }
  return 0;
}

struct Unwrapped {
  size_t first = 0;                        // first word of the wrapped command
  std::string_view name;                   // its basename
  std::optional<int64_t> timeout_ms;       // the tightest `timeout N` seen
  std::optional<std::string_view> script;  // `bash -c SCRIPT`
};

// The kinds of word that run the command after them, each skipped its own way.
enum class WrapperKind {
  kNone,
  kReserved,  // `do`, `then`, ...: the shell's word before a command
  kPrivilege,
  kEnv,
  kPlain,
  kTimeout,
  kXargs,
  kPackageRunner,
  kShell,
  kTwoWord,  // `poetry run pytest`, `bundle exec rspec`: two words that run the command after them
};

struct Wrapper {
  WrapperKind kind = WrapperKind::kNone;
  std::string_view second_words = "";  // kTwoWord: the words that make it one, space separated
};

Wrapper WrapperOf(std::string_view name) {
  // One hash lookup per word instead of a chain of comparisons: this runs on every command.
  static const absl::flat_hash_map<std::string_view, Wrapper, NameHash> kWrappers = {
      {"sudo", {WrapperKind::kPrivilege}},
      {"doas", {WrapperKind::kPrivilege}},
      {"env", {WrapperKind::kEnv}},
      {"time", {WrapperKind::kPlain}},
      {"nice", {WrapperKind::kPlain}},
      {"ionice", {WrapperKind::kPlain}},
      {"nohup", {WrapperKind::kPlain}},
      {"command", {WrapperKind::kPlain}},
      {"exec", {WrapperKind::kPlain}},
      {"builtin", {WrapperKind::kPlain}},
      {"stdbuf", {WrapperKind::kPlain}},
      {"unbuffer", {WrapperKind::kPlain}},
      {"chronic", {WrapperKind::kPlain}},
      {"caffeinate", {WrapperKind::kPlain}},
      {"timeout", {WrapperKind::kTimeout}},
      {"xargs", {WrapperKind::kXargs}},
      {"npx", {WrapperKind::kPackageRunner}},
      {"bunx", {WrapperKind::kPackageRunner}},
      {"pnpx", {WrapperKind::kPackageRunner}},
      {"uvx", {WrapperKind::kPackageRunner}},
      {"bash", {WrapperKind::kShell}},
      {"sh", {WrapperKind::kShell}},
      {"zsh", {WrapperKind::kShell}},
      {"dash", {WrapperKind::kShell}},
      {"ksh", {WrapperKind::kShell}},
      {"do", {WrapperKind::kReserved}},
      {"then", {WrapperKind::kReserved}},
      {"else", {WrapperKind::kReserved}},
      {"elif", {WrapperKind::kReserved}},
      {"if", {WrapperKind::kReserved}},
      {"while", {WrapperKind::kReserved}},
      {"until", {WrapperKind::kReserved}},
      {"!", {WrapperKind::kReserved}},
      {"{", {WrapperKind::kReserved}},
      {"pnpm", {WrapperKind::kTwoWord, "exec dlx"}},
      {"yarn", {WrapperKind::kTwoWord, "dlx exec"}},
      {"npm", {WrapperKind::kTwoWord, "exec x"}},
      {"bun", {WrapperKind::kTwoWord, "x"}},
      {"poetry", {WrapperKind::kTwoWord, "run"}},
      {"pipenv", {WrapperKind::kTwoWord, "run"}},
      {"uv", {WrapperKind::kTwoWord, "run"}},
      {"rye", {WrapperKind::kTwoWord, "run"}},
      {"pdm", {WrapperKind::kTwoWord, "run"}},
      {"hatch", {WrapperKind::kTwoWord, "run"}},
      {"bundle", {WrapperKind::kTwoWord, "exec"}},
      {"mise", {WrapperKind::kTwoWord, "exec x"}},
      {"conda", {WrapperKind::kTwoWord, "run"}},
  };
  auto it = kWrappers.find(name);
  return it == kWrappers.end() ? Wrapper{} : it->second;
}

// Sees through what runs the real command: `VAR=1`, `env`, `sudo`, `time`, `nice`, `nohup`,
// `timeout N`, `xargs`, `npx`, `poetry run`, `bash -c`, ...
Unwrapped Unwrap(Words words) {
  Unwrapped unwrapped;
  size_t i = 0;
  std::string_view name;  // of words[i] when the loop stops before the end
  while (i < words.size()) {
    const std::string_view word = words[i];
    if (IsAssignment(word)) {
      ++i;
      continue;
    }
    name = Basename(word);
    const Wrapper wrapper = WrapperOf(name);
    switch (wrapper.kind) {
      case WrapperKind::kReserved:
        // `for f in *; do pytest "$f"; done`: the shell's word before a command is no program.
        if (name != word) break;
        ++i;
        continue;
      case WrapperKind::kPrivilege:
        i = SkipOptions(words, i + 1, "-u -g -C -h -p -U -r -t -T -D");
        continue;
      case WrapperKind::kEnv:
        for (++i; i < words.size() && (IsAssignment(words[i]) || IsOption(words[i]));) {
          const bool has_value = InList("-u --unset -C --chdir -S", words[i]);
          if (words[i++] == "--") break;
          if (has_value && i < words.size()) ++i;
        }
        continue;
      case WrapperKind::kPlain:
        // `command -v jq` looks a program up; it runs nothing.
        if (name == "command" && i + 1 < words.size() && InList("-v -V", words[i + 1])) break;
        i = SkipOptions(words, i + 1, "-n -c -o -f -e -i -a");
        continue;
      case WrapperKind::kTimeout:
        i = SkipOptions(words, i + 1, "-s --signal -k --kill-after");
        if (i < words.size()) {
          std::optional<int64_t> cap = ParseGnuDurationMs(words[i++]);
          if (cap.has_value()) {
            unwrapped.timeout_ms = std::min(unwrapped.timeout_ms.value_or(*cap), *cap);
          }
        }
        continue;
      case WrapperKind::kXargs:
        i = SkipOptions(words, i + 1,
                        "-n -I -P -d -L -a -s -E -e -i --max-args --max-procs --delimiter "
                        "--arg-file");
        continue;
      case WrapperKind::kPackageRunner:
        i = SkipOptions(words, i + 1, "-p --package -c --call --from --with");
        continue;
      case WrapperKind::kShell:
        if (const size_t script = ShellScriptIndex(words, i); script != 0) {
          unwrapped.script = words[script];
          i = words.size();
        }
        break;
      case WrapperKind::kTwoWord:
        if (i + 1 < words.size() && InList(wrapper.second_words, words[i + 1])) {
          i = SkipOptions(words, i + 2,
                          "-p --python --with -n --name --env -e --directory --project");
          if (name == "mise") {  // `mise exec node@20 -- npm test`: tools come before `--`
            const auto dash = std::find(words.begin() + static_cast<long>(i), words.end(), "--");
            if (dash != words.end()) i = static_cast<size_t>(dash - words.begin()) + 1;
          }
          continue;
        }
        break;
      case WrapperKind::kNone:
        break;
    }
    break;
  }
  unwrapped.first = i;
  if (i < words.size()) unwrapped.name = name;
  return unwrapped;
}

// ---- Volatile values: what changes from run to run without changing the work. ----

bool IsHash(std::string_view word) {
  if (word.size() < 7 || word.size() > 64 || !AllOf(word, IsHexDigit)) return false;
  const bool has_digit = std::any_of(word.begin(), word.end(), IsDigit);
  const bool has_letter = std::any_of(word.begin(), word.end(), [](char c) { return !IsDigit(c); });
  return has_digit && has_letter;
}

bool IsUuid(std::string_view word) {
  if (word.size() != 36) return false;
  for (size_t i = 0; i < word.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? word[i] != '-' : !IsHexDigit(word[i])) return false;
  }
  return true;
}

bool IsTempPath(std::string_view word) {
  static constexpr std::array<std::string_view, 7> kTempRoots = {
      "/tmp/",         "/var/tmp/", "/var/folders/", "/private/var/",
      "/private/tmp/", "$TMPDIR",   "${TMPDIR"};
  return std::any_of(kTempRoots.begin(), kTempRoots.end(),
                     [word](std::string_view root) { return word.starts_with(root); });
}

// 2026-11-24, 2026-11-24T10:00:00Z, or a Unix time in seconds or milliseconds.
bool IsTimestamp(std::string_view word) {
  if (word.size() >= 10 && IsDigit(word[0]) && IsDigit(word[3]) && word[4] == '-' &&
      IsDigit(word[5]) && word[7] == '-' && IsDigit(word[8])) {
    return true;
  }
  return (word.size() == 10 || word.size() == 13) && AllOf(word, IsDigit) && word[0] == '1';
}

// localhost:8080, 127.0.0.1:3000/path, 0.0.0.0:5173 → the port masked. The rare rewritten
// word is kept in `storage`.
std::string_view MaskPort(std::string_view word, std::list<std::string>& storage) {
  if (word.find(':') == std::string_view::npos) return word;
  static constexpr std::array<std::string_view, 5> kHosts = {
      "localhost:", "127.0.0.1:", "0.0.0.0:", "[::1]:", "[::]:"};
  for (std::string_view host : kHosts) {
    const size_t at = word.find(host);
    if (at == std::string_view::npos) continue;
    const size_t start = at + host.size();
    size_t end = start;
    while (end < word.size() && IsDigit(word[end])) ++end;
    if (end == start) continue;
    std::string& masked = storage.emplace_back(word.substr(0, start));
    masked += "<port>";
    masked += word.substr(end);
    return masked;
  }
  return word;
}

std::string_view MaskWord(std::string_view word, std::list<std::string>& storage) {
  // Every mask below needs a digit or starts with '/', '$' or '`': most words have neither.
  if (!word.empty() && word[0] != '/' && word[0] != '$' && word[0] != '`' &&
      std::none_of(word.begin(), word.end(), IsDigit)) {
    return word;
  }
  if (word.starts_with("$(") || word.starts_with('`')) return "<expr>";
  if (IsUuid(word)) return "<uuid>";
  if (IsHash(word)) return "<hash>";
  if (const size_t dots = word.find(".."); dots != std::string_view::npos) {
    // A range `A..B` or `A...B` of commits.
    const size_t after = word.find_first_not_of('.', dots);
    const std::string_view left = word.substr(0, dots);
    const std::string_view right = after == std::string_view::npos ? "" : word.substr(after);
    if (IsHash(left) || IsHash(right)) {
      std::string& masked = storage.emplace_back(IsHash(left) ? "<hash>" : left);
      masked += word.substr(
          dots, after == std::string_view::npos ? std::string_view::npos : after - dots);
      masked += IsHash(right) ? "<hash>" : right;
      return masked;
    }
  }
  if (IsTempPath(word)) return "<tmp>";
  if (IsTimestamp(word)) return "<time>";
  return MaskPort(word, storage);
}

// Options whose value is prose or an identity of the moment, never the work.
bool IsTextOption(std::string_view program, std::string_view option) {
  static const WordSet kText =
      WordSetOf("--message --title --body --description --notes --subject --comment --body-file");
  if (kText.contains(option)) return true;
  if (program == "git") return option == "-m";
  if (program == "gh") return option == "-t" || option == "-b";
  return false;
}

bool IsNoiseOption(std::string_view option) {
  static const WordSet kNoise = WordSetOf(
      "-v -vv -vvv --verbose -q -qq --quiet --silent --color --colors --no-color --no-colors "
      "--colour --no-colour --progress --no-progress --no-pager");
  return kNoise.contains(option) || option.starts_with("--color=") ||
         option.starts_with("--colour=") || option.starts_with("--progress=");
}

// An argument of the command level, masked: an operand, or an option with its value
// ("-m <text>", "--port=<port>", "-C build"). Views of the command line or of literals.
struct Unit {
  std::string_view name;   // the operand, or the option (with its '=' when the value is attached)
  std::string_view value;  // the option's value, empty when none
  bool option = false;
  bool attached = false;  // --name=value
};

// Options first, sorted by name and value; operands after them, in their order. Stable.
void SortOptionsFirst(std::span<Unit> units) {
  auto less = [](const Unit& a, const Unit& b) {
    if (a.option != b.option) return a.option;
    return a.option && std::tie(a.name, a.value) < std::tie(b.name, b.value);
  };
  // std::stable_sort allocates a buffer, even for the handful of units most commands have: those
  // are sorted by insertion, stable as it moves a unit only past greater ones.
  if (units.size() > 16) {
    std::stable_sort(units.begin(), units.end(), less);
    return;
  }
  for (size_t i = 1; i < units.size(); ++i) {
    for (size_t j = i; j > 0 && less(units[j], units[j - 1]); --j) {
      std::swap(units[j], units[j - 1]);
    }
  }
}

std::string_view MaskedValue(std::string_view program, std::string_view option,
                             std::string_view value, std::list<std::string>& storage) {
  if (IsTextOption(program, option)) return "<text>";
  // `gh api -f body="Fixed in ..."`: a field whose name says it holds prose.
  if (InList("-f -F --field --raw-field", option)) {
    const size_t eq = value.find('=');
    if (eq != std::string_view::npos &&
        InList("body title message description comment", value.substr(0, eq))) {
      return storage.emplace_back(std::string(value.substr(0, eq + 1)) + "<text>");
    }
  }
  if (option == "--port") return "<port>";
  return MaskWord(value, storage);
}

Unit MaskedOption(std::string_view program, std::string_view option,
                  std::optional<std::string_view> value, std::list<std::string>& storage) {
  if (const size_t eq = option.find('='); eq != std::string_view::npos && !value.has_value()) {
    return Unit{.name = option.substr(0, eq + 1),
                .value = MaskedValue(program, option.substr(0, eq), option.substr(eq + 1), storage),
                .option = true,
                .attached = true};
  }
  return Unit{.name = option,
              .value = value.has_value() ? MaskedValue(program, option, *value, storage) : "",
              .option = true};
}

// What signing needs to know of a program, found with one lookup: every part looks its program up.
struct ProgramFacts {
  const ProgramRule* rule = nullptr;  // as RuleFor gives it
  bool setup = false;                 // `cd`, `export`, `echo`...: no work worth predicting
  bool interpreter = false;           // `python`, `node`...: the script names the work
};

ProgramFacts FactsOf(std::string_view program) {
  static const absl::flat_hash_map<std::string_view, ProgramFacts, NameHash> kFacts = [] {
    absl::flat_hash_map<std::string_view, ProgramFacts, NameHash> facts;
    for (const ProgramRule& rule : ProgramRules()) facts[rule.program].rule = &rule;
    for (std::string_view name :
         WordSetOf("cd pushd popd export set unset source . true false : alias echo printf shopt "
                   "trap local declare read for select case done fi esac function }")) {
      facts[name].setup = true;
    }
    for (std::string_view name :
         WordSetOf("python pypy node ruby perl php bash sh zsh tsx ts-node")) {
      facts[name].interpreter = true;
    }
    return facts;
  }();
  auto it = kFacts.find(program);
  return it == kFacts.end() ? ProgramFacts{} : it->second;
}

// Programs that take process ids: their numeric operands are masked.
bool TakesPids(std::string_view program) { return program == "kill" || program == "wait"; }

// Cuts each key to kMaxKeyLength.
void Bound(Signature& signature) {
  for (std::string* key : {&signature.program, &signature.family, &signature.command}) {
    key->resize(KeyCut(*key));
  }
}

// Signs the words of one simple command, wrappers seen through, in two steps: its program and
// family, which choosing the dominant part of a line needs of every part, then its command, which
// SignatureOf needs of the dominant part only.
class ArgvSigner {
 public:
  // Signs the program and family of `argv`, which must outlive the signer. `name` is the
  // basename of argv[0], which Unwrap has found.
  ArgvSigner(Words argv, std::string_view name);
  ArgvSigner(ArgvSigner&&) = default;  // moving the list keeps the masked words where they are
  ArgvSigner& operator=(ArgvSigner&&) = default;
  ArgvSigner(const ArgvSigner&) = delete;  // a copy's units would view the original's words
  ArgvSigner& operator=(const ArgvSigner&) = delete;

  // The program and family; the command too once SignCommand has run.
  Signature& signature() { return signature_; }
  const ProgramFacts& facts() const { return facts_; }

  // Signs the command; once only.
  void SignCommand();

 private:
  size_t AddOption(size_t i);
  size_t NextOperand(size_t i);

  Words argv_;
  std::string_view program_;  // as signature_.program, before it is cut to kMaxKeyLength
  ProgramFacts facts_;
  size_t next_ = 1;  // the first word after those of the program and family
  Signature signature_;
  absl::InlinedVector<Unit, 8> units_;  // the arguments; those before the family's words first
  std::list<std::string> storage_;      // the few masked words that are not a literal or a view
};

ArgvSigner::ArgvSigner(Words argv, std::string_view name) : argv_(argv) {
  if (const size_t at = name.find('@'); at != std::string_view::npos && at > 0) {
    name = name.substr(0, at);  // `npx create-next-app@latest`: the version does not name the work
  }
  program_ = FoldVersion(name);
  std::string& family = signature_.family;
  if ((program_ == "python" || program_ == "pypy") && argv.size() > 2 && argv[1] == "-m") {
    program_ = FoldVersion(argv[2]);  // `python -m pytest` runs pytest
    next_ = 3;
  }
  // Appended to the empty keys: cheaper than assigning, which allows for overlap.
  if (program_ == "docker-compose") {
    program_ = "docker";
    family.append("docker compose");
  } else {
    family.append(program_);
  }
  signature_.program.append(program_);
  facts_ = FactsOf(program_);
  const ProgramRule* rule = facts_.rule;

  if (program_ == "cmake") {
    // cmake's mode is an option: configuring, building and installing differ by minutes.
    for (std::string_view mode : {"--build", "--install", "-E", "-P", "--workflow"}) {
      if (std::find(argv.begin() + 1, argv.end(), mode) != argv.end()) {
        family += ' ';
        family += mode;
        break;
      }
    }
  } else if (rule != nullptr && rule->subcommand_words == kTargets) {
    // `make CC=clang -j8 test`: the first operand that is not an assignment is the target.
    for (next_ = NextOperand(next_); next_ < argv.size() && IsAssignment(argv[next_]);) {
      units_.push_back(Unit{.name = argv[next_]});
      next_ = NextOperand(next_ + 1);
    }
    if (next_ < argv.size()) {
      family += ' ';
      family += argv[next_++];
    }
  } else if (rule != nullptr) {
    int levels = rule->subcommand_words;
    for (int level = 0; level < levels; ++level) {
      next_ = NextOperand(next_);
      if (next_ >= argv.size()) break;
      const std::string_view word =
          level == 0 ? CanonicalSubcommand(program_, argv[next_]) : std::string_view(argv[next_]);
      family += ' ';
      family += word;
      ++next_;
      // `docker compose up`, `npm run build`, `deno task dev`: one word deeper.
      const bool runs_script = word == "run" && InList("npm pnpm yarn bun mise turbo", program_);
      if (level == 0 &&
          (runs_script || InList(rule->nested, word) || (program_ == "deno" && word == "task"))) {
        levels = 2;
      }
    }
    if (program_ == "yarn" && family == "yarn") family = "yarn install";
  } else if (facts_.interpreter) {
    // `node build.js --prod`: the script names the work, unless the code is inline (`-c`, `-e`).
    const bool inline_code =
        std::any_of(argv.begin() + static_cast<long>(next_), argv.end(),
                    [](std::string_view word) { return InList("-c -e --eval -p --print", word); });
    if (!inline_code) {
      next_ = NextOperand(next_);
      if (next_ < argv.size()) {
        family += ' ';
        family += Basename(argv[next_++]);
      }
    }
  }
  // Cut now: the command, which starts with the family, comes out the same when cut in turn.
  Bound(signature_);
}

// Adds argv[i] (an option, with its value when it takes one) and returns the next index.
size_t ArgvSigner::AddOption(size_t i) {
  const std::string_view option = argv_[i];
  std::optional<std::string_view> value;
  if (TakesValue(facts_.rule, option) && i + 1 < argv_.size()) value = argv_[++i];
  // cmake's mode is its family already (`cmake --build`): only the mode's value is an argument.
  if (program_ == "cmake" && signature_.family.ends_with(option)) {
    if (value.has_value()) units_.push_back(Unit{.name = MaskWord(*value, storage_)});
    return i + 1;
  }
  // Noise is dropped only where bgprof knows the program: `grep -v` is not `grep`.
  if (facts_.rule == nullptr || !IsNoiseOption(option)) {
    units_.push_back(MaskedOption(program_, option, value, storage_));
  }
  return i + 1;
}

// The next operand, options before it going to the arguments; argv.size() when none is left.
size_t ArgvSigner::NextOperand(size_t i) {
  while (i < argv_.size() && (IsOption(argv_[i]) || argv_[i].starts_with('+'))) {
    if (argv_[i] == "--") return argv_.size();
    i = AddOption(i);
  }
  return i;
}

void ArgvSigner::SignCommand() {
  absl::InlinedVector<std::string_view, 4> after_dashes;  // passed on as they are, in order
  for (size_t i = next_; i < argv_.size();) {
    if (argv_[i] == "--") {
      for (++i; i < argv_.size(); ++i) after_dashes.push_back(MaskWord(argv_[i], storage_));
    } else if (IsOption(argv_[i])) {
      i = AddOption(i);
    } else {
      const bool pid = TakesPids(program_) && AllOf(argv_[i], IsDigit);
      units_.push_back(Unit{.name = pid ? "<pid>" : MaskWord(argv_[i], storage_)});
      ++i;
    }
  }
  // Flag order does not matter to the programs bgprof knows: their options go first, sorted.
  // Other programs keep their order (`find . -name x -delete` is not `find -delete ...`).
  if (facts_.rule != nullptr) SortOptionsFirst(units_);
  const std::string& family = signature_.family;
  size_t length = family.size() + 3;
  for (const Unit& unit : units_) length += unit.name.size() + unit.value.size() + 2;
  for (std::string_view word : after_dashes) length += word.size() + 1;
  std::string& command = signature_.command;
  command.reserve(length);
  command = family;
  for (const Unit& unit : units_) {
    command += ' ';
    command += unit.name;
    if (unit.value.empty()) continue;
    if (!unit.attached) command += ' ';
    command += unit.value;
  }
  if (!after_dashes.empty()) command += " --";
  for (std::string_view word : after_dashes) {
    command += ' ';
    command += word;
  }
  Bound(signature_);
  signature_.facts = FactsOfCommand(signature_.program, signature_.family, signature_.command);
}

// `budget`: how many more simple commands may be signed, nested scripts included
// (kMaxSignedCommands for a whole line).
CommandLine Analyze(std::string_view command_line, int depth, size_t& budget);

// One simple command signed in two steps, as ArgvSigner does: everything but the command first,
// the command once asked for.
class PartSigner {
 public:
  PartSigner(Words words, int depth, size_t& budget);

  // The program and family; the command too once SignCommand has run, or when the part came
  // from `bash -c`.
  Signature& signature() { return argv_.has_value() ? argv_->signature() : part_.signature; }
  bool setup() const { return part_.setup; }

  // Signs the command, its facts included; once only.
  void SignCommand();

  // The part, once SignCommand has run. `next` is kEnd: the caller knows what follows.
  CommandPart TakePart() &&;

 private:
  CommandPart part_;                   // all but the signature while argv_ signs it
  std::optional<ArgvSigner> argv_;     // signs the command; none after `bash -c` or for no program
  std::optional<int64_t> timeout_ms_;  // the `timeout N` wrapping it
};

PartSigner::PartSigner(Words words, int depth, size_t& budget) {
  const Unwrapped unwrapped = Unwrap(words);
  if (unwrapped.script.has_value()) {
    if (depth < kMaxShellDepth) {
      CommandLine inner = Analyze(*unwrapped.script, depth + 1, budget);
      if (!inner.parts.empty()) {
        part_ = std::move(inner.parts[inner.dominant]);
        ++part_.subshell_depth;  // the script runs in a shell of its own
      }
    }
  } else if (unwrapped.first < words.size()) {
    argv_.emplace(words.subspan(unwrapped.first), unwrapped.name);
    part_.setup = argv_->facts().setup;
  }
  timeout_ms_ = unwrapped.timeout_ms;
  part_.next = Connector::kEnd;
}

void PartSigner::SignCommand() {
  if (argv_.has_value()) argv_->SignCommand();
  // `timeout 60 bash -c 'timeout 30 make'`: the tightest cap holds.
  std::optional<int64_t>& cap = signature().facts.timeout_ms;
  if (timeout_ms_.has_value()) cap = std::min(cap.value_or(*timeout_ms_), *timeout_ms_);
  // `timeout 3 npm run dev`: a capped server ends.
  if (cap.has_value()) signature().facts.never_ends = false;
}

CommandPart PartSigner::TakePart() && {
  if (argv_.has_value()) part_.signature = std::move(argv_->signature());
  return std::move(part_);
}

// How long a part is expected to take, for choosing the dominant one: setup and background
// parts block nothing, known work weighs its prior, unknown work a second.
double BlockingWeight(const Signature& signature, bool setup, Connector next) {
  if (setup || next == Connector::kBackground || signature.program.empty()) return 0;
  if (std::optional<Prior> prior = PriorFor(signature.family, signature.program)) {
    return prior->median_ms;
  }
  return 1000;
}

// Where `cd ARGS` leaves a command line that was in `cwd` ("" for where it started): an absolute
// or home path replaces it, a relative one goes on from it.
std::string ChangeDirectory(const std::string& cwd, Words cd_words) {
  std::string_view target = "~";
  for (size_t i = 1; i < cd_words.size(); ++i) {
    if (!IsOption(cd_words[i])) {
      target = cd_words[i];
      break;
    }
  }
  if (target.starts_with('/') || target.starts_with('~') || target.starts_with('$')) {
    return std::string(target.substr(0, KeyCut(target)));
  }
  std::string joined = (std::filesystem::path(cwd) / target).lexically_normal().string();
  while (joined.size() > 1 && joined.back() == '/') joined.pop_back();
  // Bounded like the keys: every later part keeps a copy, and `cd a && cd a && ...` goes on.
  joined.resize(KeyCut(joined));
  return joined == "." ? std::string() : joined;
}

// A part of a line, as naming the line's other work needs it.
struct StageWork {
  std::string_view family;
  double weight = 0;  // BlockingWeight: 0 for setup and for parts sent off with `&`
  int stage = 0;      // parts joined by `|` share a stage
};

// Work in other stages than the dominant part's (`make && make test`, `git add && git commit`)
// adds to the line's runtime, and the line's runs are learned under the dominant part's command:
// that command must name the other work, or `mise run fmt` would learn the runtime of `mise run
// fmt && mise run lint`. Each other stage that works joins it by the family of its heaviest part,
// in its place: "make ; make test". Pipeline stages (`| tail`) add no time and no name. Returns
// where the dominant part's own command now starts in `command`.
size_t NameOtherWork(std::string& command, std::span<const StageWork> parts, size_t dominant) {
  // The part that names each stage: the first of its heaviest, if it works at all.
  absl::InlinedVector<size_t, 4> namers;
  for (size_t i = 0; i < parts.size(); ++i) {
    const bool new_stage = i == 0 || parts[i].stage != parts[i - 1].stage;
    if (new_stage) {
      namers.push_back(i);
    } else if (parts[i].weight > parts[namers.back()].weight) {
      namers.back() = i;
    }
  }
  auto names_work = [&](size_t i) {
    return parts[i].stage != parts[dominant].stage && parts[i].weight > 0;
  };
  if (std::none_of(namers.begin(), namers.end(), names_work)) return 0;  // the common case
  std::string key;
  size_t own_at = 0;
  for (size_t i : namers) {
    if (parts[i].stage == parts[dominant].stage) i = dominant;
    if (i != dominant && !names_work(i)) continue;
    if (!key.empty()) key += " ; ";
    if (i == dominant) own_at = key.size();
    key += i == dominant ? std::string_view(command) : parts[i].family;
  }
  // Other work that fills the whole key would leave no room for the part's own command, which
  // must stay in its key: the key is then the own command alone.
  if (own_at >= KeyCut(key)) return 0;
  key.resize(KeyCut(key));
  command = std::move(key);
  return own_at;
}

CommandLine Analyze(std::string_view command_line, int depth, size_t& budget) {
  CommandLine result;
  std::string cwd;
  // The cwd outside each open subshell, outermost first: `(cd web && make) | tee log` runs
  // `tee` where the line started.
  absl::InlinedVector<std::string, 2> outside;
  double heaviest = -1;
  absl::InlinedVector<int, 4> stages;
  int stage = 0;
  const LexedLine lexed = LexCommandLine(command_line, budget);
  budget -= lexed.commands.size();
  for (const SimpleCommand& simple : lexed.commands) {
    const int part_stage = stage;
    if (simple.next != Connector::kPipe) ++stage;
    PartSigner signer(simple.words, depth, budget);
    signer.SignCommand();
    CommandPart part = std::move(signer).TakePart();
    const size_t subshells = static_cast<size_t>(simple.subshell_depth);
    while (outside.size() > subshells) {
      cwd = std::move(outside.back());
      outside.pop_back();
    }
    while (outside.size() < subshells) outside.push_back(cwd);
    if (part.signature.program.empty()) continue;  // only assignments, or an empty `bash -c`
    stages.push_back(part_stage);
    part.next = simple.next;
    part.subshell_depth += simple.subshell_depth;
    if (part.cwd.empty()) part.cwd = cwd;
    if (part.signature.program == "cd") cwd = ChangeDirectory(cwd, simple.words);
    // The dominant part is the first of the heaviest.
    if (const double weight = BlockingWeight(part.signature, part.setup, part.next);
        weight > heaviest) {
      heaviest = weight;
      result.dominant = result.parts.size();
    }
    result.parts.push_back(std::move(part));
  }
  if (result.parts.size() > 1) {
    absl::InlinedVector<StageWork, 4> work;
    for (size_t i = 0; i < result.parts.size(); ++i) {
      const CommandPart& part = result.parts[i];
      work.push_back(StageWork{.family = part.signature.family,
                               .weight = BlockingWeight(part.signature, part.setup, part.next),
                               .stage = stages[i]});
    }
    CommandPart& dominant = result.parts[result.dominant];
    const size_t own_size = dominant.signature.command.size();
    dominant.own_command_at = NameOtherWork(dominant.signature.command, work, result.dominant);
    dominant.own_command_size = own_size;
  }
  return result;
}

}  // namespace

const Signature& CommandLine::signature() const {
  static const Signature kEmpty;
  return parts.empty() ? kEmpty : parts[dominant].signature;
}

CommandLine AnalyzeCommandLine(std::string_view command_line) {
  size_t budget = kMaxSignedCommands;
  return Analyze(command_line, 0, budget);
}

// As Analyze, with less work: every part is signed down to its family, which is what choosing the
// dominant one takes, and only the dominant part signs its command. No `cd` is followed.
Signature SignatureOf(std::string_view command_line) {
  size_t budget = kMaxSignedCommands;
  const LexedLine lexed = LexCommandLine(command_line, budget);
  budget -= lexed.commands.size();
  // The parts that were the heaviest yet when signed, signed in place (a PartSigner is large to
  // move): the last is the dominant part, the first of the heaviest.
  absl::InlinedVector<PartSigner, 4> heaviest_yet;
  // Every part's family, for NameOtherWork: kept as strings, since most signers are dropped.
  absl::InlinedVector<std::string, 4> families;
  absl::InlinedVector<StageWork, 4> work;
  size_t dominant_index = 0;
  double heaviest = -1;
  int stage = 0;
  for (const SimpleCommand& simple : lexed.commands) {
    const int part_stage = stage;
    if (simple.next != Connector::kPipe) ++stage;
    PartSigner& part = heaviest_yet.emplace_back(simple.words, /*depth=*/0, budget);
    // Parts without a program are no parts, as in Analyze.
    if (part.signature().program.empty()) {
      heaviest_yet.pop_back();
      continue;
    }
    const double weight = BlockingWeight(part.signature(), part.setup(), simple.next);
    if (lexed.commands.size() > 1) {
      // Parts that do no work are never named: their family is not copied.
      families.push_back(weight > 0 ? part.signature().family : std::string());
      work.push_back(StageWork{.weight = weight, .stage = part_stage});
    }
    if (weight > heaviest) {
      heaviest = weight;
      dominant_index = work.empty() ? 0 : work.size() - 1;
    } else {
      heaviest_yet.pop_back();
    }
  }
  if (heaviest_yet.empty()) return Signature{};
  // `work` views `families`, which no longer grows.
  for (size_t i = 0; i < work.size(); ++i) work[i].family = families[i];
  PartSigner& dominant = heaviest_yet.back();
  dominant.SignCommand();
  if (work.size() > 1) NameOtherWork(dominant.signature().command, work, dominant_index);
  return std::move(dominant.signature());
}

}  // namespace bgprof
