// The SQLite store. One file keeps every recorded sample (the history a user can inspect and
// re-learn from), the running statistics per signature level (so a prediction is a few indexed
// reads), the start times of calls still running (for clients that send no duration), the
// background tasks of each session from launch to end, and a telemetry row for each thing bgprof
// did and what came of it (`bgprof stats`). Store's methods are implemented per table group:
// store.cc (samples, stats, starts, denials), store_tasks.cc, store_telemetry.cc,
// store_changes.cc, store_runtimes.cc (what `bgprof top` reads), store_learned.cc (what was
// learned, forgotten or brought from another machine), and store_retention.cc (what is kept, and
// for how long: db/retention.h). Commands are stored cut to a bound (db/command_cap.h).
#ifndef BGPROF_DB_STORE_H_
#define BGPROF_DB_STORE_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "db/corrupt_database.h"
#include "estimator/change_state.h"
#include "estimator/command_facts.h"
#include "estimator/run_stats.h"
#include "estimator/runtime_histogram.h"

struct sqlite3;
struct sqlite3_stmt;

namespace bgprof {

class Statement;  // a prepared statement in use, private to db/ (statement.h)

// How a recorded call ended. Only kOk and kFailed carry a complete runtime; the others say the
// command ran at least `duration_ms` (or, for a launch into the background, nothing at all).
enum class Outcome { kOk, kFailed, kInterrupted, kBackground, kCensored };
std::string_view OutcomeName(Outcome outcome);
bool IsCompleteRun(Outcome outcome);

// How the runtime of a background run was timed. A foreground run is kNone: its duration is the
// tool's own.
enum class RuntimeBound {
  kNone,
  kExact,  // the task's output file got its "[exited with code N]" line at that moment
  kUpper,  // bgprof heard of the end then (a notification, a poll): it ended before
  kLower,  // it was stopped then: it would have run longer
};
std::string_view RuntimeBoundName(RuntimeBound bound);

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
  // What bgprof predicted before the call ran (its PreToolUse), for `bgprof stats`; empty when it
  // did not predict (off mode, a launch the model asked for, no PreToolUse seen).
  std::optional<int64_t> predicted_ms;
  std::string advice;  // CallActionName of what bgprof did about the call before it ran
  // Set on the run a background task turned out to take, learned when it ended.
  RuntimeBound background = RuntimeBound::kNone;
  // What had changed in the project since the family last ran there, before this run: runs in
  // each state are also learned apart. kUnknown leaves the state levels alone.
  ChangeState state = ChangeState::kUnknown;
  // Where the run was learned from: "" for bgprof's own hooks, else the history `bgprof
  // calibrate` imported it from ("zsh", "atuin", "claude", ...), with its key there: a run
  // imported again is not stored again.
  std::string source;
  std::string import_key;
};

// A file the agent changed (an edit tool, or a Bash command that changes files, whose `path` is
// then the command), or a new session, after which anything may have changed.
struct FileChange {
  int64_t at_ms = 0;
  std::string session;
  std::string project;
  std::string path;
  std::string tool;           // Edit, Write, MultiEdit, NotebookEdit, Bash, SessionStart
  bool resets_build = false;  // a clean or a reconfigure: the next build is a full one
};

// What changed in a project after some moment.
struct ChangesAfter {
  // Whether the project had any edit by an edit tool recorded (in the week kept): without them
  // (hooks installed before bgprof followed edits, a client that sends none) "nothing changed"
  // cannot be told from "bgprof did not see it".
  bool edits_followed = false;
  bool changed = false;  // an edit, a Bash command that changes files, or a new session
  bool build_reset = false;
};

// Statistics are kept per (level, key, project); project "" gathers every project.
struct StatsKey {
  std::string level;  // "command", "family" or "program"
  std::string key;
  std::string project;
};

// Which signature level `CompleteRuns` groups by.
enum class Grouping { kFamily, kCommand };

struct KeyedRuntimes {
  std::string key;  // the family or the command
  RuntimeHistogram runtimes;
};

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
  std::optional<int64_t> predicted_ms;
};

// How a Bash call came to run in the background.
enum class TaskOrigin {
  kAsked,    // the model asked for it (run_in_background: true)
  kMoved,    // bgprof's auto mode asked for it
  kUser,     // the user pressed Ctrl+B while it ran
  kTimeout,  // it reached its timeout and Claude Code moved it
};
std::string_view TaskOriginName(TaskOrigin origin);

// How bgprof learned that a background task ended, first news first.
enum class TaskEnd {
  kRunning,       // no news yet
  kNotified,      // a <task-notification> turn
  kPolled,        // a poll (TaskOutput, BashOutput, a Read of its output) saw it ended
  kStopped,       // TaskStop / KillShell
  kVanished,      // missing from Stop's list of work in flight
  kSessionEnded,  // its session ended first
  kAbandoned,     // a day without news
};
std::string_view TaskEndName(TaskEnd end);

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
  std::string output_file;          // where Claude Code writes its output, once known
  TaskEnd end = TaskEnd::kRunning;
  // How long it ran, when its end told (see RuntimeBound); a stop gives a lower bound.
  std::optional<int64_t> runtime_ms;
  RuntimeBound runtime_bound = RuntimeBound::kNone;
  std::optional<int64_t> exit_code;
  int64_t polls = 0;               // polls while it ran
  int64_t early_polls = 0;         // of those, before it was expected to end
  int64_t waited_ms = 0;           // spent in blocking polls (TaskOutput with block: true)
  std::optional<int64_t> read_ms;  // when the model first saw its result (NoteTaskRead): a
                                   // notification turn, a poll or a Read after it ended
  int64_t last_activity_ms = 0;    // the session's last hook event while it ran
  std::string reminded;  // what Stop already told the user about it: "", "running", "unread"
};

// What closes a task: how, when, and what the end said of its runtime.
struct TaskClosing {
  TaskEnd end = TaskEnd::kNotified;
  int64_t at_ms = 0;
  std::optional<int64_t> runtime_ms;
  RuntimeBound runtime_bound = RuntimeBound::kNone;
  std::optional<int64_t> exit_code;
};

// A thing bgprof did, or what came of it, for `bgprof stats`.
enum class TelemetryKind {
  kSuggested,      // PreToolUse advised the background (suggest mode, or auto/block unsure)
  kMoved,          // auto mode moved the call to the background
  kDenied,         // block mode denied the call
  kCapped,         // a slow call stayed in the foreground: max_background tasks were running
  kWaitsFor,       // the call depends on a background task still running
  kFollowed,       // after advice, the same command ran in the background
  kIgnored,        // after advice, the same command ran in the foreground again
  kEarlyPoll,      // a poll before the task was expected to end
  kUnread,         // a task ended and its result was never read by the end of a turn
  kRunningAtStop,  // the agent ended its turn while a task ran
};
std::string_view TelemetryKindName(TelemetryKind kind);

struct TelemetryRow {
  int64_t at_ms = 0;
  std::string session;
  std::string project;
  TelemetryKind kind = TelemetryKind::kSuggested;
  std::string family;
  std::string signature;
  std::string tool_use_id;
  std::string task_id;
  std::optional<int64_t> ms;  // the prediction behind a decision, a poll's elapsed time
  std::string answers;        // followed/ignored: the tool_use_id of the advised call
};

// Who timed the newest runs: Claude Code (`duration_ms`, since 2.1.119) or bgprof's own hooks
// (from the PreToolUse arrival, so a permission prompt counts), for `bgprof doctor`.
struct RunTiming {
  int64_t runs = 0;
  int64_t timed_by_hooks = 0;
};

// Statistics of one key.
struct KeyedStats {
  std::string key;
  RunStats stats;
};

// A task without news for this long is abandoned: it teaches nothing and counts as not running.
inline constexpr int64_t kTaskAbandonedAfterMs = 24 * 3600 * 1000;

inline constexpr int kSchemaVersion = 10;

class Store;

// The reads within its scope share one snapshot (Store::BeginRead).
class ReadScope {
 public:
  explicit ReadScope(Store& store);
  ~ReadScope();
  ReadScope(const ReadScope&) = delete;
  ReadScope& operator=(const ReadScope&) = delete;

 private:
  Store& store_;
  bool began_;
};

// Who opens the store decides what its checkpoint may wait for and what becomes of writes to a
// file this user may only read (a read-only file or folder, a read-only mount).
enum class StoreUser {
  // The bgprof command line: its checkpoint may wait for other writers and empties the WAL; on a
  // read-only file, reads work and writes fail (PermissionDenied).
  kCommand,
  // A hook call, which must never wait on other processes: its checkpoint copies what it can and
  // returns at once. On a read-only file it still predicts: its writes are dropped, and that is
  // logged at most once an hour.
  kHook,
};

struct OpenOptions {
  StoreUser user = StoreUser::kCommand;
  // A damaged file, or one that is not a database, is set aside (SetAsideCorruptDatabase) and an
  // empty one created in its place: at once when the damage shows at open, else when the store
  // closes (or on HealCorruption) after a statement found it.
  bool heal = false;
};

class Store {
 public:
  // Opens (creating it and its folder, modes 0600 and 0700, when missing) and migrates the
  // database at `path`. A file this user may not write is opened read-only (see StoreUser).
  // Failures keep SQLite's kind (db/sqlite_status.h): Unavailable when busy, DataLoss when
  // damaged, PermissionDenied, ResourceExhausted when the disk is full.
  static absl::StatusOr<Store> Open(const std::string& path, const OpenOptions& options = {});
  // Opens the database at DatabasePath() for the command line, healing a damaged file.
  static absl::StatusOr<Store> OpenDefault();

  Store(Store&& other) noexcept;
  Store& operator=(Store&& other) noexcept;
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;
  ~Store();

  // Whether the file was opened read-only: a hook's writes are then dropped (each statement that
  // would write does nothing), a command's fail.
  bool read_only() const { return read_only_; }

  // After a statement found the file damaged (a DataLoss status from any method), with the heal
  // option: closes it, sets it aside unless another process did already, and opens a new
  // database in its place, so that the caller can do its work again. FailedPrecondition when this
  // store found no damage.
  absl::Status HealCorruption();

  // How long a statement waits for another connection's lock before it fails Unavailable. The
  // hook shortens it to its write budget: past it, the event goes to the spool (db/spool.h).
  void SetBusyTimeout(int ms);

  // A write transaction that takes the lock up front, so that concurrent hooks queue on
  // busy_timeout instead of failing halfway. Unavailable when the lock stayed busy.
  absl::Status Begin();
  // For a bulk import (`bgprof calibrate`): a page cache large enough that a batch's index pages
  // stay in memory instead of spilling to the WAL mid-transaction (SQLite's default is 2 MB).
  absl::Status UseLargeCache();
  absl::Status Commit();
  void Rollback();
  // Runs `writes` in one write transaction (Begin, Commit), rolled back when it fails.
  absl::Status InTransaction(absl::FunctionRef<absl::Status()> writes);
  // Runs `writes` inside the open transaction so that, when it fails, what it wrote is undone and
  // the rest of the transaction stands: one bad spooled event does not sink a merge.
  absl::Status InSavepoint(absl::FunctionRef<absl::Status()> writes);

  // Starts a read transaction when none is open, so that the reads until EndRead share one
  // snapshot and take the database's locks once rather than once per statement (most of a
  // prediction's cost when it reads ten rows). False when it started none (one was open already,
  // or it failed: the reads then run on their own).
  bool BeginRead();
  void EndRead();

  // False when the sample was imported already (the same source and import_key).
  absl::StatusOr<bool> InsertSample(const Sample& sample);
  // Whether bgprof's hooks recorded the call `tool_use_id` of `session` (imports of it aside).
  // The session is part of the key: a stand-in model, or a replayed transcript, reuses ids.
  absl::StatusOr<bool> HookRecordedCall(std::string_view session, std::string_view tool_use_id);
  // The program, family and signature of the call `tool_use_id` of `session` as the hook
  // recorded it (only those fields are set), signed from the whole command where the stored text
  // may be cut (db/command_cap.h); nullopt when it recorded none.
  absl::StatusOr<std::optional<Sample>> SignatureOfCall(std::string_view session,
                                                        std::string_view tool_use_id);
  // Statistics of `key`; all zero when nothing was recorded.
  absl::StatusOr<RunStats> LoadStats(const StatsKey& key);
  absl::Status SaveStats(const StatsKey& key, const RunStats& stats);

  // Statistics of every key of `level` in `project`.
  absl::StatusOr<std::vector<KeyedStats>> StatsOfProject(std::string_view level,
                                                         std::string_view project);

  // Remembers when a call started and what bgprof did about it, and hands both back (once) when
  // it ends.
  absl::Status RememberStart(std::string_view tool_use_id, int64_t now_ms,
                             CallAction action = CallAction::kNone,
                             std::optional<int64_t> predicted_ms = std::nullopt);
  absl::StatusOr<std::optional<CallStart>> TakeStart(std::string_view tool_use_id);
  // Whether a start of `tool_use_id` is remembered and not yet taken.
  absl::StatusOr<bool> HasStart(std::string_view tool_use_id);

  // Whether the spool file claimed as `claim` (db/spool.h) was merged already: its merger
  // committed, then died before it unlinked the file.
  absl::StatusOr<bool> SpoolClaimMerged(std::string_view claim);
  // Notes, in the merge's transaction, that `claim` was merged; forgets notes over a week old.
  absl::Status NoteSpoolClaimMerged(std::string_view claim, int64_t now_ms);

  // Block mode: when bgprof last denied `command` in `session`, if it did in the last day.
  absl::Status RememberDenial(std::string_view session, std::string_view command, int64_t now_ms);
  absl::StatusOr<std::optional<int64_t>> LastDenial(std::string_view session,
                                                    std::string_view command);

  // Background tasks (store_tasks.cc). A task is keyed by (session, task_id); opening it again
  // replaces it. Opening one also gives up the tasks of any session without news for a day.
  absl::Status OpenTask(const Task& task);
  absl::StatusOr<std::optional<Task>> FindTask(std::string_view session, std::string_view task_id);
  // Records how the task ended unless it already had; false when it had, or is unknown.
  absl::StatusOr<bool> CloseTask(std::string_view session, std::string_view task_id,
                                 const TaskClosing& closing);
  // The session's tasks not known to have ended and not abandoned at `now_ms`, oldest first.
  absl::StatusOr<std::vector<Task>> RunningTasks(std::string_view session, int64_t now_ms);
  // The session's tasks that ended without the model seeing their result, oldest first.
  absl::StatusOr<std::vector<Task>> UnreadTasks(std::string_view session);
  absl::Status SetTaskOutputFile(std::string_view session, std::string_view task_id,
                                 std::string_view output_file);
  // A poll of a running task: counted, `early` when before its expected end, `waited_ms` when it
  // blocked.
  absl::Status NoteTaskPoll(std::string_view session, std::string_view task_id, bool early,
                            int64_t waited_ms);
  // The model saw the task's result (a poll or a Read after it ended).
  absl::Status NoteTaskRead(std::string_view session, std::string_view task_id, int64_t now_ms);
  // The agent did something at `now_ms`: the session's running tasks ran while it worked.
  absl::Status NoteSessionActivity(std::string_view session, int64_t now_ms);
  absl::Status NoteTaskReminded(std::string_view session, std::string_view task_id,
                                std::string_view what);

  // Changes to a project's files (store_changes.cc). Recording one also forgets the project's
  // changes older than a week: only "since the family last ran" is ever asked, and a week later
  // a new session has marked the project changed anyway.
  absl::Status RecordChange(const FileChange& change);
  absl::StatusOr<ChangesAfter> ChangesSince(std::string_view project, int64_t since_ms);

  // Telemetry (store_telemetry.cc).
  absl::Status AddTelemetry(const TelemetryRow& row);
  // The newest advice (suggested or denied) about `signature` in `session` given by another call
  // than `tool_use_id`, unless a later run of it answered it already (older advice was
  // superseded by it and stays unanswered).
  absl::StatusOr<std::optional<TelemetryRow>> UnansweredAdvice(std::string_view session,
                                                               std::string_view signature,
                                                               std::string_view tool_use_id);
  // Whether `session` has a row of `kind` at or after `since_ms`.
  absl::StatusOr<bool> HasTelemetrySince(std::string_view session, TelemetryKind kind,
                                         int64_t since_ms);

  // The runtimes of every run of one family or command (store_runtimes.cc), per project; project
  // "" holds the runs of no project (a shell history that names no folder).
  absl::StatusOr<RuntimeHistogram> LoadRuntimes(Grouping by, std::string_view key,
                                                std::string_view project);
  absl::Status SaveRuntimes(Grouping by, std::string_view key, std::string_view project,
                            const RuntimeHistogram& runtimes);
  // Every family's or command's runtimes in `project`, or summed over every project when nullopt.
  absl::StatusOr<std::vector<KeyedRuntimes>> RuntimesOf(Grouping by,
                                                        const std::optional<std::string>& project);

  // What `bgprof stats` reads: rows of bgprof's own hooks from `since_ms` on, of one project or
  // of all when empty.
  absl::StatusOr<std::vector<Sample>> SamplesSince(int64_t since_ms, std::string_view project);
  absl::StatusOr<std::vector<Task>> TasksSince(int64_t since_ms, std::string_view project);
  absl::StatusOr<std::vector<TelemetryRow>> TelemetrySince(int64_t since_ms,
                                                           std::string_view project);

  // Complete runs grouped by family or command, of one project, or of every project when
  // `project` is nullopt, from `since_ms` (unix ms) on.
  absl::StatusOr<std::vector<GroupRuns>> CompleteRuns(Grouping by,
                                                      const std::optional<std::string>& project,
                                                      int64_t since_ms = 0);

  absl::StatusOr<int64_t> SampleCount();
  absl::StatusOr<int> SchemaVersion();

  // Whether a write transaction is open on this connection (Begin): RecordSample then joins it.
  bool TransactionOpen();

  // ---- Retention (store_retention.cc): the bounds of db/retention.h. ----

  // Rows one pruning deleted, per table.
  struct PruneCounts {
    int64_t samples = 0;
    int64_t stats = 0;
    int64_t runtimes = 0;
    int64_t telemetry = 0;
    int64_t tasks = 0;
    int64_t changes = 0;
    int64_t total() const { return samples + stats + runtimes + telemetry + tasks + changes; }
  };
  // Deletes at most kPruneRowsPerStep rows of each table past its bounds, oldest first, in the
  // caller's transaction when one is open. `measure_caps` also finds again where each row cap
  // cuts (a walk of up to a cap's worth of index entries); otherwise the last cut-off found holds.
  absl::StatusOr<PruneCounts> PruneStep(int64_t now_ms, bool measure_caps);
  // What a hook runs after InsertSample stored a sample (before any other insert into a table
  // with rowids, as the sample's id is the count): a PruneStep every
  // kSamplesPerPruneStep-th sample (counted by its id), measuring the caps every
  // kPruneStepsPerCapCheck-th step; nothing otherwise.
  absl::StatusOr<PruneCounts> PruneIfDue(int64_t now_ms);
  // For the command line (`bgprof calibrate`): steps, each in a transaction of its own so that
  // hooks take turns with it, until every table is within its bounds.
  absl::StatusOr<PruneCounts> PruneToBounds(int64_t now_ms);
  // The newest end (at_ms) of a sample pruned so far, nullopt until one is: a run imported again
  // at or before it was either imported and pruned, or is older than what is kept, so calibrate
  // skips it rather than count it twice.
  absl::StatusOr<std::optional<int64_t>> SamplesPrunedThroughMs();

  // For `bgprof doctor`. SQLite's quick_check: "ok", or the problems it found, one a line.
  absl::StatusOr<std::string> QuickCheck();
  // How the newest runs at or after `since_ms` were timed, at most `limit` of them: runs with a
  // duration of their own (not a background task's, learned at its end).
  absl::StatusOr<RunTiming> RecentRunTiming(int64_t since_ms, int64_t limit);

  // ---- What was learned, forgotten or shared (store_learned.cc): `bgprof forget`, `import`. ----

  // What Forget dropped, or would drop.
  struct ForgetCounts {
    // Samples per family (the `family` column), most first; a family known only from its
    // statistics (brought by `bgprof import`) counts 0.
    std::vector<std::pair<std::string, int64_t>> samples_per_family;
    int64_t samples = 0;
    int64_t stats_rows = 0;  // at the command and family levels and their state levels
    // The programs of the dropped samples: their `program` rows mix every family of the program
    // and are kept.
    std::vector<std::string> programs_kept;
  };
  // Drops, in every project and in one transaction, the samples whose family or command key
  // matches `glob` (fnmatch(3), whole string: `*`, `?`, `[...]`, `\` escapes) and the
  // statistics learned from them: the rows of levels `command` and `command:STATE` whose key
  // matches or is the command of a dropped sample, and of levels `family` and `family:STATE`
  // whose key matches, with or without one of `family_key_suffixes` (" <selected>"). The
  // `program` and `line` levels are left. With `dry_run`, only counts.
  absl::StatusOr<ForgetCounts> Forget(std::string_view glob,
                                      std::span<const std::string_view> family_key_suffixes,
                                      bool dry_run);

  // Statistics of one key brought from another machine (`bgprof import`), for project "".
  struct ImportedStats {
    std::string level;  // "family" or "program"
    std::string key;
    RunStats stats;  // last_seen_ms is ignored: see ImportStats
  };
  struct ImportCounts {
    int64_t added = 0;      // keys unknown here
    int64_t refreshed = 0;  // keys known here only from an earlier import, now changed
    int64_t unchanged = 0;  // the same import again
    int64_t kept = 0;       // keys with runs of this machine: its own evidence wins
  };
  // Merges `rows` into project "" in one transaction. A key with no run here takes the imported
  // statistics, saved with last_seen_ms 0 ("never ran here"), which marks them as imported: a
  // later import replaces them (importing twice counts nothing twice), and the first run here
  // folds into them and makes them this machine's. A key with runs here keeps them.
  absl::StatusOr<ImportCounts> ImportStats(std::span<const ImportedStats> rows);

 private:
  Store(sqlite3* db, std::string path, const OpenOptions& options, bool read_only)
      : db_(db), path_(std::move(path)), options_(options), read_only_(read_only) {}
  // How a connection reads the file: kImmutable for a WAL database with no -wal or -shm in a
  // read-only folder, which SQLite reads only as a file nobody changes.
  enum class Access { kReadWrite, kReadOnly, kImmutable };
  // One try at opening `path`, read-only when this user may not write it.
  static absl::StatusOr<Store> OpenFile(const std::string& path, const OpenOptions& options);
  static absl::StatusOr<Store> Connect(const std::string& path, const OpenOptions& options,
                                       Access access);
  absl::StatusOr<Statement> Prepare(const char* sql);
  absl::Status Exec(const char* sql);
  // Notes what a failure says of the file: damage is set aside when the store closes.
  absl::Status Noted(absl::Status status);
  // Copies the WAL into the database as the user may: see StoreUser.
  void Checkpoint();
  absl::Status Migrate();
  absl::Status FillRuntimesFromSamples();
  absl::StatusOr<std::vector<Task>> ReadTasks(Statement& statement);
  absl::StatusOr<std::vector<TelemetryRow>> ReadTelemetry(Statement& statement);
  // The failure of the last SQLite call, classified (db/sqlite_status.h).
  absl::Status Error(const std::string& what);
  void Close();
  // The `retention` table's values (store_retention.cc); 0 when unset.
  absl::StatusOr<int64_t> RetentionValue(const char* name);
  absl::Status RaiseRetentionValue(const char* name, int64_t value);
  absl::Status SetRetentionValue(const char* name, int64_t value);
  absl::StatusOr<int64_t> CapCutOff(const char* count_sql, int64_t cap);

  sqlite3* db_ = nullptr;
  std::string path_;
  OpenOptions options_;
  bool read_only_ = false;
  // The file opened, and the damage a statement found in it (empty when none): with the heal
  // option, Close sets the file aside.
  std::optional<FileIdentity> identity_;
  std::string damage_;
  // Prepared statements keyed by the address of their SQL text (each is a constant).
  std::vector<std::pair<const char*, sqlite3_stmt*>> statements_;
};

}  // namespace bgprof

#endif  // BGPROF_DB_STORE_H_
