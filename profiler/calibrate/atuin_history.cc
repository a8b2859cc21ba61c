#include "profiler/calibrate/atuin_history.h"

#include <sqlite3.h>

#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace bgprof {
namespace {

// atuin's names for the agents that may write to its history (its `author` column).
bool IsClaudeCode(std::string_view author) {
  const std::string lower = absl::AsciiStrToLower(std::string(author));
  return lower == "claude-code" || lower == "claude_code" || lower == "claude";
}
bool IsAgent(std::string_view author) {
  static const std::set<std::string, std::less<>> kAgents = {
      "claude-code", "claude_code", "claude", "codex", "opencode",
      "gemini-cli",  "cursor",      "aider",  "goose", "copilot"};
  return kAgents.contains(absl::AsciiStrToLower(std::string(author)));
}
constexpr int64_t kAgentAuthorKind = 2;

std::set<std::string> ColumnsOf(sqlite3* db, const char* table) {
  std::set<std::string> columns;
  sqlite3_stmt* statement = nullptr;
  const std::string sql = absl::StrCat("PRAGMA table_info(", table, ")");
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr) == SQLITE_OK) {
    while (sqlite3_step(statement) == SQLITE_ROW) {
      const unsigned char* name = sqlite3_column_text(statement, 1);
      if (name != nullptr) columns.insert(reinterpret_cast<const char*>(name));
    }
  }
  sqlite3_finalize(statement);
  return columns;
}

std::string TextColumn(sqlite3_stmt* statement, int column) {
  const unsigned char* text = sqlite3_column_text(statement, column);
  return text == nullptr ? std::string() : std::string(reinterpret_cast<const char*>(text));
}

absl::Status Failure(sqlite3* db, const std::string& path, std::string_view what) {
  return absl::FailedPreconditionError(absl::StrCat("cannot read atuin history ", path, ": ",
                                                    std::string(what), ": ", sqlite3_errmsg(db)));
}

}  // namespace

absl::StatusOr<HistoryRead> ReadAtuinHistory(const std::string& path) {
  sqlite3* db = nullptr;
  // Read-only, and never creating the file: a wrong path is an error, not an empty database.
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    absl::Status status = Failure(db, path, "open");
    sqlite3_close(db);
    return status;
  }
  sqlite3_busy_timeout(db, 1000);
  const std::set<std::string> columns = ColumnsOf(db, "history");
  for (const char* needed : {"id", "timestamp", "duration", "command"}) {
    if (!columns.contains(needed)) {
      sqlite3_close(db);
      return absl::FailedPreconditionError(absl::StrCat(
          "cannot read atuin history ", path, ": no history table with an ", needed, " column"));
    }
  }
  // Older schemas lack some columns; NULL stands in for them.
  auto column = [&](const char* name) { return columns.contains(name) ? name : "NULL"; };
  const std::string sql =
      absl::StrCat("SELECT id, timestamp, duration, command, ", column("exit"), ", ", column("cwd"),
                   ", ", column("session"), ", ", column("deleted_at"), ", ", column("author"),
                   ", ", column("author_kind"), " FROM history");
  sqlite3_stmt* statement = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr) != SQLITE_OK) {
    absl::Status status = Failure(db, path, "query");
    sqlite3_close(db);
    return status;
  }
  HistoryRead read;
  int rc;
  while ((rc = sqlite3_step(statement)) == SQLITE_ROW) {
    ++read.entries;
    if (sqlite3_column_type(statement, 7) != SQLITE_NULL) {
      ++read.skipped["deleted"];
      continue;
    }
    const std::string author = TextColumn(statement, 8);
    // The kind, where atuin recorded it, decides: its author defaults to the user's login, which
    // may well be an agent's name. Only without it does the name tell.
    const bool has_kind = sqlite3_column_type(statement, 9) != SQLITE_NULL;
    const bool by_agent =
        has_kind ? sqlite3_column_int64(statement, 9) == kAgentAuthorKind : IsAgent(author);
    if (by_agent && IsClaudeCode(author)) {
      ++read.skipped["claude code's, read from its transcripts"];
      continue;
    }
    HistoryRun run{.source = "atuin",
                   .key = TextColumn(statement, 0),
                   .started_ms = sqlite3_column_int64(statement, 1) / 1000000,
                   .command = TextColumn(statement, 3),
                   .cwd = TextColumn(statement, 5),
                   .session = TextColumn(statement, 6),
                   .by_agent = by_agent};
    if (absl::StripAsciiWhitespace(run.command).empty()) {
      ++read.skipped["empty"];
      continue;
    }
    if (run.cwd == "unknown") run.cwd.clear();
    const int64_t duration_ns = sqlite3_column_int64(statement, 2);
    if (sqlite3_column_type(statement, 2) != SQLITE_NULL && duration_ns >= 0) {
      run.duration_ms = duration_ns / 1000000;
    }
    if (sqlite3_column_type(statement, 4) != SQLITE_NULL) {
      const int64_t exit_code = sqlite3_column_int64(statement, 4);
      if (exit_code == 130) {
        run.outcome = Outcome::kInterrupted;
      } else if (exit_code != 0 && exit_code != -1) {
        run.outcome = Outcome::kFailed;
      }
    }
    read.runs.push_back(std::move(run));
  }
  absl::Status status = rc == SQLITE_DONE ? absl::OkStatus() : Failure(db, path, "read");
  sqlite3_finalize(statement);
  sqlite3_close(db);
  if (!status.ok()) return status;
  return read;
}

}  // namespace bgprof
