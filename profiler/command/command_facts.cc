#include "profiler/command/command_facts.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <iterator>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "profiler/command/name_hash.h"
#include "profiler/command/program_rules.h"
#include "profiler/command/word_list.h"

namespace bgprof {
namespace {

// The longest duration a command's words may name: past 300 years, as hooks bound durations.
constexpr double kLongestDurationMs = 1e13;

// `sleep 60`, `sleep 1.5`, `sleep 2m`: how long it sleeps, if the key says.
std::optional<int64_t> SleepMs(std::string_view command) {
  const size_t space = command.find(' ');
  if (space == std::string_view::npos) return std::nullopt;
  std::string_view operand = command.substr(space + 1);
  return ParseGnuDurationMs(operand.substr(0, operand.find(' ')));
}

// `-h` asks for help only where the program says so. Everywhere for these, whose every command
// reads it as help (`cargo build -h`, `kubectl get -h`)...
constexpr std::string_view kDashHHelpsEverywhere[] = {
    "cargo", "curl", "gh", "go", "helm", "kubectl", "pip", "rustup", "terraform", "tofu"};
// ...and, for the rest, when it is the one argument past the family (`npm -h`, `./configure -h`),
// but never for these: their `-h` is a host (`pg_dump -h db`), human-readable sizes (`df -h`), no
// file names (`grep -h`) or no dereference (`chown -h`), alone too.
constexpr std::string_view kDashHIsNotHelp[] = {
    "ls",        "df",           "du",         "free",       "sort",       "grep",
    "egrep",     "fgrep",        "zgrep",      "tar",        "chown",      "chgrp",
    "touch",     "pg_dump",      "pg_dumpall", "pg_restore", "pg_isready", "pg_basebackup",
    "psql",      "createdb",     "dropdb",     "mysql",      "mysqldump",  "mysqladmin",
    "mongodump", "mongorestore", "redis-cli",  "ssh",        "scp",        "sftp",
    "rsync"};

// One pass over the words: this runs for every signed command.
bool AsksHelp(std::string_view program, std::string_view family, std::string_view command) {
  const bool bare_program = program == family;
  const bool dash_h_helps = IsOneOf(program, kDashHHelpsEverywhere) ||
                            (command.substr(std::min(family.size(), command.size())) == " -h" &&
                             !IsOneOf(program, kDashHIsNotHelp));
  // Past `--` the words are another program's: `kubectl exec pod -- df -h`.
  bool passed_on = false;
  return AnyWord(command, [&](std::string_view word) {
    passed_on = passed_on || word == "--";
    return word == "--help" || word == "--version" ||
           (dash_h_helps && !passed_on && word == "-h") || (bare_program && word == "-V");
  });
}

// `--grep=x` → `--grep`.
std::string_view OptionName(std::string_view word) { return word.substr(0, word.find('=')); }

// Whether `matches` holds for an operand of `words` (those past a family), options and the values
// they take (by the program's rule, or nearly every program's) skipped, up to `--`. Operands are
// tried in order and the first match ends the walk.
template <typename Predicate>
bool AnyOperand(std::string_view program, std::string_view words, Predicate matches) {
  const ProgramRule* rule = RuleFor(program);
  bool value_next = false;
  bool matched = false;
  AnyWord(words, [&](std::string_view word) {
    if (word == "--") return true;  // what follows is passed on, not the program's
    if (std::exchange(value_next, false)) return false;
    if (word.size() > 1 && word[0] == '-') {
      value_next = TakesValue(rule, word);
      return false;
    }
    matched = matches(word);
    return matched;
  });
  return matched;
}

// The first operand of `words` (those past a family); empty when none comes before `--`.
std::string_view FirstOperand(std::string_view program, std::string_view words) {
  std::string_view operand;
  AnyOperand(program, words, [&](std::string_view word) {
    operand = word;
    return true;
  });
  return operand;
}

// Test runners and the options that narrow a run to named tests. Per runner: the same letters
// mean other things elsewhere (`make -k` keeps going, `pnpm --filter web` picks a package,
// `mocha -R` a reporter, `pytest -n 4` a number of workers).
struct TestRunner {
  std::string_view runner;       // a program, any family of it (`vitest run`), or a family
  std::string_view selectors;    // options that name tests, space separated; `--grep=x` too
  bool node_ids = false;         // `pytest tests/a.py::test_b`: a word with "::" names a test
  bool operand_filters = false;  // `cargo test parse_`: its first operand filters test names
  // Often run by a package script (`npm test -- -t x`), whose runner bgprof does not see: its
  // selectors count there.
  bool behind_scripts = false;
};

constexpr TestRunner kTestRunners[] = {
    {.runner = "pytest", .selectors = "-k", .node_ids = true, .behind_scripts = true},
    {.runner = "py.test", .selectors = "-k", .node_ids = true},
    {.runner = "go test", .selectors = "-run", .behind_scripts = true},
    {.runner = "jest", .selectors = "-t --testNamePattern", .behind_scripts = true},
    {.runner = "vitest", .selectors = "-t --testNamePattern", .behind_scripts = true},
    {.runner = "mocha", .selectors = "-g --grep -f --fgrep", .behind_scripts = true},
    {.runner = "tap", .selectors = "-g --grep", .behind_scripts = true},
    {.runner = "ava", .selectors = "-m --match", .behind_scripts = true},
    {.runner = "playwright test", .selectors = "-g --grep", .behind_scripts = true},
    {.runner = "bun test", .selectors = "-t --test-name-pattern"},
    {.runner = "deno test", .selectors = "--filter"},
    {.runner = "dotnet test", .selectors = "--filter"},
    {.runner = "swift test", .selectors = "--filter"},
    {.runner = "phpunit", .selectors = "--filter", .behind_scripts = true},
    {.runner = "ctest", .selectors = "-R --tests-regex"},
    {.runner = "bats", .selectors = "-f --filter --filter-tags"},
    {.runner = "rspec", .selectors = "-e --example"},
    {.runner = "rails test", .selectors = "-n --name"},
    {.runner = "cargo test", .operand_filters = true},
};

// What runs a package's scripts (`npm test`, `mise run test:unit`): the script's runner gets the
// words past the family, after `--` for most of them.
constexpr std::string_view kScriptRunners[] = {"npm",  "pnpm",  "yarn", "bun",     "mise",
                                               "deno", "turbo", "nx",   "composer"};

const TestRunner* TestRunnerOf(std::string_view program, std::string_view family) {
  for (const TestRunner& runner : kTestRunners) {
    if (runner.runner == program || runner.runner == family) return &runner;
  }
  return nullptr;
}

bool IsSelectorOf(const TestRunner& runner, std::string_view word) {
  return InList(runner.selectors, OptionName(word)) ||
         (runner.node_ids && word.find("::") != std::string_view::npos);
}

// `test/a_test.exs:12`, `spec/a_spec.rb:40`: a file and a line.
bool IsFileAndLine(std::string_view word) {
  const size_t colon = word.rfind(':');
  if (colon == std::string_view::npos || colon + 1 == word.size() || colon == 0) return false;
  const std::string_view line = word.substr(colon + 1);
  return std::all_of(line.begin(), line.end(), [](char c) { return c >= '0' && c <= '9'; }) &&
         word.substr(0, colon).find_first_of("/.") != std::string_view::npos;
}

// Selectors any test run takes: a file and a line, and GoogleTest's filter (a test binary is
// named by its project: `./build/yaml-cpp-tests --gtest_filter=Node*`).
bool IsAnyRunnersSelector(std::string_view word) {
  return OptionName(word) == "--gtest_filter" || IsFileAndLine(word);
}

// Whether a test run is narrowed to named tests (`pytest tests/a.py::test_b`, `pytest -k login`,
// `go test -run TestX`, `jest -t name`, `mix test test/a_test.exs:12`): a few tests take seconds
// where the whole suite of the same family takes minutes.
bool SelectsTests(std::string_view program, std::string_view family, std::string_view command) {
  const TestRunner* runner = TestRunnerOf(program, family);
  if (runner == nullptr && family.find("test") == std::string_view::npos &&
      family.find("spec") == std::string_view::npos) {
    return false;
  }
  // Past the family's own words: `mise run test:integration` names no test.
  const std::string_view words = command.substr(std::min(family.size(), command.size()));
  if (runner != nullptr) {
    if (runner->operand_filters && !FirstOperand(program, words).empty()) return true;
    return AnyWord(words, [&](std::string_view word) {
      return IsSelectorOf(*runner, word) || IsAnyRunnersSelector(word);
    });
  }
  if (!IsOneOf(program, kScriptRunners)) return AnyWord(words, IsAnyRunnersSelector);
  // A script's runner is unknown: any runner's selectors count, but not the package manager's
  // own options before `--` (`pnpm test --filter web`, signed from `pnpm --filter web test`).
  const ProgramRule* rule = RuleFor(program);
  bool passed_on = false;
  bool value_next = false;
  return AnyWord(words, [&](std::string_view word) {
    passed_on = passed_on || word == "--";
    if (!passed_on) {
      if (std::exchange(value_next, false)) return false;
      if (TakesValue(rule, word)) {
        value_next = true;
        return false;
      }
    }
    return IsAnyRunnersSelector(word) ||
           std::any_of(std::begin(kTestRunners), std::end(kTestRunners),
                       [&](const TestRunner& known) {
                         return known.behind_scripts && IsSelectorOf(known, word);
                       });
  });
}

// Whether an operand of `words` before `--` is one of `list`. Any operand, not the first: the
// values of options bgprof does not know (`flask --app api run`) are operands to it.
bool HasOperandIn(std::string_view words, std::string_view list) {
  bool found = false;
  AnyWord(words, [&](std::string_view word) {
    found = word[0] != '-' && InList(list, word);
    return found || word == "--";
  });
  return found;
}

// Servers and watchers: they run until stopped. Per family, as what follows may end them:
// `vite build` builds and ends where `vite` serves.
struct NeverEnding {
  std::string_view family;
  // When set, it serves with one of these operands past the family (`flask run`, `hugo server`)...
  std::string_view serving = "";
  // ...and when this is set, unless one of these is there (`vite`, `vite ./web`, `vite preview`
  // serve; `vite build` ends). With neither, whatever follows serves (`npm run dev`, `uvicorn`).
  std::string_view ending = "";
  // Options that start it and return (`docker compose up -d`, `gunicorn --daemon`).
  std::string_view detaching = "";
};

constexpr NeverEnding kNeverEnding[] = {
    {.family = "npm run dev"},
    {.family = "npm run start"},
    {.family = "npm start"},
    {.family = "pnpm dev"},
    {.family = "pnpm run dev"},
    {.family = "pnpm start"},
    {.family = "pnpm run start"},
    {.family = "yarn dev"},
    {.family = "yarn run dev"},
    {.family = "yarn start"},
    {.family = "yarn run start"},
    {.family = "bun dev"},
    {.family = "bun run dev"},
    {.family = "bun start"},
    {.family = "bun run start"},
    {.family = "rails server"},
    {.family = "http.server"},
    {.family = "uvicorn"},
    {.family = "gunicorn", .detaching = "-D --daemon"},
    {.family = "nodemon"},
    {.family = "webpack-dev-server"},
    // `vite [root]` and `next [dir]` serve by default.
    {.family = "vite", .ending = "build optimize"},
    {.family = "next", .ending = "build export lint info telemetry"},
    {.family = "webpack", .serving = "serve"},
    {.family = "flask", .serving = "run"},
    {.family = "hugo", .serving = "server serve"},
    {.family = "jekyll", .serving = "serve server s", .detaching = "-B --detach"},
    {.family = "ng", .serving = "serve s"},
    {.family = "astro", .serving = "dev preview"},
    {.family = "remix", .serving = "dev"},
    {.family = "php artisan", .serving = "serve"},
    {.family = "python manage.py", .serving = "runserver"},
    {.family = "docker compose up", .detaching = "-d --detach"},
};

// Whether a command runs until stopped (`npm run dev`, `vite`, `rails server`,
// `python -m http.server`, `docker compose up` without -d). A `timeout N` around it is the
// signer's to see (CommandFacts::timeout_ms).
bool NeverEnds(std::string_view family, std::string_view command) {
  // One lookup rules most commands out: this runs for every signed command.
  static const absl::flat_hash_map<std::string_view, const NeverEnding*, NameHash> kByFamily = [] {
    absl::flat_hash_map<std::string_view, const NeverEnding*, NameHash> map;
    for (const NeverEnding& server : kNeverEnding) map.emplace(server.family, &server);
    return map;
  }();
  const auto it = kByFamily.find(family);
  if (it == kByFamily.end()) return false;
  const NeverEnding& server = *it->second;
  const std::string_view words = command.substr(std::min(family.size(), command.size()));
  if (AnyWord(words, [&](std::string_view word) { return InList(server.detaching, word); })) {
    return false;
  }
  if (!server.serving.empty()) return HasOperandIn(words, server.serving);
  return !HasOperandIn(words, server.ending);
}

}  // namespace

std::optional<int64_t> ParseGnuDurationMs(std::string_view text) {
  double value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  // from_chars reads "nan" and "inf" too; NaN is no duration, and the cast below is undefined
  // for one as for any value past int64_t.
  if (error != std::errc() || !(value >= 0)) return std::nullopt;
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
  // `sleep inf` sleeps for ever; 1e300 seconds is as long: both become the longest duration.
  return static_cast<int64_t>(std::min(value * scale, kLongestDurationMs));
}

// Whether a test run is given a folder (`bats test`, `pytest tests/`): every test in it runs,
// where the same runner given files (`bats test/run.bats`) runs a few.
bool RunsFolder(std::string_view program, std::string_view family, std::string_view command) {
  const TestRunner* runner = TestRunnerOf(program, family);
  if (runner == nullptr || runner->operand_filters) return false;
  const std::string_view words = command.substr(std::min(family.size(), command.size()));
  return AnyOperand(program, words, [](std::string_view word) {
    while (word.size() > 1 && word.ends_with('/')) word.remove_suffix(1);  // `test/`
    const std::string_view base = word.substr(word.rfind('/') + 1);
    return !base.empty() && base.find_first_of(".*:") == std::string_view::npos;
  });
}

CommandFacts FactsOfCommand(std::string_view program, std::string_view family,
                            std::string_view command) {
  CommandFacts facts;
  facts.asks_help = AsksHelp(program, family, command);
  if (program == "sleep") facts.sleep_ms = SleepMs(command);
  facts.selects_tests = SelectsTests(program, family, command);
  facts.runs_folder = !facts.selects_tests && RunsFolder(program, family, command);
  // `vite --help` ends at once.
  facts.never_ends = !facts.asks_help && NeverEnds(family, command);
  return facts;
}

}  // namespace bgprof
