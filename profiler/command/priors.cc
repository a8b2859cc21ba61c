#include "profiler/command/priors.h"

#include <charconv>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "profiler/command/name_hash.h"

namespace bgprof {
namespace {

// "300ms", "2s", "1.5min", "1h" in milliseconds.
std::optional<double> ParseDuration(std::string_view text) {
  double value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || value < 0) return std::nullopt;
  const std::string_view unit(end, static_cast<size_t>(text.data() + text.size() - end));
  if (unit == "ms") return value;
  if (unit == "s") return value * 1000;
  if (unit == "min") return value * 60'000;
  if (unit == "h") return value * 3'600'000;
  return std::nullopt;
}

// The words of a line, split at blanks.
std::vector<std::string_view> Words(std::string_view line) {
  std::vector<std::string_view> words;
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    const size_t start = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t') ++i;
    if (i > start) words.push_back(line.substr(start, i - start));
  }
  return words;
}

// The compiled-in rules, parsed once per process. The text is tested to parse; were it broken
// anyway, bgprof would run without priors rather than stop.
const std::vector<PriorRule>& BuiltInRules() {
  static const std::vector<PriorRule> kRules = [] {
    absl::StatusOr<std::vector<PriorRule>> rules = ParsePriors(BuiltInPriorsText());
    return rules.ok() ? *std::move(rules) : std::vector<PriorRule>();
  }();
  return kRules;
}

std::optional<Prior> Find(std::string_view name) {
  // Keyed by views of BuiltInRules()' names, which live as long as the process.
  static const absl::flat_hash_map<std::string_view, Prior, NameHash> kByName = [] {
    absl::flat_hash_map<std::string_view, Prior, NameHash> map;
    for (const PriorRule& rule : BuiltInRules()) map.emplace(rule.name, rule.prior);
    return map;
  }();
  auto it = kByName.find(name);
  if (it == kByName.end()) return std::nullopt;
  return it->second;
}

}  // namespace

absl::StatusOr<std::vector<PriorRule>> ParsePriors(std::string_view text) {
  std::vector<PriorRule> rules;
  int number = 0;
  for (size_t start = 0; start < text.size();) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    ++number;
    line = line.substr(0, line.find('#'));
    const std::vector<std::string_view> words = Words(line);
    if (words.empty()) continue;
    const std::string where = "priors line " + std::to_string(number);
    if (words.size() < 3) {
      return absl::InvalidArgumentError(where + ": want a name, a median and a p90");
    }
    const std::optional<double> median = ParseDuration(words[words.size() - 2]);
    const std::optional<double> p90 = ParseDuration(words.back());
    if (!median.has_value() || !p90.has_value()) {
      return absl::InvalidArgumentError(where + ": durations need a unit: ms, s, min or h");
    }
    if (*p90 < *median) return absl::InvalidArgumentError(where + ": p90 below the median");
    std::string name(words[0]);
    for (size_t i = 1; i + 2 < words.size(); ++i) {
      name += ' ';
      name += words[i];
    }
    rules.push_back(PriorRule{.name = std::move(name), .prior = {*median, *p90}});
  }
  return rules;
}

std::optional<Prior> PriorFor(std::string_view family, std::string_view program) {
  if (auto prior = Find(family)) return prior;
  if (program == family) return std::nullopt;  // `pytest`: looked up already
  return Find(program);
}

}  // namespace bgprof
