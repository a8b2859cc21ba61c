// `bgprof calibrate` as a user runs it after install: the real binary, in a scratch HOME holding
// a zsh history, a Claude Code transcript (a real one, from tests/data/calibrate/) and an atuin
// database, and what `estimate` and `top` know afterwards although no hook ever ran.
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <ctime>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/support/bgprof_runner.h"
#include "tests/support/hook_events.h"

namespace bgprof::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::StartsWith;

// The real transcript copied into the scratch Claude Code folder: four Bash calls.
constexpr const char* kTranscript = "spotter_v2.1.39_hooks_sequential.jsonl";
constexpr const char* kFirstCallId = "toolu_01UwLnYYWGBvukzh1QE6JpfM";  // bd show spotter-dov
constexpr const char* kTranscriptSession = "4d5611e5-241a-462a-8d15-5122611a9569";

int CountLines(const std::string& text) {
  return static_cast<int>(std::count(text.begin(), text.end(), '\n'));
}

// One row of calibrate's summary table.
struct SummaryRow {
  int64_t read = -1;
  int64_t imported = -1;
  int64_t timed = -1;
  std::string skipped;
};

// The row of `source` in calibrate's output; read stays -1 when there is none.
SummaryRow RowOf(const std::string& out, const std::string& source) {
  std::istringstream lines(out);
  std::string line;
  SummaryRow row;
  while (std::getline(lines, line)) {
    if (!line.starts_with(source + " ")) continue;
    std::istringstream fields(line.substr(source.size()));
    fields >> row.read >> row.imported >> row.timed;
    std::getline(fields >> std::ws, row.skipped);
  }
  return row;
}

class CalibrateRoundTrip : public ::testing::Test {
 protected:
  void SetUp() override {
    sandbox_.env["XDG_DATA_HOME"] = sandbox_.root() + "/data";
    project_ = sandbox_.root() + "/webapp";
    fs::create_directories(project_ + "/.git");
  }

  // A zsh EXTENDED_HISTORY of the last hours: `make -j8` three times, 40 s each (40.5 s as
  // zsh's whole seconds are read), and two `ls` zsh saved as they started (no runtime).
  std::string WriteZshHistory() {
    const int64_t now = std::time(nullptr);
    std::string text;
    for (int i = 0; i < 3; ++i) {
      text += ": " + std::to_string(now - 3600 * (5 - i)) + ":40;make -j8\n";
      text += ": " + std::to_string(now - 3600 * (5 - i) + 60) + ":0;ls\n";
    }
    text.resize(text.rfind(": "));  // drop the last ls: three make, two ls
    const std::string path = sandbox_.home() + "/.zsh_history";
    WriteFile(path, text);
    return path;
  }

  std::string CopyTranscript() {
    const std::string path = sandbox_.claude_dir() + "/projects/-home-USER-projects-spotter/" +
                             kTranscriptSession + ".jsonl";
    WriteFile(path,
              ReadFile(std::string(BGPROF_SOURCE_DIR) + "/tests/data/calibrate/" + kTranscript));
    return path;
  }

  json Json(const std::vector<std::string>& args) {
    RunResult result = sandbox_.Run(args, "", project_);
    EXPECT_EQ(result.exit_code, 0) << result.err;
    return json::parse(result.out, nullptr, /*allow_exceptions=*/false);
  }
  json EstimateJson(const std::string& command) {
    return Json({"estimate", "--json", "--", command});
  }

  Sandbox sandbox_;
  std::string project_;
};

TEST_F(CalibrateRoundTrip, DryRunCountsAndStoresNothing) {
  const std::string zsh = WriteZshHistory();
  RunResult result = sandbox_.Run({"calibrate", "--dry-run"}, "", project_);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.err, IsEmpty());
  EXPECT_THAT(result.out, HasSubstr("Found zsh " + zsh));
  EXPECT_THAT(result.out, HasSubstr("WOULD ADD"));
  const SummaryRow row = RowOf(result.out, "zsh");
  EXPECT_EQ(row.read, 5);
  EXPECT_EQ(row.imported, 5);
  EXPECT_EQ(row.timed, 3);
  EXPECT_THAT(result.out, HasSubstr("Dry run: nothing was stored."));

  EXPECT_EQ(Json({"top", "--all-projects", "--json"}), json::array());
  EXPECT_EQ(EstimateJson("make -j8")["samples"], 0);
  // Nothing stored means the real run imports it all.
  EXPECT_EQ(RowOf(sandbox_.Run({"calibrate"}, "", project_).out, "zsh").imported, 5);
}

TEST_F(CalibrateRoundTrip, LearnsFromShellHistoryAndTranscriptsWithoutAnyHook) {
  const std::string zsh = WriteZshHistory();
  const std::string transcript = CopyTranscript();
  RunResult result = sandbox_.Run({"calibrate"}, "", project_);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.err, IsEmpty());
  EXPECT_THAT(result.out, HasSubstr("zsh " + zsh));
  EXPECT_THAT(result.out, HasSubstr("claude " + transcript));
  EXPECT_THAT(result.out, HasSubstr("IMPORTED"));

  const SummaryRow shell = RowOf(result.out, "zsh");
  EXPECT_EQ(shell.read, 5);
  EXPECT_EQ(shell.imported, 5);
  EXPECT_EQ(shell.timed, 3);
  EXPECT_EQ(shell.skipped, "0");
  const SummaryRow claude = RowOf(result.out, "claude");
  EXPECT_EQ(claude.read, 4);
  EXPECT_EQ(claude.imported, 4);
  EXPECT_EQ(claude.timed, 4);

  const json make = EstimateJson("make -j8");
  // zsh says no folder: the runs are no project's, and teach the family everywhere.
  EXPECT_EQ(make["source"], "family");
  EXPECT_GE(make["samples"].get<int>(), 3);
  ASSERT_TRUE(make["predicted_ms"].is_number());
  EXPECT_NEAR(make["predicted_ms"].get<double>(), 40500, 500);

  const json top = Json({"top", "--all-projects", "--json"});
  ASSERT_TRUE(top.is_array());
  const auto row = std::find_if(top.begin(), top.end(),
                                [](const json& family) { return family["family"] == "make"; });
  ASSERT_NE(row, top.end()) << top.dump();
  EXPECT_EQ((*row)["runs"], 3);
  EXPECT_NEAR((*row)["median_ms"].get<double>(), 40500, 500);
  // The transcript's calls count too.
  EXPECT_TRUE(std::any_of(top.begin(), top.end(), [](const json& family) {
    return family["family"].get<std::string>().starts_with("bd");
  })) << top.dump();
}

TEST_F(CalibrateRoundTrip, SecondRunImportsNothingNew) {
  WriteZshHistory();
  CopyTranscript();
  ASSERT_EQ(sandbox_.Run({"calibrate"}, "", project_).exit_code, 0);
  const int samples = EstimateJson("make -j8")["samples"];

  RunResult again = sandbox_.Run({"calibrate"}, "", project_);
  ASSERT_EQ(again.exit_code, 0) << again.err;
  const SummaryRow shell = RowOf(again.out, "zsh");
  EXPECT_EQ(shell.read, 5);
  EXPECT_EQ(shell.imported, 0);
  EXPECT_EQ(shell.skipped, "5 already imported");
  const SummaryRow claude = RowOf(again.out, "claude");
  EXPECT_EQ(claude.imported, 0);
  // The transcript's calls are older than the samples kept (db/retention.h): the first run
  // learned from them and pruned their rows, and the second knows it without them.
  EXPECT_EQ(claude.skipped, "4 older than the samples kept");
  EXPECT_EQ(EstimateJson("make -j8")["samples"], samples);
  EXPECT_EQ(Json({"top", "--all-projects", "--json"})[0]["runs"], 3);
}

TEST_F(CalibrateRoundTrip, SkipsACallTheHookRecorded) {
  CopyTranscript();
  // The hook saw the call in the transcript's session; the same id in another is another call.
  json call = json::parse(PostToolUse("bd show spotter-dov", project_, 1543, kFirstCallId));
  call["session_id"] = kTranscriptSession;
  ASSERT_EQ(sandbox_.Hook(call.dump()).exit_code, 0);
  call["session_id"] = "another-session";
  ASSERT_EQ(sandbox_.Hook(call.dump()).exit_code, 0);
  RunResult result = sandbox_.Run({"calibrate", "--from", "claude"}, "", project_);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const SummaryRow claude = RowOf(result.out, "claude");
  EXPECT_EQ(claude.read, 4);
  EXPECT_EQ(claude.imported, 3);
  EXPECT_EQ(claude.skipped, "1 recorded by the hook");
  EXPECT_EQ(RowOf(result.out, "zsh").read, -1);  // --from claude reads nothing else
}

TEST_F(CalibrateRoundTrip, ImportsTimedRowsOfAnAtuinDatabase) {
  const std::string path = sandbox_.root() + "/atuin-backup.db";
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  const int64_t now_ns = static_cast<int64_t>(std::time(nullptr)) * 1000000000;
  std::string sql =
      "pragma journal_mode=wal; create table history (id text primary key, timestamp integer not "
      "null, duration integer not null, exit integer not null, command text not null, cwd text "
      "not null, session text not null, hostname text not null, deleted_at integer, author text, "
      "intent text, shell text, author_kind integer, unique(timestamp, cwd, command));";
  auto row = [&](const std::string& id, int64_t ago_s, int64_t duration_ms,
                 const std::string& command, const std::string& extra_columns,
                 const std::string& extra_values) {
    sql += "insert into history (id, timestamp, duration, exit, command, cwd, session, hostname" +
           extra_columns + ") values ('" + id + "', " +
           std::to_string(now_ns - ago_s * 1000000000) + ", " +
           std::to_string(duration_ms < 0 ? -1 : duration_ms * 1000000) + ", 0, '" + command +
           "', '" + project_ + "', 's1', 'laptop:alice'" + extra_values + ");";
  };
  row("r1", 3000, 60000, "cargo build --release", "", "");
  row("r2", 2000, 62000, "cargo build --release", "", "");
  row("r3", 1000, 58000, "cargo build --release", ", author, author_kind", ", 'alice', 1");
  row("r4", 900, -1, "cargo run", "", "");
  row("r5", 800, 5000, "cargo test", ", deleted_at", ", 1");
  row("r6", 700, 9000, "npm test", ", author, author_kind", ", 'claude-code', 2");
  char* error = nullptr;
  ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error), SQLITE_OK) << error;
  sqlite3_close(db);

  RunResult result = sandbox_.Run({"calibrate", "--from", "atuin", path}, "", project_);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr("Found atuin " + path));
  const SummaryRow atuin = RowOf(result.out, "atuin");
  EXPECT_EQ(atuin.read, 6);
  EXPECT_EQ(atuin.imported, 4);
  EXPECT_EQ(atuin.timed, 3);
  EXPECT_THAT(atuin.skipped, HasSubstr("1 deleted"));
  EXPECT_THAT(atuin.skipped, HasSubstr("1 claude code's"));

  const json cargo = EstimateJson("cargo build --release");
  EXPECT_EQ(cargo["source"], "command");
  EXPECT_EQ(cargo["samples"], 3);
  EXPECT_NEAR(cargo["predicted_ms"].get<double>(), 60000, 2000);
  EXPECT_EQ(EstimateJson("npm test")["samples"], 0);

  // In the usual place, `calibrate` finds it alone; its rows are in already.
  fs::create_directories(sandbox_.root() + "/data/atuin");
  fs::copy_file(path, sandbox_.root() + "/data/atuin/history.db");
  RunResult again = sandbox_.Run({"calibrate"}, "", project_);
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_THAT(again.out, HasSubstr("Found atuin " + sandbox_.root() + "/data/atuin/history.db"));
  EXPECT_EQ(RowOf(again.out, "atuin").imported, 0);
}

TEST_F(CalibrateRoundTrip, SaysSoWhenItFindsNothing) {
  RunResult result = sandbox_.Run({"calibrate"}, "", project_);
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr("No history found"));
  EXPECT_THAT(result.out, HasSubstr(sandbox_.home()));
}

TEST_F(CalibrateRoundTrip, EachErrorIsOneLineOnStderr) {
  const std::string unknown = sandbox_.root() + "/notes.txt";
  WriteFile(unknown, "make\nls\n");
  struct Case {
    std::vector<std::string> args;
    int exit_code;
    std::string names;  // what the message must name
  };
  const std::vector<Case> cases = {
      {{"calibrate", "--from", "nope"}, 2, "nope"},
      {{"calibrate", sandbox_.root() + "/missing_history"},
       1,
       sandbox_.root() + "/missing_history"},
      {{"calibrate", unknown}, 1, unknown},
      {{"calibrate", "--from", "zsh", sandbox_.root()}, 1, sandbox_.root()},
  };
  for (const Case& bad : cases) {
    SCOPED_TRACE(bad.args.back());
    RunResult result = sandbox_.Run(bad.args, "", project_);
    EXPECT_EQ(result.exit_code, bad.exit_code);
    EXPECT_THAT(result.err, StartsWith("bgprof: "));
    EXPECT_THAT(result.err, HasSubstr(bad.names));
    EXPECT_EQ(CountLines(result.err), 1) << result.err;
  }
}

TEST_F(CalibrateRoundTrip, UnreadableHistoryIsOneLineAndTheOthersStillCount) {
  if (::geteuid() == 0) GTEST_SKIP() << "root reads every file";
  const std::string locked = sandbox_.root() + "/old_zsh_history";
  WriteFile(locked, ": 1700000000:40;make -j8\n");
  ASSERT_EQ(::chmod(locked.c_str(), 0), 0);
  const std::string zsh = WriteZshHistory();

  RunResult result = sandbox_.Run({"calibrate", "--from", "zsh", locked, zsh}, "", project_);
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, StartsWith("bgprof: "));
  EXPECT_THAT(result.err, HasSubstr(locked));
  EXPECT_EQ(CountLines(result.err), 1) << result.err;
  // The readable one is imported all the same.
  EXPECT_EQ(RowOf(result.out, "zsh").imported, 5);
}

}  // namespace
}  // namespace bgprof::testing
