// `bgprof export` on one machine and `bgprof import` on another, through the real binary: each
// machine is a scratch HOME with its own database.
#include <algorithm>
#include <filesystem>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "db/store.h"
#include "tests/support/bgprof_runner.h"
#include "tests/support/hook_events.h"

namespace bgprof::testing {
namespace {

using nlohmann::json;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::StartsWith;

int CountLines(const std::string& text) {
  return static_cast<int>(std::count(text.begin(), text.end(), '\n'));
}

// A machine: its own HOME and database, and a project in it.
struct Machine {
  explicit Machine(const std::string& project_name) {
    project = sandbox.root() + "/" + project_name;
    std::filesystem::create_directories(project + "/.git");
  }
  void Record(const std::string& command, int duration_ms) {
    RunResult result = sandbox.Hook(
        PostToolUse(command, project, duration_ms, "toolu_" + std::to_string(next_id++)));
    ASSERT_EQ(result.exit_code, 0) << result.err;
  }
  json Estimate(const std::string& command) {
    RunResult result = sandbox.Run({"estimate", "--json", "--", command}, "", project);
    EXPECT_EQ(result.exit_code, 0) << result.err;
    return json::parse(result.out);
  }
  RunResult Run(const std::vector<std::string>& args) { return sandbox.Run(args, "", project); }

  Sandbox sandbox;
  std::string project;
  int next_id = 0;
};

class ShareRoundTrip : public ::testing::Test {
 protected:
  void SetUp() override {
    for (int i = 0; i < 3; ++i) mine_.Record("cargo build --release", 60000);
    mine_.Record("make -j4", 40000);
    mine_.Record("make -j4", 42000);
    // The signer keeps a script's name alone: these are families `build.sh` and `lint`.
    mine_.Record("./scripts/build.sh --fast", 20000);
    mine_.Record("/opt/tools/bin/lint src", 3000);
    // Keys a signer could have left a path or a secret in (an older bgprof's).
    absl::StatusOr<Store> store = Store::Open(mine_.sandbox.database());
    ASSERT_TRUE(store.ok()) << store.status();
    const RunStats runs{.runs = 2, .mean_log_ms = 9, .last_seen_ms = 1, .recent_ms = {8000, 8100}};
    for (const StatsKey& key : {StatsKey{"family", "./tools/gen.sh", ""},
                                StatsKey{"program", "/home/alex/bin/deploy", ""},
                                StatsKey{"family", "mysql -psecret123", ""}}) {
      ASSERT_TRUE(store->SaveStats(key, runs).ok());
    }
    file_ = mine_.sandbox.root() + "/priors.json";
  }
  // Exports from mine_ to file_.
  void Export() {
    RunResult result = mine_.Run({"export", file_});
    ASSERT_EQ(result.exit_code, 0) << result.err;
    ASSERT_EQ(CountLines(result.out), 1) << result.out;
  }

  Machine mine_{"secret-webapp"};
  Machine theirs_{"other-app"};
  std::string file_;
};

TEST_F(ShareRoundTrip, TheExportHoldsFamilyStatisticsAndNoPathOrProject) {
  RunResult result = mine_.Run({"export", file_});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, StartsWith("Exported 4 families and 4 programs to "));
  EXPECT_EQ(result.err,
            "bgprof: left out 3 keys that may not leave this machine: 2 naming a path, 1 holding "
            "a secret\n");

  const std::string text = ReadFile(file_);
  for (const std::string& leak :
       {mine_.project, mine_.sandbox.root(), std::string("webapp"), std::string("scripts"),
        std::string("/opt"), std::string("--release"), std::string("-j4"), std::string("toolu_"),
        std::string("gen.sh"), std::string("deploy"), std::string("secret123")}) {
    EXPECT_THAT(text, Not(HasSubstr(leak))) << text;
  }
  const json file = json::parse(text);
  EXPECT_EQ(file["bgprof_export"], 1);
  std::vector<std::string> families, programs;
  for (const json& entry : file["families"]) families.push_back(entry["key"]);
  for (const json& entry : file["programs"]) programs.push_back(entry["key"]);
  EXPECT_THAT(families, ElementsAre("build.sh", "cargo build", "lint", "make"));
  EXPECT_THAT(programs, ElementsAre("build.sh", "cargo", "lint", "make"));
  EXPECT_EQ(file["families"][1]["runs"], 3);
  EXPECT_EQ(file["families"][1]["recent_ms"], json({60000, 60000, 60000}));

  // Without a file, the same text on stdout and nothing else there.
  RunResult to_stdout = mine_.Run({"export"});
  EXPECT_EQ(to_stdout.exit_code, 0);
  EXPECT_EQ(to_stdout.out, text);
}

TEST_F(ShareRoundTrip, AnotherMachinePredictsFromTheImportedRunsOnce) {
  Export();
  const json before = theirs_.Estimate("cargo build");
  ASSERT_NE(before["source"], "family");

  RunResult imported = theirs_.Run({"import", file_});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  EXPECT_THAT(imported.err, IsEmpty());
  EXPECT_EQ(imported.out,
            "Imported 4 families and 4 programs: 8 new, 0 refreshed, 0 unchanged, 0 kept as this "
            "machine ran them.\n");
  const json after = theirs_.Estimate("cargo build");
  EXPECT_EQ(after["source"], "family");
  EXPECT_EQ(after["samples"], 3);
  // Weighed against the built-in prior of `cargo build`: near the teammate's minute.
  EXPECT_NEAR(after["predicted_ms"].get<double>(), 60000, 3000);
  EXPECT_EQ(theirs_.Estimate("make")["source"], "family");

  RunResult again = theirs_.Run({"import", file_});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_THAT(again.out, HasSubstr(": 0 new, 0 refreshed, 8 unchanged, 0 kept"));
  EXPECT_EQ(theirs_.Estimate("cargo build"), after);
}

TEST_F(ShareRoundTrip, ThisMachinesOwnRunsWin) {
  Export();
  theirs_.Record("cargo build", 5000);
  theirs_.Record("cargo build", 5200);
  const json before = theirs_.Estimate("cargo build");

  RunResult imported = theirs_.Run({"import", file_});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  EXPECT_THAT(imported.out, HasSubstr("6 new, 0 refreshed, 0 unchanged, 2 kept"));
  EXPECT_EQ(theirs_.Estimate("cargo build"), before);
  EXPECT_LT(theirs_.Estimate("cargo build")["predicted_ms"].get<double>(), 10000);
}

TEST_F(ShareRoundTrip, ABadFileFailsWithOneLineAndChangesNothing) {
  Export();
  json file = json::parse(ReadFile(file_));
  file["programs"][1]["runs"] = -3;  // the last entry: the others would have gone in first
  const std::string bad = theirs_.sandbox.root() + "/bad.json";
  WriteFile(bad, file.dump());
  WriteFile(theirs_.sandbox.root() + "/garbage.json", "{\"bgprof_export\": 1, \"families\": [");
  const json before = theirs_.Estimate("cargo build");

  for (const auto& [path, message] : std::vector<std::pair<std::string, std::string>>{
           {bad, "programs[1].runs must be a whole number"},
           {theirs_.sandbox.root() + "/garbage.json", "not JSON"},
           {theirs_.sandbox.root() + "/missing.json", "cannot read"}}) {
    RunResult result = theirs_.Run({"import", path});
    EXPECT_EQ(result.exit_code, 1) << path;
    EXPECT_EQ(CountLines(result.err), 1) << result.err;
    EXPECT_THAT(result.err, StartsWith("bgprof: "));
    EXPECT_THAT(result.err, HasSubstr(message));
    EXPECT_THAT(result.out, IsEmpty());
  }
  EXPECT_EQ(theirs_.Estimate("cargo build"), before);
  EXPECT_NE(theirs_.Estimate("make")["source"], "family");
}

}  // namespace
}  // namespace bgprof::testing
