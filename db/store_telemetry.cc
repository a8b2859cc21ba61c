// Store: telemetry, a row for each thing bgprof did and for what came of it (`bgprof stats`).
#include <sqlite3.h>

#include "absl/strings/str_cat.h"
#include "db/statement.h"
#include "db/store.h"

namespace bgprof {
namespace {

constexpr const char* kTelemetryColumns =
    "at_ms, session, project, kind, family, signature, tool_use_id, task_id, ms, answers";

}  // namespace

std::string_view TelemetryKindName(TelemetryKind kind) {
  switch (kind) {
    case TelemetryKind::kSuggested:
      return "suggested";
    case TelemetryKind::kMoved:
      return "moved";
    case TelemetryKind::kDenied:
      return "denied";
    case TelemetryKind::kCapped:
      return "capped";
    case TelemetryKind::kWaitsFor:
      return "waits_for";
    case TelemetryKind::kFollowed:
      return "followed";
    case TelemetryKind::kIgnored:
      return "ignored";
    case TelemetryKind::kEarlyPoll:
      return "early_poll";
    case TelemetryKind::kUnread:
      return "unread";
    case TelemetryKind::kRunningAtStop:
      break;
  }
  return "running_at_stop";
}

absl::Status Store::AddTelemetry(const TelemetryRow& row) {
  static constexpr const char* kSql =
      "INSERT INTO telemetry(at_ms, session, project, kind, family, signature, tool_use_id,"
      " task_id, ms, answers) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
  absl::StatusOr<Statement> statement = Prepare(kSql);
  if (!statement.ok()) return statement.status();
  statement->BindInt(1, row.at_ms)
      .BindText(2, row.session)
      .BindText(3, row.project)
      .BindText(4, TelemetryKindName(row.kind))
      .BindText(5, row.family)
      .BindText(6, row.signature)
      .BindText(7, row.tool_use_id)
      .BindText(8, row.task_id)
      .BindInt(9, row.ms)
      .BindText(10, row.answers);
  if (statement->Step() != SQLITE_DONE) return Error("add telemetry");
  return absl::OkStatus();
}

absl::StatusOr<std::vector<TelemetryRow>> Store::ReadTelemetry(Statement& statement) {
  std::vector<TelemetryRow> rows;
  int rc;
  while ((rc = statement.Step()) == SQLITE_ROW) {
    TelemetryRow row{.at_ms = statement.Int(0),
                     .session = statement.Text(1),
                     .project = statement.Text(2),
                     .family = statement.Text(4),
                     .signature = statement.Text(5),
                     .tool_use_id = statement.Text(6),
                     .task_id = statement.Text(7),
                     .ms = statement.OptionalInt(8),
                     .answers = statement.Text(9)};
    // A newer bgprof's kinds are skipped.
    if (std::optional<TelemetryKind> kind =
            FromName(statement.Text(3), kTelemetryKinds, TelemetryKindName)) {
      row.kind = *kind;
      rows.push_back(std::move(row));
    }
  }
  if (rc != SQLITE_DONE) return Error("read telemetry");
  return rows;
}

absl::StatusOr<std::optional<TelemetryRow>> Store::UnansweredAdvice(std::string_view session,
                                                                    std::string_view signature,
                                                                    std::string_view tool_use_id) {
  // Only the newest advice is looked at, and only it is checked for an answer: a NOT EXISTS on
  // every advice row before the sort cost O(n^2) in a session that ran the command n times.
  static const std::string kSql =
      absl::StrCat("SELECT advice.* FROM (SELECT ", kTelemetryColumns,
                   " FROM telemetry WHERE session = ?1 AND signature = ?2"
                   " AND kind IN ('suggested', 'denied') AND tool_use_id != ?3"
                   " ORDER BY at_ms DESC, id DESC LIMIT 1) AS advice"
                   " WHERE NOT EXISTS (SELECT 1 FROM telemetry AS answer WHERE answer.session = ?1"
                   " AND answer.signature = ?2 AND answer.answers = advice.tool_use_id)");
  absl::StatusOr<Statement> statement = Prepare(kSql.c_str());
  if (!statement.ok()) return statement.status();
  statement->BindText(1, session).BindText(2, signature).BindText(3, tool_use_id);
  absl::StatusOr<std::vector<TelemetryRow>> rows = ReadTelemetry(*statement);
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return std::optional<TelemetryRow>();
  return std::optional<TelemetryRow>(std::move(rows->front()));
}

absl::StatusOr<bool> Store::HasTelemetrySince(std::string_view session, TelemetryKind kind,
                                              int64_t since_ms) {
  static constexpr const char* kSql =
      "SELECT 1 FROM telemetry WHERE session = ?1 AND kind = ?2 AND at_ms >= ?3 LIMIT 1";
  absl::StatusOr<Statement> statement = Prepare(kSql);
  if (!statement.ok()) return statement.status();
  statement->BindText(1, session).BindText(2, TelemetryKindName(kind)).BindInt(3, since_ms);
  const int rc = statement->Step();
  if (rc == SQLITE_ROW) return true;
  if (rc != SQLITE_DONE) return Error("read telemetry");
  return false;
}

absl::StatusOr<std::vector<TelemetryRow>> Store::TelemetrySince(int64_t since_ms,
                                                                std::string_view project) {
  static const std::string kSql =
      absl::StrCat("SELECT ", kTelemetryColumns,
                   " FROM telemetry WHERE at_ms >= ?1 AND (?2 = '' OR project = ?2) ORDER BY id");
  absl::StatusOr<Statement> statement = Prepare(kSql.c_str());
  if (!statement.ok()) return statement.status();
  statement->BindInt(1, since_ms).BindText(2, project);
  return ReadTelemetry(*statement);
}

}  // namespace bgprof
