// Store: what is kept and for how long (db/retention.h). Every rule deletes the oldest rows first
// through an index, at most kPruneRowsPerStep of them per step, so a step's cost does not grow
// with the table. SQLite reuses the pages deletes free, so the file stops growing once every
// table is at its bound; it is not shrunk (that takes a VACUUM, which rewrites the whole file
// under an exclusive lock, no place for a hook).
#include <sqlite3.h>

#include <algorithm>
#include <optional>
#include <string>
#include <tuple>

#include "db/retention.h"
#include "db/statement.h"
#include "db/store.h"

namespace bgprof {
namespace {

// Names of the `retention` table's rows.
constexpr const char* kSamplesPrunedThrough = "samples_pruned_through_ms";
constexpr const char* kSamplesCapBelow = "samples_cap_below_ms";
constexpr const char* kStatsCapBelow = "stats_cap_below_ms";
constexpr const char* kRuntimesCapBelow = "runtimes_cap_below_ms";

// The (cap + 1)-th newest value of an ordered column: rows at or below it are past the cap.
constexpr const char* kSamplesPastCap =
    "SELECT at_ms FROM samples ORDER BY at_ms DESC LIMIT 1 OFFSET ?1";
constexpr const char* kStatsPastCap =
    "SELECT last_seen_ms FROM stats WHERE last_seen_ms > 0 ORDER BY last_seen_ms DESC"
    " LIMIT 1 OFFSET ?1";
constexpr const char* kRuntimesPastCap =
    "SELECT last_seen_ms FROM runtimes ORDER BY last_seen_ms DESC LIMIT 1 OFFSET ?1";

}  // namespace

absl::StatusOr<int64_t> Store::RetentionValue(const char* name) {
  absl::StatusOr<Statement> statement = Prepare("SELECT value FROM retention WHERE name = ?1");
  if (!statement.ok()) return statement.status();
  const int rc = statement->BindText(1, name).Step();
  if (rc == SQLITE_ROW) return statement->Int(0);
  if (rc != SQLITE_DONE) return Error("read retention");
  return 0;
}

absl::Status Store::SetRetentionValue(const char* name, int64_t value) {
  absl::StatusOr<Statement> statement =
      Prepare("INSERT OR REPLACE INTO retention(name, value) VALUES(?1, ?2)");
  if (!statement.ok()) return statement.status();
  if (statement->BindText(1, name).BindInt(2, value).Step() != SQLITE_DONE) {
    return Error("write retention");
  }
  return absl::OkStatus();
}

absl::Status Store::RaiseRetentionValue(const char* name, int64_t value) {
  absl::StatusOr<Statement> statement = Prepare(
      "INSERT INTO retention(name, value) VALUES(?1, ?2)"
      " ON CONFLICT(name) DO UPDATE SET value = max(value, excluded.value)");
  if (!statement.ok()) return statement.status();
  if (statement->BindText(1, name).BindInt(2, value).Step() != SQLITE_DONE) {
    return Error("raise retention");
  }
  return absl::OkStatus();
}

absl::StatusOr<int64_t> Store::CapCutOff(const char* past_cap_sql, int64_t cap) {
  absl::StatusOr<Statement> statement = Prepare(past_cap_sql);
  if (!statement.ok()) return statement.status();
  const int rc = statement->BindInt(1, cap).Step();
  if (rc == SQLITE_ROW) return statement->Int(0) + 1;
  if (rc != SQLITE_DONE) return Error("measure a row cap");
  return 0;
}

absl::StatusOr<std::optional<int64_t>> Store::SamplesPrunedThroughMs() {
  absl::StatusOr<Statement> statement = Prepare("SELECT value FROM retention WHERE name = ?1");
  if (!statement.ok()) return statement.status();
  const int rc = statement->BindText(1, kSamplesPrunedThrough).Step();
  if (rc == SQLITE_ROW) return std::optional<int64_t>(statement->Int(0));
  if (rc != SQLITE_DONE) return Error("read retention");
  return std::optional<int64_t>();
}

absl::StatusOr<Store::PruneCounts> Store::PruneStep(int64_t now_ms, bool measure_caps) {
  if (measure_caps) {
    for (const auto& [name, sql, cap] :
         {std::tuple{kSamplesCapBelow, kSamplesPastCap, kMaxSamples},
          std::tuple{kStatsCapBelow, kStatsPastCap, kMaxStatsRows},
          std::tuple{kRuntimesCapBelow, kRuntimesPastCap, kMaxRuntimesRows}}) {
      absl::StatusOr<int64_t> cut_off = CapCutOff(sql, cap);
      if (!cut_off.ok()) return cut_off.status();
      if (absl::Status status = SetRetentionValue(name, *cut_off); !status.ok()) return status;
    }
  }
  absl::StatusOr<int64_t> samples_cap = RetentionValue(kSamplesCapBelow);
  if (!samples_cap.ok()) return samples_cap.status();
  absl::StatusOr<int64_t> stats_cap = RetentionValue(kStatsCapBelow);
  if (!stats_cap.ok()) return stats_cap.status();
  absl::StatusOr<int64_t> runtimes_cap = RetentionValue(kRuntimesCapBelow);
  if (!runtimes_cap.ok()) return runtimes_cap.status();
  // A row cap never reaches a key that ran in the last days: a prediction may read it now.
  const int64_t recently_run_ms = now_ms - kRecentlyRunDays * kMsPerDay;

  PruneCounts counts;
  // Runs one bounded DELETE (?1: the cut-off, ?2: kPruneRowsPerStep) and counts what it deleted.
  auto prune = [&](const char* sql, int64_t below, int64_t& deleted) -> absl::Status {
    absl::StatusOr<Statement> statement = Prepare(sql);
    if (!statement.ok()) return statement.status();
    if (statement->BindInt(1, below).BindInt(2, kPruneRowsPerStep).Step() != SQLITE_DONE) {
      return Error(std::string("prune: ") + sql);
    }
    deleted = sqlite3_changes(db_);
    return absl::OkStatus();
  };
  {
    // Oldest first by the end of the run: calibrate then knows that every run that ended at or
    // before the newest one pruned is gone, and imports none of them again.
    absl::StatusOr<Statement> statement = Prepare(
        "DELETE FROM samples WHERE id IN"
        " (SELECT id FROM samples WHERE at_ms < ?1 ORDER BY at_ms LIMIT ?2) RETURNING at_ms");
    if (!statement.ok()) return statement.status();
    statement->BindInt(1, std::max(now_ms - kSampleRetentionDays * kMsPerDay, *samples_cap))
        .BindInt(2, kPruneRowsPerStep);
    std::optional<int64_t> newest_pruned_ms;
    int rc;
    while ((rc = statement->Step()) == SQLITE_ROW) {
      ++counts.samples;
      newest_pruned_ms = std::max(newest_pruned_ms.value_or(statement->Int(0)), statement->Int(0));
    }
    if (rc != SQLITE_DONE) return Error("prune samples");
    if (newest_pruned_ms.has_value()) {
      if (absl::Status status = RaiseRetentionValue(kSamplesPrunedThrough, *newest_pruned_ms);
          !status.ok()) {
        return status;
      }
    }
  }
  // Imported statistics (`bgprof import`, last_seen_ms 0) never ran here: no age applies.
  if (absl::Status status = prune(
          "DELETE FROM stats WHERE (level, key, project) IN (SELECT level, key, project FROM stats"
          " WHERE last_seen_ms > 0 AND last_seen_ms < ?1 ORDER BY last_seen_ms LIMIT ?2)",
          std::max(now_ms - kStatsUnusedDays * kMsPerDay, std::min(*stats_cap, recently_run_ms)),
          counts.stats);
      !status.ok()) {
    return status;
  }
  if (absl::Status status = prune(
          "DELETE FROM runtimes WHERE (grouping, key, project) IN (SELECT grouping, key, project"
          " FROM runtimes WHERE last_seen_ms < ?1 ORDER BY last_seen_ms LIMIT ?2)",
          std::max(now_ms - kRuntimesUnusedDays * kMsPerDay,
                   std::min(*runtimes_cap, recently_run_ms)),
          counts.runtimes);
      !status.ok()) {
    return status;
  }
  // Rows are added in time order, so the oldest ids are the oldest rows: a look at the first
  // few, and at the newest id for the cap, costs no index of time.
  static const std::string kTelemetry =
      "DELETE FROM telemetry WHERE id IN (SELECT id FROM telemetry ORDER BY id LIMIT ?2)"
      " AND (at_ms < ?1 OR id <= (SELECT max(id) FROM telemetry) - " +
      std::to_string(kMaxTelemetryRows) + ")";
  if (absl::Status status =
          prune(kTelemetry.c_str(), now_ms - kTelemetryRetentionDays * kMsPerDay, counts.telemetry);
      !status.ok()) {
    return status;
  }
  if (absl::Status status =
          prune("DELETE FROM tasks WHERE (session, task_id) IN (SELECT session, task_id FROM tasks"
                " WHERE started_ms < ?1 ORDER BY started_ms LIMIT ?2)",
                now_ms - kTaskRetentionDays * kMsPerDay, counts.tasks);
      !status.ok()) {
    return status;
  }
  // A project's own changes are forgotten as it records new ones; these are of projects left.
  if (absl::Status status = prune(
          "DELETE FROM changes WHERE rowid IN (SELECT rowid FROM changes ORDER BY rowid LIMIT ?2)"
          " AND at_ms < ?1",
          now_ms - kChangesRetentionDays * kMsPerDay, counts.changes);
      !status.ok()) {
    return status;
  }
  return counts;
}

absl::StatusOr<Store::PruneCounts> Store::PruneIfDue(int64_t now_ms) {
  const int64_t id = sqlite3_last_insert_rowid(db_);
  if (id <= 0 || id % kSamplesPerPruneStep != 0) return PruneCounts{};
  return PruneStep(now_ms, (id / kSamplesPerPruneStep) % kPruneStepsPerCapCheck == 0);
}

absl::StatusOr<Store::PruneCounts> Store::PruneToBounds(int64_t now_ms) {
  PruneCounts total;
  for (bool first = true;; first = false) {
    if (absl::Status status = Begin(); !status.ok()) return status;
    absl::StatusOr<PruneCounts> step = PruneStep(now_ms, first);
    if (!step.ok()) {
      Rollback();
      return step.status();
    }
    if (absl::Status status = Commit(); !status.ok()) {
      Rollback();
      return status;
    }
    total.samples += step->samples;
    total.stats += step->stats;
    total.runtimes += step->runtimes;
    total.telemetry += step->telemetry;
    total.tasks += step->tasks;
    total.changes += step->changes;
    if (step->total() == 0) return total;
  }
}

}  // namespace bgprof
