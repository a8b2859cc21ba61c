// Fuzzes ReadAtuinHistory (profiler/calibrate/atuin_history) on its rows: the file route (random
// bytes as a database) only exercises SQLite's own checks. Each input picks one of atuin's schemas
// (the current one, one without author_kind, the oldest) and fills its rows with values of any
// SQLite type, as a database another atuin version or a broken import may hold. Beyond not
// crashing: the read succeeds, and the properties every history reader promises hold
// (history_checks.h) plus atuin's own: no folder named "unknown".
#include <fuzzer/FuzzedDataProvider.h>
#include <sqlite3.h>
#include <unistd.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "profiler/calibrate/atuin_history.h"
#include "tests/fuzz/history_checks.h"

namespace bgprof {
namespace {

struct Schema {
  const char* create;
  std::vector<const char*> columns;
};

const std::array<Schema, 3>& Schemas() {
  static const std::array<Schema, 3> kSchemas = {{
      {"CREATE TABLE history (id TEXT PRIMARY KEY NOT NULL, timestamp INTEGER NOT NULL, duration "
       "INTEGER, "
       "exit INTEGER, command TEXT, cwd TEXT, session TEXT, hostname TEXT, deleted_at INTEGER, "
       "author TEXT, author_kind INTEGER)",
       {"id", "timestamp", "duration", "exit", "command", "cwd", "session", "deleted_at", "author",
        "author_kind"}},
      {"CREATE TABLE history (id TEXT PRIMARY KEY NOT NULL, timestamp INTEGER NOT NULL, duration "
       "INTEGER, "
       "exit INTEGER, command TEXT, cwd TEXT, session TEXT, hostname TEXT, deleted_at INTEGER, "
       "author TEXT)",
       {"id", "timestamp", "duration", "exit", "command", "cwd", "session", "deleted_at",
        "author"}},
      {"CREATE TABLE history (id TEXT PRIMARY KEY NOT NULL, timestamp, duration, command)",
       {"id", "timestamp", "duration", "command"}},
  }};
  return kSchemas;
}

// One database file per schema, made once, in a folder of its own under TMPDIR.
const std::string& DatabaseOf(size_t schema) {
  static const std::array<std::string, 3> kPaths = [] {
    const char* tmp = std::getenv("TMPDIR");
    std::string folder = std::string(tmp != nullptr ? tmp : "/tmp") + "/bgprof-fuzz-atuin-XXXXXX";
    FUZZ_CHECK(mkdtemp(folder.data()) != nullptr);
    std::array<std::string, 3> paths;
    for (size_t i = 0; i < paths.size(); ++i) {
      paths[i] = folder + "/history" + std::to_string(i) + ".db";
      sqlite3* db = nullptr;
      FUZZ_CHECK(sqlite3_open(paths[i].c_str(), &db) == SQLITE_OK);
      FUZZ_CHECK(sqlite3_exec(db, Schemas()[i].create, nullptr, nullptr, nullptr) == SQLITE_OK);
      sqlite3_close(db);
    }
    return paths;
  }();
  return kPaths[schema];
}

// A value of any type atuin's columns may hold in a database SQLite accepts.
void BindAnything(FuzzedDataProvider& input, sqlite3_stmt* statement, int parameter) {
  switch (input.ConsumeIntegralInRange<int>(0, 5)) {
    case 0:
      sqlite3_bind_null(statement, parameter);
      break;
    case 1:
      sqlite3_bind_int64(statement, parameter, input.ConsumeIntegral<int64_t>());
      break;
    case 2:
      sqlite3_bind_double(statement, parameter, input.ConsumeFloatingPoint<double>());
      break;
    case 3: {
      const std::vector<uint8_t> blob =
          input.ConsumeBytes<uint8_t>(input.ConsumeIntegral<uint8_t>());
      sqlite3_bind_blob(statement, parameter, blob.data(), static_cast<int>(blob.size()),
                        SQLITE_TRANSIENT);
      break;
    }
    default: {
      const std::string text = input.ConsumeRandomLengthString(256);
      sqlite3_bind_text(statement, parameter, text.data(), static_cast<int>(text.size()),
                        SQLITE_TRANSIENT);
      break;
    }
  }
}

// Replaces the rows of the schema's database with ones made from `input`.
void FillRows(FuzzedDataProvider& input, size_t schema) {
  constexpr int kMaxRows = 16;
  sqlite3* db = nullptr;
  FUZZ_CHECK(sqlite3_open(DatabaseOf(schema).c_str(), &db) == SQLITE_OK);
  // No journal and no fsync: the file is scratch, and thousands of runs a second write it.
  FUZZ_CHECK(sqlite3_exec(db,
                          "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; BEGIN; "
                          "DELETE FROM history",
                          nullptr, nullptr, nullptr) == SQLITE_OK);
  const std::vector<const char*>& columns = Schemas()[schema].columns;
  std::string sql = "INSERT OR IGNORE INTO history (";
  std::string values;
  for (size_t i = 0; i < columns.size(); ++i) {
    sql += std::string(i == 0 ? "" : ", ") + columns[i];
    values += i == 0 ? "?" : ", ?";
  }
  sql += ") VALUES (" + values + ")";
  sqlite3_stmt* insert = nullptr;
  FUZZ_CHECK(sqlite3_prepare_v2(db, sql.c_str(), -1, &insert, nullptr) == SQLITE_OK);
  for (int row = 0; row < kMaxRows && input.remaining_bytes() > 0; ++row) {
    // atuin's ids are unique text (UUIDs): the database, not the reader, keeps keys unique.
    std::string id = "r" + input.ConsumeRandomLengthString(40);
    std::erase(id, '\0');  // a NUL ends the text the reader sees: "r\0a" and "r\0b" would meet
    sqlite3_bind_text(insert, 1, id.data(), static_cast<int>(id.size()), SQLITE_TRANSIENT);
    for (size_t i = 1; i < columns.size(); ++i) {
      BindAnything(input, insert, static_cast<int>(i) + 1);
    }
    sqlite3_step(insert);  // a NOT NULL timestamp or a repeated id refuses the row: fine
    sqlite3_reset(insert);
  }
  sqlite3_finalize(insert);
  FUZZ_CHECK(sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(db);
}

}  // namespace
}  // namespace bgprof

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider input(data, size);
  const size_t schema = input.ConsumeIntegralInRange<size_t>(0, bgprof::Schemas().size() - 1);
  bgprof::FillRows(input, schema);
  const absl::StatusOr<bgprof::HistoryRead> read =
      bgprof::ReadAtuinHistory(bgprof::DatabaseOf(schema));
  FUZZ_CHECK(read.ok());
  bgprof::fuzz::CheckHistoryRead(*read, "atuin");
  for (const bgprof::HistoryRun& run : read->runs) {
    FUZZ_CHECK(run.cwd != "unknown");
  }
  return 0;
}
