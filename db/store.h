// The SQLite store. One file keeps every recorded sample (the history a user can inspect and
// re-learn from), the running statistics per signature level (so a prediction is a few indexed
// reads), and the start times of calls still running (for clients that send no duration).
#ifndef BGPROF_DB_STORE_H_
#define BGPROF_DB_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "estimator/command_facts.h"
#include "estimator/run_stats.h"

struct sqlite3;
struct sqlite3_stmt;

namespace bgprof {

class Statement;  // a prepared statement in use, private to store.cc

// How a recorded call ended. Only kOk and kFailed carry a complete runtime; the others say the
// command ran at least `duration_ms` (or, for a launch into the background, nothing at all).
enum class Outcome { kOk, kFailed, kInterrupted, kBackground, kCensored };
std::string_view OutcomeName(Outcome outcome);
bool IsCompleteRun(Outcome outcome);

struct Sample {
  int64_t at_ms = 0;  // unix time (ms) when the call ended
  std::string session;
  std::string project;
  std::string cwd;
  std::string command;  // with secrets redacted
  std::string program;
  std::string family;
  std::string signature;  // the command-level key
  CommandFacts facts;     // of the command, found when it was signed; not a column
  std::string tool_use_id;
  std::optional<int64_t> duration_ms;
  Outcome outcome = Outcome::kOk;
  bool timed_by_hooks = false;  // duration from PreToolUse arrival: may include a permission prompt
};

// Statistics are kept per (level, key, project); project "" gathers every project.
struct StatsKey {
  std::string level;  // "command", "family" or "program"
  std::string key;
  std::string project;
};

// Which signature level `CompleteRuns` groups by.
enum class Grouping { kFamily, kCommand };

struct GroupRuns {
  std::string key;                    // the family or the command
  std::vector<int64_t> durations_ms;  // complete runs, ascending
  int64_t last_seen_ms = 0;
};

// What bgprof did about a call before it ran, kept with its start time until it ends.
enum class CallAction { kNone, kSuggested, kMoved, kDenied };
std::string_view CallActionName(CallAction action);

struct CallStart {
  int64_t started_ms = 0;
  CallAction action = CallAction::kNone;
};

// How a Bash call came to run in the background.
enum class TaskOrigin {
  kAsked,    // the model asked for it (run_in_background: true)
  kMoved,    // bgprof's auto mode asked for it
  kUser,     // the user pressed Ctrl+B while it ran
  kTimeout,  // it reached its timeout and Claude Code moved it
};
std::string_view TaskOriginName(TaskOrigin origin);

// A background task of a session, from its launch on.
struct Task {
  std::string session;
  std::string task_id;
  std::string tool_use_id;  // of the Bash call that launched it
  std::string project;
  std::string command;  // redacted
  std::string family;
  int64_t started_ms = 0;  // when the command started: a moved one ran in the foreground first
  // What bgprof expected of its runtime at launch; empty when it knew nothing.
  std::optional<int64_t> predicted_ms;
  std::optional<int64_t> p90_ms;
  int64_t runs = 0;  // runs behind the prediction
  TaskOrigin origin = TaskOrigin::kAsked;
  std::optional<int64_t> ended_ms;  // when bgprof learned that it ended
};

// Statistics of one key.
struct KeyedStats {
  std::string key;
  RunStats stats;
};

inline constexpr int kSchemaVersion = 4;

class Store {
 public:
  // Opens (creating it and its folder, modes 0600 and 0700, when missing) and migrates the
  // database at `path`.
  static absl::StatusOr<Store> Open(const std::string& path);
  // Opens the database at DatabasePath().
  static absl::StatusOr<Store> OpenDefault();

  Store(Store&& other) noexcept;
  Store& operator=(Store&& other) noexcept;
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;
  ~Store();

  // A write transaction that takes the lock up front, so that concurrent hooks queue on
  // busy_timeout instead of failing halfway.
  absl::Status Begin();
  absl::Status Commit();
  void Rollback();

  absl::Status InsertSample(const Sample& sample);
  // Statistics of `key`; all zero when nothing was recorded.
  absl::StatusOr<RunStats> LoadStats(const StatsKey& key);
  absl::Status SaveStats(const StatsKey& key, const RunStats& stats);

  // Statistics of every key of `level` in `project`.
  absl::StatusOr<std::vector<KeyedStats>> StatsOfProject(std::string_view level,
                                                         std::string_view project);

  // Remembers when a call started and what bgprof did about it, and hands both back (once) when
  // it ends.
  absl::Status RememberStart(std::string_view tool_use_id, int64_t now_ms,
                             CallAction action = CallAction::kNone);
  absl::StatusOr<std::optional<CallStart>> TakeStart(std::string_view tool_use_id);

  // Block mode: when bgprof last denied `command` in `session`, if it did in the last day.
  absl::Status RememberDenial(std::string_view session, std::string_view command, int64_t now_ms);
  absl::StatusOr<std::optional<int64_t>> LastDenial(std::string_view session,
                                                    std::string_view command);

  // Background tasks. A task is keyed by (session, task_id); opening it again replaces it.
  absl::Status OpenTask(const Task& task);
  absl::StatusOr<std::optional<Task>> FindTask(std::string_view session, std::string_view task_id);
  // Marks the task ended at `now_ms` unless it already had ended; unknown tasks are ignored.
  absl::Status EndTask(std::string_view session, std::string_view task_id, int64_t now_ms);
  // The session's tasks not known to have ended, oldest first.
  absl::StatusOr<std::vector<Task>> RunningTasks(std::string_view session);

  // Complete runs grouped by family or command, of one project, or of every project when
  // `project` is nullopt.
  absl::StatusOr<std::vector<GroupRuns>> CompleteRuns(Grouping by,
                                                      const std::optional<std::string>& project);

  absl::StatusOr<int64_t> SampleCount();
  absl::StatusOr<int> SchemaVersion();

 private:
  Store(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  absl::StatusOr<Statement> Prepare(const char* sql);
  absl::Status Exec(const char* sql);
  absl::Status Migrate();
  absl::StatusOr<std::vector<Task>> ReadTasks(Statement& statement);
  absl::Status Error(const std::string& what) const;
  void Close();

  sqlite3* db_ = nullptr;
  std::string path_;
  // Prepared statements keyed by the address of their SQL text (each is a constant).
  std::vector<std::pair<const char*, sqlite3_stmt*>> statements_;
};

}  // namespace bgprof

#endif  // BGPROF_DB_STORE_H_
