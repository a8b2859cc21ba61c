#include "profiler/signature.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <filesystem>
#include <list>
#include <span>
#include <tuple>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/container/inlined_vector.h"
#include "estimator/priors.h"
#include "profiler/program_rules.h"

namespace bgprof {
namespace {

using Words = std::span<const std::string_view>;

// Keys longer than this are cut: a key names a kind of work, it is not a copy of the command.
constexpr size_t kMaxKeyLength = 200;
// `bash -c "sh -c '...'"` is followed this deep.
constexpr int kMaxShellDepth = 4;

// Sets and maps of short words are keyed by absl::string_view: Debian's Abseil hashes
// std::string_view through std::hash, several times slower on these short names.
using WordSet = absl::flat_hash_set<absl::string_view>;

absl::string_view AbslView(std::string_view text) { return {text.data(), text.size()}; }

// A set of the space-separated words of `list` (a literal, so the views stay valid).
WordSet WordSetOf(std::string_view list) {
  WordSet set;
  for (size_t start = 0; start < list.size();) {
    size_t end = std::min(list.find(' ', start), list.size());
    set.insert(AbslView(list.substr(start, end - start)));
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
// change the work it is given.
std::string FoldVersion(std::string_view program) {
  if (program.empty() || !(IsDigit(program.back()) || program.back() == '.')) {
    return std::string(program);
  }
  static constexpr std::array kVersioned = {"python", "pip", "pypy", "ruby", "perl",    "php",
                                            "node",   "lua", "gcc",  "g++",  "clang++", "clang"};
  for (std::string_view base : kVersioned) {
    if (!program.starts_with(base)) continue;
    const std::string_view rest = program.substr(base.size());
    if (AllOf(rest, [](char c) { return IsDigit(c) || c == '.' || c == '-'; })) {
      return std::string(base);
    }
  }
  return std::string(program);
}

// "60", "2.5", "90s", "5m", "1h", "1d" as milliseconds (GNU timeout's syntax).
std::optional<int64_t> ParseDurationMs(std::string_view text) {
  double value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || value < 0) return std::nullopt;
  const std::string_view unit(end, static_cast<size_t>(text.data() + text.size() - end));
  double scale = 1000;
  if (unit == "m") {
    scale = 60'000;
  } else if (unit == "h") {
    scale = 3'600'000;
  } else if (unit == "d") {
    scale = 86'400'000;
  } else if (!unit.empty() && unit != "s") {
    return std::nullopt;
  }
  return static_cast<int64_t>(value * scale);
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

// `poetry run pytest`, `bundle exec rspec`: two words that run the command after them.
bool IsTwoWordWrapper(std::string_view program, std::string_view word) {
  static const absl::flat_hash_set<std::pair<absl::string_view, absl::string_view>> kWrappers = {
      {"pnpm", "exec"}, {"pnpm", "dlx"},  {"yarn", "dlx"},   {"yarn", "exec"},   {"npm", "exec"},
      {"npm", "x"},     {"bun", "x"},     {"poetry", "run"}, {"pipenv", "run"},  {"uv", "run"},
      {"rye", "run"},   {"pdm", "run"},   {"hatch", "run"},  {"bundle", "exec"}, {"mise", "exec"},
      {"mise", "x"},    {"conda", "run"},
  };
  return kWrappers.contains({AbslView(program), AbslView(word)});
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
  std::optional<int64_t> timeout_ms;       // the tightest `timeout N` seen
  std::optional<std::string_view> script;  // `bash -c SCRIPT`
};

// Sees through what runs the real command: `VAR=1`, `env`, `sudo`, `time`, `nice`, `nohup`,
// `timeout N`, `xargs`, `npx`, `poetry run`, `bash -c`, ...
enum class WrapperKind {
  kNone,
  kReserved,  // `do`, `then`, ...: the shell's word before a command
  kPrivilege,
  kEnv,
  kPlain,
  kTimeout,
  kXargs,
  kPackageRunner,
  kShell
};

WrapperKind WrapperKindOf(std::string_view name) {
  // One hash lookup per word instead of a chain of comparisons: this runs on every command.
  static const absl::flat_hash_map<absl::string_view, WrapperKind> kKinds = {
      {"sudo", WrapperKind::kPrivilege},
      {"doas", WrapperKind::kPrivilege},
      {"env", WrapperKind::kEnv},
      {"time", WrapperKind::kPlain},
      {"nice", WrapperKind::kPlain},
      {"ionice", WrapperKind::kPlain},
      {"nohup", WrapperKind::kPlain},
      {"command", WrapperKind::kPlain},
      {"exec", WrapperKind::kPlain},
      {"builtin", WrapperKind::kPlain},
      {"stdbuf", WrapperKind::kPlain},
      {"unbuffer", WrapperKind::kPlain},
      {"chronic", WrapperKind::kPlain},
      {"caffeinate", WrapperKind::kPlain},
      {"timeout", WrapperKind::kTimeout},
      {"xargs", WrapperKind::kXargs},
      {"npx", WrapperKind::kPackageRunner},
      {"bunx", WrapperKind::kPackageRunner},
      {"pnpx", WrapperKind::kPackageRunner},
      {"uvx", WrapperKind::kPackageRunner},
      {"bash", WrapperKind::kShell},
      {"sh", WrapperKind::kShell},
      {"zsh", WrapperKind::kShell},
      {"dash", WrapperKind::kShell},
      {"ksh", WrapperKind::kShell},
      {"do", WrapperKind::kReserved},
      {"then", WrapperKind::kReserved},
      {"else", WrapperKind::kReserved},
      {"elif", WrapperKind::kReserved},
      {"if", WrapperKind::kReserved},
      {"while", WrapperKind::kReserved},
      {"until", WrapperKind::kReserved},
      {"!", WrapperKind::kReserved},
      {"{", WrapperKind::kReserved},
  };
  auto it = kKinds.find(AbslView(name));
  return it == kKinds.end() ? WrapperKind::kNone : it->second;
}

// Sees through what runs the real command: `VAR=1`, `env`, `sudo`, `time`, `nice`, `nohup`,
// `timeout N`, `xargs`, `npx`, `poetry run`, `bash -c`, ...
Unwrapped Unwrap(Words words) {
  Unwrapped unwrapped;
  size_t i = 0;
  while (i < words.size()) {
    const std::string_view word = words[i];
    if (IsAssignment(word)) {
      ++i;
      continue;
    }
    const std::string_view name = Basename(word);
    switch (WrapperKindOf(name)) {
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
          std::optional<int64_t> cap = ParseDurationMs(words[i++]);
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
      case WrapperKind::kNone:
        if (i + 1 < words.size() && IsTwoWordWrapper(name, words[i + 1])) {
          i = SkipOptions(words, i + 2,
                          "-p --python --with -n --name --env -e --directory --project");
          if (name == "mise") {  // `mise exec node@20 -- npm test`: tools come before `--`
            const auto dash = std::find(words.begin() + static_cast<long>(i), words.end(), "--");
            if (dash != words.end()) i = static_cast<size_t>(dash - words.begin()) + 1;
          }
          continue;
        }
        break;
    }
    break;
  }
  unwrapped.first = i;
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
  static constexpr std::array kTempRoots = {"/tmp/",         "/var/tmp/",     "/var/folders/",
                                            "/private/var/", "/private/tmp/", "$TMPDIR",
                                            "${TMPDIR"};
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
  static constexpr std::array kHosts = {"localhost:", "127.0.0.1:", "0.0.0.0:", "[::1]:", "[::]:"};
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
  if (InList("--message --title --body --description --notes --subject --comment --body-file",
             option)) {
    return true;
  }
  if (program == "git") return option == "-m";
  if (program == "gh") return option == "-t" || option == "-b";
  return false;
}

bool IsNoiseOption(std::string_view option) {
  static const WordSet kNoise = WordSetOf(
      "-v -vv -vvv --verbose -q -qq --quiet --silent --color --colors --no-color --no-colors "
      "--colour --no-colour --progress --no-progress --no-pager");
  return kNoise.contains(AbslView(option)) || option.starts_with("--color=") ||
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

bool IsInterpreter(std::string_view program) {
  static const WordSet kInterpreters =
      WordSetOf("python pypy node ruby perl php bash sh zsh tsx ts-node");
  return kInterpreters.contains(AbslView(program));
}

bool IsSetupProgram(std::string_view program) {
  static const WordSet kSetup = WordSetOf(
      "cd pushd popd export set unset source . true false : alias echo printf shopt trap local "
      "declare read for select case done fi esac function }");
  return kSetup.contains(AbslView(program));
}

// Programs that take process ids: their numeric operands are masked.
bool TakesPids(std::string_view program) { return program == "kill" || program == "wait"; }

Signature SignArgv(Words argv) {
  std::string_view name = Basename(argv[0]);
  if (const size_t at = name.find('@'); at != std::string_view::npos && at > 0) {
    name = name.substr(0, at);  // `npx create-next-app@latest`: the version does not name the work
  }
  std::string program = FoldVersion(name);
  std::string family;
  size_t next = 1;
  if ((program == "python" || program == "pypy") && argv.size() > 2 && argv[1] == "-m") {
    program = FoldVersion(argv[2]);  // `python -m pytest` runs pytest
    next = 3;
  }
  if (program == "docker-compose") {
    program = "docker";
    family = "docker compose";
  }
  if (family.empty()) family = program;
  const ProgramRule* rule = RuleFor(program);

  std::list<std::string> storage;  // the few masked words that are not a literal or a view
  absl::InlinedVector<Unit, 8> units;
  // Adds argv[i] (an option, with its value when it takes one) and returns the next index.
  auto add_option = [&](size_t i) {
    const std::string_view option = argv[i];
    std::optional<std::string_view> value;
    if (TakesValue(rule, option) && i + 1 < argv.size()) value = argv[++i];
    // Noise is dropped only where bgprof knows the program: `grep -v` is not `grep`.
    if (rule == nullptr || !IsNoiseOption(option)) {
      units.push_back(MaskedOption(program, option, value, storage));
    }
    return i + 1;
  };
  // The next operand, options before it going to the arguments; argv.size() when none is left.
  auto next_operand = [&](size_t i) {
    while (i < argv.size() && (IsOption(argv[i]) || argv[i].starts_with('+'))) {
      if (argv[i] == "--") return argv.size();
      i = add_option(i);
    }
    return i;
  };

  if (rule != nullptr && rule->subcommand_words == kTargets) {
    // `make CC=clang -j8 test`: the first operand that is not an assignment is the target.
    for (next = next_operand(next); next < argv.size() && IsAssignment(argv[next]);) {
      units.push_back(Unit{.name = argv[next]});
      next = next_operand(next + 1);
    }
    if (next < argv.size()) {
      family += ' ';
      family += argv[next++];
    }
  } else if (rule != nullptr) {
    int levels = rule->subcommand_words;
    for (int level = 0; level < levels; ++level) {
      next = next_operand(next);
      if (next >= argv.size()) break;
      const std::string_view word =
          level == 0 ? CanonicalSubcommand(program, argv[next]) : std::string_view(argv[next]);
      family += ' ';
      family += word;
      ++next;
      // `docker compose up`, `npm run build`, `deno task dev`: one word deeper.
      const bool runs_script = word == "run" && InList("npm pnpm yarn bun mise turbo", program);
      if (level == 0 &&
          (runs_script || InList(rule->nested, word) || (program == "deno" && word == "task"))) {
        levels = 2;
      }
    }
    if (program == "yarn" && family == "yarn") family = "yarn install";
  } else if (IsInterpreter(program)) {
    // `node build.js --prod`: the script names the work, unless the code is inline (`-c`, `-e`).
    const bool inline_code =
        std::any_of(argv.begin() + static_cast<long>(next), argv.end(),
                    [](std::string_view word) { return InList("-c -e --eval -p --print", word); });
    if (!inline_code) {
      next = next_operand(next);
      if (next < argv.size()) {
        family += ' ';
        family += Basename(argv[next++]);
      }
    }
  }

  absl::InlinedVector<std::string_view, 4> after_dashes;  // passed on as they are, in order
  for (size_t i = next; i < argv.size();) {
    if (argv[i] == "--") {
      for (++i; i < argv.size(); ++i) after_dashes.push_back(MaskWord(argv[i], storage));
    } else if (IsOption(argv[i])) {
      i = add_option(i);
    } else {
      const bool pid = TakesPids(program) && AllOf(argv[i], IsDigit);
      units.push_back(Unit{.name = pid ? "<pid>" : MaskWord(argv[i], storage)});
      ++i;
    }
  }
  // Flag order does not matter to the programs bgprof knows: their options go first, sorted.
  // Other programs keep their order (`find . -name x -delete` is not `find -delete ...`).
  if (rule != nullptr) {
    std::stable_sort(units.begin(), units.end(), [](const Unit& a, const Unit& b) {
      if (a.option != b.option) return a.option;
      return a.option && std::tie(a.name, a.value) < std::tie(b.name, b.value);
    });
  }
  size_t length = family.size() + 3;
  for (const Unit& unit : units) length += unit.name.size() + unit.value.size() + 2;
  for (std::string_view word : after_dashes) length += word.size() + 1;
  std::string command;
  command.reserve(length);
  command = family;
  for (const Unit& unit : units) {
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
  if (command.size() > kMaxKeyLength) command.resize(kMaxKeyLength);
  if (program.size() > kMaxKeyLength) program.resize(kMaxKeyLength);
  if (family.size() > kMaxKeyLength) family.resize(kMaxKeyLength);
  return Signature{
      .program = std::move(program), .family = std::move(family), .command = std::move(command)};
}

CommandLine Analyze(std::string_view command_line, int depth);

CommandPart SignWordsAt(Words words, int depth) {
  const Unwrapped unwrapped = Unwrap(words);
  CommandPart part;
  if (unwrapped.script.has_value()) {
    if (depth < kMaxShellDepth) {
      CommandLine inner = Analyze(*unwrapped.script, depth + 1);
      if (!inner.parts.empty()) part = std::move(inner.parts[inner.dominant]);
    }
  } else if (unwrapped.first < words.size()) {
    part.signature = SignArgv(words.subspan(unwrapped.first));
    part.setup = IsSetupProgram(part.signature.program);
  }
  if (unwrapped.timeout_ms.has_value()) {
    part.timeout_ms =
        std::min(part.timeout_ms.value_or(*unwrapped.timeout_ms), *unwrapped.timeout_ms);
  }
  part.next = Connector::kEnd;
  return part;
}

// How long a part is expected to take, for choosing the dominant one: setup and background
// parts block nothing, known work weighs its prior, unknown work a second.
double BlockingWeight(const CommandPart& part) {
  if (part.setup || part.next == Connector::kBackground || part.signature.program.empty()) {
    return 0;
  }
  if (std::optional<Prior> prior = PriorFor(part.signature.family, part.signature.program)) {
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
    return std::string(target.substr(0, kMaxKeyLength));
  }
  std::string joined = (std::filesystem::path(cwd) / target).lexically_normal().string();
  while (joined.size() > 1 && joined.back() == '/') joined.pop_back();
  // Bounded like the keys: every later part keeps a copy, and `cd a && cd a && ...` goes on.
  if (joined.size() > kMaxKeyLength) joined.resize(kMaxKeyLength);
  return joined == "." ? std::string() : joined;
}

CommandLine Analyze(std::string_view command_line, int depth) {
  CommandLine result;
  std::string cwd;
  const LexedLine lexed = LexCommandLine(command_line);
  for (const SimpleCommand& simple : lexed.commands) {
    CommandPart part = SignWordsAt(simple.words, depth);
    if (part.signature.program.empty()) continue;  // only assignments, or an empty `bash -c`
    part.next = simple.next;
    if (part.cwd.empty()) part.cwd = cwd;
    if (part.signature.program == "cd") cwd = ChangeDirectory(cwd, simple.words);
    result.parts.push_back(std::move(part));
  }
  double heaviest = -1;
  for (size_t i = 0; i < result.parts.size(); ++i) {
    const double weight = BlockingWeight(result.parts[i]);
    if (weight > heaviest) {
      heaviest = weight;
      result.dominant = i;
    }
  }
  return result;
}

}  // namespace

const Signature& CommandLine::signature() const {
  static const Signature kEmpty;
  return parts.empty() ? kEmpty : parts[dominant].signature;
}

CommandLine AnalyzeCommandLine(std::string_view command_line) { return Analyze(command_line, 0); }

Signature SignatureOf(std::string_view command_line) {
  CommandLine line = AnalyzeCommandLine(command_line);
  if (line.parts.empty()) return Signature{};
  return std::move(line.parts[line.dominant].signature);
}

}  // namespace bgprof
