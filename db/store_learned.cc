// Store: what was learned, dropped (`bgprof forget`) or brought from another machine (`bgprof
// import`).
#include <fnmatch.h>
#include <sqlite3.h>

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "db/statement.h"
#include "db/store.h"

namespace bgprof {
namespace {

// fnmatch(3) rather than SQLite's GLOB: both match the whole string with `*`, `?` and `[...]`,
// but only fnmatch has the shell's `\` escape (GLOB cannot match a literal `*` or `?` but through
// `[*]`) and `[!...]`, so a pattern means what it means in the shell the user types it in. No
// flags: a `*` crosses `/` and a leading `.`, as keys are command text, not file names.
bool GlobMatches(const std::string& glob, const std::string& text) {
  return fnmatch(glob.c_str(), text.c_str(), 0) == 0;
}

// bgprof_glob(pattern, text) in SQL: GlobMatches, so that a DELETE walks the samples once.
void GlobFunction(sqlite3_context* context, int /*argc*/, sqlite3_value** args) {
  const unsigned char* glob = sqlite3_value_text(args[0]);
  const unsigned char* text = sqlite3_value_text(args[1]);
  const bool matches =
      glob != nullptr && text != nullptr &&
      fnmatch(reinterpret_cast<const char*>(glob), reinterpret_cast<const char*>(text), 0) == 0;
  sqlite3_result_int(context, matches ? 1 : 0);
}

// The family a family-level key is kept for: the key less its suffix, if it has one.
std::string FamilyOfKey(const std::string& key, std::span<const std::string_view> suffixes) {
  for (std::string_view suffix : suffixes) {
    if (!suffix.empty() && key.size() > suffix.size() && std::string_view(key).ends_with(suffix)) {
      return key.substr(0, key.size() - suffix.size());
    }
  }
  return key;
}

// "command" for levels "command" and "command:changed".
std::string_view LevelKind(std::string_view level) { return level.substr(0, level.find(':')); }

bool SameStats(const RunStats& a, const RunStats& b) {
  return a.runs == b.runs && a.mean_log_ms == b.mean_log_ms && a.var_log == b.var_log &&
         a.last_ms == b.last_ms && a.last_seen_ms == b.last_seen_ms &&
         a.outlier_side == b.outlier_side && a.lower_bounds == b.lower_bounds &&
         a.recent_ms == b.recent_ms;
}

}  // namespace

absl::StatusOr<Store::ForgetCounts> Store::Forget(
    std::string_view glob, std::span<const std::string_view> family_key_suffixes, bool dry_run) {
  static constexpr const char* kMatchingSamples =
      "SELECT family, signature, program, count(*) FROM samples"
      " WHERE bgprof_glob(?1, family) OR bgprof_glob(?1, signature)"
      " GROUP BY family, signature, program";
  static constexpr const char* kLearnedRows =
      "SELECT level, key, count(*) FROM stats"
      " WHERE level IN ('command', 'family') OR level GLOB 'command:*' OR level GLOB 'family:*'"
      " GROUP BY level, key";
  static constexpr const char* kDropSamples =
      "DELETE FROM samples WHERE bgprof_glob(?1, family) OR bgprof_glob(?1, signature)";
  static constexpr const char* kDropRows = "DELETE FROM stats WHERE level = ?1 AND key = ?2";
  // `bgprof top`'s runtimes follow the same rule as the statistics.
  static constexpr const char* kDropFamilyRuntimes =
      "DELETE FROM runtimes WHERE grouping = 'family' AND bgprof_glob(?1, key)";
  static constexpr const char* kDropCommandRuntimes =
      "DELETE FROM runtimes WHERE grouping = 'command' AND key = ?1";

  if (sqlite3_create_function_v2(db_, "bgprof_glob", 2,
                                 SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_DIRECTONLY, nullptr,
                                 &GlobFunction, nullptr, nullptr, nullptr) != SQLITE_OK) {
    return Error("register bgprof_glob");
  }
  const std::string pattern(glob);
  // A dry run only reads, in one snapshot, and does not hold up the hooks' writes.
  std::optional<ReadScope> snapshot;
  if (dry_run) {
    snapshot.emplace(*this);
  } else if (absl::Status status = Begin(); !status.ok()) {
    return status;
  }
  auto fail = [&](const std::string& what) -> absl::Status {
    absl::Status status = Error(what);
    if (!dry_run) Rollback();
    return status;
  };

  ForgetCounts counts;
  std::map<std::string, int64_t> per_family;
  std::set<std::string> commands, programs;
  {
    absl::StatusOr<Statement> statement = Prepare(kMatchingSamples);
    if (!statement.ok()) return fail("prepare");
    statement->BindText(1, pattern);
    int rc;
    while ((rc = statement->Step()) == SQLITE_ROW) {
      const int64_t samples = statement->Int(3);
      per_family[statement->Text(0)] += samples;
      commands.insert(statement->Text(1));
      programs.insert(statement->Text(2));
      counts.samples += samples;
    }
    if (rc != SQLITE_DONE) return fail("read matching samples");
  }

  // A command's statistics hold the runs of its samples, so they go with them even when only
  // the family matched; a family's hold other commands' runs too, so they go only when it matches.
  std::vector<std::pair<std::string, std::string>> rows;
  {
    absl::StatusOr<Statement> statement = Prepare(kLearnedRows);
    if (!statement.ok()) return fail("prepare");
    int rc;
    while ((rc = statement->Step()) == SQLITE_ROW) {
      std::string level = statement->Text(0), key = statement->Text(1);
      bool matches = false;
      if (LevelKind(level) == "command") {
        matches = commands.contains(key) || GlobMatches(pattern, key);
      } else {
        const std::string family = FamilyOfKey(key, family_key_suffixes);
        matches = GlobMatches(pattern, key) || GlobMatches(pattern, family);
        if (matches) per_family.try_emplace(family, 0);
      }
      if (!matches) continue;
      counts.stats_rows += statement->Int(2);
      rows.emplace_back(std::move(level), std::move(key));
    }
    if (rc != SQLITE_DONE) return fail("read learned statistics");
  }

  counts.samples_per_family.assign(per_family.begin(), per_family.end());
  std::stable_sort(counts.samples_per_family.begin(), counts.samples_per_family.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  counts.programs_kept.assign(programs.begin(), programs.end());
  if (dry_run) return counts;

  {
    absl::StatusOr<Statement> statement = Prepare(kDropSamples);
    if (!statement.ok()) return fail("prepare");
    if (statement->BindText(1, pattern).Step() != SQLITE_DONE) return fail("forget samples");
  }
  for (const auto& [level, key] : rows) {
    absl::StatusOr<Statement> statement = Prepare(kDropRows);
    if (!statement.ok()) return fail("prepare");
    if (statement->BindText(1, level).BindText(2, key).Step() != SQLITE_DONE) {
      return fail("forget statistics");
    }
  }
  {
    absl::StatusOr<Statement> statement = Prepare(kDropFamilyRuntimes);
    if (!statement.ok()) return fail("prepare");
    if (statement->BindText(1, pattern).Step() != SQLITE_DONE) return fail("forget runtimes");
  }
  for (const std::string& command : commands) {
    absl::StatusOr<Statement> statement = Prepare(kDropCommandRuntimes);
    if (!statement.ok()) return fail("prepare");
    if (statement->BindText(1, command).Step() != SQLITE_DONE) return fail("forget runtimes");
  }
  if (absl::Status status = Commit(); !status.ok()) {
    Rollback();
    return status;
  }
  return counts;
}

absl::StatusOr<Store::ImportCounts> Store::ImportStats(std::span<const ImportedStats> rows) {
  if (absl::Status status = Begin(); !status.ok()) return status;
  ImportCounts counts;
  for (const ImportedStats& row : rows) {
    const StatsKey key{row.level, row.key, ""};
    absl::StatusOr<RunStats> here = LoadStats(key);
    if (!here.ok()) {
      Rollback();
      return here.status();
    }
    // Runs of this machine: its own hardware and projects say more than a teammate's.
    if (here->runs > 0 && here->last_seen_ms != 0) {
      ++counts.kept;
      continue;
    }
    RunStats imported = row.stats;
    imported.last_seen_ms = 0;
    if (here->runs == 0) {
      ++counts.added;
    } else if (SameStats(*here, imported)) {
      ++counts.unchanged;
      continue;
    } else {
      ++counts.refreshed;
    }
    if (absl::Status status = SaveStats(key, imported); !status.ok()) {
      Rollback();
      return status;
    }
  }
  if (absl::Status status = Commit(); !status.ok()) {
    Rollback();
    return status;
  }
  return counts;
}

}  // namespace bgprof
