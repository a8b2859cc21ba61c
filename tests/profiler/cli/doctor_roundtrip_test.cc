// `bgprof doctor` through the real binary in a scratch HOME: each of its checks finds what is
// wrong, names the fix, fails (exit 1) only on a FAIL, and runs whatever the others found.
#include <sys/stat.h>

#include <chrono>
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
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

// The folder of the binary under test, for a PATH that finds it.
const std::string kBinaryFolder = fs::path(BGPROF_BINARY).parent_path().string();

// The names of the checks, in the order doctor prints them.
std::vector<std::string> CheckNames(const std::string& out) {
  std::vector<std::string> names;
  std::istringstream in(out);
  for (std::string line; std::getline(in, line);) {
    if (line.starts_with(" ")) continue;
    const size_t start = line.find_first_not_of(' ', line.find(' '));
    names.push_back(line.substr(start, line.find(':') - start));
  }
  return names;
}

// The line of check `name` with the indented lines under it.
std::string CheckBlock(const std::string& out, const std::string& name) {
  std::string block;
  bool inside = false;
  std::istringstream in(out);
  for (std::string line; std::getline(in, line);) {
    if (!line.starts_with(" ")) {
      const size_t start = line.find_first_not_of(' ', line.find(' '));
      inside = line.compare(start, name.size() + 1, name + ":") == 0;
    }
    if (inside) block += line + "\n";
  }
  return block;
}

class DoctorRoundTrip : public ::testing::Test {
 protected:
  DoctorRoundTrip() {
    fs::create_directories(project_ + "/.git");
    fs::create_directories(bin_);
    // Only folders the test controls, and the system's for sh and sleep.
    sandbox_.env["PATH"] = bin_ + ":/usr/bin:/bin";
  }

  RunResult Doctor() const { return sandbox_.Run({"doctor"}, "", project_); }
  std::string settings_path() const { return sandbox_.claude_dir() + "/settings.json"; }
  std::string log_path() const {
    return fs::path(sandbox_.database()).parent_path() / "bgprof.log";
  }

  void WriteProgram(const std::string& name, const std::string& script) const {
    const std::string path = bin_ + "/" + name;
    WriteFile(path, "#!/bin/sh\n" + script + "\n");
    fs::permissions(path, fs::perms::owner_all);
  }

  Sandbox sandbox_;
  const std::string project_ = sandbox_.root() + "/project";
  const std::string bin_ = sandbox_.root() + "/bin";
};

TEST_F(DoctorRoundTrip, AFreshHomeFailsOnTheHooksAndCreatesNothing) {
  RunResult doctor = Doctor();
  EXPECT_EQ(doctor.exit_code, 1) << doctor.out << doctor.err;
  EXPECT_THAT(CheckNames(doctor.out), ElementsAre("PATH", "hooks", "database", "config",
                                                  "Claude Code", "durations", "error log"));
  const std::string hooks = CheckBlock(doctor.out, "hooks");
  EXPECT_THAT(hooks, StartsWith("FAIL  hooks: no bgprof hooks in " + settings_path()));
  EXPECT_THAT(hooks, HasSubstr(project_ + "/.claude/settings.local.json"));
  EXPECT_THAT(hooks, HasSubstr("      fix: run `bgprof install`\n"));
  EXPECT_THAT(
      CheckBlock(doctor.out, "database"),
      StartsWith("warn  database: no runs recorded yet (no database at " + sandbox_.database()));
  EXPECT_THAT(CheckBlock(doctor.out, "durations"), StartsWith("warn  durations: not checked"));
  EXPECT_THAT(CheckBlock(doctor.out, "config"), StartsWith("ok    config: no "));
  EXPECT_THAT(CheckBlock(doctor.out, "Claude Code"), StartsWith("warn  Claude Code: no `claude`"));
  EXPECT_EQ(CheckBlock(doctor.out, "error log"), "ok    error log: no errors\n");
  EXPECT_FALSE(fs::exists(fs::path(sandbox_.database()).parent_path()));
  EXPECT_FALSE(fs::exists(sandbox_.claude_dir()));
}

TEST_F(DoctorRoundTrip, AfterInstallTheHooksAreOkAndNothingFails) {
  ASSERT_EQ(sandbox_.Run({"install"}).exit_code, 0);
  RunResult doctor = Doctor();
  EXPECT_EQ(doctor.exit_code, 0) << doctor.out;
  EXPECT_EQ(CheckBlock(doctor.out, "hooks"),
            "ok    hooks: all 7 events run this binary (" + settings_path() + ")\n");
}

TEST_F(DoctorRoundTrip, AHookRunningAnotherBinaryFailsNamingIt) {
  ASSERT_EQ(sandbox_.Run({"install"}).exit_code, 0);
  json settings = json::parse(ReadFile(settings_path()));
  settings["hooks"]["PreToolUse"][0]["hooks"][0]["command"] = "/opt/old/bgprof hook";
  settings["hooks"]["Stop"][0]["hooks"][0]["command"] = "/opt/old/bgprof hook";
  WriteFile(settings_path(), settings.dump(2));
  RunResult doctor = Doctor();
  EXPECT_EQ(doctor.exit_code, 1) << doctor.out;
  const std::string hooks = CheckBlock(doctor.out, "hooks");
  EXPECT_THAT(hooks, StartsWith("FAIL  hooks: PreToolUse, Stop in " + settings_path() +
                                " run /opt/old/bgprof, which does not exist, not this binary (" +
                                BGPROF_BINARY + ")"));
  EXPECT_THAT(hooks, HasSubstr("fix: run `bgprof install`"));

  // Installing again repairs it.
  ASSERT_EQ(sandbox_.Run({"install"}).exit_code, 0);
  EXPECT_THAT(CheckBlock(Doctor().out, "hooks"), StartsWith("ok "));
}

TEST_F(DoctorRoundTrip, TheProjectsSettingsAreCheckedToo) {
  ASSERT_EQ(sandbox_.Run({"install"}).exit_code, 0);
  WriteProgram("bgprof", "exit 0");  // another bgprof, found on PATH by a bare `bgprof hook`
  WriteFile(project_ + "/.claude/settings.local.json",
            R"({"hooks": {"PreToolUse": [{"matcher": "Bash",
                 "hooks": [{"type": "command", "command": "bgprof hook"}]}]}})");
  RunResult doctor = Doctor();
  EXPECT_EQ(doctor.exit_code, 1) << doctor.out;
  const std::string hooks = CheckBlock(doctor.out, "hooks");
  EXPECT_THAT(hooks, HasSubstr("PreToolUse in " + project_ + "/.claude/settings.local.json runs " +
                               bin_ + "/bgprof, not this binary"));
  EXPECT_THAT(hooks, HasSubstr("fix: edit " + project_ + "/.claude/settings.local.json"));
  EXPECT_THAT(CheckBlock(doctor.out, "PATH"),
              StartsWith("warn  PATH: " + bin_ + "/bgprof comes first on PATH, not this binary"));
}

TEST_F(DoctorRoundTrip, MissingEventsAndDisabledHooksFail) {
  ASSERT_EQ(sandbox_.Run({"install"}).exit_code, 0);
  json settings = json::parse(ReadFile(settings_path()));
  settings["hooks"].erase("SessionEnd");
  settings["hooks"]["PostToolUse"][0]["matcher"] = "Bash";  // as an older install wrote it
  WriteFile(settings_path(), settings.dump(2));
  std::string hooks = CheckBlock(Doctor().out, "hooks");
  EXPECT_THAT(hooks, StartsWith("FAIL  hooks: no bgprof hook for SessionEnd; the matchers of "
                                "PostToolUse are not this version's"));
  EXPECT_THAT(hooks, HasSubstr("fix: run `bgprof install`"));

  settings["disableAllHooks"] = true;
  WriteFile(settings_path(), settings.dump(2));
  EXPECT_THAT(CheckBlock(Doctor().out, "hooks"),
              HasSubstr("disableAllHooks is set in " + settings_path()));

  WriteFile(settings_path(), "{\"hooks\": ");
  RunResult broken = Doctor();
  EXPECT_EQ(broken.exit_code, 1);
  EXPECT_THAT(CheckBlock(broken.out, "hooks"),
              StartsWith("FAIL  hooks: " + settings_path() + " is not a valid JSON object"));
}

TEST_F(DoctorRoundTrip, PathFindsThisBinary) {
  sandbox_.env["PATH"] = kBinaryFolder + ":/usr/bin:/bin";
  EXPECT_EQ(CheckBlock(Doctor().out, "PATH"),
            "ok    PATH: " + std::string(BGPROF_BINARY) + " is this binary\n");
}

TEST_F(DoctorRoundTrip, AHealthyDatabaseIsOkWithItsRunsAndWhoTimedThem) {
  ASSERT_EQ(sandbox_.Hook(PostToolUse("npm test", project_, 4200, "toolu_a")).exit_code, 0);
  RunResult doctor = Doctor();
  const std::string database = CheckBlock(doctor.out, "database");
  EXPECT_THAT(database, StartsWith("ok    database: " + sandbox_.database() + ": "));
  EXPECT_THAT(database, HasSubstr(" KB, 1 run, intact, writable, mode 0600\n"));
  EXPECT_EQ(CheckBlock(doctor.out, "durations"),
            "ok    durations: the last run (within 7 days): Claude Code timed 1 (duration_ms), "
            "bgprof's hooks 0\n");

  // An older client: no duration_ms, so bgprof times the calls from their PreToolUse.
  for (const char* id : {"toolu_b", "toolu_c"}) {
    ASSERT_EQ(sandbox_.Hook(PreToolUse("npm test", project_, id)).exit_code, 0);
    ASSERT_EQ(sandbox_.Hook(PostToolUse("npm test", project_, std::nullopt, id)).exit_code, 0);
  }
  doctor = Doctor();
  const std::string durations = CheckBlock(doctor.out, "durations");
  EXPECT_THAT(durations, StartsWith("warn  durations: the last 3 runs (within 7 days): Claude Code "
                                    "timed 1 (duration_ms), bgprof's hooks 2: most came"));
  EXPECT_THAT(durations, HasSubstr("fix: update Claude Code"));
  EXPECT_THAT(CheckBlock(doctor.out, "database"), HasSubstr(", 3 runs,"));

  ::chmod(sandbox_.database().c_str(), 0644);
  EXPECT_THAT(CheckBlock(Doctor().out, "database"),
              HasSubstr("mode 0644 (others may read the commands it holds)\n      fix: chmod 600 " +
                        sandbox_.database()));
}

TEST_F(DoctorRoundTrip, ACorruptDatabaseFailsAndTheOtherChecksStillRun) {
  WriteFile(sandbox_.database(), std::string(8192, 'x'));
  RunResult doctor = Doctor();
  EXPECT_EQ(doctor.exit_code, 1);
  const std::string database = CheckBlock(doctor.out, "database");
  EXPECT_THAT(database, StartsWith("FAIL  database: cannot open " + sandbox_.database()));
  EXPECT_THAT(database, HasSubstr("fix: move it aside and bgprof starts a new one: mv " +
                                  sandbox_.database() + " " + sandbox_.database() + ".broken"));
  EXPECT_THAT(CheckBlock(doctor.out, "durations"),
              StartsWith("warn  durations: not checked: the database cannot be read"));
  EXPECT_EQ(CheckNames(doctor.out).size(), 7u);
}

TEST_F(DoctorRoundTrip, ABadConfigFailsNamingTheKey) {
  ASSERT_EQ(sandbox_.Run({"install"}).exit_code, 0);
  const std::string config = sandbox_.home() + "/.config/bgprof/config.json";
  WriteFile(config, R"({"mode": "auto"})");
  RunResult good = Doctor();
  EXPECT_EQ(good.exit_code, 0) << good.out;
  EXPECT_EQ(CheckBlock(good.out, "config"), "ok    config: " + config + " is valid (mode auto)\n");

  WriteFile(config, R"({"mode": "auto", "colour": "blue"})");
  RunResult unknown = Doctor();
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_THAT(CheckBlock(unknown.out, "config"),
              StartsWith("FAIL  config: " + config + ": unknown key \"colour\""));
  EXPECT_THAT(CheckBlock(unknown.out, "config"), HasSubstr("fix: correct it in " + config));

  WriteFile(config, "{not json");
  EXPECT_THAT(CheckBlock(Doctor().out, "config"), StartsWith("FAIL  config: " + config));

  WriteFile(config, "{}");
  WriteFile(project_ + "/.claude/bgprof.json", R"({"mode": "off"})");
  EXPECT_THAT(CheckBlock(Doctor().out, "config"),
              StartsWith("FAIL  config: " + project_ + "/.claude/bgprof.json: unknown key"));
}

TEST_F(DoctorRoundTrip, TheErrorLogsLastLinesAreShown) {
  std::string log;
  for (int i = 1; i <= 7; ++i) {
    log += "2026-12-01T10:00:0" + std::to_string(i) + "Z bgprof hook: error " + std::to_string(i) +
           "\n";
  }
  WriteFile(log_path(), log);
  const std::string block = CheckBlock(Doctor().out, "error log");
  EXPECT_THAT(block, StartsWith("warn  error log: the last 5 lines of " + log_path() + ":\n"));
  EXPECT_THAT(block, HasSubstr("      2026-12-01T10:00:03Z bgprof hook: error 3\n"));
  EXPECT_THAT(block, HasSubstr("      2026-12-01T10:00:07Z bgprof hook: error 7\n"));
  EXPECT_THAT(block, Not(HasSubstr("error 2")));
  EXPECT_THAT(block, HasSubstr("fix: once their cause is fixed, remove " + log_path()));
}

TEST_F(DoctorRoundTrip, ClaudeCodesVersionIsReportedAndAnOldOneWarned) {
  WriteProgram("claude", "echo '2.1.330 (Claude Code)'");
  EXPECT_EQ(CheckBlock(Doctor().out, "Claude Code"),
            "ok    Claude Code: 2.1.330 (Claude Code) at " + bin_ + "/claude\n");
  WriteProgram("claude", "echo '2.0.50 (Claude Code)'");
  EXPECT_THAT(
      CheckBlock(Doctor().out, "Claude Code"),
      StartsWith("warn  Claude Code: 2.0.50 (Claude Code) at " + bin_ + "/claude: before 2.1.119"));
  WriteProgram("claude", "echo 'cannot load module' >&2; exit 3");
  EXPECT_THAT(CheckBlock(Doctor().out, "Claude Code"),
              StartsWith("warn  Claude Code: `" + bin_ +
                         "/claude --version` failed (exit 3): cannot load module"));
}

TEST_F(DoctorRoundTrip, AClaudeThatHangsIsGivenUpOnAfterFiveSeconds) {
  WriteProgram("claude", "sleep 60 & sleep 60");
  const auto start = std::chrono::steady_clock::now();
  RunResult doctor = Doctor();
  const auto seconds =
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - start)
          .count();
  EXPECT_LT(seconds, 20);
  EXPECT_THAT(
      CheckBlock(doctor.out, "Claude Code"),
      StartsWith("warn  Claude Code: `" + bin_ + "/claude --version` gave no answer within 5 s"));
  EXPECT_EQ(CheckNames(doctor.out).size(), 7u);
}

}  // namespace
}  // namespace bgprof::testing
