#include "profiler/command/command_facts.h"

#include <algorithm>
#include <array>
#include <charconv>

#include "profiler/command/word_list.h"

namespace bgprof {
namespace {

// `sleep 60`, `sleep 1.5`, `sleep 2m`: how long it sleeps, if the key says.
std::optional<int64_t> SleepMs(std::string_view command) {
  const size_t space = command.find(' ');
  if (space == std::string_view::npos) return std::nullopt;
  std::string_view operand = command.substr(space + 1);
  return ParseGnuDurationMs(operand.substr(0, operand.find(' ')));
}

// One pass over the words: this runs for every signed command.
bool AsksHelp(std::string_view program, std::string_view family, std::string_view command) {
  const bool bare_program = program == family;
  return AnyWord(command, [&](std::string_view word) {
    return word == "--help" || word == "--version" || word == "-h" ||
           (bare_program && word == "-V");
  });
}

bool RunsTests(std::string_view program, std::string_view family) {
  return family.find("test") != std::string_view::npos ||
         family.find("spec") != std::string_view::npos || InList("jest mocha phpunit ava", program);
}

// `test/a_test.exs:12`, `spec/a_spec.rb:40`: a file and a line.
bool IsFileAndLine(std::string_view word) {
  const size_t colon = word.rfind(':');
  if (colon == std::string_view::npos || colon + 1 == word.size() || colon == 0) return false;
  const std::string_view line = word.substr(colon + 1);
  return std::all_of(line.begin(), line.end(), [](char c) { return c >= '0' && c <= '9'; }) &&
         word.substr(0, colon).find_first_of("/.") != std::string_view::npos;
}

bool IsTestSelector(std::string_view word) {
  static constexpr std::string_view kSelectors[] = {"-run",     "-k",    "-t", "--testNamePattern",
                                                    "--filter", "--grep"};
  if (IsOneOf(word, kSelectors)) return true;
  if (const size_t eq = word.find('='); eq != std::string_view::npos) {
    return IsOneOf(word.substr(0, eq), kSelectors);
  }
  return word.find("::") != std::string_view::npos || IsFileAndLine(word);
}

// Whether a test run is narrowed to named tests (`pytest tests/a.py::test_b`, `pytest -k login`,
// `go test -run TestX`, `jest -t name`, `mix test test/a_test.exs:12`): a few tests take seconds
// where the whole suite of the same family takes minutes.
bool SelectsTests(std::string_view program, std::string_view family, std::string_view command) {
  if (!RunsTests(program, family)) return false;
  // Past the family's own words: `mise run test:integration` names no test.
  return AnyWord(command.substr(std::min(family.size(), command.size())), IsTestSelector);
}

// Whether a command runs until stopped (`npm run dev`, `vite`, `rails server`,
// `python -m http.server`, `docker compose up` without -d).
bool NeverEnds(std::string_view program, std::string_view family, std::string_view command) {
  // `docker compose up` holds the terminal unless detached.
  if (family == "docker compose up") return !InList(command, "-d") && !InList(command, "--detach");
  // string_views, so that no length is counted at each call: this runs for every signed command.
  static constexpr std::string_view kServers[] = {"npm run dev",
                                                  "npm run start",
                                                  "npm start",
                                                  "pnpm dev",
                                                  "pnpm run dev",
                                                  "yarn dev",
                                                  "yarn run dev",
                                                  "yarn start",
                                                  "bun run dev",
                                                  "bun dev",
                                                  "vite",
                                                  "next dev",
                                                  "rails server",
                                                  "http.server",
                                                  "flask run",
                                                  "uvicorn",
                                                  "gunicorn",
                                                  "nodemon",
                                                  "webpack serve",
                                                  "hugo server",
                                                  "jekyll serve",
                                                  "ng serve",
                                                  "astro dev",
                                                  "remix dev",
                                                  "php artisan serve",
                                                  "python manage.py runserver"};
  // A server's first word is its program: one lookup rules most commands out.
  static constexpr std::string_view kServerPrograms[] = {
      "npm",         "pnpm",  "yarn",    "bun",      "vite",    "next",    "rails",
      "http.server", "flask", "uvicorn", "gunicorn", "nodemon", "webpack", "hugo",
      "jekyll",      "ng",    "astro",   "remix",    "php",     "python"};
  if (program.empty() || !IsOneOf(program, kServerPrograms)) return false;
  for (std::string_view server : kServers) {
    if (server.front() != program.front() || !server.starts_with(program) ||
        (server.size() > program.size() && server[program.size()] != ' ')) {
      continue;
    }
    const bool starts = command.starts_with(server) &&
                        (command.size() == server.size() || command[server.size()] == ' ');
    if (family == server || program == server || starts) {
      return !InList(command, "--help") && !InList(command, "--version");
    }
  }
  return false;
}

}  // namespace

std::optional<int64_t> ParseGnuDurationMs(std::string_view text) {
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

CommandFacts FactsOfCommand(std::string_view program, std::string_view family,
                            std::string_view command) {
  CommandFacts facts;
  facts.asks_help = AsksHelp(program, family, command);
  if (program == "sleep") facts.sleep_ms = SleepMs(command);
  facts.selects_tests = SelectsTests(program, family, command);
  facts.never_ends = NeverEnds(program, family, command);
  return facts;
}

}  // namespace bgprof
