#include "profiler/command/foreground.h"

#include <algorithm>
#include <array>
#include <vector>

#include "profiler/command/word_list.h"

namespace bgprof {
namespace {

using Words = std::vector<std::string_view>;

// The words of a command key after its program: "docker run -it ubuntu" → "run", "-it", "ubuntu".
Words Arguments(std::string_view command) {
  Words words;
  AnyWord(command, [&](std::string_view word) {
    words.push_back(word);
    return false;
  });
  if (!words.empty()) words.erase(words.begin());
  return words;
}

bool IsOption(std::string_view word) { return word.size() > 1 && word[0] == '-'; }

// An option's name: "--file" of "--file=a.sql".
std::string_view OptionName(std::string_view option) { return option.substr(0, option.find('=')); }

bool HasAny(const Words& args, std::string_view options) {
  return std::any_of(args.begin(), args.end(),
                     [&](std::string_view arg) { return InList(options, OptionName(arg)); });
}

// The letters of short flags written alone or together: "-it", "-d -i", "-dmS", "-bn1". Words
// with other characters (`-p8080:80`, `-eTERM=x`) carry a value, not flags.
std::string ShortFlags(const Words& args) {
  std::string letters;
  for (std::string_view arg : args) {
    if (arg.size() < 2 || arg[0] != '-' || arg[1] == '-') continue;
    const std::string_view flags = arg.substr(1);
    if (std::all_of(flags.begin(), flags.end(), [](char c) {
          return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        })) {
      letters += flags;
    }
  }
  return letters;
}

bool HasFlag(const Words& args, char letter, std::string_view long_option) {
  return ShortFlags(args).find(letter) != std::string::npos || HasAny(args, long_option);
}

// The operands of `args`, the values of `value_options` skipped.
Words Operands(const Words& args, std::string_view value_options) {
  Words operands;
  for (size_t i = 0; i < args.size(); ++i) {
    if (!IsOption(args[i])) {
      operands.push_back(args[i]);
    } else if (InList(value_options, args[i])) {
      ++i;
    }
  }
  return operands;
}

// Programs that read commands from the terminal when given nothing to run. Database clients take
// operands that say where before any that say what (`psql mydb`, `sqlite3 app.db`), and options
// whose value says where (`psql -h HOST`, which is no call for help).
struct Repl {
  std::string_view programs;
  std::string_view value_options;  // options whose value is the next word
  size_t place_operands = 0;       // leading operands that name a database, not code
};
constexpr std::array<Repl, 5> kRepls = {{
    {"python node irb ipython ipython3 bash sh zsh", ""},
    {"psql", "-h -p -U -d --host --port --username --dbname", 2},
    {"mysql", "-h -P -u -D --host --port --user --database", 1},
    {"sqlite3", "", 1},
    {"redis-cli", "-h -p -a -n --user --pass", 0},
}};
// Options that give a REPL something to do other than read the terminal: code (`python -c`,
// `node -e`, `psql -f`, `mysql -e`), tests (`node --test`), or help.
constexpr std::string_view kRunOptions =
    "-c -e -f --command --execute --eval --file --test --run --help --version -h -V";

const Repl* ReplOf(std::string_view program) {
  for (const Repl& repl : kRepls) {
    if (InList(repl.programs, program)) return &repl;
  }
  return nullptr;
}

bool HasNothingToRun(const Repl& repl, const Words& args) {
  size_t operands = 0;
  for (size_t i = 0; i < args.size(); ++i) {
    if (!IsOption(args[i])) {
      ++operands;
    } else if (InList(repl.value_options, args[i])) {
      ++i;
    } else if (InList(kRunOptions, OptionName(args[i]))) {
      return false;
    }
  }
  return operands <= repl.place_operands;
}

// `ssh HOST` opens a shell; `ssh HOST CMD` runs CMD, and `-N` (a tunnel) or `-f` runs none.
bool IsSshShell(const Words& args) {
  constexpr std::string_view kValueOptions =
      "-B -b -c -D -E -e -F -I -i -J -L -l -m -O -o -p -Q -R -S -W -w";
  const std::string flags = ShortFlags(args);
  if (flags.find_first_of("Nf") != std::string::npos) return false;
  return Operands(args, kValueOptions).size() == 1;
}

// `docker run -it`, `docker exec -ti`, `-i -t`, `--interactive --tty`, and not detached.
bool IsContainerTerminal(std::string_view family, const Words& args) {
  if (!family.ends_with(" run") && !family.ends_with(" exec")) return false;
  return HasFlag(args, 'i', "--interactive") && HasFlag(args, 't', "--tty") &&
         !HasFlag(args, 'd', "--detach");
}

// `tmux`, `tmux new`, `tmux attach` take over the terminal, unless the session starts detached.
bool IsTerminalMultiplexer(std::string_view program, const Words& args) {
  if (program == "screen") {
    const std::string flags = ShortFlags(args);
    const bool detached =
        flags.find('d') != std::string::npos && flags.find('m') != std::string::npos;
    return !detached && !HasAny(args, "-ls -list -X -Q");
  }
  const Words operands = Operands(args, "-L -S -f -T -s -t -n -c");
  const std::string_view subcommand = operands.empty() ? "new" : operands.front();
  if (InList("attach attach-session a at", subcommand)) return true;
  return InList("new new-session", subcommand) && ShortFlags(args).find('d') == std::string::npos;
}

// Whether a part reads a terminal, which no background task has. `stdin_piped`: the part before
// it feeds it with `|`.
bool ReadsTerminal(const CommandPart& part, bool stdin_piped) {
  const Signature& signature = part.signature;
  const std::string_view program = signature.program;
  const Words args = Arguments(part.own_command());
  // A REPL, `read`, `ssh` and `git add -p` read their input, which a pipe may give them.
  if (const Repl* repl = ReplOf(program)) return !stdin_piped && HasNothingToRun(*repl, args);
  // Only the long forms: `-h` is a host or a flag to many programs (`docker run -h HOST`).
  if (HasAny(args, "--help --version")) return false;
  if (InList("vim vi nvim nano htop btop watch", program)) return true;
  if (program == "emacs") return !HasAny(args, "--batch -batch --script");
  // A pager writing into a pipe pages nothing.
  if (InList("less more man", program)) return part.next != Connector::kPipe;
  if (program == "top") return ShortFlags(args).find('b') == std::string::npos;  // `top -bn1`
  if (signature.family == "git rebase") return HasAny(args, "-i --interactive");
  if (program == "docker" || program == "podman") {
    return IsContainerTerminal(signature.family, args);
  }
  if (program == "tmux" || program == "screen") return IsTerminalMultiplexer(program, args);
  if (stdin_piped) return false;
  if (signature.family == "git add") return HasAny(args, "-p -i --patch --interactive");
  if (program == "read") return true;
  if (program == "ssh") return IsSshShell(args);
  return false;
}

// Builtins whose effect outlives the call in the agent's shell. `exec CMD` is signed as CMD (the
// signer sees through it), so it is not found here.
constexpr std::string_view kShellChangers =
    "cd pushd popd export unset source . alias set shopt ulimit umask eval deactivate";

bool ChangesShell(const CommandPart& part) {
  if (part.subshell_depth > 0) return false;  // `(cd build && make)`: the change ends with it
  const Signature& signature = part.signature;
  if (InList(kShellChangers, signature.program)) return true;
  if (signature.family == "conda activate" || signature.family == "conda deactivate") return true;
  if (signature.program == "nvm") {  // `nvm use 20`: nvm has no rule, its family is "nvm"
    const Words args = Arguments(part.own_command());
    return !args.empty() && args.front() == "use";
  }
  return false;
}

std::string_view Trimmed(std::string_view text) {
  const size_t first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

// Whether `pattern` matches all of `text`, `*` matching any run of characters. Greedy with one
// backtrack point: linear in practice, quadratic at worst.
bool GlobMatches(std::string_view pattern, std::string_view text) {
  size_t p = 0;
  size_t t = 0;
  size_t star = std::string_view::npos;  // the last `*` seen
  size_t resume = 0;                     // where the text goes on when that `*` takes one more
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = t;
    } else if (p < pattern.size() && pattern[p] == text[t]) {
      ++p;
      ++t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

}  // namespace

std::string_view ForegroundReasonText(ForegroundReason reason) {
  switch (reason) {
    case ForegroundReason::kNone:
      return "it may run in the background";
    case ForegroundReason::kEndsInBackground:
      return "it already sends its last part to the background with `&`";
    case ForegroundReason::kInteractive:
      return "it reads a terminal";
    case ForegroundReason::kChangesShell:
      return "it changes the shell for later commands";
  }
  return "";
}

ForegroundReason MustStayInForeground(const CommandLine& line) {
  if (line.parts.empty()) return ForegroundReason::kNone;
  if (line.parts.back().next == Connector::kBackground) return ForegroundReason::kEndsInBackground;
  for (size_t i = 0; i < line.parts.size(); ++i) {
    const CommandPart& part = line.parts[i];
    const bool stdin_piped = i > 0 && line.parts[i - 1].next == Connector::kPipe;
    if (ReadsTerminal(part, stdin_piped)) return ForegroundReason::kInteractive;
    if (ChangesShell(part)) return ForegroundReason::kChangesShell;
  }
  return ForegroundReason::kNone;
}

bool MatchesPattern(const Signature& signature, std::string_view pattern) {
  pattern = Trimmed(pattern);
  if (pattern.empty()) return false;
  return GlobMatches(pattern, signature.family) || GlobMatches(pattern, signature.command);
}

bool MatchesAnyPattern(const CommandLine& line, std::span<const std::string> patterns) {
  return std::any_of(line.parts.begin(), line.parts.end(), [&](const CommandPart& part) {
    return !part.setup &&
           std::any_of(patterns.begin(), patterns.end(), [&](const std::string& pattern) {
             return MatchesPattern(part.signature, pattern);
           });
  });
}

}  // namespace bgprof
