#include "profiler/command/work_kind.h"

#include <algorithm>
#include <array>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "profiler/command/program_rules.h"
#include "profiler/command/word_list.h"

namespace bgprof {
namespace {

constexpr std::array<std::string_view, kWorkKindCount> kNames = {
    "other", "install", "build", "test", "lint", "type check", "deploy"};

struct KindWords {
  WorkKind kind;
  std::string_view words;  // space separated
};

// Verbs of commands, in subcommands, targets and script names: `npm ci`, `make install`,
// `npm run test:unit`, `./configure`. Installing is anything that fetches what others use: when in
// doubt a word goes there, since whatever follows an install waits for it.
constexpr std::array<KindWords, 6> kVerbs = {{
    {WorkKind::kInstall,
     "install ci sync add fetch download pull restore update upgrade tidy deps dependencies vendor "
     "setup bootstrap"},
    {WorkKind::kBuild, "build builds rebuild compile dist package assemble clean configure"},
    {WorkKind::kTest, "test tests spec specs e2e coverage"},
    {WorkKind::kLint, "lint fmt format vet"},
    {WorkKind::kTypeCheck, "typecheck type-check type_check check-types types"},
    {WorkKind::kDeploy, "deploy publish release apply"},
}};

// Tools that do one kind of work whatever their arguments.
constexpr std::array<KindWords, 5> kTools = {{
    {WorkKind::kBuild,
     "autogen autoreconf cmake meson ninja make gmake bazel mvn gradle gradlew gcc g++ cc c++ "
     "clang clang++ rustc javac webpack esbuild rollup tsup"},
    {WorkKind::kTest,
     "pytest jest mocha vitest rspec bats ctest phpunit ava tap playwright cypress karma tox nox "
     "nextest unittest"},
    {WorkKind::kLint,
     "clippy ruff flake8 black isort prettier biome rubocop shellcheck pre-commit clang-tidy "
     "clang-format"},
    {WorkKind::kTypeCheck, "tsc mypy pyright pytype svelte-check"},
    {WorkKind::kDeploy, "vercel netlify twine semantic-release"},
}};

// The verbs that still name the work inside a longer program name (`run-tests.sh`, `build.sh`):
// `lsb_release` and `update-alternatives` deploy and install nothing.
constexpr std::string_view kNameVerbs = "install setup build test tests lint typecheck deploy";

// Tools that move files and records between places (version control, code hosting, cloud
// storage): their subcommands (`git fetch`, `gh release view`, `aws s3 sync`) name no such work.
constexpr std::string_view kMovesFiles = "git hg svn jj gh aws gsutil rclone";

std::optional<WorkKind> KindIn(std::span<const KindWords> table, std::string_view word) {
  for (const KindWords& entry : table) {
    if (InList(entry.words, word)) return entry.kind;
  }
  return std::nullopt;
}

std::optional<WorkKind> KindOfWord(std::string_view word) {
  if (std::optional<WorkKind> kind = KindIn(kVerbs, word)) return kind;
  return KindIn(kTools, word);
}

// "check" names different work per tool: `make check` runs the tests (the GNU convention),
// `cargo check` and `deno check` type-check, and `ruff check` is left to its tool.
std::optional<WorkKind> KindOfCheck(std::string_view program) {
  const ProgramRule* rule = RuleFor(program);
  if (rule != nullptr && rule->subcommand_words == kTargets) return WorkKind::kTest;
  if (program == "cargo" || program == "deno") return WorkKind::kTypeCheck;
  return std::nullopt;
}

// The pieces of a name: "test:unit" → "test", "unit"; "run-tests.sh" → "run", "tests", "sh".
std::vector<std::string_view> Pieces(std::string_view word) {
  std::vector<std::string_view> pieces;
  for (size_t start = 0; start <= word.size();) {
    const size_t end = std::min(word.find_first_of(":-_./", start), word.size());
    if (end > start) pieces.push_back(word.substr(start, end - start));
    start = end + 1;
  }
  return pieces;
}

// A family word after the program: a subcommand, target or script. The word itself, else its
// first piece that names work (`build:types` builds).
std::optional<WorkKind> KindOfFamilyWord(std::string_view program, std::string_view word) {
  if (std::optional<WorkKind> kind = KindOfWord(word)) return kind;
  for (std::string_view piece : Pieces(word)) {
    if (piece == "check") {
      if (std::optional<WorkKind> kind = KindOfCheck(program)) return kind;
    } else if (std::optional<WorkKind> kind = KindOfWord(piece)) {
      return kind;
    }
  }
  return std::nullopt;
}

// A program's own name, which ends with what it does: `golangci-lint`, `clang-format`,
// `yaml-cpp-tests`, `jqtest`, `run-tests.sh`.
std::optional<WorkKind> KindOfProgram(std::string_view program) {
  if (std::optional<WorkKind> kind = KindOfWord(program)) return kind;
  const std::vector<std::string_view> pieces = Pieces(program);
  for (auto it = pieces.rbegin(); it != pieces.rend(); ++it) {
    if (InList(kNameVerbs, *it)) return KindIn(kVerbs, *it);
    if (std::optional<WorkKind> kind = KindIn(kTools, *it)) return kind;
    if (it->ends_with("lint")) return WorkKind::kLint;
    if (it->ends_with("test") || it->ends_with("tests")) return WorkKind::kTest;
  }
  return std::nullopt;
}

std::string_view WithoutTrailingSlash(std::string_view path) {
  while (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
  return path;
}

// The folder `word` names when said in `cwd` ("" for where the line started), written as the
// signer writes a cwd: "web", "web/out", "/srv/app".
std::string FolderOf(std::string_view cwd, std::string_view word) {
  word = WithoutTrailingSlash(word);
  if (word.starts_with('/') || word.starts_with('~') || word.starts_with('$')) {
    return std::string(word);
  }
  std::string folder = (std::filesystem::path(cwd) / word).lexically_normal().string();
  folder = std::string(WithoutTrailingSlash(folder));
  return folder == "." ? std::string() : folder;
}

// Whether `cwd` is `folder` or inside it.
bool IsIn(std::string_view cwd, std::string_view folder) {
  if (folder.empty() || !cwd.starts_with(folder)) return false;
  return cwd.size() == folder.size() || cwd[folder.size()] == '/';
}

const CommandPart* DominantPart(const CommandLine& line) {
  return line.parts.empty() ? nullptr : &line.parts[line.dominant];
}

// Whether `later` works in a folder that one of `earlier`'s parts names as an argument: the one
// `mkdir -p out` makes or `git clone URL web` fills.
bool WorksInFolderNamedBy(const CommandLine& earlier, std::string_view later_cwd) {
  if (later_cwd.empty()) return false;
  for (const CommandPart& part : earlier.parts) {
    if (part.setup) continue;  // `cd web` goes to a folder, it makes or fills none
    const bool names_it = AnyWord(part.signature.command, [&](std::string_view word) {
      return !word.starts_with('-') && IsIn(later_cwd, FolderOf(part.cwd, word));
    });
    if (names_it) return true;
  }
  return false;
}

// The words of a prompt, lowercased: runs of ASCII letters and digits, and of any non-ASCII
// byte, so that a word in another script is never cut into English-looking pieces.
std::vector<std::string> PromptWords(std::string_view prompt) {
  std::vector<std::string> words;
  std::string word;
  for (char c : prompt) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z')) {
      word += c;
    } else if (c >= 'A' && c <= 'Z') {
      word += static_cast<char>(c - 'A' + 'a');
    } else if (!word.empty()) {
      words.push_back(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

// The kinds in a person's words. Only inflections a request uses: "installed" and "built" say
// what is, not what to do.
constexpr std::array<KindWords, 6> kPromptWords = {{
    {WorkKind::kInstall, "install installs installing reinstall dependencies dependency deps"},
    {WorkKind::kBuild,
     "build builds building rebuild rebuilds rebuilding compile compiles compiling recompile"},
    {WorkKind::kTest, "test tests testing retest spec specs e2e"},
    {WorkKind::kLint, "lint lints linter linters linting"},
    {WorkKind::kTypeCheck, "typecheck typechecks typechecking typechecker types"},
    {WorkKind::kDeploy,
     "deploy deploys deploying deployment redeploy release releases releasing publish publishes "
     "publishing"},
}};

// Phrases that ask to go on while something runs, as word sequences.
constexpr std::array<std::string_view, 6> kMeanwhilePhrases = {
    "meanwhile",    "in the meantime",   "in parallel",
    "concurrently", "in the background", "at the same time"};

// After "while", within a few words: "while that runs", "while the tests run", "while waiting".
constexpr std::string_view kRunningWords =
    "run runs running wait waits waiting builds building installs installing finishes works";
constexpr size_t kWhileReach = 4;

bool StartsPhrase(const std::vector<std::string>& words, size_t at, std::string_view phrase) {
  return !AnyWord(phrase,
                  [&](std::string_view word) { return at >= words.size() || words[at++] != word; });
}

bool AsksToGoOn(const std::vector<std::string>& words) {
  for (size_t i = 0; i < words.size(); ++i) {
    for (std::string_view phrase : kMeanwhilePhrases) {
      if (StartsPhrase(words, i, phrase)) return true;
    }
    if (words[i] != "while") continue;
    for (size_t j = i + 1; j < words.size() && j <= i + kWhileReach; ++j) {
      if (InList(kRunningWords, words[j])) return true;
    }
  }
  return false;
}

}  // namespace

std::string_view WorkKindName(WorkKind kind) {
  const auto index = static_cast<size_t>(kind);
  return index < kNames.size() ? kNames[index] : "other";
}

std::string WorkKindsText(WorkKinds kinds) {
  std::string text;
  for (int i = 0; i < kWorkKindCount; ++i) {
    const auto kind = static_cast<WorkKind>(i);
    if (!kinds.Has(kind)) continue;
    if (!text.empty()) text += ", ";
    text += WorkKindName(kind);
  }
  return text;
}

WorkKind WorkKindOf(const Signature& signature) {
  const std::string_view program = signature.program;
  // The shell's `test -f x` is no test run, and version control builds nothing.
  if (program.empty() || program == "test" || InList(kMovesFiles, program)) {
    return WorkKind::kOther;
  }
  // The family's own words first (`make check` tests, though `make` builds), then the program.
  std::string_view family = signature.family;
  const size_t space = family.find(' ');
  family = space == std::string_view::npos ? std::string_view() : family.substr(space + 1);
  std::optional<WorkKind> kind;
  AnyWord(family, [&](std::string_view word) {
    kind = KindOfFamilyWord(program, word);
    return kind.has_value();
  });
  if (!kind.has_value()) kind = KindOfProgram(program);
  return kind.value_or(WorkKind::kOther);
}

WorkKinds WorkKindsOf(const CommandLine& line) {
  WorkKinds kinds;
  for (const CommandPart& part : line.parts) {
    if (!part.setup) kinds.Add(WorkKindOf(part.signature));
  }
  return kinds;
}

bool MustWaitFor(const CommandLine& earlier, const CommandLine& later) {
  const CommandPart* earlier_part = DominantPart(earlier);
  const CommandPart* later_part = DominantPart(later);
  if (earlier_part == nullptr || later_part == nullptr) return false;
  const std::string_view later_cwd = WithoutTrailingSlash(later_part->cwd);
  if (WorksInFolderNamedBy(earlier, later_cwd)) return true;
  if (WithoutTrailingSlash(earlier_part->cwd) != later_cwd) return false;
  const WorkKinds earlier_kinds = WorkKindsOf(earlier);
  if (earlier_kinds.Has(WorkKind::kInstall)) return true;
  WorkKinds uses_outputs;
  uses_outputs.Add(WorkKind::kBuild);
  uses_outputs.Add(WorkKind::kTest);
  uses_outputs.Add(WorkKind::kDeploy);
  return earlier_kinds.Has(WorkKind::kBuild) && WorkKindsOf(later).Intersects(uses_outputs);
}

PromptWork WorkNamedIn(std::string_view prompt) {
  const std::vector<std::string> words = PromptWords(prompt);
  PromptWork work;
  for (size_t i = 0; i < words.size(); ++i) {
    for (const KindWords& entry : kPromptWords) {
      if (InList(entry.words, words[i])) work.kinds.Add(entry.kind);
    }
    // "type check", "type-check", "type checking".
    if (words[i] == "type" && i + 1 < words.size() &&
        InList("check checks checking checker", words[i + 1])) {
      work.kinds.Add(WorkKind::kTypeCheck);
    }
  }
  work.while_waiting = AsksToGoOn(words);
  return work;
}

}  // namespace bgprof
