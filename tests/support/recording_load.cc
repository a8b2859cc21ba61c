#include "tests/support/recording_load.h"

#include <sqlite3.h>
#include <sys/stat.h>

#include <algorithm>
#include <array>
#include <string_view>
#include <utility>

#include "absl/strings/str_cat.h"
#include "db/store.h"
#include "profiler/learning/changes.h"
#include "profiler/learning/recorder.h"

namespace bgprof::testing {
namespace {

constexpr std::array<std::string_view, 24> kFamilies = {"npm test",
                                                        "npm run build",
                                                        "cargo build --release",
                                                        "cargo test",
                                                        "make -j8",
                                                        "pytest",
                                                        "go test ./...",
                                                        "git status",
                                                        "git diff",
                                                        "git log --oneline",
                                                        "docker build -t app .",
                                                        "python3 manage.py test",
                                                        "ls -la",
                                                        "rg TODO src",
                                                        "cmake --build build",
                                                        "ctest --output-on-failure",
                                                        "yarn lint",
                                                        "pnpm install",
                                                        "bazel test //...",
                                                        "mvn -q package",
                                                        "gradle build",
                                                        "tsc --noEmit",
                                                        "jest --ci",
                                                        "ruff check ."};

int64_t FileBytes(const std::string& path) {
  struct stat info {};
  return ::stat(path.c_str(), &info) == 0 ? static_cast<int64_t>(info.st_size) : 0;
}

}  // namespace

VariedCalls::VariedCalls(uint64_t seed, int64_t start_ms, int64_t step_ms)
    : random_(seed), now_ms_(start_ms), step_ms_(step_ms) {}

std::string VariedCalls::Command() {
  const auto pick = [&](uint64_t n) { return random_() % n; };
  // Zipf-like: a few families most of the time, every one now and then.
  const size_t family = std::min<size_t>(pick(kFamilies.size()), pick(kFamilies.size()));
  std::string command(kFamilies[family]);
  switch (pick(20)) {
    case 0:  // a file written through a here-document, then used: up to 12 KB
      return absl::StrCat("cat <<'EOF' > notes/file", pick(5000), ".md\n",
                          std::string(64 + pick(12'000), 'a' + static_cast<char>(pick(26))),
                          "\nEOF\n", command);
    case 1:  // a long inline script: 2 to 6 KB, multi-byte text included
      return absl::StrCat("python3 -c 'print(\"", std::string(2048 + pick(4096), 'x'),
                          "é€😀\")' && ", command);
    case 2:
    case 3:  // a selected test of thousands
      return absl::StrCat(command, " tests/test_", pick(3000), ".py::test_case_", pick(50));
    case 4:  // a commit with a message of its own
      return absl::StrCat("git add -A && git commit -m \"change ", pick(1'000'000), "\"");
    case 5:  // a chain
      return absl::StrCat("cd sub", pick(40), " && ", command, " 2>&1 | tail -", 10 + pick(90));
    default:
      return pick(3) == 0 ? absl::StrCat(command, " --arg", pick(200)) : command;
  }
}

HookEvent VariedCalls::Next() {
  HookEvent event;
  event.kind = EventKind::kPostToolUse;
  event.session_id = absl::StrCat("session-", calls_ / 200);
  event.cwd = absl::StrCat("/home/dev/project", random_() % 60);
  event.tool_use_id = absl::StrCat("toolu_", calls_);
  event.bash = BashCall{.command = Command()};
  event.duration_ms = static_cast<int64_t>(200 + random_() % 120'000);
  ++calls_;
  now_ms_ += step_ms_;
  return event;
}

absl::StatusOr<RecordingResult> RecordVariedCalls(const std::string& path,
                                                  const RecordingLoad& load) {
  VariedCalls calls(load.seed, load.start_ms, load.step_ms);
  RecordingResult result;
  for (int64_t done = 0; done < load.calls;) {
    {
      // A batch stands for a run of hook processes: the store is opened, written and closed.
      absl::StatusOr<Store> store = Store::Open(path);
      if (!store.ok()) return store.status();
      if (absl::Status status = store->Begin(); !status.ok()) return status;
      for (const int64_t end = std::min(load.calls, done + load.batch_size); done < end; ++done) {
        const HookEvent event = calls.Next();
        // As PostToolUse records it; the project is the folder (it holds no marker file).
        std::optional<Sample> sample =
            SampleFromEvent(event, event.cwd, calls.now_ms(), std::nullopt);
        if (!sample.has_value()) continue;
        if (absl::Status status = RecordRun(*store, *std::move(sample)); !status.ok()) {
          store->Rollback();
          return status;
        }
      }
      if (absl::Status status = store->Commit(); !status.ok()) return status;
      result.largest_wal_bytes = std::max(result.largest_wal_bytes, FileBytes(path + "-wal"));
    }
    result.wal_after_close_bytes = std::max(result.wal_after_close_bytes, FileBytes(path + "-wal"));
  }
  result.database_bytes = FileBytes(path);
  result.now_ms = calls.now_ms();

  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    sqlite3_close(db);
    return absl::InternalError("cannot read " + path);
  }
  for (auto [table, count] :
       {std::pair{"samples", &result.samples}, std::pair{"stats", &result.stats_rows},
        std::pair{"runtimes", &result.runtimes_rows}}) {
    sqlite3_stmt* statement = nullptr;
    const std::string sql = std::string("SELECT count(*) FROM ") + table;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr) == SQLITE_OK &&
        sqlite3_step(statement) == SQLITE_ROW) {
      *count = sqlite3_column_int64(statement, 0);
    }
    sqlite3_finalize(statement);
  }
  sqlite3_close(db);
  return result;
}

}  // namespace bgprof::testing
