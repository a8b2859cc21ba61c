#include "profiler/command/file_changes.h"

#include "profiler/command/word_list.h"

namespace bgprof {
namespace {

// Families that change the working tree, its dependencies or its build configuration.
constexpr std::string_view kChangingFamilies[] = {
    // Version control moving the tree.
    "git checkout", "git switch", "git pull", "git merge", "git rebase", "git reset", "git stash",
    "git apply", "git am", "git cherry-pick", "git revert", "git restore", "git clean", "git mv",
    "git rm", "hg update", "hg pull", "svn update",
    // Files changed in place, copied, moved or removed.
    "patch", "touch", "cp", "mv", "rm", "truncate",
    // Dependencies installed or updated.
    "npm install", "npm ci", "npm uninstall", "npm update", "pnpm install", "pnpm add",
    "pnpm update", "yarn install", "yarn add", "yarn upgrade", "yarn", "bun install", "bun add",
    "pip install", "pip uninstall", "uv sync", "uv pip", "poetry install", "poetry update",
    "bundle install", "bundle update", "cargo update", "go get", "go mod", "composer install",
    "composer update", "mix deps.get"};

// Families that throw a build's outputs away or reconfigure it.
constexpr std::string_view kResettingFamilies[] = {
    "make clean",    "make distclean", "make mrproper", "cargo clean",  "go clean",
    "npm run clean", "gradle clean",   "mvn clean",     "dotnet clean", "configure",
    "autoreconf",    "autogen.sh",     "bootstrap",     "meson setup",  "meson configure"};

// Programs that change a file in place only with their in-place option.
constexpr std::string_view kInPlaceEditors[] = {"sed", "perl", "ruby", "gsed"};

bool EditsInPlace(const Signature& signature) {
  if (!IsOneOf(signature.program, kInPlaceEditors)) return false;
  return AnyWord(signature.command, [](std::string_view word) {
    return word.starts_with("-i") || word == "--in-place" || word.starts_with("--in-place=") ||
           (word.size() > 2 && word[0] == '-' && word[1] != '-' &&
            word.find('i') != std::string_view::npos && word.find('e') == std::string_view::npos);
  });
}

// `cmake -S . -B build` configures; `cmake --build`, `--install` and `-E` do not.
bool ConfiguresWithCmake(const Signature& signature) {
  return signature.family == "cmake" && !signature.facts.asks_help;
}

}  // namespace

bool ChangesFiles(const Signature& signature) {
  return IsOneOf(signature.family, kChangingFamilies) || EditsInPlace(signature) ||
         ResetsBuild(signature);
}

bool ResetsBuild(const Signature& signature) {
  return IsOneOf(signature.family, kResettingFamilies) || ConfiguresWithCmake(signature);
}

namespace {

template <typename Test>
bool AnyPartBefore(const CommandLine& line, size_t index, Test test) {
  for (size_t i = 0; i < index && i < line.parts.size(); ++i) {
    if (!line.parts[i].setup && test(line.parts[i].signature)) return true;
  }
  return false;
}

}  // namespace

bool ChangesFilesBefore(const CommandLine& line, size_t index) {
  return AnyPartBefore(line, index, ChangesFiles);
}

bool ResetsBuildBefore(const CommandLine& line, size_t index) {
  return AnyPartBefore(line, index, ResetsBuild);
}

}  // namespace bgprof
