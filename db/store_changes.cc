// Store: changes to a project's files between runs, so that a build after an edit is not
// predicted from the no-op build before it.
#include <sqlite3.h>

#include "db/command_cap.h"
#include "db/retention.h"
#include "db/statement.h"
#include "db/store.h"

namespace bgprof {

absl::Status Store::RecordChange(const FileChange& change) {
  static constexpr const char* kForget = "DELETE FROM changes WHERE project = ?1 AND at_ms < ?2";
  static constexpr const char* kInsert =
      "INSERT INTO changes(project, at_ms, session, path, tool, resets_build)"
      " VALUES(?1, ?2, ?3, ?4, ?5, ?6)";
  absl::StatusOr<Statement> forget = Prepare(kForget);
  if (!forget.ok()) return forget.status();
  if (forget->BindText(1, change.project)
          .BindInt(2, change.at_ms - kChangesRetentionDays * kMsPerDay)
          .Step() != SQLITE_DONE) {
    return Error("forget old changes");
  }
  absl::StatusOr<Statement> insert = Prepare(kInsert);
  if (!insert.ok()) return insert.status();
  insert->BindText(1, change.project)
      .BindInt(2, change.at_ms)
      .BindText(3, change.session)
      .BindText(4, CappedCommand(change.path))
      .BindText(5, change.tool)
      .BindInt(6, change.resets_build ? 1 : 0);
  if (insert->Step() != SQLITE_DONE) return Error("record change");
  return absl::OkStatus();
}

absl::StatusOr<ChangesAfter> Store::ChangesSince(std::string_view project, int64_t since_ms) {
  // Three index steps (the partial indexes of schema 7), not a count: this runs for every part of
  // every predicted line, and a busy project records hundreds of changes a day.
  static constexpr const char* kSql =
      "SELECT EXISTS(SELECT 1 FROM changes WHERE project = ?1 AND at_ms > ?2),"
      " EXISTS(SELECT 1 FROM changes WHERE project = ?1 AND at_ms > ?2 AND resets_build = 1),"
      " EXISTS(SELECT 1 FROM changes WHERE project = ?1"
      "        AND tool IN ('Edit', 'Write', 'MultiEdit', 'NotebookEdit'))";
  absl::StatusOr<Statement> statement = Prepare(kSql);
  if (!statement.ok()) return statement.status();
  statement->BindText(1, project).BindInt(2, since_ms);
  if (statement->Step() != SQLITE_ROW) return Error("look up changes");
  return ChangesAfter{.edits_followed = statement->Int(2) != 0,
                      .changed = statement->Int(0) != 0,
                      .build_reset = statement->Int(1) != 0};
}

}  // namespace bgprof
