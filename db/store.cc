#include "db/store.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "db/command_cap.h"
#include "db/corrupt_database.h"
#include "db/location.h"
#include "db/retention.h"
#include "db/sqlite_status.h"
#include "db/statement.h"
#include "profiler/base/log_notice.h"
#include "profiler/base/paths.h"

namespace bgprof {
namespace {

// Each entry moves the schema from version i to i + 1. Never edit a shipped entry: append one.
constexpr const char* kMigrations[] = {
    R"sql(
CREATE TABLE samples(
  id INTEGER PRIMARY KEY,
  at_ms INTEGER NOT NULL,
  session TEXT NOT NULL,
  project TEXT NOT NULL,
  cwd TEXT NOT NULL,
  command TEXT NOT NULL,
  program TEXT NOT NULL,
  family TEXT NOT NULL,
  signature TEXT NOT NULL,
  tool_use_id TEXT NOT NULL,
  duration_ms INTEGER,
  outcome TEXT NOT NULL,
  timed_by_hooks INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX samples_by_project_family ON samples(project, family);
CREATE TABLE stats(
  level TEXT NOT NULL,
  key TEXT NOT NULL,
  project TEXT NOT NULL,
  runs INTEGER NOT NULL,
  mean_log_ms REAL NOT NULL,
  var_log REAL NOT NULL,
  last_ms INTEGER NOT NULL,
  last_seen_ms INTEGER NOT NULL,
  PRIMARY KEY(level, key, project)
) WITHOUT ROWID;
CREATE TABLE running(
  tool_use_id TEXT PRIMARY KEY,
  started_ms INTEGER NOT NULL
) WITHOUT ROWID;
)sql",
    // 2: what the estimator needs to adapt to a new regime and to learn from cut-short runs.
    R"sql(
ALTER TABLE stats ADD COLUMN outlier_side INTEGER NOT NULL DEFAULT 0;
ALTER TABLE stats ADD COLUMN lower_bounds INTEGER NOT NULL DEFAULT 0;
)sql",
    // 3: the newest runs of each signature, for their median: "1520 1610 98000 1490".
    R"sql(
ALTER TABLE stats ADD COLUMN recent TEXT NOT NULL DEFAULT '';
)sql",
    // 4: what bgprof did about a call, denials of block mode, background tasks, and the stats of
    // one project read together (SessionStart, UserPromptSubmit).
    R"sql(
ALTER TABLE running ADD COLUMN action TEXT NOT NULL DEFAULT '';
CREATE TABLE denials(
  session TEXT NOT NULL,
  command TEXT NOT NULL,
  at_ms INTEGER NOT NULL,
  PRIMARY KEY(session, command)
) WITHOUT ROWID;
CREATE TABLE tasks(
  session TEXT NOT NULL,
  task_id TEXT NOT NULL,
  tool_use_id TEXT NOT NULL,
  project TEXT NOT NULL,
  command TEXT NOT NULL,
  family TEXT NOT NULL,
  started_ms INTEGER NOT NULL,
  predicted_ms INTEGER,
  p90_ms INTEGER,
  runs INTEGER NOT NULL,
  origin TEXT NOT NULL,
  ended_ms INTEGER,
  PRIMARY KEY(session, task_id)
) WITHOUT ROWID;
CREATE INDEX stats_by_project ON stats(project, level);
)sql",
    // 5: background tasks followed to their end, what bgprof predicted and did about each run,
    // and telemetry, for `bgprof stats`.
    R"sql(
ALTER TABLE tasks ADD COLUMN output_file TEXT NOT NULL DEFAULT '';
ALTER TABLE tasks ADD COLUMN ended_by TEXT NOT NULL DEFAULT '';
ALTER TABLE tasks ADD COLUMN runtime_ms INTEGER;
ALTER TABLE tasks ADD COLUMN runtime_bound TEXT NOT NULL DEFAULT '';
ALTER TABLE tasks ADD COLUMN exit_code INTEGER;
ALTER TABLE tasks ADD COLUMN polls INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tasks ADD COLUMN early_polls INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tasks ADD COLUMN waited_ms INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tasks ADD COLUMN read_ms INTEGER;
ALTER TABLE tasks ADD COLUMN last_activity_ms INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tasks ADD COLUMN reminded TEXT NOT NULL DEFAULT '';
CREATE INDEX tasks_by_start ON tasks(started_ms);
ALTER TABLE running ADD COLUMN predicted_ms INTEGER;
ALTER TABLE samples ADD COLUMN predicted_ms INTEGER;
ALTER TABLE samples ADD COLUMN advice TEXT NOT NULL DEFAULT '';
ALTER TABLE samples ADD COLUMN background TEXT NOT NULL DEFAULT '';
CREATE INDEX samples_by_time ON samples(at_ms);
CREATE TABLE telemetry(
  id INTEGER PRIMARY KEY,
  at_ms INTEGER NOT NULL,
  session TEXT NOT NULL,
  project TEXT NOT NULL,
  kind TEXT NOT NULL,
  family TEXT NOT NULL,
  signature TEXT NOT NULL,
  tool_use_id TEXT NOT NULL,
  task_id TEXT NOT NULL,
  ms INTEGER,
  answers TEXT NOT NULL DEFAULT ''
);
CREATE INDEX telemetry_by_session ON telemetry(session, signature);
CREATE INDEX telemetry_by_time ON telemetry(at_ms);
)sql",
    // 6: what changed in a project between runs (the agent's edits, Bash commands that change
    // files, new sessions), and the state each run found.
    R"sql(
CREATE TABLE changes(
  project TEXT NOT NULL,
  at_ms INTEGER NOT NULL,
  session TEXT NOT NULL,
  path TEXT NOT NULL,
  tool TEXT NOT NULL,
  resets_build INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX changes_by_project ON changes(project, at_ms);
ALTER TABLE samples ADD COLUMN state TEXT NOT NULL DEFAULT '';
)sql",
    // 7: whether a project saw an edit, or a reset since some moment, in one index step each
    // rather than a walk over its week of changes, which runs for every predicted command.
    R"sql(
CREATE INDEX changes_edits ON changes(project)
  WHERE tool IN ('Edit', 'Write', 'MultiEdit', 'NotebookEdit');
CREATE INDEX changes_resets ON changes(project, at_ms) WHERE resets_build = 1;
)sql",
    // 8: runs imported from histories the user already has (`bgprof calibrate`), each once; and
    // every run's runtime in buckets per family and command, so that `bgprof top` reads one row
    // per family rather than every sample (filled from the samples after this step).
    R"sql(
ALTER TABLE samples ADD COLUMN source TEXT NOT NULL DEFAULT '';
ALTER TABLE samples ADD COLUMN import_key TEXT;
CREATE UNIQUE INDEX samples_imported ON samples(source, import_key) WHERE import_key IS NOT NULL;
CREATE INDEX samples_by_tool_use ON samples(tool_use_id) WHERE tool_use_id != '';
CREATE TABLE runtimes(
  grouping TEXT NOT NULL,
  key TEXT NOT NULL,
  project TEXT NOT NULL,
  last_seen_ms INTEGER NOT NULL,
  buckets TEXT NOT NULL,
  PRIMARY KEY(grouping, key, project)
) WITHOUT ROWID;
)sql",
    // 9: bounded storage (db/retention.h): the least recently run statistics and runtimes found
    // in one index step each, and what pruning must remember: where the row caps cut, and the
    // newest sample pruned, below which calibrate imports nothing again.
    R"sql(
CREATE INDEX stats_by_last_seen ON stats(last_seen_ms);
CREATE INDEX runtimes_by_last_seen ON runtimes(last_seen_ms);
CREATE TABLE retention(
  name TEXT PRIMARY KEY,
  value INTEGER NOT NULL
) WITHOUT ROWID;
)sql",
    // 10: the spool files merged (db/spool.h), each noted in its merge's transaction: a file its
    // merger did not live to unlink is not merged again.
    R"sql(
CREATE TABLE spool_merges(
  claim TEXT PRIMARY KEY,
  at_ms INTEGER NOT NULL
) WITHOUT ROWID;
)sql",
};
static_assert(std::size(kMigrations) == kSchemaVersion);

// Hooks of parallel tool calls write at the same moment; a short wait lets them take turns
// without ever holding up the agent for long.
constexpr int kBusyTimeoutMs = 250;
// Each process start reads the whole WAL to rebuild its index, so the WAL is emptied once it
// holds about 128 pages: a checkpoint (four fsyncs) every few dozen hook calls.
constexpr off_t kCheckpointAboveBytes = 128 * (4096 + 24);
// The WAL is cut back to this size when a writer starts it over after a checkpoint.
constexpr int64_t kWalSizeLimitBytes = kCheckpointAboveBytes;
// A read-only database is met again by every hook call; its notice is logged once an hour.
constexpr int64_t kReadOnlyNoticeEveryMs = 3600 * 1000;

// SQLite would create the file with the umask's mode; commands can hold secrets, so it is
// created 0600 first. SQLite gives its -wal and -shm files the same mode.
absl::Status CreateFilePrivately(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) {
    return FileErrorStatus(errno, "cannot create database " + path);
  }
  ::close(fd);
  return absl::OkStatus();
}

// `path` as an SQLite URI that opens it read-only and immutable (no locks, no -shm).
std::string ImmutableUri(const std::string& path) {
  std::string uri = "file:";
  for (const char c : path) {
    if (c == '%' || c == '?' || c == '#') {
      absl::StrAppend(&uri, "%", absl::Hex(static_cast<unsigned char>(c), absl::kZeroPad2));
    } else {
      uri += c;
    }
  }
  return uri + "?immutable=1";
}

}  // namespace

std::string_view OutcomeName(Outcome outcome) {
  switch (outcome) {
    case Outcome::kOk:
      return "ok";
    case Outcome::kFailed:
      return "failed";
    case Outcome::kInterrupted:
      return "interrupted";
    case Outcome::kBackground:
      return "background";
    case Outcome::kCensored:
      break;
  }
  return "censored";
}

std::string_view CallActionName(CallAction action) {
  switch (action) {
    case CallAction::kNone:
      return "";
    case CallAction::kSuggested:
      return "suggested";
    case CallAction::kMoved:
      return "moved";
    case CallAction::kDenied:
      break;
  }
  return "denied";
}

std::string_view RuntimeBoundName(RuntimeBound bound) {
  switch (bound) {
    case RuntimeBound::kNone:
      return "";
    case RuntimeBound::kExact:
      return "exact";
    case RuntimeBound::kUpper:
      return "upper";
    case RuntimeBound::kLower:
      break;
  }
  return "lower";
}

bool IsCompleteRun(Outcome outcome) {
  return outcome == Outcome::kOk || outcome == Outcome::kFailed;
}

absl::StatusOr<Store> Store::Open(const std::string& path, const OpenOptions& options) {
  const std::optional<FileIdentity> found = IdentityOf(path);
  absl::StatusOr<Store> store = OpenFile(path, options);
  if (!options.heal || !absl::IsDataLoss(store.status())) return store;
  // The store that found the damage set the file aside as it closed, unless another process had.
  if (found.has_value() && IdentityOf(path) == found) {
    return absl::DataLossError(
        absl::StrCat(store.status().message(), "; it could not be moved aside"));
  }
  return OpenFile(path, options);
}

absl::StatusOr<Store> Store::OpenFile(const std::string& path, const OpenOptions& options) {
  const std::filesystem::path file(path);
  if (absl::Status status = CreatePrivateFolder(file.parent_path().string()); !status.ok()) {
    return status;
  }
  absl::Status created = CreateFilePrivately(path);
  if (created.ok()) {
    absl::StatusOr<Store> store = Connect(path, options, Access::kReadWrite);
    // A read-only folder: the file opens, its -wal and -shm cannot be created.
    if (!absl::IsPermissionDenied(store.status())) return store;
  } else if (!absl::IsPermissionDenied(created) || !IdentityOf(path).has_value()) {
    return created;
  }
  absl::StatusOr<Store> store = Connect(path, options, Access::kReadOnly);
  if (absl::IsPermissionDenied(store.status()) && !IdentityOf(path + "-wal").has_value()) {
    // No WAL to miss: what the file holds is all there is.
    store = Connect(path, options, Access::kImmutable);
  }
  if (store.ok() && options.user == StoreUser::kHook) {
    AppendErrorLogAtMostEvery(
        LogPathFor(path),
        absl::StrCat("bgprof hook: ", path,
                     " can only be read: bgprof predicts from it but records nothing (",
                     created.ok() ? "a read-only folder" : created.message(), ")"),
        absl::ToUnixMillis(absl::Now()), kReadOnlyNoticeEveryMs);
  }
  return store;
}

absl::StatusOr<Store> Store::Connect(const std::string& path, const OpenOptions& options,
                                     Access access) {
  sqlite3* db = nullptr;
  const bool read_only = access != Access::kReadWrite;
  const int mode = read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
  const std::string name = access == Access::kImmutable ? ImmutableUri(path) : path;
  const int uri = access == Access::kImmutable ? SQLITE_OPEN_URI : 0;
  int rc = sqlite3_open_v2(name.c_str(), &db, mode | uri | SQLITE_OPEN_NOMUTEX, nullptr);
  Store store(db, path, options, read_only);
  store.identity_ = IdentityOf(path);
  if (rc != SQLITE_OK) return store.Error(absl::StrCat("cannot open ", path));
  sqlite3_busy_timeout(db, kBusyTimeoutMs);
  if (read_only) {
    // Nothing may be migrated: a file of another schema cannot be read.
    absl::StatusOr<int> version = store.SchemaVersion();
    if (!version.ok()) return version.status();
    if (*version != kSchemaVersion) {
      return absl::FailedPreconditionError(absl::StrCat(path, " can only be read, and has schema ",
                                                        *version, " where bgprof needs ",
                                                        kSchemaVersion));
    }
    return store;
  }
  // Every hook is a short-lived process. By default the last connection to close checkpoints
  // the WAL into the database and deletes it: four fsyncs and two unlinks per Bash call. The WAL
  // is kept instead, and emptied by Close() only once it has grown (see kCheckpointAboveBytes).
  // synchronous=NORMAL makes a WAL commit fsync-free. Automatic checkpoints are off: a new
  // process cannot know what an earlier one already copied, so they would run on every commit.
  // A hook's checkpoint does not truncate the WAL, so journal_size_limit does: when a writer
  // starts the WAL over after a complete checkpoint, it cuts the file back to this size.
  int keep = 1;
  sqlite3_db_config(db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
  sqlite3_file_control(db, "main", SQLITE_FCNTL_PERSIST_WAL, &keep);
  const std::string pragmas = absl::StrCat(
      "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA wal_autocheckpoint=0;"
      " PRAGMA journal_size_limit=",
      kWalSizeLimitBytes, ";");
  if (absl::Status status = store.Exec(pragmas.c_str()); !status.ok()) return status;
  if (absl::Status status = store.Migrate(); !status.ok()) return status;
  return store;
}

absl::StatusOr<Store> Store::OpenDefault() {
  absl::StatusOr<std::string> path = DatabasePath();
  if (!path.ok()) return path.status();
  return Open(*path, {.user = StoreUser::kCommand, .heal = true});
}

Store::Store(Store&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)),
      path_(std::move(other.path_)),
      options_(other.options_),
      read_only_(other.read_only_),
      identity_(other.identity_),
      damage_(std::exchange(other.damage_, std::string())),
      statements_(std::move(other.statements_)) {}

Store& Store::operator=(Store&& other) noexcept {
  if (this != &other) {
    Close();
    db_ = std::exchange(other.db_, nullptr);
    path_ = std::move(other.path_);
    options_ = other.options_;
    read_only_ = other.read_only_;
    identity_ = other.identity_;
    damage_ = std::exchange(other.damage_, std::string());
    statements_ = std::move(other.statements_);
  }
  return *this;
}

Store::~Store() { Close(); }

void Store::Close() {
  for (auto& [sql, statement] : statements_) sqlite3_finalize(statement);
  statements_.clear();
  if (db_ == nullptr) return;
  struct stat wal;
  if (!read_only_ && damage_.empty() && ::stat((path_ + "-wal").c_str(), &wal) == 0 &&
      wal.st_size > kCheckpointAboveBytes) {
    Checkpoint();
  }
  sqlite3_close(db_);
  db_ = nullptr;
  if (options_.heal && !damage_.empty() && identity_.has_value()) {
    // Best effort: on failure the next process finds the damage again.
    (void)SetAsideCorruptDatabase(path_, *identity_, absl::DataLossError(damage_));
  }
  damage_.clear();
}

void Store::Checkpoint() {
  if (options_.user == StoreUser::kCommand) {
    // Waits its busy timeout for other writers and readers, then copies the WAL into the
    // database and empties it.
    sqlite3_wal_checkpoint_v2(db_, "main", SQLITE_CHECKPOINT_TRUNCATE, nullptr, nullptr);
    return;
  }
  // A hook never waits: it copies what no reader still needs. Only an empty WAL helps the next
  // process, which rebuilds its index from the whole file (SQLite cannot tell what a closed
  // connection copied), so once everything is copied the WAL is truncated too, if that can be
  // done at once; else a later process does it.
  int frames = 0;
  int copied = 0;
  if (sqlite3_wal_checkpoint_v2(db_, "main", SQLITE_CHECKPOINT_PASSIVE, &frames, &copied) !=
          SQLITE_OK ||
      copied < frames) {
    return;
  }
  sqlite3_busy_timeout(db_, 0);
  sqlite3_wal_checkpoint_v2(db_, "main", SQLITE_CHECKPOINT_TRUNCATE, nullptr, nullptr);
}

absl::Status Store::HealCorruption() {
  if (!options_.heal) return absl::FailedPreconditionError("opened without healing: " + path_);
  if (damage_.empty()) return absl::FailedPreconditionError("no damage found in " + path_);
  const OpenOptions options = options_;
  const std::string path = path_;
  Close();  // sets the file aside when healing
  absl::StatusOr<Store> fresh = Open(path, options);
  if (!fresh.ok()) return fresh.status();
  *this = *std::move(fresh);
  return absl::OkStatus();
}

absl::Status Store::Noted(absl::Status status) {
  if (absl::IsDataLoss(status) && damage_.empty()) damage_ = std::string(status.message());
  return status;
}

absl::Status Store::Error(const std::string& what) { return Noted(SqliteStatusOf(db_, what)); }

absl::Status Store::Exec(const char* sql) {
  char* message = nullptr;
  if (const int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &message); rc != SQLITE_OK) {
    std::string text = message != nullptr ? message : "unknown error";
    sqlite3_free(message);
    return Noted(
        SqliteStatus(sqlite3_extended_errcode(db_), sqlite3_system_errno(db_), "sqlite", text));
  }
  return absl::OkStatus();
}

void Store::SetBusyTimeout(int ms) { sqlite3_busy_timeout(db_, ms); }

absl::StatusOr<Statement> Store::Prepare(const char* sql) {
  for (auto& [known, statement] : statements_) {
    if (known == sql) {
      sqlite3_clear_bindings(statement);
      return Statement(statement);
    }
  }
  sqlite3_stmt* statement = nullptr;
  if (sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &statement, nullptr) !=
      SQLITE_OK) {
    return Error("prepare");
  }
  if (read_only_ && options_.user == StoreUser::kHook && sqlite3_stmt_readonly(statement) == 0) {
    // A hook drops its writes to a read-only file: a statement that does nothing stands in, so
    // that the handler runs as it would and only what it would have stored is lost.
    sqlite3_finalize(statement);
    statement = nullptr;
    if (sqlite3_prepare_v3(db_, "SELECT NULL WHERE 0", -1, SQLITE_PREPARE_PERSISTENT, &statement,
                           nullptr) != SQLITE_OK) {
      return Error("prepare");
    }
  }
  statements_.emplace_back(sql, statement);
  return Statement(statement);
}

absl::StatusOr<int> Store::SchemaVersion() {
  absl::StatusOr<Statement> statement = Prepare("PRAGMA user_version");
  if (!statement.ok()) return statement.status();
  if (statement->Step() != SQLITE_ROW) return Error("read user_version");
  return static_cast<int>(statement->Int(0));
}

absl::Status Store::Migrate() {
  absl::StatusOr<int> version = SchemaVersion();
  if (!version.ok()) return version.status();
  if (*version == kSchemaVersion) return absl::OkStatus();
  if (*version > kSchemaVersion) {
    return absl::FailedPreconditionError(absl::StrCat("database schema ", *version,
                                                      " is newer than this bgprof (",
                                                      kSchemaVersion, "); upgrade bgprof"));
  }
  if (absl::Status status = Begin(); !status.ok()) return status;
  // Another process may have migrated while this one waited for the lock.
  version = SchemaVersion();
  if (!version.ok()) {
    Rollback();
    return version.status();
  }
  for (int next = *version; next < kSchemaVersion; ++next) {
    absl::Status status = Exec(kMigrations[next]);
    if (status.ok()) status = Exec(absl::StrCat("PRAGMA user_version=", next + 1).c_str());
    if (!status.ok()) {
      Rollback();
      return status;
    }
  }
  if (*version > 0 && *version < 8) {
    if (absl::Status status = FillRuntimesFromSamples(); !status.ok()) {
      Rollback();
      return status;
    }
  }
  return Commit();
}

absl::Status Store::Begin() { return Exec("BEGIN IMMEDIATE"); }
absl::Status Store::UseLargeCache() { return Exec("PRAGMA cache_size=-131072"); }
absl::Status Store::Commit() { return Exec("COMMIT"); }
void Store::Rollback() { (void)Exec("ROLLBACK"); }

absl::Status Store::InTransaction(absl::FunctionRef<absl::Status()> writes) {
  if (absl::Status status = Begin(); !status.ok()) return status;
  absl::Status status = writes();
  if (status.ok()) status = Commit();
  if (!status.ok()) Rollback();
  return status;
}

absl::Status Store::InSavepoint(absl::FunctionRef<absl::Status()> writes) {
  if (absl::Status status = Exec("SAVEPOINT part"); !status.ok()) return status;
  absl::Status status = writes();
  if (!status.ok()) (void)Exec("ROLLBACK TO part");
  // RELEASE after ROLLBACK TO ends the savepoint; the transaction goes on.
  if (absl::Status released = Exec("RELEASE part"); status.ok()) status = released;
  return status;
}

bool Store::BeginRead() {
  if (sqlite3_get_autocommit(db_) == 0) return false;
  absl::StatusOr<Statement> begin = Prepare("BEGIN");
  return begin.ok() && begin->Step() == SQLITE_DONE;
}

void Store::EndRead() {
  absl::StatusOr<Statement> commit = Prepare("COMMIT");
  if (commit.ok()) (void)commit->Step();
}

bool Store::TransactionOpen() { return sqlite3_get_autocommit(db_) == 0; }

ReadScope::ReadScope(Store& store) : store_(store), began_(store.BeginRead()) {}
ReadScope::~ReadScope() {
  if (began_) store_.EndRead();
}

absl::StatusOr<bool> Store::InsertSample(const Sample& sample) {
  static constexpr const char* kSql =
      "INSERT OR IGNORE INTO samples(at_ms, session, project, cwd, command, program, family,"
      " signature, tool_use_id, duration_ms, outcome, timed_by_hooks, predicted_ms, advice,"
      " background, state, source, import_key)"
      " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)";
  absl::StatusOr<Statement> statement = Prepare(kSql);
  if (!statement.ok()) return statement.status();
  statement->BindInt(1, sample.at_ms)
      .BindText(2, sample.session)
      .BindText(3, sample.project)
      .BindText(4, sample.cwd)
      .BindText(5, CappedCommand(sample.command))
      .BindText(6, sample.program)
      .BindText(7, sample.family)
      .BindText(8, sample.signature)
      .BindText(9, sample.tool_use_id)
      .BindInt(10, sample.duration_ms)
      .BindText(11, OutcomeName(sample.outcome))
      .BindInt(12, sample.timed_by_hooks ? 1 : 0)
      .BindInt(13, sample.predicted_ms)
      .BindText(14, sample.advice)
      .BindText(15, RuntimeBoundName(sample.background))
      .BindText(16, ChangeStateName(sample.state))
      .BindText(17, sample.source);
  if (!sample.import_key.empty()) statement->BindText(18, sample.import_key);
  if (statement->Step() != SQLITE_DONE) return Error("insert sample");
  return sqlite3_changes(db_) > 0;
}

absl::StatusOr<std::optional<Sample>> Store::SignatureOfCall(std::string_view session,
                                                             std::string_view tool_use_id) {
  static constexpr const char* kSql =
      "SELECT program, family, signature FROM samples"
      " WHERE tool_use_id = ?1 AND session = ?2 AND source = '' LIMIT 1";
  absl::StatusOr<Statement> statement = Prepare(kSql);
  if (!statement.ok()) return statement.status();
  const int rc = statement->BindText(1, tool_use_id).BindText(2, session).Step();
  if (rc == SQLITE_DONE) return std::nullopt;
  if (rc != SQLITE_ROW) return Error("find call signature");
  return Sample{
      .program = statement->Text(0), .family = statement->Text(1), .signature = statement->Text(2)};
}

absl::StatusOr<bool> Store::HookRecordedCall(std::string_view session,
                                             std::string_view tool_use_id) {
  absl::StatusOr<std::optional<Sample>> call = SignatureOfCall(session, tool_use_id);
  if (!call.ok()) return call.status();
  return call->has_value();
}

absl::StatusOr<RunStats> Store::LoadStats(const StatsKey& key) {
  static const std::string kSql = absl::StrCat(
      "SELECT ", kStatsColumns, " FROM stats WHERE level = ?1 AND key = ?2 AND project = ?3");
  absl::StatusOr<Statement> statement = Prepare(kSql.c_str());
  if (!statement.ok()) return statement.status();
  statement->BindKey(1, key);
  const int rc = statement->Step();
  if (rc == SQLITE_ROW) return statement->Stats(0);
  if (rc != SQLITE_DONE) return Error("load stats");
  return RunStats{};
}

absl::Status Store::SaveStats(const StatsKey& key, const RunStats& stats) {
  static constexpr const char* kSql =
      "INSERT OR REPLACE INTO stats(level, key, project, runs, mean_log_ms, var_log, last_ms,"
      " last_seen_ms, outlier_side, lower_bounds, recent)"
      " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";
  absl::StatusOr<Statement> statement = Prepare(kSql);
  if (!statement.ok()) return statement.status();
  statement->BindKey(1, key)
      .BindInt(4, stats.runs)
      .BindDouble(5, stats.mean_log_ms)
      .BindDouble(6, stats.var_log)
      .BindInt(7, stats.last_ms)
      .BindInt(8, stats.last_seen_ms)
      .BindInt(9, stats.outlier_side)
      .BindInt(10, stats.lower_bounds)
      .BindText(11, absl::StrJoin(stats.recent_ms, " "));
  if (statement->Step() != SQLITE_DONE) return Error("save stats");
  return absl::OkStatus();
}

absl::Status Store::RememberStart(std::string_view tool_use_id, int64_t now_ms, CallAction action,
                                  std::optional<int64_t> predicted_ms) {
  static constexpr const char* kForget = "DELETE FROM running WHERE started_ms < ?1";
  static constexpr const char* kInsert =
      "INSERT OR REPLACE INTO running(tool_use_id, started_ms, action, predicted_ms)"
      " VALUES(?1, ?2, ?3, ?4)";
  absl::StatusOr<Statement> forget = Prepare(kForget);
  if (!forget.ok()) return forget.status();
  if (forget->BindInt(1, now_ms - kForgetStartAfterMs).Step() != SQLITE_DONE) {
    return Error("forget old starts");
  }
  absl::StatusOr<Statement> insert = Prepare(kInsert);
  if (!insert.ok()) return insert.status();
  if (insert->BindText(1, tool_use_id)
          .BindInt(2, now_ms)
          .BindText(3, CallActionName(action))
          .BindInt(4, predicted_ms)
          .Step() != SQLITE_DONE) {
    return Error("remember start");
  }
  return absl::OkStatus();
}

absl::StatusOr<std::optional<CallStart>> Store::TakeStart(std::string_view tool_use_id) {
  static constexpr const char* kSql =
      "DELETE FROM running WHERE tool_use_id = ?1 RETURNING started_ms, action, predicted_ms";
  absl::StatusOr<Statement> statement = Prepare(kSql);
  if (!statement.ok()) return statement.status();
  statement->BindText(1, tool_use_id);
  std::optional<CallStart> started;
  int rc = statement->Step();
  if (rc == SQLITE_ROW) {
    started = CallStart{
        .started_ms = statement->Int(0),
        .action =
            FromName(statement->Text(1), kActions, CallActionName).value_or(CallAction::kNone),
        .predicted_ms = statement->OptionalInt(2)};
    rc = statement->Step();
  }
  if (rc != SQLITE_DONE) return Error("take start");
  return started;
}

absl::StatusOr<bool> Store::HasStart(std::string_view tool_use_id) {
  static constexpr const char* kSql = "SELECT 1 FROM running WHERE tool_use_id = ?1";
  absl::StatusOr<Statement> statement = Prepare(kSql);
  if (!statement.ok()) return statement.status();
  const int rc = statement->BindText(1, tool_use_id).Step();
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) return Error("find start");
  return rc == SQLITE_ROW;
}

absl::StatusOr<bool> Store::SpoolClaimMerged(std::string_view claim) {
  absl::StatusOr<Statement> statement = Prepare("SELECT 1 FROM spool_merges WHERE claim = ?1");
  if (!statement.ok()) return statement.status();
  const int rc = statement->BindText(1, claim).Step();
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) return Error("find spool merge");
  return rc == SQLITE_ROW;
}

absl::Status Store::NoteSpoolClaimMerged(std::string_view claim, int64_t now_ms) {
  // A file left claimed is merged by the next writer, within moments: a week is plenty.
  static constexpr int64_t kForgetMergeAfterMs = int64_t{7} * 24 * 3600 * 1000;
  absl::StatusOr<Statement> forget = Prepare("DELETE FROM spool_merges WHERE at_ms < ?1");
  if (!forget.ok()) return forget.status();
  if (forget->BindInt(1, now_ms - kForgetMergeAfterMs).Step() != SQLITE_DONE) {
    return Error("forget spool merges");
  }
  absl::StatusOr<Statement> note =
      Prepare("INSERT OR REPLACE INTO spool_merges(claim, at_ms) VALUES(?1, ?2)");
  if (!note.ok()) return note.status();
  if (note->BindText(1, claim).BindInt(2, now_ms).Step() != SQLITE_DONE) {
    return Error("note spool merge");
  }
  return absl::OkStatus();
}

absl::Status Store::RememberDenial(std::string_view session, std::string_view command,
                                   int64_t now_ms) {
  static constexpr const char* kForget = "DELETE FROM denials WHERE at_ms < ?1";
  static constexpr const char* kInsert =
      "INSERT OR REPLACE INTO denials(session, command, at_ms) VALUES(?1, ?2, ?3)";
  absl::StatusOr<Statement> forget = Prepare(kForget);
  if (!forget.ok()) return forget.status();
  if (forget->BindInt(1, now_ms - kForgetStartAfterMs).Step() != SQLITE_DONE) {
    return Error("forget old denials");
  }
  absl::StatusOr<Statement> insert = Prepare(kInsert);
  if (!insert.ok()) return insert.status();
  if (insert->BindText(1, session).BindText(2, CappedCommand(command)).BindInt(3, now_ms).Step() !=
      SQLITE_DONE) {
    return Error("remember denial");
  }
  return absl::OkStatus();
}

absl::StatusOr<std::optional<int64_t>> Store::LastDenial(std::string_view session,
                                                         std::string_view command) {
  static constexpr const char* kSql =
      "SELECT at_ms FROM denials WHERE session = ?1 AND command = ?2";
  absl::StatusOr<Statement> statement = Prepare(kSql);
  if (!statement.ok()) return statement.status();
  statement->BindText(1, session).BindText(2, CappedCommand(command));
  const int rc = statement->Step();
  if (rc == SQLITE_ROW) return std::optional<int64_t>(statement->Int(0));
  if (rc != SQLITE_DONE) return Error("read denial");
  return std::optional<int64_t>();
}

absl::StatusOr<std::vector<KeyedStats>> Store::StatsOfProject(std::string_view level,
                                                              std::string_view project) {
  static const std::string kSql =
      absl::StrCat("SELECT key, ", kStatsColumns, " FROM stats WHERE project = ?1 AND level = ?2");
  absl::StatusOr<Statement> statement = Prepare(kSql.c_str());
  if (!statement.ok()) return statement.status();
  statement->BindText(1, project).BindText(2, level);
  std::vector<KeyedStats> found;
  int rc;
  while ((rc = statement->Step()) == SQLITE_ROW) {
    found.push_back(KeyedStats{.key = statement->Text(0), .stats = statement->Stats(1)});
  }
  if (rc != SQLITE_DONE) return Error("read project stats");
  return found;
}

absl::StatusOr<std::vector<GroupRuns>> Store::CompleteRuns(
    Grouping by, const std::optional<std::string>& project, int64_t since_ms) {
  // Two constant statements rather than one built at run time: Prepare caches by address.
  static constexpr const char* kByFamily =
      "SELECT family, duration_ms, at_ms FROM samples"
      " WHERE (?1 IS NULL OR project = ?1) AND at_ms >= ?2 AND duration_ms IS NOT NULL"
      " AND outcome IN ('ok', 'failed') ORDER BY family, duration_ms";
  static constexpr const char* kByCommand =
      "SELECT signature, duration_ms, at_ms FROM samples"
      " WHERE (?1 IS NULL OR project = ?1) AND at_ms >= ?2 AND duration_ms IS NOT NULL"
      " AND outcome IN ('ok', 'failed') ORDER BY signature, duration_ms";
  absl::StatusOr<Statement> statement = Prepare(by == Grouping::kFamily ? kByFamily : kByCommand);
  if (!statement.ok()) return statement.status();
  if (project.has_value()) statement->BindText(1, *project);
  statement->BindInt(2, since_ms);
  std::vector<GroupRuns> groups;
  int rc;
  while ((rc = statement->Step()) == SQLITE_ROW) {
    std::string key = statement->Text(0);
    if (groups.empty() || groups.back().key != key) {
      groups.push_back(GroupRuns{.key = std::move(key)});
    }
    groups.back().durations_ms.push_back(statement->Int(1));
    groups.back().last_seen_ms = std::max(groups.back().last_seen_ms, statement->Int(2));
  }
  if (rc != SQLITE_DONE) return Error("read complete runs");
  return groups;
}

absl::StatusOr<std::vector<Sample>> Store::SamplesSince(int64_t since_ms,
                                                        std::string_view project) {
  static constexpr const char* kSql =
      "SELECT at_ms, session, project, family, signature, tool_use_id, duration_ms, outcome,"
      " timed_by_hooks, predicted_ms, advice, background, state FROM samples"
      " WHERE at_ms >= ?1 AND (?2 = '' OR project = ?2) AND source = '' ORDER BY at_ms";
  absl::StatusOr<Statement> statement = Prepare(kSql);
  if (!statement.ok()) return statement.status();
  statement->BindInt(1, since_ms).BindText(2, project);
  std::vector<Sample> samples;
  int rc;
  while ((rc = statement->Step()) == SQLITE_ROW) {
    Sample sample{
        .at_ms = statement->Int(0),
        .session = statement->Text(1),
        .project = statement->Text(2),
        .family = statement->Text(3),
        .signature = statement->Text(4),
        .tool_use_id = statement->Text(5),
        .duration_ms = statement->OptionalInt(6),
        .outcome =
            FromName(statement->Text(7), kOutcomes, OutcomeName).value_or(Outcome::kCensored),
        .timed_by_hooks = statement->Int(8) != 0,
        .predicted_ms = statement->OptionalInt(9),
        .advice = statement->Text(10),
        .background =
            FromName(statement->Text(11), kBounds, RuntimeBoundName).value_or(RuntimeBound::kNone),
        .state = FromName(statement->Text(12), kChangeStates, ChangeStateName)
                     .value_or(ChangeState::kUnknown)};
    samples.push_back(std::move(sample));
  }
  if (rc != SQLITE_DONE) return Error("read samples");
  return samples;
}

absl::StatusOr<int64_t> Store::SampleCount() {
  absl::StatusOr<Statement> statement = Prepare("SELECT count(*) FROM samples");
  if (!statement.ok()) return statement.status();
  if (statement->Step() != SQLITE_ROW) return Error("count samples");
  return statement->Int(0);
}

absl::StatusOr<std::string> Store::QuickCheck() {
  // Ten problems are enough to tell a damaged file; the full list can be long.
  absl::StatusOr<Statement> statement = Prepare("PRAGMA quick_check(10)");
  if (!statement.ok()) return statement.status();
  std::vector<std::string> problems;
  int rc;
  while ((rc = statement->Step()) == SQLITE_ROW) problems.push_back(statement->Text(0));
  if (rc != SQLITE_DONE) return Error("quick_check");
  return absl::StrJoin(problems, "\n");
}

absl::StatusOr<RunTiming> Store::RecentRunTiming(int64_t since_ms, int64_t limit) {
  static constexpr const char* kSql =
      "SELECT count(*), coalesce(sum(timed_by_hooks), 0) FROM (SELECT timed_by_hooks FROM samples"
      " WHERE at_ms >= ?1 AND duration_ms IS NOT NULL AND background = '' AND source = ''"
      " ORDER BY at_ms DESC LIMIT ?2)";
  absl::StatusOr<Statement> statement = Prepare(kSql);
  if (!statement.ok()) return statement.status();
  statement->BindInt(1, since_ms).BindInt(2, limit);
  if (statement->Step() != SQLITE_ROW) return Error("read run timing");
  return RunTiming{.runs = statement->Int(0), .timed_by_hooks = statement->Int(1)};
}

}  // namespace bgprof
