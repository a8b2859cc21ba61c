#include "profiler/cli/shared_priors.h"

#include <algorithm>
#include <cmath>
#include <set>

#include <nlohmann/json.hpp>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "profiler/command/redact.h"

namespace bgprof {
namespace {

using nlohmann::json;

// Bounds of what a file may hold: far beyond any real statistics, near enough to refuse garbage
// before it reaches the model (e^30 ms is about 340 years).
constexpr size_t kMaxKeyBytes = 300;
constexpr int64_t kMaxRuns = 1'000'000'000;
constexpr double kMaxMeanLogMs = 30;
constexpr double kMaxVarLog = 50;
constexpr int64_t kMaxRunMs = 10'000'000'000'000;

bool IsPathWord(std::string_view word) {
  if (word.starts_with('~')) return true;
  if (word.starts_with("./")) word.remove_prefix(2);
  return word.find('/') != std::string_view::npos;
}

std::string Dump(const json& value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

// Fields in the order a reader looks for them (ordered_json keeps it).
std::string EntryText(const KeyedStats& entry) {
  const nlohmann::ordered_json fields = {{"key", entry.key},
                                         {"runs", entry.stats.runs},
                                         {"mean_log_ms", entry.stats.mean_log_ms},
                                         {"var_log", entry.stats.var_log},
                                         {"recent_ms", entry.stats.recent_ms},
                                         {"lower_bounds", entry.stats.lower_bounds}};
  return fields.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string SectionText(std::string_view name, std::vector<KeyedStats> entries) {
  std::sort(entries.begin(), entries.end(),
            [](const KeyedStats& a, const KeyedStats& b) { return a.key < b.key; });
  std::string text = "  \"" + std::string(name) + "\": [";
  for (size_t i = 0; i < entries.size(); ++i) {
    text += (i == 0 ? "\n    " : ",\n    ") + EntryText(entries[i]);
  }
  return text + (entries.empty() ? "]" : "\n  ]");
}

absl::Status Invalid(const std::string& where, const std::string& what) {
  return absl::InvalidArgumentError(where + " " + what);
}

// The integer at `entry[field]` within [low, high].
absl::StatusOr<int64_t> WholeNumber(const json& entry, const std::string& where, const char* field,
                                    int64_t low, int64_t high) {
  const auto found = entry.find(field);
  if (found == entry.end() || !found->is_number_integer() ||
      (found->is_number_unsigned() && found->get<uint64_t>() > static_cast<uint64_t>(high)) ||
      found->get<int64_t>() < low || found->get<int64_t>() > high) {
    return Invalid(where + "." + field, "must be a whole number from " + std::to_string(low) +
                                            " to " + std::to_string(high));
  }
  return found->get<int64_t>();
}

absl::StatusOr<double> RealNumber(const json& entry, const std::string& where, const char* field,
                                  double high) {
  const auto found = entry.find(field);
  if (found == entry.end() || !found->is_number() || !std::isfinite(found->get<double>()) ||
      found->get<double>() < 0 || found->get<double>() > high) {
    return Invalid(where + "." + field, absl::StrCat("must be a number from 0 to ", high));
  }
  return found->get<double>();
}

absl::StatusOr<std::string> KeyOf(const json& entry, const std::string& where) {
  const auto found = entry.find("key");
  if (found == entry.end() || !found->is_string() || found->get<std::string>().empty() ||
      found->get<std::string>().size() > kMaxKeyBytes) {
    return Invalid(where + ".key",
                   "must be a string of 1 to " + std::to_string(kMaxKeyBytes) + " bytes");
  }
  const std::string key = found->get<std::string>();
  if (std::any_of(key.begin(), key.end(),
                  [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; })) {
    return Invalid(where + ".key", "holds a control character");
  }
  switch (ShareProblem(key)) {
    case KeyProblem::kPath:
      return Invalid(where + ".key", Dump(key) + " names a path, which bgprof never shares");
    case KeyProblem::kSecret:
      return Invalid(where + ".key", Dump(key) + " holds a secret, which bgprof never shares");
    case KeyProblem::kNone:
      break;
  }
  return key;
}

absl::StatusOr<KeyedStats> ParseEntry(const json& entry, const std::string& where) {
  if (!entry.is_object()) return Invalid(where, "must be an object");
  absl::StatusOr<std::string> key = KeyOf(entry, where);
  if (!key.ok()) return key.status();
  absl::StatusOr<int64_t> runs = WholeNumber(entry, where, "runs", 1, kMaxRuns);
  if (!runs.ok()) return runs.status();
  absl::StatusOr<double> mean = RealNumber(entry, where, "mean_log_ms", kMaxMeanLogMs);
  if (!mean.ok()) return mean.status();
  absl::StatusOr<double> var = RealNumber(entry, where, "var_log", kMaxVarLog);
  if (!var.ok()) return var.status();
  absl::StatusOr<int64_t> lower_bounds = WholeNumber(entry, where, "lower_bounds", 0, *runs);
  if (!lower_bounds.ok()) return lower_bounds.status();
  const auto recent = entry.find("recent_ms");
  if (recent == entry.end() || !recent->is_array() || recent->size() > kRecentRuns) {
    return Invalid(where + ".recent_ms",
                   "must be a list of at most " + std::to_string(kRecentRuns) + " runs");
  }
  RunStats stats{
      .runs = *runs, .mean_log_ms = *mean, .var_log = *var, .lower_bounds = *lower_bounds};
  for (size_t i = 0; i < recent->size(); ++i) {
    const json& run = (*recent)[i];
    if (!run.is_number_integer() || run.get<int64_t>() < 0 || run.get<int64_t>() > kMaxRunMs ||
        (run.is_number_unsigned() && run.get<uint64_t>() > static_cast<uint64_t>(kMaxRunMs))) {
      return Invalid(where + ".recent_ms[" + std::to_string(i) + "]",
                     "must be a whole number of ms from 0 to " + std::to_string(kMaxRunMs));
    }
    stats.recent_ms.push_back(run.get<int64_t>());
  }
  // What ObserveRun would have left: the newest run, and no outlier pending.
  stats.last_ms =
      stats.recent_ms.empty() ? std::llround(std::exp(stats.mean_log_ms)) : stats.recent_ms.back();
  return KeyedStats{.key = *std::move(key), .stats = std::move(stats)};
}

absl::StatusOr<std::vector<KeyedStats>> ParseSection(const json& file, const char* name) {
  const auto section = file.find(name);
  if (section == file.end() || !section->is_array()) {
    return Invalid(std::string("\"") + name + "\"", "must be a list");
  }
  std::vector<KeyedStats> entries;
  std::set<std::string> keys;
  for (size_t i = 0; i < section->size(); ++i) {
    const std::string where = std::string(name) + "[" + std::to_string(i) + "]";
    absl::StatusOr<KeyedStats> entry = ParseEntry((*section)[i], where);
    if (!entry.ok()) return entry.status();
    if (!keys.insert(entry->key).second) {
      return Invalid(where + ".key", Dump(entry->key) + " appears twice");
    }
    entries.push_back(*std::move(entry));
  }
  return entries;
}

}  // namespace

KeyProblem ShareProblem(std::string_view key) {
  size_t start = 0;
  while (start < key.size()) {
    size_t end = key.find_first_of(" \t", start);
    if (end == std::string_view::npos) end = key.size();
    if (end > start && IsPathWord(key.substr(start, end - start))) return KeyProblem::kPath;
    start = end + 1;
  }
  return RedactSecrets(key) == key ? KeyProblem::kNone : KeyProblem::kSecret;
}

LeftOut KeepShareable(SharedPriors& priors) {
  LeftOut left_out;
  auto leaves_out = [&](const KeyedStats& entry) {
    if (entry.stats.runs <= 0) return true;
    switch (ShareProblem(entry.key)) {
      case KeyProblem::kPath:
        ++left_out.paths;
        return true;
      case KeyProblem::kSecret:
        ++left_out.secrets;
        return true;
      case KeyProblem::kNone:
        break;
    }
    return false;
  };
  for (std::vector<KeyedStats>* entries : {&priors.families, &priors.programs}) {
    entries->erase(std::remove_if(entries->begin(), entries->end(), leaves_out), entries->end());
  }
  return left_out;
}

std::string SharedPriorsText(const SharedPriors& priors) {
  return "{\n  \"bgprof_export\": " + std::to_string(kSharedPriorsVersion) + ",\n" +
         SectionText("families", priors.families) + ",\n" +
         SectionText("programs", priors.programs) + "\n}\n";
}

absl::StatusOr<SharedPriors> ParseSharedPriors(std::string_view text) {
  json file;
  try {
    file = json::parse(text);
  } catch (const json::parse_error& error) {
    return absl::InvalidArgumentError("not JSON (byte " + std::to_string(error.byte) + ")");
  }
  const auto version = file.is_object() ? file.find("bgprof_export") : file.end();
  if (version == file.end() || !version->is_number_integer()) {
    return absl::InvalidArgumentError("not a bgprof export (no \"bgprof_export\" version)");
  }
  if (version->get<int64_t>() != kSharedPriorsVersion) {
    return absl::InvalidArgumentError("a bgprof export of version " + Dump(*version) +
                                      "; this bgprof reads version " +
                                      std::to_string(kSharedPriorsVersion));
  }
  absl::StatusOr<std::vector<KeyedStats>> families = ParseSection(file, "families");
  if (!families.ok()) return families.status();
  absl::StatusOr<std::vector<KeyedStats>> programs = ParseSection(file, "programs");
  if (!programs.ok()) return programs.status();
  return SharedPriors{.families = *std::move(families), .programs = *std::move(programs)};
}

}  // namespace bgprof
