// `bgprof install` / `uninstall` on real settings files in a scratch CLAUDE_CONFIG_DIR: other
// settings and other hooks survive, reinstalling changes nothing, bad files are left alone.
#include <sys/stat.h>

#include <filesystem>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/support/bgprof_runner.h"

namespace bgprof::testing {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

const char* kUserSettings = R"json({
  "model": "opus",
  "permissions": {"allow": ["Bash(npm test:*)"], "deny": []},
  "env": {"FOO": "1"},
  "hooks": {
    "PreToolUse": [
      {"matcher": "Bash", "hooks": [{"type": "command", "command": "~/bin/guard.sh", "timeout": 3}]}
    ],
    "Stop": [{"hooks": [{"type": "command", "command": "notify-send done"}]}]
  }
})json";

class InstallRoundTrip : public ::testing::Test {
 protected:
  std::string settings_path() const { return sandbox_.claude_dir() + "/settings.json"; }
  json Settings() const { return json::parse(ReadFile(settings_path())); }

  Sandbox sandbox_;
};

int CountBgprofEntries(const json& settings) {
  int count = 0;
  for (const auto& [event, groups] : settings["hooks"].items()) {
    for (const json& group : groups) {
      for (const json& entry : group["hooks"]) {
        count += entry["command"].get<std::string>().find("bgprof") != std::string::npos;
      }
    }
  }
  return count;
}

TEST_F(InstallRoundTrip, InstallKeepsEverythingElseAndUninstallRestoresIt) {
  WriteFile(settings_path(), kUserSettings);
  const json original = json::parse(kUserSettings);

  RunResult install = sandbox_.Run({"install"});
  ASSERT_EQ(install.exit_code, 0) << install.err;
  json installed = Settings();
  EXPECT_EQ(installed["model"], original["model"]);
  EXPECT_EQ(installed["permissions"], original["permissions"]);
  EXPECT_EQ(installed["env"], original["env"]);
  EXPECT_EQ(installed["hooks"]["Stop"], original["hooks"]["Stop"]);
  EXPECT_EQ(installed["hooks"]["PreToolUse"][0], original["hooks"]["PreToolUse"][0]);
  EXPECT_EQ(CountBgprofEntries(installed), 3);
  const std::string command =
      installed["hooks"]["PostToolUseFailure"][0]["hooks"][0]["command"].get<std::string>();
  EXPECT_EQ(command, std::string(BGPROF_BINARY) + " hook");
  EXPECT_EQ(json::parse(ReadFile(settings_path() + ".bgprof.bak")), original);

  RunResult uninstall = sandbox_.Run({"uninstall"});
  ASSERT_EQ(uninstall.exit_code, 0) << uninstall.err;
  EXPECT_EQ(Settings(), original);
}

TEST_F(InstallRoundTrip, InstallingTwiceChangesNothing) {
  WriteFile(settings_path(), kUserSettings);
  ASSERT_EQ(sandbox_.Run({"install"}).exit_code, 0);
  const std::string first = ReadFile(settings_path());
  RunResult again = sandbox_.Run({"install"});
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_THAT(again.out, HasSubstr("already"));
  EXPECT_EQ(ReadFile(settings_path()), first);
}

TEST_F(InstallRoundTrip, InstallCreatesAMissingSettingsFile) {
  RunResult install = sandbox_.Run({"install"});
  ASSERT_EQ(install.exit_code, 0) << install.err;
  json settings = Settings();
  EXPECT_EQ(CountBgprofEntries(settings), 3);
  EXPECT_EQ(settings["hooks"]["PreToolUse"][0]["matcher"], "Bash");
  EXPECT_EQ(settings["hooks"]["PreToolUse"][0]["hooks"][0]["timeout"], 5);
}

TEST_F(InstallRoundTrip, UnparsableSettingsAreAnErrorThatChangesNothing) {
  const std::string broken = "{\"model\": \"opus\",, }";
  WriteFile(settings_path(), broken);
  for (const char* command : {"install", "uninstall"}) {
    RunResult result = sandbox_.Run({command});
    EXPECT_NE(result.exit_code, 0) << command;
    EXPECT_THAT(result.err, HasSubstr("not valid JSON"));
    EXPECT_EQ(ReadFile(settings_path()), broken);
    EXPECT_FALSE(std::filesystem::exists(settings_path() + ".bgprof.bak"));
  }
}

TEST_F(InstallRoundTrip, DryRunPrintsWithoutWriting) {
  WriteFile(settings_path(), kUserSettings);
  RunResult result = sandbox_.Run({"install", "--dry-run"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(CountBgprofEntries(json::parse(result.out)), 3);
  EXPECT_EQ(ReadFile(settings_path()), kUserSettings);
}

TEST_F(InstallRoundTrip, HomeIsUsedWhenClaudeConfigDirIsUnset) {
  sandbox_.env["CLAUDE_CONFIG_DIR"] = "";
  ASSERT_EQ(sandbox_.Run({"install"}).exit_code, 0);
  EXPECT_TRUE(std::filesystem::exists(sandbox_.home() + "/.claude/settings.json"));
  sandbox_.env["CLAUDE_CONFIG_DIR"] = sandbox_.root() + "/elsewhere";
  ASSERT_EQ(sandbox_.Run({"install"}).exit_code, 0);
  EXPECT_TRUE(std::filesystem::exists(sandbox_.root() + "/elsewhere/settings.json"));
}

TEST_F(InstallRoundTrip, ProjectInstallWritesTheProjectSettings) {
  const std::string project = sandbox_.root() + "/webapp";
  std::filesystem::create_directories(project + "/.git");
  std::filesystem::create_directories(project + "/src");
  RunResult result = sandbox_.Run({"install", "--project"}, "", project + "/src");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(CountBgprofEntries(json::parse(ReadFile(project + "/.claude/settings.json"))), 3);
  EXPECT_FALSE(std::filesystem::exists(settings_path()));
  ASSERT_EQ(sandbox_.Run({"uninstall", "--project"}, "", project).exit_code, 0);
  EXPECT_EQ(json::parse(ReadFile(project + "/.claude/settings.json")), json::object());
}

TEST_F(InstallRoundTrip, UninstallWithoutSettingsChangesNothing) {
  RunResult result = sandbox_.Run({"uninstall"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_FALSE(std::filesystem::exists(settings_path()));
}

}  // namespace
}  // namespace bgprof::testing
