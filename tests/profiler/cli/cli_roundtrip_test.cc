// The bgprof command line as a user or a script drives it: help, errors, `estimate --json` (a
// public contract) and `top`.
#include <algorithm>
#include <filesystem>
#include <sstream>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "db/store.h"
#include "profiler/learning/history.h"
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

// Each recorded call gets its own tool_use_id, as in a real session.
std::string PostToolUse(const std::string& command, const std::string& cwd, int duration_ms) {
  static int next_id = 0;
  return testing::PostToolUse(command, cwd, duration_ms, "toolu_" + std::to_string(next_id++));
}

int CountLines(const std::string& text) {
  return static_cast<int>(std::count(text.begin(), text.end(), '\n'));
}

class CliRoundTrip : public ::testing::Test {
 protected:
  void SetUp() override {
    project_ = sandbox_.root() + "/webapp";
    std::filesystem::create_directories(project_ + "/.git");
  }
  void Record(const std::string& command, int duration_ms, const std::string& cwd = "") {
    RunResult result =
        sandbox_.Hook(PostToolUse(command, cwd.empty() ? project_ : cwd, duration_ms));
    ASSERT_EQ(result.exit_code, 0) << result.err;
  }
  json EstimateJson(const std::string& command) {
    RunResult result = sandbox_.Run({"estimate", "--json", "--", command}, "", project_);
    EXPECT_EQ(result.exit_code, 0) << result.err;
    return json::parse(result.out);
  }

  Sandbox sandbox_;
  std::string project_;
};

TEST_F(CliRoundTrip, HelpListsEveryCommand) {
  RunResult result = sandbox_.Run({"--help"});
  EXPECT_EQ(result.exit_code, 0);
  for (const char* command : {"hook", "estimate", "top", "stats", "replay", "forget", "export",
                              "import", "install", "uninstall"}) {
    EXPECT_THAT(result.out, HasSubstr(command));
  }
  for (const char* command : {"hook", "estimate", "top", "stats", "replay", "forget", "export",
                              "import", "install", "uninstall"}) {
    RunResult help = sandbox_.Run({command, "--help"});
    EXPECT_EQ(help.exit_code, 0) << command;
    EXPECT_THAT(help.out, HasSubstr("Usage")) << command;
  }
}

TEST_F(CliRoundTrip, BadInputGetsOneLineErrorAndNonZeroExit) {
  const std::vector<std::vector<std::string>> bad = {
      {"--bogus"},
      {"top", "--limit", "abc"},
      {"top", "--limit", "0"},
      {"estimate", "--json"},
      {"frobnicate"},
      {},
  };
  for (const std::vector<std::string>& args : bad) {
    RunResult result = sandbox_.Run(args);
    EXPECT_NE(result.exit_code, 0) << ::testing::PrintToString(args);
    EXPECT_EQ(CountLines(result.err), 1) << result.err;
    EXPECT_THAT(result.err, HasSubstr("bgprof: "));
    EXPECT_LT(result.err.size(), 120u) << result.err;  // a line a person reads
    EXPECT_THAT(result.out, IsEmpty());
  }
}

// `bgprof hook` runs what a settings.json says, perhaps written by a newer bgprof: whatever its
// arguments, it is the hook and exits 0. Other commands keep their one-line errors.
TEST_F(CliRoundTrip, TheHookIgnoresArgumentsItDoesNotKnow) {
  Record("npm test", 8000);
  Record("npm test", 8000);
  const std::string event = PreToolUse("npm test", project_);
  for (const std::vector<std::string>& args :
       std::vector<std::vector<std::string>>{{"hook", "--x"},
                                             {"hook", "PreToolUse", "--timeout", "3", "-v"},
                                             {"hook", "-"},
                                             {"hook", "a", "b", "c"}}) {
    RunResult result = sandbox_.Run(args, event);
    EXPECT_EQ(result.exit_code, 0) << ::testing::PrintToString(args) << result.err;
    EXPECT_THAT(result.out, HasSubstr("run_in_background")) << ::testing::PrintToString(args);
    EXPECT_THAT(result.err, IsEmpty());
  }
  RunResult other = sandbox_.Run({"top", "--x"});
  EXPECT_NE(other.exit_code, 0);
  EXPECT_THAT(other.err, StartsWith("bgprof: "));
}

// A shell can sit in a folder deleted since. Commands that need it say so in one line; commands
// told where to look, or whose client names the project, carry on.
TEST_F(CliRoundTrip, ADeletedWorkingFolderIsAOneLineErrorOnlyWhereItIsNeeded) {
  Record("npm test", 8000);
  const std::string gone = sandbox_.root() + "/gone";
  auto run_in_gone = [&](const std::vector<std::string>& args) {
    std::filesystem::create_directories(gone);
    return sandbox_.RunWith(args, "", {.cwd = gone, .remove_cwd = true});
  };
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"top"}, {"top", "--json"}, {"estimate", "--", "npm", "test"}}) {
    RunResult result = run_in_gone(args);
    EXPECT_EQ(result.exit_code, 1) << ::testing::PrintToString(args) << result.err;
    EXPECT_THAT(result.err, StartsWith("bgprof: cannot read the working folder"));
    EXPECT_EQ(CountLines(result.err), 1) << result.err;
    EXPECT_THAT(result.out, IsEmpty());
  }
  for (const std::vector<std::string>& args :
       std::vector<std::vector<std::string>>{{"top", "--all-projects"},
                                             {"top", "--project", project_},
                                             {"estimate", "--cwd", project_, "--", "npm", "test"},
                                             {"stats"},
                                             {"export"}}) {
    RunResult result = run_in_gone(args);
    EXPECT_EQ(result.exit_code, 0) << ::testing::PrintToString(args) << result.err;
    EXPECT_THAT(result.out, Not(IsEmpty())) << ::testing::PrintToString(args);
  }
  // Doctor checks what it can: no check fails for the folder.
  RunResult doctor = run_in_gone({"doctor"});
  EXPECT_NE(doctor.exit_code, -1);
  EXPECT_THAT(doctor.out + doctor.err, Not(HasSubstr("current path")));
  EXPECT_THAT(doctor.out, HasSubstr("config"));
  sandbox_.env["CLAUDE_PROJECT_DIR"] = project_;
  RunResult named = run_in_gone({"top", "--json"});
  EXPECT_EQ(named.exit_code, 0) << named.err;
  EXPECT_THAT(named.out, HasSubstr("npm test"));
}

// A threshold that is NaN, infinite or negative is refused wherever it is set, in one line.
TEST_F(CliRoundTrip, ThresholdsThatAreNoNumberOfMillisecondsAreRefused) {
  for (const char* name : {"BGPROF_SUGGEST_ABOVE_MS", "BGPROF_QUIET_BELOW_MS"}) {
    for (const char* value : {"nan", "inf", "-inf", "-1", "1e999"}) {
      sandbox_.env[name] = value;
      RunResult result = sandbox_.Run({"estimate", "--", "npm", "test"}, "", project_);
      EXPECT_EQ(result.exit_code, 1) << name << "=" << value;
      EXPECT_EQ(result.err,
                "bgprof: " + std::string(name) + " must be a finite number of milliseconds >= 0\n");
    }
    sandbox_.env[name] = "";
  }
  sandbox_.env["BGPROF_QUIET_BELOW_MS"] = "9000";
  RunResult crossed = sandbox_.Run({"estimate", "--", "npm", "test"}, "", project_);
  EXPECT_EQ(crossed.exit_code, 1);
  EXPECT_THAT(crossed.err, HasSubstr("quiet_below_ms must not exceed suggest_above_ms"));
  sandbox_.env["BGPROF_QUIET_BELOW_MS"] = "";
  const std::string config = sandbox_.home() + "/.config/bgprof/config.json";
  for (const char* text : {R"({"suggest_above_ms": 1e999})", R"({"quiet_below_ms": -5})"}) {
    WriteFile(config, text);
    RunResult result = sandbox_.Run({"estimate", "--", "npm", "test"}, "", project_);
    EXPECT_EQ(result.exit_code, 1) << text;
    EXPECT_THAT(result.err, StartsWith("bgprof: " + config)) << text;
    EXPECT_EQ(CountLines(result.err), 1) << result.err;
  }
}

TEST_F(CliRoundTrip, EstimateJsonFollowsTheContract) {
  Record("npm test", 8000);
  Record("npm test", 8000);
  json estimate = EstimateJson("npm test");
  ASSERT_TRUE(estimate["signature"].is_object());
  EXPECT_EQ(estimate["signature"]["command"], "npm test");
  EXPECT_EQ(estimate["signature"]["family"], "npm test");
  EXPECT_EQ(estimate["signature"]["program"], "npm");
  ASSERT_TRUE(estimate["predicted_ms"].is_number_integer());
  EXPECT_NEAR(estimate["predicted_ms"].get<double>(), 8000, 80);
  ASSERT_TRUE(estimate["p90_ms"].is_number_integer());
  EXPECT_GE(estimate["p90_ms"].get<int64_t>(), estimate["predicted_ms"].get<int64_t>());
  EXPECT_EQ(estimate["samples"], 2);
  EXPECT_EQ(estimate["source"], "command");
  EXPECT_EQ(estimate["decision"], "suggest");
  EXPECT_GT(estimate["p_over_suggest"].get<double>(), 0.5);
  EXPECT_LT(estimate["p_under_quiet"].get<double>(), 0.1);
  EXPECT_EQ(estimate["state"], "");  // no edit seen in this project
  // Nothing known: no odds.
  json unknown = EstimateJson("frobnicate --all");
  EXPECT_TRUE(unknown["p_over_suggest"].is_null());
  EXPECT_TRUE(unknown["p_under_quiet"].is_null());
}

TEST_F(CliRoundTrip, EstimateFallsBackFromCommandToFamilyToPrior) {
  Record("npm test -- --grep login", 12000);
  Record("npm test -- --grep auth", 12000);
  json family = EstimateJson("npm test -- --grep billing");
  EXPECT_EQ(family["source"], "family");
  EXPECT_EQ(family["samples"], 2);

  json prior = EstimateJson("cargo build --release");
  EXPECT_EQ(prior["source"], "prior");
  EXPECT_EQ(prior["samples"], 0);
  EXPECT_EQ(prior["decision"], "suggest");

  json unknown = EstimateJson("./frobnicate.sh --now");
  EXPECT_EQ(unknown["source"], "none");
  EXPECT_TRUE(unknown["predicted_ms"].is_null());
  EXPECT_TRUE(unknown["p90_ms"].is_null());
  EXPECT_EQ(unknown["decision"], "neutral");

  json fast = EstimateJson("git status");
  EXPECT_EQ(fast["decision"], "quiet");
}

TEST_F(CliRoundTrip, EstimateSeesThroughWrappersAndLeadingCd) {
  Record("cd build && make -j8 2>&1 | tail -20", 45000);
  Record("make -j8", 45000);
  json estimate = EstimateJson("sudo FOO=1 time make -j8");
  EXPECT_EQ(estimate["signature"]["family"], "make");
  EXPECT_EQ(estimate["source"], "command");
  EXPECT_EQ(estimate["samples"], 2);
}

TEST_F(CliRoundTrip, EstimateTextIsReadable) {
  Record("pytest tests/", 30000);
  RunResult result = sandbox_.Run({"estimate", "--", "pytest", "tests/"}, "", project_);
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr("30 s"));
  EXPECT_THAT(result.out, HasSubstr("suggest"));
  EXPECT_THAT(result.out, HasSubstr("odds       100 % over 5.0 s, 0 % under 2.0 s"));
  // No edit seen in the project: no state line.
  EXPECT_THAT(result.out, Not(HasSubstr("state")));
  ASSERT_EQ(sandbox_.Hook(EditToolUse(project_ + "/tests/test_a.py", project_)).exit_code, 0);
  EXPECT_THAT(sandbox_.Run({"estimate", "--", "pytest", "tests/"}, "", project_).out,
              HasSubstr("state      changed: files changed since `pytest` last ran here"));
}

TEST_F(CliRoundTrip, TopNamesAProjectByFolderAndLooksBackAsFarAsAsked) {
  Record("cargo build", 60000);  // now, in this project
  Record("npm test", 9000, sandbox_.root());
  {
    // A run of a month ago, written to the same file as the hook writes.
    absl::StatusOr<Store> store = Store::Open(sandbox_.database());
    ASSERT_TRUE(store.ok()) << store.status();
    const int64_t month_ago = absl::ToUnixMillis(absl::Now() - absl::Hours(24 * 30));
    ASSERT_TRUE(RecordSample(*store, Sample{.at_ms = month_ago,
                                            .project = project_,
                                            .command = "make docs",
                                            .program = "make",
                                            .family = "make docs",
                                            .signature = "make docs",
                                            .duration_ms = 90000,
                                            .outcome = Outcome::kOk})
                    .ok());
  }
  auto families = [&](const std::vector<std::string>& args, const std::string& cwd) {
    RunResult result = sandbox_.Run(args, "", cwd);
    EXPECT_EQ(result.exit_code, 0) << result.err;
    std::vector<std::string> names;
    for (const json& row : json::parse(result.out)) names.push_back(row["family"]);
    return names;
  };
  EXPECT_THAT(families({"top", "--json"}, project_), ElementsAre("make docs", "cargo build"));
  EXPECT_THAT(families({"top", "--json", "--since", "7d"}, project_), ElementsAre("cargo build"));
  // --project names the project from anywhere; a folder inside it names it too.
  std::filesystem::create_directories(project_ + "/src");
  EXPECT_THAT(families({"top", "--json", "--project", project_ + "/src", "--since", "24h"},
                       sandbox_.root()),
              ElementsAre("cargo build"));
  EXPECT_THAT(families({"top", "--json", "--since", "all", "--all-projects"}, project_),
              ElementsAre("make docs", "cargo build", "npm test"));

  for (const std::vector<std::string>& bad :
       {std::vector<std::string>{"top", "--since", "7x"},
        std::vector<std::string>{"top", "--project", sandbox_.root() + "/missing"},
        std::vector<std::string>{"top", "--project", project_, "--all-projects"}}) {
    RunResult result = sandbox_.Run(bad, "", project_);
    EXPECT_NE(result.exit_code, 0) << bad[1];
    EXPECT_THAT(result.err, StartsWith("bgprof: ")) << bad[1];
    EXPECT_EQ(CountLines(result.err), 1) << result.err;
  }
}

TEST_F(CliRoundTrip, TopListsSlowestFamiliesOfThisProjectFirst) {
  Record("cargo build", 60000);
  Record("cargo build", 80000);
  Record("cargo build --release", 100000);
  Record("git status", 40);
  Record("npm test", 9000);
  Record("npm test", 7000, sandbox_.root());  // another project

  RunResult result = sandbox_.Run({"top", "--json"}, "", project_);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  json top = json::parse(result.out);
  ASSERT_EQ(top.size(), 3u);
  EXPECT_EQ(top[0]["family"], "cargo build");
  EXPECT_EQ(top[0]["runs"], 3);
  EXPECT_EQ(top[0]["median_ms"], 80000);
  EXPECT_EQ(top[0]["p90_ms"], 100000);
  EXPECT_EQ(top[1]["family"], "npm test");
  EXPECT_EQ(top[1]["runs"], 1);
  EXPECT_EQ(top[2]["family"], "git status");

  json all = json::parse(sandbox_.Run({"top", "--json", "--all-projects"}, "", project_).out);
  EXPECT_EQ(all[1]["family"], "npm test");
  EXPECT_EQ(all[1]["runs"], 2);

  json limited = json::parse(sandbox_.Run({"top", "--json", "--limit", "1"}, "", project_).out);
  EXPECT_EQ(limited.size(), 1u);

  RunResult table = sandbox_.Run({"top"}, "", project_);
  EXPECT_EQ(table.exit_code, 0);
  EXPECT_THAT(table.out, HasSubstr("FAMILY"));
  EXPECT_THAT(table.out, HasSubstr("80 s"));  // cargo build median
  EXPECT_EQ(CountLines(table.out), 4);
}

TEST_F(CliRoundTrip, EstimateJsonListsTheParts) {
  json estimate = EstimateJson("cd web && timeout 5m npm test -- --ci 2>&1 | tail -20");
  EXPECT_EQ(estimate["signature"]["family"], "npm test");
  const json& parts = estimate["parts"];
  ASSERT_EQ(parts.size(), 3u);
  EXPECT_EQ(parts[0]["family"], "cd");
  EXPECT_EQ(parts[0]["next"], "and");
  EXPECT_EQ(parts[0]["setup"], true);
  EXPECT_EQ(parts[1]["command"], "npm test -- --ci");
  EXPECT_EQ(parts[1]["next"], "pipe");
  EXPECT_EQ(parts[1]["cwd"], "web");
  EXPECT_EQ(parts[1]["timeout_ms"], 300000);
  EXPECT_EQ(parts[1]["dominant"], true);
  EXPECT_EQ(parts[2]["family"], "tail");
  EXPECT_EQ(parts[2]["next"], "end");
  EXPECT_TRUE(parts[2]["timeout_ms"].is_null());
  EXPECT_EQ(parts[2]["dominant"], false);
}

TEST_F(CliRoundTrip, TopDrillsDownByCommand) {
  Record("pytest tests/unit", 20000);
  Record("pytest -x tests/unit", 22000);
  Record("pytest tests/e2e", 90000);
  json families = json::parse(sandbox_.Run({"top", "--json"}, "", project_).out);
  ASSERT_EQ(families.size(), 1u);
  EXPECT_EQ(families[0]["family"], "pytest");
  EXPECT_EQ(families[0]["runs"], 3);

  RunResult result = sandbox_.Run({"top", "--json", "--by", "command"}, "", project_);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  json commands = json::parse(result.out);
  ASSERT_EQ(commands.size(), 3u);
  EXPECT_EQ(commands[0]["command"], "pytest tests/e2e");
  EXPECT_EQ(commands[1]["command"], "pytest -x tests/unit");
  EXPECT_EQ(commands[2]["command"], "pytest tests/unit");

  RunResult table = sandbox_.Run({"top", "--by", "command"}, "", project_);
  EXPECT_THAT(table.out, HasSubstr("COMMAND"));
  EXPECT_NE(sandbox_.Run({"top", "--by", "program"}, "", project_).exit_code, 0);
}

TEST_F(CliRoundTrip, CompoundLinesCombineTheirParts) {
  // Cold: the sleeps' own arguments add up; a pipeline stage and a background server cost
  // nothing; `timeout` caps.
  EXPECT_NEAR(EstimateJson("sleep 3 && sleep 4")["predicted_ms"].get<double>(), 7010, 20);
  EXPECT_EQ(EstimateJson("sleep 3 && sleep 4")["decision"], "suggest");
  EXPECT_NEAR(EstimateJson("sleep 6 | tail -5")["predicted_ms"].get<double>(), 6005, 20);
  EXPECT_EQ(EstimateJson("sleep 60 &")["decision"], "quiet");
  EXPECT_NEAR(EstimateJson("timeout 10 sleep 60")["predicted_ms"].get<double>(), 10000, 1);
  // Measured runs of the dominant command time the whole line as it was recorded.
  Record("make build && git status", 40000);
  json measured = EstimateJson("make build && git status");
  EXPECT_EQ(measured["source"], "command");
  EXPECT_NEAR(measured["predicted_ms"].get<double>(), 40000, 400);
}

TEST_F(CliRoundTrip, DevServersAreAlwaysSuggested) {
  json server = EstimateJson("npm run dev");
  EXPECT_EQ(server["decision"], "suggest");
  Record("npm run dev", 300);  // it failed to start: still a server
  EXPECT_EQ(EstimateJson("npm run dev")["decision"], "suggest");
  EXPECT_EQ(EstimateJson("npm run dev --help")["decision"], "quiet");
  EXPECT_EQ(EstimateJson("docker compose up")["decision"], "suggest");
  EXPECT_NE(EstimateJson("docker compose up -d")["decision"], "suggest");
}

TEST_F(CliRoundTrip, ReplayScoresBgprofAndTheBaselinesOnATrace) {
  std::string trace;
  for (int i = 0; i < 5; ++i) {
    trace += R"({"command": "make all", "duration_ms": 10000, "cwd": "/w", "source": "a/b:x"})";
    trace += "\n";
    trace += R"({"command": "ls -la", "duration_ms": 40, "cwd": "/w", "source": "a/b:x"})";
    trace += "\n";
  }
  trace += R"({"command": "npm test", "duration_ms": 90000, "background": true})"
           "\n";
  trace += R"({"command": "npm test", "duration_ms": 90000, "suspect_wait": true})"
           "\n";
  trace += "not json\n";
  const std::string path = sandbox_.root() + "/trace.jsonl";
  WriteFile(path, trace);

  RunResult result = sandbox_.Run({"replay", "--json", path});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  json report = json::parse(result.out);
  EXPECT_EQ(report["skipped"], 3);
  const json& bgprof = report["overall"]["bgprof"];
  EXPECT_EQ(bgprof["n"], 10);
  EXPECT_EQ(bgprof["slow"], 5);
  EXPECT_EQ(bgprof["fast"], 5);
  EXPECT_EQ(bgprof["slow_recall"], 1.0);  // make's prior speaks before its first run
  EXPECT_EQ(bgprof["precision"], 1.0);
  EXPECT_EQ(bgprof["noise_rate"], 0.0);
  EXPECT_EQ(bgprof["coverage"], 1.0);
  const json& last = report["overall"]["last value"];
  EXPECT_EQ(last["slow_recall"], 0.8);  // nothing to say before the first run
  EXPECT_EQ(last["coverage"], 0.8);
  EXPECT_EQ(last["median_abs_log2_error"], 0.0);
  EXPECT_TRUE(report["by_project"].contains("a/b"));
  // Each command ran five times: four of its records are repeats, scored again on their own.
  EXPECT_EQ(report["repeated"]["bgprof"]["n"], 8);
  EXPECT_EQ(report["repeated"]["hindsight median"]["coverage"], 1.0);

  RunResult table = sandbox_.Run({"replay", path, "--events", sandbox_.root() + "/events.jsonl"});
  EXPECT_THAT(table.out, HasSubstr("mean of last two"));
  EXPECT_THAT(table.out, HasSubstr("Records whose exact command ran before"));
  const std::string events = ReadFile(sandbox_.root() + "/events.jsonl");
  EXPECT_EQ(std::count(events.begin(), events.end(), '\n'), 10);
  const json first = json::parse(events.substr(0, events.find('\n')));
  EXPECT_EQ(first["family"], "make all");
  EXPECT_EQ(first["actual_ms"], 10000.0);
  EXPECT_EQ(first["decision"], "suggest");
  EXPECT_EQ(first["evidence"], "prior");
  EXPECT_NE(sandbox_.Run({"replay", sandbox_.root() + "/missing.jsonl"}).exit_code, 0);
}

// Numbers no integer holds, in every field replay turns into one: a record whose duration is
// out of range is unreadable; a timeout or exit code out of range is ignored; durations in the
// commands' words are bounded.
TEST_F(CliRoundTrip, ReplaySkipsDurationsNoIntegerHolds) {
  const std::string trace = R"({"command": "make all", "duration_ms": 1e300}
{"command": "make all", "duration_ms": -1e300}
{"command": "make all", "duration_ms": 9.3e18}
{"command": "make all", "duration_ms": 1e999}
{"command": "make all", "duration_ms": 5000, "timeout_ms": 1e300}
{"command": "make all", "duration_ms": 5000, "timeout_ms": -7}
{"command": "make all", "duration_ms": 5000, "exit_code": 1e300}
{"command": "timeout nan make all", "duration_ms": 5000}
{"command": "sleep inf", "duration_ms": 5000}
{"command": "timeout 1e300d make", "duration_ms": 5000.5}
)";
  const std::string path = sandbox_.root() + "/hostile.jsonl";
  WriteFile(path, trace);
  const std::string events_path = sandbox_.root() + "/events.jsonl";
  RunResult result = sandbox_.Run({"replay", "--json", path, "--events", events_path});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  json report = json::parse(result.out);
  EXPECT_EQ(report["skipped"], 4);
  EXPECT_EQ(report["overall"]["bgprof"]["n"], 6);
  const std::string events = ReadFile(events_path);
  std::istringstream lines(events);
  int read = 0;
  for (std::string line; std::getline(lines, line); ++read) {
    const json event = json::parse(line);
    EXPECT_LE(event["actual_ms"].get<double>(), 5001) << line;
    if (event["predicted_ms"].is_number()) {
      EXPECT_GE(event["predicted_ms"].get<int64_t>(), 0) << line;
    }
  }
  EXPECT_EQ(read, 6);
}

TEST_F(CliRoundTrip, TopOnAnEmptyDatabaseSaysSo) {
  RunResult result = sandbox_.Run({"top"}, "", project_);
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr("No runs recorded yet"));
  EXPECT_EQ(json::parse(sandbox_.Run({"top", "--json"}, "", project_).out), json::array());
}

}  // namespace
}  // namespace bgprof::testing
