#include "tests/support/damaged_database.h"

#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "absl/status/statusor.h"
#include "db/store.h"

namespace bgprof::testing {
namespace {

constexpr int64_t kPageBytes = 4096;

std::string RandomBytes(int64_t count, std::mt19937& random) {
  std::string bytes(static_cast<size_t>(count), '\0');
  for (char& byte : bytes) byte = static_cast<char>(random() & 0xff);
  return bytes;
}

}  // namespace

bool FillDatabase(const std::string& path, int samples, int families) {
  {
    absl::StatusOr<Store> store = Store::Open(path);
    if (!store.ok() || !store->Begin().ok()) return false;
    for (int i = 0; i < samples; ++i) {
      const std::string family = "make target" + std::to_string(i % families);
      Sample sample{.at_ms = 1'780'000'000'000 + i,
                    .session = "session",
                    .project = "/home/alex/webapp",
                    .cwd = "/home/alex/webapp",
                    .command = family + " --jobs 8 # run " + std::to_string(i),
                    .program = "make",
                    .family = family,
                    .signature = family + " --jobs",
                    .tool_use_id = "toolu_fill_" + std::to_string(i),
                    .duration_ms = 1000 + i};
      if (!store->InsertSample(sample).ok()) return false;
      RunStats stats{.runs = i / families + 1, .mean_log_ms = 7.0, .last_ms = 1000 + i};
      if (!store->SaveStats({"family", family, sample.project}, stats).ok()) return false;
    }
    if (!store->Commit().ok()) return false;
  }
  return CheckpointFully(path);
}

bool CheckpointFully(const std::string& path) {
  sqlite3* db = nullptr;
  // A connection opens the WAL at its first read: a checkpoint before that copies nothing.
  int copied = -1;
  int in_wal = -1;
  bool ok = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK &&
            sqlite3_exec(db, "SELECT count(*) FROM sqlite_schema", nullptr, nullptr, nullptr) ==
                SQLITE_OK &&
            sqlite3_wal_checkpoint_v2(db, "main", SQLITE_CHECKPOINT_TRUNCATE, &in_wal, &copied) ==
                SQLITE_OK &&
            in_wal == copied;
  sqlite3_close(db);
  return ok;
}

std::vector<int64_t> NonRootPagesOf(const std::string& path, const std::string& name) {
  std::vector<int64_t> pages;
  sqlite3* db = nullptr;
  sqlite3_stmt* statement = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK &&
      sqlite3_prepare_v2(db,
                         "SELECT pageno FROM dbstat WHERE name = ?1 AND pageno !="
                         " (SELECT rootpage FROM sqlite_schema WHERE name = ?1) ORDER BY pageno",
                         -1, &statement, nullptr) == SQLITE_OK) {
    sqlite3_bind_text(statement, 1, name.c_str(), -1, SQLITE_TRANSIENT);
    while (sqlite3_step(statement) == SQLITE_ROW)
      pages.push_back(sqlite3_column_int64(statement, 0));
  }
  sqlite3_finalize(statement);
  sqlite3_close(db);
  return pages;
}

void OverwritePages(const std::string& path, const std::vector<int64_t>& pages, uint32_t seed) {
  std::mt19937 random(seed);
  std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
  for (int64_t page : pages) {
    file.seekp((page - 1) * kPageBytes);
    file << RandomBytes(kPageBytes, random);
  }
}

void WriteRandomFile(const std::string& path, int64_t bytes, uint32_t seed) {
  std::mt19937 random(seed);
  std::ofstream(path, std::ios::binary | std::ios::trunc) << RandomBytes(bytes, random);
}

void TruncateFile(const std::string& path, double fraction) {
  const auto size = static_cast<double>(std::filesystem::file_size(path));
  std::filesystem::resize_file(path, static_cast<uintmax_t>(size * fraction));
}

int64_t RowCount(const std::string& path, const std::string& table) {
  int64_t count = -1;
  sqlite3* db = nullptr;
  sqlite3_stmt* statement = nullptr;
  const std::string sql = "SELECT count(*) FROM " + table;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK &&
      sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr) == SQLITE_OK &&
      sqlite3_step(statement) == SQLITE_ROW) {
    count = sqlite3_column_int64(statement, 0);
  }
  sqlite3_finalize(statement);
  sqlite3_close(db);
  return count;
}

}  // namespace bgprof::testing
