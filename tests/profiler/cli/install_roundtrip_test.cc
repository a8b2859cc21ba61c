// `bgprof install` / `uninstall` on real settings files in a scratch CLAUDE_CONFIG_DIR: other
// settings and other hooks survive, reinstalling changes nothing, an older install is upgraded
// in place, --dry-run shows a diff and writes nothing, bad files are left alone.
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/support/bgprof_runner.h"

namespace bgprof::testing {
namespace {

using nlohmann::json;
using ordered_json = nlohmann::ordered_json;
using ::testing::HasSubstr;
using ::testing::StartsWith;

// PostToolUse also hears the edit tools; a failed edit changes nothing.
constexpr const char* kPostMatcher =
    "Bash|TaskOutput|BashOutput|TaskStop|KillShell|Read|Edit|Write|MultiEdit|NotebookEdit";
constexpr const char* kFailureMatcher = "Bash|TaskOutput|BashOutput|TaskStop|KillShell|Read";

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

// What an older bgprof wrote: three Bash entries, here from another install location, among the
// user's own hooks.
const char* kOldInstall = R"json({
  "model": "opus",
  "hooks": {
    "PreToolUse": [
      {"matcher": "Bash", "hooks": [{"type": "command", "command": "~/bin/guard.sh"}]},
      {"matcher": "Bash", "hooks": [
          {"type": "command", "command": "/old/bin/bgprof hook", "timeout": 5}]}
    ],
    "PostToolUse": [
      {"matcher": "Bash", "hooks": [
          {"type": "command", "command": "/old/bin/bgprof hook", "timeout": 10}]},
      {"matcher": "Edit", "hooks": [{"type": "command", "command": "prettier --check"}]}
    ],
    "PostToolUseFailure": [
      {"matcher": "Bash", "hooks": [
          {"type": "command", "command": "/old/bin/bgprof hook", "timeout": 10}]}
    ],
    "Stop": [{"hooks": [{"type": "command", "command": "notify-send done"}]}]
  },
  "env": {"FOO": "1"}
})json";

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

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
  EXPECT_EQ(installed["hooks"]["Stop"][0], original["hooks"]["Stop"][0]);
  EXPECT_EQ(installed["hooks"]["PreToolUse"][0], original["hooks"]["PreToolUse"][0]);
  EXPECT_EQ(CountBgprofEntries(installed), 7);
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
  EXPECT_THAT(install.out,
              HasSubstr("Installed bgprof's hooks (SessionStart, UserPromptSubmit, PreToolUse, "
                        "PostToolUse, PostToolUseFailure, Stop, SessionEnd) in " +
                        settings_path()));
  const std::string entry =
      R"({"command":")" + std::string(BGPROF_BINARY) + R"( hook","timeout":5,"type":"command"})";
  const json expected = json::parse(R"({"hooks": {
    "SessionStart": [{"matcher": "startup|resume|clear|compact", "hooks": [)" +
                                    entry + R"(]}],
    "UserPromptSubmit": [{"hooks": [)" +
                                    entry + R"(]}],
    "PreToolUse": [{"matcher": "Bash", "hooks": [)" +
                                    entry + R"(]}],
    "PostToolUse": [{"matcher": ")" +
                                    kPostMatcher + R"(", "hooks": [)" + entry + R"(]}],
    "PostToolUseFailure": [{"matcher": ")" +
                                    kFailureMatcher + R"(", "hooks": [)" + entry + R"(]}],
    "Stop": [{"hooks": [)" + entry + R"(]}],
    "SessionEnd": [{"hooks": [)" + entry +
                                    R"(]}]
  }})");
  EXPECT_EQ(Settings(), expected);
}

TEST_F(InstallRoundTrip, InstallUpgradesAnOlderInstallInPlace) {
  WriteFile(settings_path(), kOldInstall);
  RunResult install = sandbox_.Run({"install"});
  ASSERT_EQ(install.exit_code, 0) << install.err;
  const ordered_json installed = ordered_json::parse(ReadFile(settings_path()));
  const ordered_json entry = {
      {"type", "command"}, {"command", std::string(BGPROF_BINARY) + " hook"}, {"timeout", 5}};
  ordered_json expected = ordered_json::parse(kOldInstall);
  ordered_json& hooks = expected["hooks"];
  hooks["PreToolUse"][1]["hooks"][0] = entry;  // same place, new path
  hooks["PostToolUse"][0] = {{"matcher", kPostMatcher}, {"hooks", ordered_json::array({entry})}};
  hooks["PostToolUseFailure"][0] = {{"matcher", kFailureMatcher},
                                    {"hooks", ordered_json::array({entry})}};
  hooks["Stop"].push_back({{"hooks", ordered_json::array({entry})}});
  hooks["SessionStart"] = ordered_json::array(
      {{{"matcher", "startup|resume|clear|compact"}, {"hooks", ordered_json::array({entry})}}});
  hooks["UserPromptSubmit"] = ordered_json::array({{{"hooks", ordered_json::array({entry})}}});
  hooks["SessionEnd"] = hooks["UserPromptSubmit"];
  EXPECT_EQ(installed.dump(2), expected.dump(2));
  EXPECT_EQ(ordered_json::parse(ReadFile(settings_path() + ".bgprof.bak")),
            ordered_json::parse(kOldInstall));

  RunResult again = sandbox_.Run({"install"});
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_THAT(again.out, HasSubstr("already"));
  EXPECT_EQ(ordered_json::parse(ReadFile(settings_path())).dump(2), expected.dump(2));
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

TEST_F(InstallRoundTrip, DryRunPrintsTheDiffOfWhatInstallWrites) {
  const std::string original = R"({"model": "opus"})";
  WriteFile(settings_path(), original);
  RunResult dry = sandbox_.Run({"install", "--dry-run"});
  ASSERT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_EQ(ReadFile(settings_path()), original);
  EXPECT_FALSE(std::filesystem::exists(settings_path() + ".bgprof.bak"));

  // The diff must be exactly the change the real install then makes.
  ASSERT_EQ(sandbox_.Run({"install"}).exit_code, 0);
  const std::vector<std::string> installed =
      Lines(ordered_json::parse(ReadFile(settings_path())).dump(2));
  ASSERT_GT(installed.size(), 4u);
  ASSERT_EQ(installed[1], R"(  "model": "opus",)");
  std::string expected = "--- " + settings_path() + "\n+++ " + settings_path() +
                         " (after bgprof install)\n@@ -1,3 +1," + std::to_string(installed.size()) +
                         " @@\n {\n-  \"model\": \"opus\"\n";
  for (size_t i = 1; i + 1 < installed.size(); ++i) expected += "+" + installed[i] + "\n";
  expected += " }\n";
  EXPECT_EQ(dry.out, expected);
  EXPECT_THAT(dry.out, HasSubstr("\n+        \"matcher\": \"startup|resume|clear|compact\",\n"));

  RunResult again = sandbox_.Run({"install", "--dry-run"});
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(again.out, "No change to " + settings_path() + ".\n");
}

TEST_F(InstallRoundTrip, DryRunOverAnOlderInstallShowsOnlyWhatChanges) {
  WriteFile(settings_path(), kOldInstall);
  RunResult dry = sandbox_.Run({"install", "--dry-run"});
  ASSERT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_EQ(ReadFile(settings_path()), kOldInstall);
  EXPECT_THAT(dry.out, StartsWith("--- " + settings_path() + "\n+++ " + settings_path() +
                                  " (after bgprof install)\n@@ "));
  const std::vector<std::string> lines = Lines(dry.out);
  int removed = 0;
  int added = 0;
  for (size_t i = 2; i < lines.size(); ++i) {
    ASSERT_FALSE(lines[i].empty()) << dry.out;
    EXPECT_TRUE(lines[i].starts_with("@@") || lines[i][0] == '+' || lines[i][0] == '-' ||
                lines[i][0] == ' ')
        << lines[i];
    removed += lines[i][0] == '-';
    added += lines[i][0] == '+';
  }
  // Out: the old path three times, the two old Bash matchers, the two 10 s timeouts.
  EXPECT_EQ(removed, 7) << dry.out;
  EXPECT_THAT(dry.out, HasSubstr("\n-        \"matcher\": \"Bash\",\n+        \"matcher\": \"" +
                                 std::string(kPostMatcher) + "\",\n"));
  EXPECT_THAT(dry.out, HasSubstr("\n-            \"command\": \"/old/bin/bgprof hook\",\n"));
  EXPECT_THAT(dry.out, HasSubstr("\n-            \"timeout\": 10\n"));
  EXPECT_EQ(dry.out.find("guard.sh"), std::string::npos) << "unchanged lines far from a change";
  EXPECT_GT(added, removed);
}

TEST_F(InstallRoundTrip, UninstallDryRunShowsTheRemovalAndWritesNothing) {
  WriteFile(settings_path(), kUserSettings);
  ASSERT_EQ(sandbox_.Run({"install"}).exit_code, 0);
  const std::string installed = ReadFile(settings_path());
  RunResult dry = sandbox_.Run({"uninstall", "--dry-run"});
  ASSERT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_EQ(ReadFile(settings_path()), installed);
  EXPECT_THAT(dry.out, StartsWith("--- " + settings_path() + "\n+++ " + settings_path() +
                                  " (after bgprof uninstall)\n@@ "));
  EXPECT_THAT(dry.out, HasSubstr("\n-            \"command\": \"" + std::string(BGPROF_BINARY) +
                                 " hook\",\n"));
  for (const std::string& line : Lines(dry.out)) {
    EXPECT_FALSE(line.starts_with("+") && !line.starts_with("+++")) << line;
  }
  ASSERT_EQ(sandbox_.Run({"uninstall"}).exit_code, 0);
  EXPECT_EQ(sandbox_.Run({"uninstall", "--dry-run"}).out,
            "No change to " + settings_path() + ".\n");
}

TEST_F(InstallRoundTrip, DryRunWithoutSettingsCreatesNothing) {
  RunResult install = sandbox_.Run({"install", "--dry-run"});
  ASSERT_EQ(install.exit_code, 0) << install.err;
  EXPECT_THAT(install.out, HasSubstr("@@ -0,0 +1,"));
  EXPECT_EQ(install.out.find("\n-"), std::string::npos) << install.out;
  EXPECT_FALSE(std::filesystem::exists(settings_path()));
  RunResult uninstall = sandbox_.Run({"uninstall", "--dry-run"});
  EXPECT_EQ(uninstall.out, "No change to " + settings_path() + ".\n");
  EXPECT_FALSE(std::filesystem::exists(settings_path()));
  EXPECT_FALSE(std::filesystem::exists(sandbox_.claude_dir()));
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
  EXPECT_EQ(CountBgprofEntries(json::parse(ReadFile(project + "/.claude/settings.json"))), 7);
  EXPECT_FALSE(std::filesystem::exists(settings_path()));
  ASSERT_EQ(sandbox_.Run({"uninstall", "--project"}, "", project).exit_code, 0);
  EXPECT_EQ(json::parse(ReadFile(project + "/.claude/settings.json")), json::object());
}

// A settings.json kept elsewhere (a dotfiles repository) and linked, through a relative link to
// a second link: install, --dry-run and uninstall write the final file, the links stay links.
TEST_F(InstallRoundTrip, ASymlinkedSettingsFileIsWrittenThroughItsLinks) {
  namespace fs = std::filesystem;
  const std::string dotfiles = sandbox_.root() + "/dotfiles/claude";
  const std::string target = dotfiles + "/settings.json";
  WriteFile(target, kUserSettings);
  ASSERT_EQ(::chmod(target.c_str(), 0640), 0);
  fs::create_directories(sandbox_.claude_dir());
  fs::create_symlink("dotfiles/claude/settings.json", sandbox_.root() + "/linked.json");
  fs::create_symlink(sandbox_.root() + "/linked.json", settings_path());
  auto links_intact = [&] {
    EXPECT_TRUE(fs::is_symlink(settings_path()));
    EXPECT_TRUE(fs::is_symlink(sandbox_.root() + "/linked.json"));
    EXPECT_TRUE(fs::is_regular_file(fs::symlink_status(target)));
    struct stat info;
    ASSERT_EQ(::stat(target.c_str(), &info), 0);
    EXPECT_EQ(info.st_mode & 07777, 0640u);
  };

  RunResult dry = sandbox_.Run({"install", "--dry-run"});
  ASSERT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_THAT(dry.out, HasSubstr("bgprof hook"));
  EXPECT_EQ(ReadFile(target), kUserSettings);
  links_intact();

  RunResult install = sandbox_.Run({"install"});
  ASSERT_EQ(install.exit_code, 0) << install.err;
  links_intact();
  EXPECT_EQ(CountBgprofEntries(json::parse(ReadFile(target))), 7);
  EXPECT_EQ(json::parse(ReadFile(settings_path() + ".bgprof.bak")), json::parse(kUserSettings));
  // No temporary file is left beside the link or the target.
  for (const std::string& folder : {dotfiles, sandbox_.claude_dir()}) {
    for (const fs::directory_entry& entry : fs::directory_iterator(folder)) {
      EXPECT_THAT(entry.path().filename().string(), ::testing::Not(HasSubstr("tmp")));
    }
  }

  RunResult uninstall = sandbox_.Run({"uninstall"});
  ASSERT_EQ(uninstall.exit_code, 0) << uninstall.err;
  links_intact();
  EXPECT_EQ(json::parse(ReadFile(target)), json::parse(kUserSettings));
}

TEST_F(InstallRoundTrip, ALinkThatLoopsIsAnErrorThatChangesNothing) {
  namespace fs = std::filesystem;
  fs::create_directories(sandbox_.claude_dir());
  fs::create_symlink(settings_path(), settings_path());
  RunResult install = sandbox_.Run({"install"});
  EXPECT_NE(install.exit_code, 0);
  EXPECT_THAT(install.err, StartsWith("bgprof: "));
  EXPECT_TRUE(fs::is_symlink(settings_path()));
}

// A shell can sit in a folder deleted since: the project's settings cannot be found, and
// install says so in one line instead of aborting; the user's own settings need no folder.
TEST_F(InstallRoundTrip, AProjectInstallInADeletedFolderFailsInOneLine) {
  const std::string gone = sandbox_.root() + "/gone";
  for (const std::vector<std::string>& args :
       std::vector<std::vector<std::string>>{{"install", "--project"},
                                             {"install", "--project", "--dry-run"},
                                             {"uninstall", "--project"},
                                             {"install", "--claude-md"}}) {
    std::filesystem::create_directories(gone);
    RunResult result = sandbox_.RunWith(args, "", {.cwd = gone, .remove_cwd = true});
    EXPECT_EQ(result.exit_code, 1) << ::testing::PrintToString(args) << result.err;
    EXPECT_THAT(result.err, StartsWith("bgprof: cannot read the working folder"));
    EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
  }
  std::filesystem::create_directories(gone);
  RunResult user = sandbox_.RunWith({"install"}, "", {.cwd = gone, .remove_cwd = true});
  EXPECT_EQ(user.exit_code, 0) << user.err;
  EXPECT_EQ(CountBgprofEntries(Settings()), 7);
}

TEST_F(InstallRoundTrip, UninstallWithoutSettingsChangesNothing) {
  RunResult result = sandbox_.Run({"uninstall"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_FALSE(std::filesystem::exists(settings_path()));
}

}  // namespace
}  // namespace bgprof::testing

namespace bgprof::testing {
namespace {

// `install --claude-md` through the real binary, in a project with a CLAUDE.md of its own and a
// slow command measured there.
TEST(ClaudeMdRoundTrip, InstallWritesTheSectionOnceAndUninstallRestoresTheFile) {
  Sandbox sandbox;
  const std::string project = sandbox.root() + "/project";
  std::filesystem::create_directories(project + "/.git");
  const std::string path = project + "/CLAUDE.md";
  const std::string user = "# Project\n\nRun `make` to build.\n";
  WriteFile(path, user);
  for (int i = 0; i < 3; ++i) {
    const json event = {{"session_id", "s"},
                        {"transcript_path", "/nonexistent"},
                        {"cwd", project},
                        {"hook_event_name", "PostToolUse"},
                        {"tool_name", "Bash"},
                        {"tool_input", {{"command", "npm test"}}},
                        {"tool_response", {{"stdout", ""}, {"stderr", ""}}},
                        {"tool_use_id", "toolu_" + std::to_string(i)},
                        {"duration_ms", 48000}};
    ASSERT_EQ(sandbox.Hook(event.dump()).exit_code, 0);
  }

  RunResult dry = sandbox.Run({"install", "--claude-md", "--dry-run"}, "", project);
  EXPECT_EQ(dry.exit_code, 0);
  EXPECT_THAT(dry.out, HasSubstr("+- Measured by bgprof in this project: `npm test`"));
  EXPECT_EQ(ReadFile(path), user);

  RunResult install = sandbox.Run({"install", "--claude-md"}, "", project);
  EXPECT_EQ(install.exit_code, 0) << install.err;
  const std::string written = ReadFile(path);
  EXPECT_THAT(written, StartsWith(user + "\n<!-- bgprof:begin"));
  EXPECT_THAT(written, HasSubstr("run_in_background: true"));
  EXPECT_THAT(written, HasSubstr("`npm test` (about 48 s, 3 runs)"));
  EXPECT_THAT(written, HasSubstr("at most 4 such commands"));
  EXPECT_THAT(sandbox.Run({"install", "--claude-md"}, "", project).out,
              HasSubstr("nothing changed"));
  EXPECT_EQ(ReadFile(path), written);

  RunResult uninstall = sandbox.Run({"uninstall", "--claude-md"}, "", project);
  EXPECT_EQ(uninstall.exit_code, 0) << uninstall.err;
  EXPECT_EQ(ReadFile(path), user);
  // The hooks were never touched.
  EXPECT_FALSE(std::filesystem::exists(sandbox.claude_dir() + "/settings.json"));
}

// A CLAUDE.md that is a link (to an AGENTS.md every agent reads) keeps being one: the section is
// written into the file it points to, and removed from there.
TEST(ClaudeMdRoundTrip, ALinkedClaudeMdIsWrittenWhereItPoints) {
  Sandbox sandbox;
  const std::string project = sandbox.root() + "/project";
  std::filesystem::create_directories(project + "/.git");
  const std::string user = "# Agents\n\nRun `make` to build.\n";
  WriteFile(project + "/AGENTS.md", user);
  std::filesystem::create_symlink("AGENTS.md", project + "/CLAUDE.md");

  RunResult install = sandbox.Run({"install", "--claude-md"}, "", project);
  EXPECT_EQ(install.exit_code, 0) << install.err;
  EXPECT_TRUE(std::filesystem::is_symlink(project + "/CLAUDE.md"));
  EXPECT_THAT(ReadFile(project + "/AGENTS.md"), StartsWith(user + "\n<!-- bgprof:begin"));

  RunResult uninstall = sandbox.Run({"uninstall", "--claude-md"}, "", project);
  EXPECT_EQ(uninstall.exit_code, 0) << uninstall.err;
  EXPECT_TRUE(std::filesystem::is_symlink(project + "/CLAUDE.md"));
  EXPECT_EQ(ReadFile(project + "/AGENTS.md"), user);
}

}  // namespace
}  // namespace bgprof::testing
