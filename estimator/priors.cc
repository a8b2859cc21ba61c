#include "estimator/priors.h"

#include <array>
#include <cstdint>

#include "absl/container/flat_hash_map.h"

namespace bgprof {
namespace {

struct PriorRule {
  std::string_view name;  // a family ("npm install") or a bare program ("ls")
  Prior prior;
};

constexpr Prior kInstant{.median_ms = 50, .p90_ms = 400};
constexpr Prior kQuick{.median_ms = 300, .p90_ms = 2000};
constexpr Prior kBuild{.median_ms = 30000, .p90_ms = 180000};
constexpr Prior kTestSuite{.median_ms = 20000, .p90_ms = 120000};
constexpr Prior kInstall{.median_ms = 25000, .p90_ms = 120000};

// Looked up families first, then programs. Deliberately short: measured history replaces these
// after a run or two, and a wrong prior that nags is worse than none.
constexpr std::array kRules = {
    PriorRule{"ls", kInstant},
    PriorRule{"cat", kInstant},
    PriorRule{"echo", kInstant},
    PriorRule{"pwd", kInstant},
    PriorRule{"head", kInstant},
    PriorRule{"tail", kInstant},
    PriorRule{"wc", kInstant},
    PriorRule{"mkdir", kInstant},
    PriorRule{"grep", kQuick},
    PriorRule{"rg", kQuick},
    PriorRule{"git status", kQuick},
    PriorRule{"git diff", kQuick},
    PriorRule{"git log", kQuick},
    PriorRule{"git add", kQuick},
    PriorRule{"git show", kQuick},
    PriorRule{"git commit", kQuick},
    PriorRule{"npm install", kInstall},
    PriorRule{"npm ci", kInstall},
    PriorRule{"pip install", kInstall},
    PriorRule{"cargo build", kBuild},
    PriorRule{"cargo test", kTestSuite},
    PriorRule{"make", kBuild},
    PriorRule{"make clean", kQuick},
    PriorRule{"make help", kInstant},
    PriorRule{"docker build", kBuild},
    PriorRule{"go test", kTestSuite},
    PriorRule{"pytest", kTestSuite},
    PriorRule{"npm test", kTestSuite},
    PriorRule{"mvn", kBuild},
    PriorRule{"gradle", kBuild},
    // Filters and local git bookkeeping: quick, so the real work in a compound command weighs
    // more than the `sort` it feeds or the `git stash` around it.
    PriorRule{"sort", kInstant},
    PriorRule{"uniq", kInstant},
    PriorRule{"cut", kInstant},
    PriorRule{"tr", kInstant},
    PriorRule{"awk", kInstant},
    PriorRule{"sed", kInstant},
    PriorRule{"jq", kInstant},
    PriorRule{"tee", kInstant},
    PriorRule{"less", kInstant},
    PriorRule{"column", kInstant},
    PriorRule{"xargs", kInstant},
    PriorRule{"git stash", kQuick},
    PriorRule{"git branch", kQuick},
    PriorRule{"git checkout", kQuick},
    PriorRule{"git switch", kQuick},
    PriorRule{"git rev-parse", kQuick},
    PriorRule{"git ls-files", kQuick},
    PriorRule{"git init", kQuick},
    PriorRule{"git tag", kQuick},
    PriorRule{"git config", kQuick},
    PriorRule{"git restore", kQuick},
    PriorRule{"git reset", kQuick},
};

// FNV-1a, inlined: a few instructions a byte for these short names, where Abseil's hash (built
// for long and chosen keys, and sent through std::hash for std::string_view by Debian's Abseil)
// costs several times more. Every part of every command is looked up.
struct NameHash {
  size_t operator()(std::string_view name) const {
    uint64_t hash = 0xcbf29ce484222325;
    for (char c : name) hash = (hash ^ static_cast<unsigned char>(c)) * 0x100000001b3;
    return static_cast<size_t>(hash ^ (hash >> 32));  // the table's slot and tag use all bits
  }
};

std::optional<Prior> Find(std::string_view name) {
  // Built once per process.
  static const absl::flat_hash_map<std::string_view, Prior, NameHash> kByName = [] {
    absl::flat_hash_map<std::string_view, Prior, NameHash> map;
    for (const PriorRule& rule : kRules) map.emplace(rule.name, rule.prior);
    return map;
  }();
  auto it = kByName.find(name);
  if (it == kByName.end()) return std::nullopt;
  return it->second;
}

}  // namespace

std::optional<Prior> PriorFor(std::string_view family, std::string_view program) {
  if (auto prior = Find(family)) return prior;
  if (program == family) return std::nullopt;  // `pytest`: looked up already
  return Find(program);
}

}  // namespace bgprof
