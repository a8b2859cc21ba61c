// Tests of hook/settings: adding and removing bgprof's entries in a Claude Code settings.json.
#include "hook/protocol/settings.h"

#include <cstdio>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gtest/gtest.h"

namespace bgprof {
namespace {

using json = nlohmann::ordered_json;

constexpr const char* kPath = "/usr/local/bin/bgprof";
constexpr const char* kCommand = "/usr/local/bin/bgprof hook";
// The matchers of the two PostToolUse events: Bash runs, and the tools that poll and stop them;
// and for PostToolUse the edit tools, whose changes make the next build no no-op.
constexpr const char* kPostMatcher =
    "Bash|TaskOutput|BashOutput|TaskStop|KillShell|Read|Edit|Write|MultiEdit|NotebookEdit";
constexpr const char* kFailureMatcher = "Bash|TaskOutput|BashOutput|TaskStop|KillShell|Read";
constexpr const char* kEvents[] = {"SessionStart", "UserPromptSubmit",   "PreToolUse",
                                   "PostToolUse",  "PostToolUseFailure", "Stop",
                                   "SessionEnd"};

json Install(const json& settings, const std::string& path = kPath) {
  absl::StatusOr<json> result = WithBgprofHooks(settings, path);
  EXPECT_TRUE(result.ok()) << result.status() << "\n" << settings.dump(2);
  return result.ok() ? *result : json();
}

json Uninstall(const json& settings) {
  absl::StatusOr<json> result = WithoutBgprofHooks(settings);
  EXPECT_TRUE(result.ok()) << result.status() << "\n" << settings.dump(2);
  return result.ok() ? *result : json();
}

json BgprofEntry(const std::string& command, int timeout) {
  return {{"type", "command"}, {"command", command}, {"timeout", timeout}};
}

json UserEntry(const std::string& command) { return {{"type", "command"}, {"command", command}}; }

// A matcher group as bgprof writes it; an empty `matcher` means no "matcher" key.
json Group(const std::string& matcher, const std::vector<json>& entries) {
  json group = json::object();
  if (!matcher.empty()) group["matcher"] = matcher;
  group["hooks"] = entries;
  return group;
}

// What an install into an empty settings.json writes, spelled out as a user would read it.
json FreshInstall() {
  return json::parse(R"json({"hooks": {
    "SessionStart": [{"matcher": "startup|resume|clear|compact", "hooks": [
        {"type": "command", "command": "/usr/local/bin/bgprof hook", "timeout": 5}]}],
    "UserPromptSubmit": [{"hooks": [
        {"type": "command", "command": "/usr/local/bin/bgprof hook", "timeout": 5}]}],
    "PreToolUse": [{"matcher": "Bash", "hooks": [
        {"type": "command", "command": "/usr/local/bin/bgprof hook", "timeout": 5}]}],
    "PostToolUse": [{"matcher": "Bash|TaskOutput|BashOutput|TaskStop|KillShell|Read|Edit|Write|MultiEdit|NotebookEdit", "hooks": [
        {"type": "command", "command": "/usr/local/bin/bgprof hook", "timeout": 5}]}],
    "PostToolUseFailure": [{"matcher": "Bash|TaskOutput|BashOutput|TaskStop|KillShell|Read",
        "hooks": [{"type": "command", "command": "/usr/local/bin/bgprof hook", "timeout": 5}]}],
    "Stop": [{"hooks": [
        {"type": "command", "command": "/usr/local/bin/bgprof hook", "timeout": 5}]}],
    "SessionEnd": [{"hooks": [
        {"type": "command", "command": "/usr/local/bin/bgprof hook", "timeout": 5}]}]
  }})json");
}

// What an older bgprof wrote (three Bash entries) beside the user's own settings and hooks.
json OldInstall() {
  return json::parse(R"json({
    "model": "opus",
    "hooks": {
      "PreToolUse": [
        {"matcher": "Bash", "hooks": [{"type": "command", "command": "~/bin/audit.sh"}]},
        {"matcher": "Bash", "hooks": [
            {"type": "command", "command": "/usr/local/bin/bgprof hook", "timeout": 5}]},
        {"matcher": "Write|Edit", "hooks": [{"type": "command", "command": "prettier --check"}]}
      ],
      "PostToolUse": [
        {"matcher": "Bash", "hooks": [
            {"type": "command", "command": "/usr/local/bin/bgprof hook", "timeout": 10}]},
        {"matcher": "Bash", "hooks": [{"type": "command", "command": "~/bin/after.sh"}]}
      ],
      "PostToolUseFailure": [
        {"matcher": "Bash", "hooks": [
            {"type": "command", "command": "/usr/local/bin/bgprof hook", "timeout": 10}]}
      ],
      "Stop": [{"hooks": [{"type": "command", "command": "notify-send done"}]}]
    },
    "env": {"FOO": "bar"}
  })json");
}

// How many hook entries under `event` run bgprof.
int BgprofEntries(const json& settings, const char* event) {
  int count = 0;
  if (!settings.contains("hooks") || !settings["hooks"].contains(event)) return 0;
  for (const json& group : settings["hooks"][event]) {
    for (const json& entry : group["hooks"]) {
      if (entry.contains("command") && IsBgprofHookCommand(entry["command"].get<std::string>())) {
        ++count;
      }
    }
  }
  return count;
}

// The words `command` expands to in /bin/sh, each in brackets.
std::string ShellWords(const std::string& command) {
  const std::string script = "set -- " + command + "; for w; do printf '[%s]' \"$w\"; done";
  FILE* pipe = ::popen(script.c_str(), "r");
  if (pipe == nullptr) return "<popen failed>";
  std::string output;
  char buffer[256];
  size_t read = 0;
  while ((read = std::fread(buffer, 1, sizeof(buffer), pipe)) > 0) output.append(buffer, read);
  if (::pclose(pipe) != 0) output += "<exit status>";
  return output;
}

// Settings a user might have before installing: other keys, their own Bash hook, a Stop hook.
json UserSettings() {
  return json::parse(R"json({
    "permissions": {"allow": ["Bash(npm test:*)", "Read"], "deny": ["Bash(rm -rf:*)"]},
    "model": "opus",
    "env": {"BASH_DEFAULT_TIMEOUT_MS": "300000", "FOO": "bar"},
    "hooks": {
      "PreToolUse": [
        {"matcher": "Bash", "hooks": [{"type": "command", "command": "~/bin/audit.sh", "timeout": 3}]},
        {"matcher": "Write|Edit", "hooks": [{"type": "command", "command": "prettier --check"}]}
      ],
      "Stop": [{"hooks": [{"type": "command", "command": "notify-send done"}]}]
    }
  })json");
}

TEST(HookCommandForTest, PlainPathIsUnquoted) {
  EXPECT_EQ(HookCommandFor("/usr/local/bin/bgprof"), "/usr/local/bin/bgprof hook");
  EXPECT_EQ(HookCommandFor("/home/alex/.local/bin/bgprof"), "/home/alex/.local/bin/bgprof hook");
  EXPECT_EQ(HookCommandFor("/opt/bgprof-0.1+git@x,y:z/bgprof"),
            "/opt/bgprof-0.1+git@x,y:z/bgprof hook");
}

TEST(HookCommandForTest, UnsafeCharactersAreSingleQuoted) {
  EXPECT_EQ(HookCommandFor("/opt/my tools/bgprof"), "'/opt/my tools/bgprof' hook");
  EXPECT_EQ(HookCommandFor("/home/o'brien/bgprof"), R"('/home/o'\''brien/bgprof' hook)");
  EXPECT_EQ(HookCommandFor("/tmp/$HOME/bgprof"), "'/tmp/$HOME/bgprof' hook");
  EXPECT_EQ(HookCommandFor("~/bin/bgprof"), "'~/bin/bgprof' hook");
  EXPECT_EQ(HookCommandFor(""), "'' hook");
}

TEST(HookCommandForTest, ShellReadsBackTheExactPath) {
  for (const std::string path :
       {"/usr/local/bin/bgprof", "/opt/my tools/bgprof", "/home/o'brien/bin/bgprof",
        "/tmp/\"quoted\"/bgprof", "/tmp/$HOME/`id`/$(id)/bgprof", "/tmp/a;echo pwned #/bgprof",
        "/tmp/*/?/[a]/bgprof", "/tmp/tab\there/bgprof", "/tmp/new\nline/bgprof", "~/bin/bgprof",
        "/tmp/back\\slash/bgprof", "-n", ""}) {
    EXPECT_EQ(ShellWords(HookCommandFor(path)), "[" + path + "][hook]") << path;
  }
}

TEST(IsBgprofHookCommandTest, AcceptsBgprofHookInAnyLocationAndQuoting) {
  EXPECT_TRUE(IsBgprofHookCommand("/x/bgprof hook"));
  EXPECT_TRUE(IsBgprofHookCommand("bgprof hook"));
  EXPECT_TRUE(IsBgprofHookCommand("'/a b/bgprof' hook"));
  EXPECT_TRUE(IsBgprofHookCommand("\"$HOME/.local/bin/bgprof\" hook pre-tool"));
  EXPECT_TRUE(IsBgprofHookCommand("/usr/local/bin/bgprof hook post-tool-failure"));
  EXPECT_TRUE(IsBgprofHookCommand(HookCommandFor("/home/o'brien/bin/bgprof")));
  EXPECT_TRUE(IsBgprofHookCommand(HookCommandFor("/opt/my tools/bgprof")));
}

TEST(IsBgprofHookCommandTest, RejectsOtherCommands) {
  EXPECT_FALSE(IsBgprofHookCommand("bgprofx hook"));
  EXPECT_FALSE(IsBgprofHookCommand("/bin/echo bgprof"));
  EXPECT_FALSE(IsBgprofHookCommand("my-hook"));
  EXPECT_FALSE(IsBgprofHookCommand(""));
  EXPECT_FALSE(IsBgprofHookCommand("/x/bgprof hooks"));
  EXPECT_FALSE(IsBgprofHookCommand("/x/bgprof install"));
  EXPECT_FALSE(IsBgprofHookCommand("/x/bgprof"));
  EXPECT_FALSE(IsBgprofHookCommand("/opt/bgprof/bin/other hook"));
}

TEST(IsBgprofHookCommandTest, RejectsProgramsThatOnlyEndInBgprof) {
  EXPECT_FALSE(IsBgprofHookCommand("/opt/mybgprof hook"));
  EXPECT_FALSE(IsBgprofHookCommand("notbgprof hook"));
  EXPECT_FALSE(IsBgprofHookCommand("'/a b/not-bgprof' hook"));
}

TEST(HookProgramOfTest, ReadsBackThePathOfEveryCommandInstallWrites) {
  for (const std::string path :
       {"/usr/local/bin/bgprof", "/opt/my tools/bgprof", "/home/o'brien/bin/bgprof",
        "/tmp/\"quoted\"/bgprof", "/tmp/$HOME/`id`/$(id)/bgprof", "/tmp/a;echo pwned #/bgprof",
        "/tmp/*/?/[a]/bgprof", "/tmp/new\nline/bgprof", "~/bin/bgprof",
        "/tmp/back\\slash/bgprof"}) {
    EXPECT_EQ(HookProgramOf(HookCommandFor(path), "/home/alex"), path) << path;
  }
}

TEST(HookProgramOfTest, ExpandsHomeAsTheShellWould) {
  EXPECT_EQ(HookProgramOf("\"$HOME/.local/bin/bgprof\" hook pre-tool", "/home/alex"),
            "/home/alex/.local/bin/bgprof");
  EXPECT_EQ(HookProgramOf("${HOME}/bin/bgprof hook", "/home/alex"), "/home/alex/bin/bgprof");
  EXPECT_EQ(HookProgramOf("~/bin/bgprof hook", "/home/alex"), "/home/alex/bin/bgprof");
  EXPECT_EQ(HookProgramOf("  bgprof hook", "/home/alex"), "bgprof");
  EXPECT_EQ(HookProgramOf("/x/bgprof;true", "/home/alex"), "/x/bgprof");
  EXPECT_EQ(HookProgramOf("'$HOME/bgprof' hook", "/home/alex"), "$HOME/bgprof");
  EXPECT_EQ(HookProgramOf("/a\\ b/bgprof hook", "/home/alex"), "/a b/bgprof");
}

TEST(HookProgramOfTest, OtherExpansionsAndOpenQuotesAreUnknown) {
  for (const char* command :
       {"$BGPROF_BIN hook", "\"$HOMEDIR/bgprof\" hook", "$(which bgprof) hook",
        "`which bgprof` hook", "~alex/bin/bgprof hook", "/opt/*/bgprof hook", "'/x/bgprof hook",
        "\"/x/bgprof hook", "", "   ", "'' hook"}) {
    EXPECT_EQ(HookProgramOf(command, "/home/alex"), std::nullopt) << command;
  }
}

TEST(BgprofHookEntriesTest, ListsBgprofEntriesWithTheirEventAndMatcher) {
  json settings = Install(UserSettings(), "/opt/bgprof");
  settings["hooks"]["Stop"].push_back(
      json::parse(R"({"hooks": [{"type": "command", "command": "/old/bgprof hook"}]})"));
  std::vector<std::string> rows;
  for (const BgprofHookEntry& entry : BgprofHookEntries(settings)) {
    rows.push_back(entry.event + " [" + entry.matcher.value_or("none") + "] " + entry.command);
  }
  EXPECT_EQ(rows, (std::vector<std::string>{
                      "PreToolUse [Bash] /opt/bgprof hook",
                      "Stop [none] /opt/bgprof hook",
                      "Stop [none] /old/bgprof hook",
                      "SessionStart [startup|resume|clear|compact] /opt/bgprof hook",
                      "UserPromptSubmit [none] /opt/bgprof hook",
                      std::string("PostToolUse [") + kPostMatcher + "] /opt/bgprof hook",
                      std::string("PostToolUseFailure [") + kFailureMatcher + "] /opt/bgprof hook",
                      "SessionEnd [none] /opt/bgprof hook",
                  }));
}

TEST(BgprofHookEntriesTest, OddShapesAndOtherHooksGiveNothing) {
  for (
      const char* text :
      {R"([])", R"({})", R"({"hooks": []})", R"({"hooks": {"PreToolUse": {"matcher": "Bash"}}})",
       R"({"hooks": {"PreToolUse": [1, {"hooks": "x"}, {"hooks": [2, {"command": 3}]}]}})",
       R"({"hooks": {"Stop": [{"hooks": [{"type": "command", "command": "notify-send done"}]}]}})"}) {
    EXPECT_TRUE(BgprofHookEntries(json::parse(text)).empty()) << text;
  }
}

TEST(BgprofRegistrationsTest, ListsEveryEventWithItsMatcherAndTimeout) {
  std::vector<std::string> rows;
  for (const HookRegistration& registration : BgprofRegistrations()) {
    rows.push_back(std::string(registration.event) + " [" + std::string(registration.matcher) +
                   "] " + std::to_string(registration.timeout_s));
  }
  const std::vector<std::string> expected = {
      "SessionStart [startup|resume|clear|compact] 5",
      "UserPromptSubmit [] 5",
      "PreToolUse [Bash] 5",
      "PostToolUse "
      "[Bash|TaskOutput|BashOutput|TaskStop|KillShell|Read|Edit|Write|MultiEdit|NotebookEdit] 5",
      "PostToolUseFailure [Bash|TaskOutput|BashOutput|TaskStop|KillShell|Read] 5",
      "Stop [] 5",
      "SessionEnd [] 5",
  };
  EXPECT_EQ(rows, expected);
}

TEST(WithBgprofHooksTest, InstallIntoEmptySettingsWritesEveryRegistration) {
  const json installed = Install(json::object());
  EXPECT_EQ(installed, FreshInstall());
  EXPECT_EQ(installed.dump(), FreshInstall().dump());  // key order too
}

TEST(WithBgprofHooksTest, EventsWithoutMatchersGetGroupsWithoutAMatcherKey) {
  const json installed = Install(json::object());
  for (const char* event : {"UserPromptSubmit", "Stop", "SessionEnd"}) {
    ASSERT_EQ(installed["hooks"][event].size(), 1u) << event;
    EXPECT_FALSE(installed["hooks"][event][0].contains("matcher")) << event;
    EXPECT_EQ(installed["hooks"][event][0].size(), 1u) << event;  // "hooks" only
  }
}

TEST(WithBgprofHooksTest, UsesHookCommandForThePath) {
  const json installed = Install(json::object(), "/opt/my tools/bgprof");
  for (const char* event : kEvents) {
    EXPECT_EQ(installed["hooks"][event][0]["hooks"][0]["command"],
              HookCommandFor("/opt/my tools/bgprof"))
        << event;
    EXPECT_EQ(installed["hooks"][event][0]["hooks"][0]["type"], "command") << event;
  }
}

TEST(WithBgprofHooksTest, InstallingTwiceGivesTheSameDocument) {
  for (const json& settings : {json::object(), UserSettings(), OldInstall()}) {
    const json once = Install(settings);
    EXPECT_EQ(Install(once), once);
    EXPECT_EQ(Install(once).dump(), once.dump());
  }
}

TEST(WithBgprofHooksTest, KeepsEverythingElseInOrder) {
  const json installed = Install(UserSettings());
  json expected = UserSettings();
  expected["hooks"]["PreToolUse"].push_back(Group("Bash", {BgprofEntry(kCommand, 5)}));
  expected["hooks"]["Stop"].push_back(Group("", {BgprofEntry(kCommand, 5)}));
  expected["hooks"]["SessionStart"] = FreshInstall()["hooks"]["SessionStart"];
  expected["hooks"]["UserPromptSubmit"] = FreshInstall()["hooks"]["UserPromptSubmit"];
  expected["hooks"]["PostToolUse"] = json::array({Group(kPostMatcher, {BgprofEntry(kCommand, 5)})});
  expected["hooks"]["PostToolUseFailure"] =
      json::array({Group(kFailureMatcher, {BgprofEntry(kCommand, 5)})});
  expected["hooks"]["SessionEnd"] = FreshInstall()["hooks"]["SessionEnd"];
  EXPECT_EQ(installed, expected);
  EXPECT_EQ(installed.dump(), expected.dump());
  // Explicitly: the user's own hooks come first and are untouched.
  EXPECT_EQ(installed["hooks"]["PreToolUse"][0], UserSettings()["hooks"]["PreToolUse"][0]);
  EXPECT_EQ(installed["hooks"]["PreToolUse"][1], UserSettings()["hooks"]["PreToolUse"][1]);
  EXPECT_EQ(installed["hooks"]["Stop"][0], UserSettings()["hooks"]["Stop"][0]);
  EXPECT_EQ(installed["permissions"], UserSettings()["permissions"]);
  EXPECT_EQ(installed["env"], UserSettings()["env"]);
  EXPECT_EQ(installed["model"], "opus");
}

TEST(WithBgprofHooksTest, UpgradesTheOldThreeEntryInstallInPlace) {
  const json expected = json::parse(R"json({
    "model": "opus",
    "hooks": {
      "PreToolUse": [
        {"matcher": "Bash", "hooks": [{"type": "command", "command": "~/bin/audit.sh"}]},
        {"matcher": "Bash", "hooks": [
            {"type": "command", "command": "/usr/local/bin/bgprof hook", "timeout": 5}]},
        {"matcher": "Write|Edit", "hooks": [{"type": "command", "command": "prettier --check"}]}
      ],
      "PostToolUse": [
        {"matcher": "Bash|TaskOutput|BashOutput|TaskStop|KillShell|Read|Edit|Write|MultiEdit|NotebookEdit", "hooks": [
            {"type": "command", "command": "/usr/local/bin/bgprof hook", "timeout": 5}]},
        {"matcher": "Bash", "hooks": [{"type": "command", "command": "~/bin/after.sh"}]}
      ],
      "PostToolUseFailure": [
        {"matcher": "Bash|TaskOutput|BashOutput|TaskStop|KillShell|Read", "hooks": [
            {"type": "command", "command": "/usr/local/bin/bgprof hook", "timeout": 5}]}
      ],
      "Stop": [
        {"hooks": [{"type": "command", "command": "notify-send done"}]},
        {"hooks": [{"type": "command", "command": "/usr/local/bin/bgprof hook", "timeout": 5}]}
      ],
      "SessionStart": [{"matcher": "startup|resume|clear|compact", "hooks": [
          {"type": "command", "command": "/usr/local/bin/bgprof hook", "timeout": 5}]}],
      "UserPromptSubmit": [{"hooks": [
          {"type": "command", "command": "/usr/local/bin/bgprof hook", "timeout": 5}]}],
      "SessionEnd": [{"hooks": [
          {"type": "command", "command": "/usr/local/bin/bgprof hook", "timeout": 5}]}]
    },
    "env": {"FOO": "bar"}
  })json");
  const json upgraded = Install(OldInstall());
  EXPECT_EQ(upgraded, expected);
  EXPECT_EQ(upgraded.dump(2), expected.dump(2));
}

TEST(WithBgprofHooksTest, ABgprofGroupWithoutAMatcherGetsOneAsItsFirstKey) {
  const json before = json::parse(R"json({"hooks": {"PostToolUse": [
      {"hooks": [{"type": "command", "command": "/x/bgprof hook"}], "description": "timing"}
  ]}})json");
  const json after = Install(before);
  const json expected = json::parse(R"json([{
      "matcher": "Bash|TaskOutput|BashOutput|TaskStop|KillShell|Read|Edit|Write|MultiEdit|NotebookEdit",
      "hooks": [{"type": "command", "command": "/usr/local/bin/bgprof hook", "timeout": 5}],
      "description": "timing"}])json");
  EXPECT_EQ(after["hooks"]["PostToolUse"].dump(), expected.dump());
}

TEST(WithBgprofHooksTest, ABgprofGroupLosesItsMatcherOnEventsWithoutOne) {
  const json before = json::parse(R"json({"hooks": {
    "Stop": [{"matcher": "*", "hooks": [{"type": "command", "command": "/x/bgprof hook"}]},
             {"hooks": [{"type": "command", "command": "notify-send done"}]}],
    "UserPromptSubmit": [{"matcher": "", "hooks": [
        {"type": "command", "command": "/x/bgprof hook"}]}]
  }})json");
  const json after = Install(before);
  const json expected_stop = json::array(
      {Group("", {BgprofEntry(kCommand, 5)}), Group("", {UserEntry("notify-send done")})});
  EXPECT_EQ(after["hooks"]["Stop"], expected_stop);
  const json expected_prompt = json::array({Group("", {BgprofEntry(kCommand, 5)})});
  EXPECT_EQ(after["hooks"]["UserPromptSubmit"], expected_prompt);
}

TEST(WithBgprofHooksTest, AGroupSharedWithAnotherToolKeepsItsMatcher) {
  const json before = json::parse(R"json({"hooks": {
    "PostToolUse": [
      {"matcher": "Write", "hooks": [{"type": "command", "command": "lint"}]},
      {"matcher": "Bash", "hooks": [
        {"type": "command", "command": "~/bin/after.sh"},
        {"type": "command", "command": "/usr/local/bin/bgprof hook", "timeout": 10}]}
    ],
    "Stop": [{"matcher": "*", "hooks": [
        {"type": "command", "command": "/usr/local/bin/bgprof hook"},
        {"type": "command", "command": "notify-send done"}]}]
  }})json");
  const json after = Install(before);
  const json expected_post = json::array({Group("Write", {UserEntry("lint")}),
                                          Group("Bash", {UserEntry("~/bin/after.sh")}),
                                          Group(kPostMatcher, {BgprofEntry(kCommand, 5)})});
  EXPECT_EQ(after["hooks"]["PostToolUse"], expected_post);
  const json expected_stop = json::array(
      {Group("*", {UserEntry("notify-send done")}), Group("", {BgprofEntry(kCommand, 5)})});
  EXPECT_EQ(after["hooks"]["Stop"], expected_stop);
  EXPECT_EQ(Install(after), after);
}

TEST(WithBgprofHooksTest, AGroupWithTheWantedMatcherWinsOverAnOlderOne) {
  const json before = json::parse(R"json({"hooks": {"PostToolUse": [
      {"matcher": "Bash", "hooks": [{"type": "command", "command": "/old/bgprof hook"}]},
      {"matcher": "Bash|TaskOutput|BashOutput|TaskStop|KillShell|Read|Edit|Write|MultiEdit|NotebookEdit", "hooks": [
        {"type": "command", "command": "mine"},
        {"type": "command", "command": "/usr/local/bin/bgprof hook", "timeout": 5}]}
  ]}})json");
  const json after = Install(before);
  const json expected_post =
      json::array({Group(kPostMatcher, {UserEntry("mine"), BgprofEntry(kCommand, 5)})});
  EXPECT_EQ(after["hooks"]["PostToolUse"], expected_post);
}

TEST(WithBgprofHooksTest, NewPathReplacesTheOldEntryInPlace) {
  const json before = json::parse(R"json({"hooks": {
    "PreToolUse": [
      {"matcher": "Write", "hooks": [{"type": "command", "command": "lint"}]},
      {"matcher": "Bash", "hooks": [
        {"type": "command", "command": "~/bin/audit.sh"},
        {"type": "command", "command": "/old/place/bgprof hook", "timeout": 60},
        {"type": "command", "command": "~/bin/log.sh"}]}
    ],
    "PostToolUse": [
      {"matcher": "Bash", "hooks": [{"type": "command", "command": "/old/place/bgprof hook"}]},
      {"matcher": "Bash", "hooks": [{"type": "command", "command": "~/bin/after.sh"}]}
    ]
  }})json");
  const json after = Install(before, "/new place/bgprof");
  const std::string command = "'/new place/bgprof' hook";
  json expected = before;
  expected["hooks"]["PreToolUse"][1]["hooks"][1] = BgprofEntry(command, 5);
  expected["hooks"]["PostToolUse"][0] = Group(kPostMatcher, {BgprofEntry(command, 5)});
  expected["hooks"]["SessionStart"] =
      json::array({Group("startup|resume|clear|compact", {BgprofEntry(command, 5)})});
  expected["hooks"]["UserPromptSubmit"] = json::array({Group("", {BgprofEntry(command, 5)})});
  expected["hooks"]["PostToolUseFailure"] =
      json::array({Group(kFailureMatcher, {BgprofEntry(command, 5)})});
  expected["hooks"]["Stop"] = json::array({Group("", {BgprofEntry(command, 5)})});
  expected["hooks"]["SessionEnd"] = json::array({Group("", {BgprofEntry(command, 5)})});
  EXPECT_EQ(after, expected);
  for (const char* event : kEvents) EXPECT_EQ(BgprofEntries(after, event), 1) << event;
}

TEST(WithBgprofHooksTest, DuplicateEntriesCollapseIntoTheFirst) {
  const json before = json::parse(R"json({"hooks": {"PreToolUse": [
      {"matcher": "Bash", "hooks": [
        {"type": "command", "command": "/a/bgprof hook"},
        {"type": "command", "command": "/b/bgprof hook pre-tool"}]},
      {"matcher": "Bash", "hooks": [
        {"type": "command", "command": "/c/bgprof hook"},
        {"type": "command", "command": "mine"}]},
      {"matcher": "Bash", "hooks": [{"type": "command", "command": "/d/bgprof hook"}]}
  ]}})json");
  const json after = Install(before);
  const json expected_pre = {
      {{"matcher", "Bash"}, {"hooks", {BgprofEntry(kCommand, 5)}}},
      {{"matcher", "Bash"}, {"hooks", {UserEntry("mine")}}},
  };
  EXPECT_EQ(after["hooks"]["PreToolUse"], expected_pre);
}

TEST(WithBgprofHooksTest, OldEntriesOfOtherEventsAreRemoved) {
  const json before = json::parse(R"json({"hooks": {
    "Notification": [{"matcher": "idle", "hooks": [
        {"type": "command", "command": "\"$HOME/.local/bin/bgprof\" hook notification"},
        {"type": "command", "command": "echo hi"}]}],
    "SubagentStop": [{"hooks": [{"type": "command", "command": "/x/bgprof hook"}]}],
    "PreCompact": [{"hooks": [{"type": "command", "command": "backup.sh"}]}]
  }})json");
  const json after = Install(before);
  const json expected_notification = json::array({Group("idle", {UserEntry("echo hi")})});
  EXPECT_EQ(after["hooks"]["Notification"], expected_notification);
  EXPECT_FALSE(after["hooks"].contains("SubagentStop"));
  EXPECT_EQ(after["hooks"]["PreCompact"], before["hooks"]["PreCompact"]);
}

TEST(WithBgprofHooksTest, UnexpectedShapesAreErrors) {
  for (const char* text :
       {R"([])", R"("settings")", R"({"hooks": []})", R"({"hooks": "none"})", R"({"hooks": 1})",
        R"({"hooks": {"PreToolUse": {}}})", R"({"hooks": {"PostToolUse": "bgprof"}})",
        R"({"hooks": {"PostToolUseFailure": 3}})", R"({"hooks": {"SessionStart": {}}})",
        R"({"hooks": {"UserPromptSubmit": "x"}})", R"({"hooks": {"Stop": true}})",
        R"({"hooks": {"Notification": [], "Stop": {"hooks": []}}})"}) {
    absl::StatusOr<json> result = WithBgprofHooks(json::parse(text), kPath);
    EXPECT_FALSE(result.ok()) << text;
    if (!result.ok()) {
      EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument) << text;
    }
  }
}

TEST(WithBgprofHooksTest, OddShapesOutsideItsEventsAreLeftAlone) {
  const json before = json::parse(R"json({"hooks": {
    "Notification": "not an array",
    "PreToolUse": ["not a group", {"matcher": "Bash"}, {"matcher": "Bash", "hooks": "x"}]
  }})json");
  const json after = Install(before);
  EXPECT_EQ(after["hooks"]["Notification"], "not an array");
  ASSERT_EQ(after["hooks"]["PreToolUse"].size(), 4u);
  EXPECT_EQ(after["hooks"]["PreToolUse"][0], "not a group");
  EXPECT_EQ(after["hooks"]["PreToolUse"][2], before["hooks"]["PreToolUse"][2]);
  EXPECT_EQ(after["hooks"]["PreToolUse"][3]["hooks"][0], BgprofEntry(kCommand, 5));
}

TEST(WithoutBgprofHooksTest, RemovesOnlyBgprofEntries) {
  const json installed = Install(UserSettings());
  EXPECT_EQ(Uninstall(installed), UserSettings());
}

TEST(WithoutBgprofHooksTest, RemovesEveryRegisteredEventAndKeepsOtherToolsHooks) {
  json settings = UserSettings();
  settings["hooks"]["SessionStart"] =
      json::array({Group("startup", {UserEntry("direnv export json")})});
  settings["hooks"]["UserPromptSubmit"] =
      json::array({Group("", {UserEntry("~/bin/prompt-log.sh")})});
  const json installed = Install(settings);
  for (const char* event : kEvents) EXPECT_EQ(BgprofEntries(installed, event), 1) << event;
  const json removed = Uninstall(installed);
  EXPECT_EQ(removed, settings);
  EXPECT_EQ(removed.dump(), settings.dump());
  for (const char* event : kEvents) EXPECT_EQ(BgprofEntries(removed, event), 0) << event;
}

TEST(WithoutBgprofHooksTest, RemovesEntriesSharedWithOtherToolsOnTheNewEvents) {
  const json before = json::parse(R"json({"hooks": {
    "SessionStart": [{"matcher": "startup|resume|clear|compact", "hooks": [
        {"type": "command", "command": "/x/bgprof hook", "timeout": 5},
        {"type": "command", "command": "direnv export json"}]}],
    "Stop": [{"hooks": [
        {"type": "command", "command": "notify-send done"},
        {"type": "command", "command": "/x/bgprof hook", "timeout": 5}]}],
    "UserPromptSubmit": [{"hooks": [{"type": "command", "command": "/x/bgprof hook"}]}]
  }})json");
  const json expected = json::parse(R"json({"hooks": {
    "SessionStart": [{"matcher": "startup|resume|clear|compact", "hooks": [
        {"type": "command", "command": "direnv export json"}]}],
    "Stop": [{"hooks": [{"type": "command", "command": "notify-send done"}]}]
  }})json");
  EXPECT_EQ(Uninstall(before), expected);
}

TEST(WithoutBgprofHooksTest, KeepsAGroupThatStillHasOtherHooks) {
  const json before = json::parse(R"json({"hooks": {
    "PreToolUse": [{"matcher": "Bash", "hooks": [
        {"type": "command", "command": "~/bin/audit.sh"},
        {"type": "command", "command": "/x/bgprof hook", "timeout": 5}]}],
    "PostToolUse": [{"matcher": "Bash", "hooks": [
        {"type": "command", "command": "/x/bgprof hook", "timeout": 10}]}]
  }})json");
  const json expected = json::parse(R"json({"hooks": {
    "PreToolUse": [{"matcher": "Bash", "hooks": [
        {"type": "command", "command": "~/bin/audit.sh"}]}]
  }})json");
  EXPECT_EQ(Uninstall(before), expected);
}

TEST(WithoutBgprofHooksTest, DropsHooksOnlyWhenBgprofEmptiedIt) {
  const json settings = {{"model", "opus"}, {"permissions", {{"allow", {"Read"}}}}};
  EXPECT_EQ(Uninstall(Install(settings)), settings);

  // Already empty before: not bgprof's doing, so it stays.
  const json empty_hooks = {{"model", "opus"}, {"hooks", json::object()}};
  EXPECT_EQ(Uninstall(empty_hooks), empty_hooks);
}

TEST(WithoutBgprofHooksTest, KeepsEventsAndGroupsThatWereAlreadyEmpty) {
  const json before = json::parse(R"json({"hooks": {
    "Stop": [],
    "PreToolUse": [{"matcher": "Bash", "hooks": []},
                   {"matcher": "Bash", "hooks": [{"type": "command", "command": "/x/bgprof hook"}]}]
  }})json");
  const json expected = json::parse(R"json({"hooks": {
    "Stop": [],
    "PreToolUse": [{"matcher": "Bash", "hooks": []}]
  }})json");
  EXPECT_EQ(Uninstall(before), expected);
}

TEST(WithoutBgprofHooksTest, DocumentWithoutHooksIsUnchanged) {
  EXPECT_EQ(Uninstall(json::object()), json::object());
  const json settings = UserSettings();
  EXPECT_EQ(Uninstall(settings), settings);
  json no_hooks = settings;
  no_hooks.erase("hooks");
  EXPECT_EQ(Uninstall(no_hooks), no_hooks);
}

TEST(WithoutBgprofHooksTest, HooksThatAreNotAnObjectIsAnError) {
  for (const char* text : {R"([])", R"({"hooks": []})", R"({"hooks": "none"})"}) {
    absl::StatusOr<json> result = WithoutBgprofHooks(json::parse(text));
    EXPECT_FALSE(result.ok()) << text;
    if (!result.ok()) {
      EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument) << text;
    }
  }
}

TEST(WithoutBgprofHooksTest, EventThatIsNotAnArrayIsLeftAlone) {
  const json before = json::parse(R"json({"hooks": {
    "PreToolUse": {"matcher": "Bash"},
    "PostToolUse": [{"matcher": "Bash", "hooks": [{"type": "command", "command": "/x/bgprof hook"}]}]
  }})json");
  const json expected = json::parse(R"json({"hooks": {"PreToolUse": {"matcher": "Bash"}}})json");
  EXPECT_EQ(Uninstall(before), expected);
}

}  // namespace
}  // namespace bgprof
