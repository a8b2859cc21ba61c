// Store: the background tasks of each session, from launch to end (see Task in store.h).
#include <sqlite3.h>

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "db/command_cap.h"
#include "db/statement.h"
#include "db/store.h"

namespace bgprof {
namespace {

// What ReadTasks reads, in its order.
constexpr const char* kTaskColumns =
    "session, task_id, tool_use_id, project, command, family, started_ms, predicted_ms, p90_ms,"
    " runs, origin, ended_ms, output_file, ended_by, runtime_ms, runtime_bound, exit_code, polls,"
    " early_polls, waited_ms, read_ms, last_activity_ms, reminded";

}  // namespace

std::string_view TaskOriginName(TaskOrigin origin) {
  switch (origin) {
    case TaskOrigin::kAsked:
      return "asked";
    case TaskOrigin::kMoved:
      return "moved";
    case TaskOrigin::kUser:
      return "user";
    case TaskOrigin::kTimeout:
      break;
  }
  return "timeout";
}

std::string_view TaskEndName(TaskEnd end) {
  switch (end) {
    case TaskEnd::kRunning:
      return "";
    case TaskEnd::kNotified:
      return "notified";
    case TaskEnd::kPolled:
      return "polled";
    case TaskEnd::kStopped:
      return "stopped";
    case TaskEnd::kVanished:
      return "vanished";
    case TaskEnd::kSessionEnded:
      return "session_ended";
    case TaskEnd::kAbandoned:
      break;
  }
  return "abandoned";
}

absl::Status Store::OpenTask(const Task& task) {
  static constexpr const char* kAbandon =
      "UPDATE tasks SET ended_by = 'abandoned', ended_ms = ?1"
      " WHERE ended_ms IS NULL AND max(started_ms, last_activity_ms) < ?2";
  static constexpr const char* kSql =
      "INSERT OR REPLACE INTO tasks(session, task_id, tool_use_id, project, command, family,"
      " started_ms, predicted_ms, p90_ms, runs, origin, ended_ms, output_file, last_activity_ms)"
      " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)";
  absl::StatusOr<Statement> abandon = Prepare(kAbandon);
  if (!abandon.ok()) return abandon.status();
  const int64_t now_ms = std::max(task.started_ms, task.last_activity_ms);
  if (abandon->BindInt(1, now_ms).BindInt(2, now_ms - kTaskAbandonedAfterMs).Step() !=
      SQLITE_DONE) {
    return Error("abandon old tasks");
  }
  absl::StatusOr<Statement> statement = Prepare(kSql);
  if (!statement.ok()) return statement.status();
  statement->BindText(1, task.session)
      .BindText(2, task.task_id)
      .BindText(3, task.tool_use_id)
      .BindText(4, task.project)
      .BindText(5, CappedCommand(task.command))
      .BindText(6, task.family)
      .BindInt(7, task.started_ms)
      .BindInt(8, task.predicted_ms)
      .BindInt(9, task.p90_ms)
      .BindInt(10, task.runs)
      .BindText(11, TaskOriginName(task.origin))
      .BindInt(12, task.ended_ms)
      .BindText(13, task.output_file)
      .BindInt(14, task.last_activity_ms);
  if (statement->Step() != SQLITE_DONE) return Error("open task");
  return absl::OkStatus();
}

absl::StatusOr<std::vector<Task>> Store::ReadTasks(Statement& statement) {
  std::vector<Task> tasks;
  int rc;
  while ((rc = statement.Step()) == SQLITE_ROW) {
    tasks.push_back(Task{
        .session = statement.Text(0),
        .task_id = statement.Text(1),
        .tool_use_id = statement.Text(2),
        .project = statement.Text(3),
        .command = statement.Text(4),
        .family = statement.Text(5),
        .started_ms = statement.Int(6),
        .predicted_ms = statement.OptionalInt(7),
        .p90_ms = statement.OptionalInt(8),
        .runs = statement.Int(9),
        .origin =
            FromName(statement.Text(10), kOrigins, TaskOriginName).value_or(TaskOrigin::kAsked),
        .ended_ms = statement.OptionalInt(11),
        .output_file = statement.Text(12),
        .end = FromName(statement.Text(13), kEnds, TaskEndName).value_or(TaskEnd::kAbandoned),
        .runtime_ms = statement.OptionalInt(14),
        .runtime_bound =
            FromName(statement.Text(15), kBounds, RuntimeBoundName).value_or(RuntimeBound::kNone),
        .exit_code = statement.OptionalInt(16),
        .polls = statement.Int(17),
        .early_polls = statement.Int(18),
        .waited_ms = statement.Int(19),
        .read_ms = statement.OptionalInt(20),
        .last_activity_ms = statement.Int(21),
        .reminded = statement.Text(22)});
    // A row of schema 4 has no ended_by: it ended somehow, or still runs.
    if (tasks.back().ended_ms.has_value() && tasks.back().end == TaskEnd::kRunning) {
      tasks.back().end = TaskEnd::kAbandoned;
    }
  }
  if (rc != SQLITE_DONE) return Error("read tasks");
  return tasks;
}

absl::StatusOr<std::optional<Task>> Store::FindTask(std::string_view session,
                                                    std::string_view task_id) {
  static const std::string kSql =
      absl::StrCat("SELECT ", kTaskColumns, " FROM tasks WHERE session = ?1 AND task_id = ?2");
  absl::StatusOr<Statement> statement = Prepare(kSql.c_str());
  if (!statement.ok()) return statement.status();
  statement->BindText(1, session).BindText(2, task_id);
  absl::StatusOr<std::vector<Task>> tasks = ReadTasks(*statement);
  if (!tasks.ok()) return tasks.status();
  if (tasks->empty()) return std::optional<Task>();
  return std::optional<Task>(std::move(tasks->front()));
}

absl::StatusOr<std::vector<Task>> Store::RunningTasks(std::string_view session, int64_t now_ms) {
  static const std::string kSql =
      absl::StrCat("SELECT ", kTaskColumns,
                   " FROM tasks WHERE session = ?1 AND ended_ms IS NULL"
                   " AND max(started_ms, last_activity_ms) >= ?2 ORDER BY started_ms");
  absl::StatusOr<Statement> statement = Prepare(kSql.c_str());
  if (!statement.ok()) return statement.status();
  statement->BindText(1, session).BindInt(2, now_ms - kTaskAbandonedAfterMs);
  return ReadTasks(*statement);
}

absl::StatusOr<std::vector<Task>> Store::UnreadTasks(std::string_view session) {
  static const std::string kSql =
      absl::StrCat("SELECT ", kTaskColumns,
                   " FROM tasks WHERE session = ?1 AND ended_ms IS NOT NULL AND read_ms IS NULL"
                   " AND ended_by IN ('polled', 'vanished', 'notified') ORDER BY started_ms");
  absl::StatusOr<Statement> statement = Prepare(kSql.c_str());
  if (!statement.ok()) return statement.status();
  statement->BindText(1, session);
  return ReadTasks(*statement);
}

absl::StatusOr<bool> Store::CloseTask(std::string_view session, std::string_view task_id,
                                      const TaskClosing& closing) {
  static constexpr const char* kSql =
      "UPDATE tasks SET ended_ms = ?3, ended_by = ?4, runtime_ms = ?5, runtime_bound = ?6,"
      " exit_code = ?7"
      " WHERE session = ?1 AND task_id = ?2 AND ended_ms IS NULL";
  absl::StatusOr<Statement> statement = Prepare(kSql);
  if (!statement.ok()) return statement.status();
  statement->BindText(1, session)
      .BindText(2, task_id)
      .BindInt(3, closing.at_ms)
      .BindText(4, TaskEndName(closing.end))
      .BindInt(5, closing.runtime_ms)
      .BindText(6, RuntimeBoundName(closing.runtime_bound))
      .BindInt(7, closing.exit_code);
  if (statement->Step() != SQLITE_DONE) return Error("close task");
  return sqlite3_changes(db_) > 0;
}

absl::Status Store::SetTaskOutputFile(std::string_view session, std::string_view task_id,
                                      std::string_view output_file) {
  static constexpr const char* kSql =
      "UPDATE tasks SET output_file = ?3 WHERE session = ?1 AND task_id = ?2";
  absl::StatusOr<Statement> statement = Prepare(kSql);
  if (!statement.ok()) return statement.status();
  if (statement->BindText(1, session).BindText(2, task_id).BindText(3, output_file).Step() !=
      SQLITE_DONE) {
    return Error("set task output file");
  }
  return absl::OkStatus();
}

absl::Status Store::NoteTaskPoll(std::string_view session, std::string_view task_id, bool early,
                                 int64_t waited_ms) {
  static constexpr const char* kSql =
      "UPDATE tasks SET polls = polls + 1, early_polls = early_polls + ?3,"
      " waited_ms = waited_ms + ?4 WHERE session = ?1 AND task_id = ?2";
  absl::StatusOr<Statement> statement = Prepare(kSql);
  if (!statement.ok()) return statement.status();
  if (statement->BindText(1, session)
          .BindText(2, task_id)
          .BindInt(3, early ? 1 : 0)
          .BindInt(4, waited_ms)
          .Step() != SQLITE_DONE) {
    return Error("note task poll");
  }
  return absl::OkStatus();
}

absl::Status Store::NoteTaskRead(std::string_view session, std::string_view task_id,
                                 int64_t now_ms) {
  static constexpr const char* kSql =
      "UPDATE tasks SET read_ms = ?3 WHERE session = ?1 AND task_id = ?2 AND read_ms IS NULL";
  absl::StatusOr<Statement> statement = Prepare(kSql);
  if (!statement.ok()) return statement.status();
  if (statement->BindText(1, session).BindText(2, task_id).BindInt(3, now_ms).Step() !=
      SQLITE_DONE) {
    return Error("note task read");
  }
  return absl::OkStatus();
}

absl::Status Store::NoteSessionActivity(std::string_view session, int64_t now_ms) {
  static constexpr const char* kSql =
      "UPDATE tasks SET last_activity_ms = ?2 WHERE session = ?1 AND ended_ms IS NULL";
  absl::StatusOr<Statement> statement = Prepare(kSql);
  if (!statement.ok()) return statement.status();
  if (statement->BindText(1, session).BindInt(2, now_ms).Step() != SQLITE_DONE) {
    return Error("note session activity");
  }
  return absl::OkStatus();
}

absl::Status Store::NoteTaskReminded(std::string_view session, std::string_view task_id,
                                     std::string_view what) {
  static constexpr const char* kSql =
      "UPDATE tasks SET reminded = ?3 WHERE session = ?1 AND task_id = ?2";
  absl::StatusOr<Statement> statement = Prepare(kSql);
  if (!statement.ok()) return statement.status();
  if (statement->BindText(1, session).BindText(2, task_id).BindText(3, what).Step() !=
      SQLITE_DONE) {
    return Error("note task reminded");
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<Task>> Store::TasksSince(int64_t since_ms, std::string_view project) {
  static const std::string kSql =
      absl::StrCat("SELECT ", kTaskColumns,
                   " FROM tasks WHERE started_ms >= ?1 AND (?2 = '' OR project = ?2)"
                   " ORDER BY started_ms");
  absl::StatusOr<Statement> statement = Prepare(kSql.c_str());
  if (!statement.ok()) return statement.status();
  statement->BindInt(1, since_ms).BindText(2, project);
  return ReadTasks(*statement);
}

}  // namespace bgprof
