// Tests of profiler/calibrate/atuin_history: atuin's database as runs. Each database is built
// here with the schema atuin's own migrations give it (crates/atuin-client/migrations): the
// table of 2021, then `deleted_at`, `author` (with `intent`), `shell` and `author_kind` added
// by later ones, so that the reader meets the columns in the order and types atuin writes them.
#include "profiler/calibrate/atuin_history.h"

#include <sqlite3.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/support/bgprof_runner.h"
#include "tests/support/build_speed.h"
#include "tests/support/scratch_folder.h"

namespace bgprof {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Pair;
using ::testing::UnorderedElementsAre;

// Which of atuin's migrations the database has been through.
enum class Schema {
  kOldest,        // 2021: no deleted_at
  kBeforeAuthor,  // deleted_at, no author (atuin before 2026)
  kAuthorOnly,    // author and intent, no author_kind
  kCurrent,       // author_kind too
};

constexpr int64_t kNsPerMs = 1000000;
constexpr int64_t kAgentKind = 2;  // atuin's author_kind for a coding agent

// One row of atuin's `history` table; nullopt columns are written NULL.
struct AtuinRow {
  std::string id;
  int64_t timestamp_ns = 1700000000000LL * kNsPerMs;
  int64_t duration_ns = 0;
  int64_t exit = 0;
  std::string command = "ls";
  std::string cwd = "/home/alice/src/webapp";
  std::string session = "0190a4e2c1f37b5e9d8c6a4b2e1f0d3c";
  std::string hostname = "laptop:alice";
  std::optional<int64_t> deleted_at;
  std::optional<std::string> author;
  std::optional<int64_t> author_kind;
};

void Exec(sqlite3* db, const std::string& sql) {
  char* error = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
    ADD_FAILURE() << sql << ": " << (error == nullptr ? "?" : error);
  }
  sqlite3_free(error);
}

sqlite3* OpenForWriting(const std::string& path) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr),
            SQLITE_OK);
  return db;
}

void CreateHistoryTable(sqlite3* db, Schema schema) {
  Exec(db,
       "create table if not exists history (id text primary key, timestamp integer not null, "
       "duration integer not null, exit integer not null, command text not null, cwd text not "
       "null, session text not null, hostname text not null, unique(timestamp, cwd, command))");
  Exec(db, "create index if not exists idx_history_timestamp on history(timestamp)");
  if (schema == Schema::kOldest) return;
  Exec(db, "alter table history add column deleted_at integer");
  if (schema == Schema::kBeforeAuthor) return;
  Exec(db, "alter table history add column author text");
  Exec(db, "alter table history add column intent text");
  Exec(db, "alter table history add column shell text");
  if (schema == Schema::kAuthorOnly) return;
  Exec(db, "alter table history add column author_kind integer");
}

void Insert(sqlite3* db, Schema schema, const AtuinRow& row) {
  std::string sql =
      "insert into history (id, timestamp, duration, exit, command, cwd, session, hostname";
  std::string values = "?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8";
  if (schema != Schema::kOldest) {
    sql += ", deleted_at";
    values += ", ?9";
  }
  if (schema == Schema::kAuthorOnly || schema == Schema::kCurrent) {
    sql += ", author";
    values += ", ?10";
  }
  if (schema == Schema::kCurrent) {
    sql += ", author_kind";
    values += ", ?11";
  }
  sql += ") values (" + values + ")";
  sqlite3_stmt* statement = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr), SQLITE_OK)
      << sqlite3_errmsg(db);
  auto text = [&](int index, const std::string& value) {
    sqlite3_bind_text(statement, index, value.c_str(), -1, SQLITE_TRANSIENT);
  };
  text(1, row.id);
  sqlite3_bind_int64(statement, 2, row.timestamp_ns);
  sqlite3_bind_int64(statement, 3, row.duration_ns);
  sqlite3_bind_int64(statement, 4, row.exit);
  text(5, row.command);
  text(6, row.cwd);
  text(7, row.session);
  text(8, row.hostname);
  // Unbound parameters are NULL.
  if (row.deleted_at.has_value() && schema != Schema::kOldest) {
    sqlite3_bind_int64(statement, 9, *row.deleted_at);
  }
  if (row.author.has_value() && (schema == Schema::kAuthorOnly || schema == Schema::kCurrent)) {
    text(10, *row.author);
  }
  if (row.author_kind.has_value() && schema == Schema::kCurrent) {
    sqlite3_bind_int64(statement, 11, *row.author_kind);
  }
  EXPECT_EQ(sqlite3_step(statement), SQLITE_DONE) << sqlite3_errmsg(db);
  sqlite3_finalize(statement);
}

class AtuinHistoryTest : public ::testing::Test {
 protected:
  std::string Path(const std::string& name = "history.db") const {
    return scratch_.path() + "/" + name;
  }

  // A database at `path` holding `rows`, closed again as atuin leaves it between prompts.
  std::string Build(Schema schema, const std::vector<AtuinRow>& rows,
                    const std::string& name = "history.db") {
    const std::string path = Path(name);
    sqlite3* db = OpenForWriting(path);
    Exec(db, "pragma journal_mode=wal");
    CreateHistoryTable(db, schema);
    for (const AtuinRow& row : rows) Insert(db, schema, row);
    sqlite3_close(db);
    return path;
  }

  HistoryRead Read(const std::string& path) {
    absl::StatusOr<HistoryRead> read = ReadAtuinHistory(path);
    EXPECT_TRUE(read.ok()) << read.status();
    return read.ok() ? *std::move(read) : HistoryRead{};
  }

  testing::ScratchFolder scratch_{"bgprof-atuin"};
};

const HistoryRun* RunWithKey(const HistoryRead& read, const std::string& key) {
  for (const HistoryRun& run : read.runs) {
    if (run.key == key) return &run;
  }
  return nullptr;
}

std::vector<std::string> Keys(const HistoryRead& read) {
  std::vector<std::string> keys;
  for (const HistoryRun& run : read.runs) keys.push_back(run.key);
  return keys;
}

TEST_F(AtuinHistoryTest, ReadsARowInMilliseconds) {
  const std::string path =
      Build(Schema::kCurrent, {{.id = "0190a4e2c1f37b5e9d8c6a4b2e1f0d3c",
                                .timestamp_ns = 1700000000123456789LL,
                                .duration_ns = 40500999999LL,  // 40.500999999 s
                                .exit = 0,
                                .command = "make -j8",
                                .cwd = "/home/alice/src/webapp",
                                .session = "0190a4e2c1f37b5e9d8c6a4b2e1f0aaa",
                                .author = "alice",
                                .author_kind = 1}});
  const HistoryRead read = Read(path);
  EXPECT_EQ(read.entries, 1);
  EXPECT_THAT(read.skipped, IsEmpty());
  ASSERT_EQ(read.runs.size(), 1u);
  const HistoryRun& run = read.runs[0];
  EXPECT_EQ(run.source, "atuin");
  EXPECT_EQ(run.key, "0190a4e2c1f37b5e9d8c6a4b2e1f0d3c");
  EXPECT_EQ(run.started_ms, 1700000000123);
  EXPECT_EQ(run.duration_ms, 40500);
  EXPECT_EQ(run.command, "make -j8");
  EXPECT_EQ(run.cwd, "/home/alice/src/webapp");
  EXPECT_EQ(run.session, "0190a4e2c1f37b5e9d8c6a4b2e1f0aaa");
  EXPECT_EQ(run.outcome, Outcome::kOk);
  EXPECT_FALSE(run.by_agent);
  EXPECT_FALSE(run.may_hold_wait);
  EXPECT_EQ(run.tool_use_id, "");
}

TEST_F(AtuinHistoryTest, KeyIsTheRowIdSoEveryRowIsItsOwnRun) {
  // The same command run twice a second apart: two rows, two runs, told apart by their ids.
  const std::string path =
      Build(Schema::kCurrent, {{.id = "a1", .timestamp_ns = 1700000000LL * 1000000000},
                               {.id = "b2", .timestamp_ns = 1700000001LL * 1000000000}});
  EXPECT_THAT(Keys(Read(path)), UnorderedElementsAre("a1", "b2"));
}

TEST_F(AtuinHistoryTest, DurationOfMinusOneIsUnknown) {
  // atuin writes -1 (and exit -1) when a command starts; `history end` fills them in.
  const std::string path =
      Build(Schema::kCurrent, {{.id = "running", .duration_ns = -1, .exit = -1},
                               {.id = "instant", .duration_ns = 0, .exit = 0, .command = "pwd"}});
  const HistoryRead read = Read(path);
  ASSERT_EQ(read.runs.size(), 2u);
  EXPECT_EQ(RunWithKey(read, "running")->duration_ms, std::nullopt);
  EXPECT_EQ(RunWithKey(read, "running")->outcome, Outcome::kOk);
  EXPECT_EQ(RunWithKey(read, "instant")->duration_ms, 0);
}

TEST_F(AtuinHistoryTest, ExitCodeGivesTheOutcome) {
  const std::string path =
      Build(Schema::kCurrent, {{.id = "ok", .exit = 0, .command = "true"},
                               {.id = "failed", .exit = 1, .command = "false"},
                               {.id = "not-found", .exit = 127, .command = "nosuch"},
                               {.id = "ctrl-c", .exit = 130, .command = "sleep 100"}});
  const HistoryRead read = Read(path);
  ASSERT_EQ(read.runs.size(), 4u);
  EXPECT_EQ(RunWithKey(read, "ok")->outcome, Outcome::kOk);
  EXPECT_EQ(RunWithKey(read, "failed")->outcome, Outcome::kFailed);
  EXPECT_EQ(RunWithKey(read, "not-found")->outcome, Outcome::kFailed);
  EXPECT_EQ(RunWithKey(read, "ctrl-c")->outcome, Outcome::kInterrupted);
}

TEST_F(AtuinHistoryTest, UnknownFolderIsNoFolder) {
  // What atuin writes for rows it imported from a shell's history file.
  const std::string path = Build(
      Schema::kCurrent, {{.id = "imported", .cwd = "unknown"}, {.id = "typed", .command = "make"}});
  const HistoryRead read = Read(path);
  ASSERT_EQ(read.runs.size(), 2u);
  EXPECT_EQ(RunWithKey(read, "imported")->cwd, "");
  EXPECT_EQ(RunWithKey(read, "typed")->cwd, "/home/alice/src/webapp");
}

TEST_F(AtuinHistoryTest, SkipsDeletedRows) {
  const std::string path =
      Build(Schema::kCurrent,
            {{.id = "kept"},
             {.id = "gone", .command = "export TOKEN=x", .deleted_at = 1700000100LL * 1000000000}});
  const HistoryRead read = Read(path);
  EXPECT_EQ(read.entries, 2);
  EXPECT_THAT(Keys(read), ElementsAre("kept"));
  EXPECT_THAT(read.skipped, ElementsAre(Pair("deleted", 1)));
}

TEST_F(AtuinHistoryTest, SkipsClaudeCodesRowsWhateverTheirKind) {
  // Claude Code's calls are read from its transcripts, with their tool_use ids: its rows in
  // atuin would count them twice.
  const std::string path =
      Build(Schema::kCurrent,
            {{.id = "agent-kind", .command = "npm test", .author = "claude-code", .author_kind = 2},
             {.id = "no-kind", .command = "npm run build", .author = "claude-code"},
             {.id = "alice", .command = "npm ci", .author = "alice", .author_kind = 1}});
  const HistoryRead read = Read(path);
  EXPECT_EQ(read.entries, 3);
  EXPECT_THAT(Keys(read), ElementsAre("alice"));
  EXPECT_THAT(read.skipped, ElementsAre(Pair("claude code's, read from its transcripts", 2)));
}

TEST_F(AtuinHistoryTest, SkipsClaudeCodesRowsWhereNoColumnSaysTheKind) {
  const std::string path =
      Build(Schema::kAuthorOnly, {{.id = "claude", .author = "claude-code"},
                                  {.id = "alice", .command = "make", .author = "alice"}});
  const HistoryRead read = Read(path);
  EXPECT_THAT(Keys(read), ElementsAre("alice"));
  EXPECT_THAT(read.skipped, ElementsAre(Pair("claude code's, read from its transcripts", 1)));
}

TEST_F(AtuinHistoryTest, KeepsOtherAgentsRowsMarkedByAgent) {
  const std::string path = Build(
      Schema::kCurrent,
      {{.id = "codex", .command = "cargo test", .author = "codex", .author_kind = kAgentKind},
       {.id = "codex-no-kind", .command = "cargo build", .author = "codex"},
       // An agent atuin knows only by its kind.
       {.id = "newagent", .command = "go test", .author = "newagent", .author_kind = kAgentKind},
       {.id = "alice", .command = "make", .author = "alice"}});
  const HistoryRead read = Read(path);
  EXPECT_THAT(read.skipped, IsEmpty());
  ASSERT_EQ(read.runs.size(), 4u);
  EXPECT_TRUE(RunWithKey(read, "codex")->by_agent);
  EXPECT_TRUE(RunWithKey(read, "codex-no-kind")->by_agent);
  EXPECT_TRUE(RunWithKey(read, "newagent")->by_agent);
  EXPECT_FALSE(RunWithKey(read, "alice")->by_agent);
}

TEST_F(AtuinHistoryTest, KeepsAHumanWhoseNameIsAnAgentsWhenTheKindSaysHuman) {
  // atuin's author defaults to the login: a user called claude is not Claude Code.
  const std::string path =
      Build(Schema::kCurrent,
            {{.id = "human-claude", .command = "make", .author = "claude", .author_kind = 1},
             {.id = "human-codex", .command = "make test", .author = "codex", .author_kind = 1}});
  const HistoryRead read = Read(path);
  EXPECT_THAT(read.skipped, IsEmpty());
  ASSERT_EQ(read.runs.size(), 2u);
  EXPECT_FALSE(RunWithKey(read, "human-claude")->by_agent);
  EXPECT_FALSE(RunWithKey(read, "human-codex")->by_agent);
}

TEST_F(AtuinHistoryTest, ReadsOlderSchemas) {
  for (Schema schema : {Schema::kOldest, Schema::kBeforeAuthor}) {
    SCOPED_TRACE(static_cast<int>(schema));
    const std::string name = "history" + std::to_string(static_cast<int>(schema)) + ".db";
    const std::string path = Build(schema,
                                   {{.id = "make",
                                     .timestamp_ns = 1700000000LL * 1000000000,
                                     .duration_ns = 2500LL * kNsPerMs,
                                     .exit = 2,
                                     .command = "make"},
                                    {.id = "gone", .deleted_at = 1}},
                                   name);
    const HistoryRead read = Read(path);
    EXPECT_EQ(read.entries, 2);
    // Without deleted_at no row can say it was deleted.
    ASSERT_EQ(read.runs.size(), schema == Schema::kOldest ? 2u : 1u);
    const HistoryRun* make = RunWithKey(read, "make");
    ASSERT_NE(make, nullptr);
    EXPECT_EQ(make->started_ms, 1700000000000);
    EXPECT_EQ(make->duration_ms, 2500);
    EXPECT_EQ(make->outcome, Outcome::kFailed);
    EXPECT_FALSE(make->by_agent);
  }
}

TEST_F(AtuinHistoryTest, SkipsBlankCommands) {
  const std::string path = Build(Schema::kCurrent, {{.id = "blank", .command = "  "}, {.id = "x"}});
  const HistoryRead read = Read(path);
  EXPECT_THAT(Keys(read), ElementsAre("x"));
  EXPECT_THAT(read.skipped, ElementsAre(Pair("empty", 1)));
}

TEST_F(AtuinHistoryTest, MissingFileIsAnErrorAndIsNotCreated) {
  const std::string path = Path("nowhere/history.db");
  const std::string in_folder = Path("history.db");
  for (const std::string& missing : {path, in_folder}) {
    absl::StatusOr<HistoryRead> read = ReadAtuinHistory(missing);
    ASSERT_FALSE(read.ok());
    EXPECT_THAT(read.status().message(), HasSubstr(missing));
    EXPECT_FALSE(fs::exists(missing)) << missing;
  }
}

TEST_F(AtuinHistoryTest, DatabaseWithoutHistoryTableIsAnError) {
  const std::string path = Path("other.db");
  sqlite3* db = OpenForWriting(path);
  Exec(db, "create table samples (id integer primary key, command text)");
  sqlite3_close(db);
  absl::StatusOr<HistoryRead> read = ReadAtuinHistory(path);
  ASSERT_FALSE(read.ok());
  EXPECT_THAT(read.status().message(), HasSubstr(path));
  EXPECT_THAT(read.status().message(), HasSubstr("history"));
}

TEST_F(AtuinHistoryTest, FileThatIsNoDatabaseIsAnError) {
  const std::string path = Path("history.db");
  testing::WriteFile(path, ": 1700000000:3;make\n");
  absl::StatusOr<HistoryRead> read = ReadAtuinHistory(path);
  ASSERT_FALSE(read.ok());
  EXPECT_THAT(read.status().message(), HasSubstr(path));
  // Left as it was.
  EXPECT_EQ(testing::ReadFile(path), ": 1700000000:3;make\n");
}

// atuin writes to its database from every prompt, in WAL mode: a read must neither wait for its
// write transaction nor hold atuin's next write back.
TEST_F(AtuinHistoryTest, ReadsWhileAtuinWritesAndNeverLocksItOut) {
  const std::string path = Build(Schema::kCurrent, {{.id = "committed", .command = "make"}});
  sqlite3* atuin = OpenForWriting(path);
  Exec(atuin, "pragma journal_mode=wal");
  Exec(atuin, "begin immediate");
  Insert(atuin, Schema::kCurrent, {.id = "uncommitted", .command = "cargo build"});

  const auto start = std::chrono::steady_clock::now();
  const HistoryRead read = Read(path);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  // What was committed, at once: not after a busy wait.
  EXPECT_THAT(Keys(read), ElementsAre("committed"));
  EXPECT_LT(elapsed, std::chrono::milliseconds(500) * testing::kBuildSlowdown);
  EXPECT_EQ(sqlite3_exec(atuin, "commit", nullptr, nullptr, nullptr), SQLITE_OK)
      << sqlite3_errmsg(atuin);

  // After the read, another writer gets its lock without waiting.
  EXPECT_THAT(Keys(Read(path)), UnorderedElementsAre("committed", "uncommitted"));
  sqlite3* next = OpenForWriting(path);
  sqlite3_busy_timeout(next, 0);
  EXPECT_EQ(sqlite3_exec(next, "begin immediate", nullptr, nullptr, nullptr), SQLITE_OK)
      << sqlite3_errmsg(next);
  Insert(next, Schema::kCurrent, {.id = "next", .command = "ls"});
  EXPECT_EQ(sqlite3_exec(next, "commit", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(next);
  sqlite3_close(atuin);
  EXPECT_THAT(Keys(Read(path)), UnorderedElementsAre("committed", "uncommitted", "next"));
}

TEST_F(AtuinHistoryTest, ReadsAWalDatabaseNobodyHasOpen) {
  const std::string path = Build(Schema::kCurrent, {{.id = "a"}, {.id = "b", .command = "make"}});
  ASSERT_FALSE(fs::exists(path + "-wal"));  // atuin closed it: the WAL was checkpointed away
  EXPECT_THAT(Keys(Read(path)), UnorderedElementsAre("a", "b"));
}

}  // namespace
}  // namespace bgprof
