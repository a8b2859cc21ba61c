// Tests of hook/settings: adding and removing bgprof's entries in a Claude Code settings.json.
#include "hook/protocol/settings.h"

#include <cstdio>
#include <string>

#include <nlohmann/json.hpp>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gtest/gtest.h"

namespace bgprof {
namespace {

using json = nlohmann::ordered_json;

constexpr const char* kPath = "/usr/local/bin/bgprof";
constexpr const char* kCommand = "/usr/local/bin/bgprof hook";

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

// How many hook entries under `event` run bgprof.
int BgprofEntries(const json& settings, const char* event) {
  int count = 0;
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

TEST(WithBgprofHooksTest, InstallIntoEmptySettingsAddsThreeBashGroups) {
  const json expected = {
      {"hooks",
       {{"PreToolUse", {{{"matcher", "Bash"}, {"hooks", {BgprofEntry(kCommand, 5)}}}}},
        {"PostToolUse", {{{"matcher", "Bash"}, {"hooks", {BgprofEntry(kCommand, 10)}}}}},
        {"PostToolUseFailure", {{{"matcher", "Bash"}, {"hooks", {BgprofEntry(kCommand, 10)}}}}}}}};
  EXPECT_EQ(Install(json::object()), expected);
}

TEST(WithBgprofHooksTest, UsesHookCommandForThePath) {
  const json installed = Install(json::object(), "/opt/my tools/bgprof");
  for (const char* event : {"PreToolUse", "PostToolUse", "PostToolUseFailure"}) {
    EXPECT_EQ(installed["hooks"][event][0]["hooks"][0]["command"],
              HookCommandFor("/opt/my tools/bgprof"))
        << event;
    EXPECT_EQ(installed["hooks"][event][0]["hooks"][0]["type"], "command") << event;
    EXPECT_EQ(installed["hooks"][event][0]["matcher"], "Bash") << event;
  }
}

TEST(WithBgprofHooksTest, InstallingTwiceGivesTheSameDocument) {
  for (const json& settings : {json::object(), UserSettings()}) {
    const json once = Install(settings);
    EXPECT_EQ(Install(once), once);
    EXPECT_EQ(Install(once).dump(), once.dump());
  }
}

TEST(WithBgprofHooksTest, KeepsEverythingElseInOrder) {
  const json installed = Install(UserSettings());
  json expected = UserSettings();
  expected["hooks"]["PreToolUse"].push_back(
      {{"matcher", "Bash"}, {"hooks", {BgprofEntry(kCommand, 5)}}});
  expected["hooks"]["PostToolUse"] = {
      {{"matcher", "Bash"}, {"hooks", {BgprofEntry(kCommand, 10)}}}};
  expected["hooks"]["PostToolUseFailure"] = {
      {{"matcher", "Bash"}, {"hooks", {BgprofEntry(kCommand, 10)}}}};
  EXPECT_EQ(installed, expected);
  // Explicitly: the user's own Bash hook is first and untouched, the Stop hook is kept.
  EXPECT_EQ(installed["hooks"]["PreToolUse"][0], UserSettings()["hooks"]["PreToolUse"][0]);
  EXPECT_EQ(installed["hooks"]["Stop"], UserSettings()["hooks"]["Stop"]);
  EXPECT_EQ(installed["permissions"], UserSettings()["permissions"]);
  EXPECT_EQ(installed["env"], UserSettings()["env"]);
  EXPECT_EQ(installed["model"], "opus");
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
  expected["hooks"]["PostToolUse"][0]["hooks"][0] = BgprofEntry(command, 10);
  expected["hooks"]["PostToolUseFailure"] = {
      {{"matcher", "Bash"}, {"hooks", {BgprofEntry(command, 10)}}}};
  EXPECT_EQ(after, expected);
  EXPECT_EQ(BgprofEntries(after, "PreToolUse"), 1);
  EXPECT_EQ(BgprofEntries(after, "PostToolUse"), 1);
  EXPECT_EQ(BgprofEntries(after, "PostToolUseFailure"), 1);
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

TEST(WithBgprofHooksTest, EntryUnderAnotherMatcherMovesToABashGroup) {
  const json before = json::parse(R"json({"hooks": {"PostToolUse": [
      {"matcher": "Bash|TaskOutput", "hooks": [
        {"type": "command", "command": "\"$HOME/.local/bin/bgprof\" hook post-tool"},
        {"type": "command", "command": "mine"}]}
  ]}})json");
  const json after = Install(before);
  const json expected_post = {
      {{"matcher", "Bash|TaskOutput"}, {"hooks", {UserEntry("mine")}}},
      {{"matcher", "Bash"}, {"hooks", {BgprofEntry(kCommand, 10)}}},
  };
  EXPECT_EQ(after["hooks"]["PostToolUse"], expected_post);
}

TEST(WithBgprofHooksTest, OldEntriesOfOtherEventsAreRemoved) {
  const json before = json::parse(R"json({"hooks": {
    "SessionStart": [{"matcher": "startup", "hooks": [
        {"type": "command", "command": "\"$HOME/.local/bin/bgprof\" hook session-start"},
        {"type": "command", "command": "echo hi"}]}],
    "Stop": [{"hooks": [{"type": "command", "command": "notify-send done"}]}]
  }})json");
  const json after = Install(before);
  const json expected_session_start = {{{"matcher", "startup"}, {"hooks", {UserEntry("echo hi")}}}};
  EXPECT_EQ(after["hooks"]["SessionStart"], expected_session_start);
  EXPECT_EQ(after["hooks"]["Stop"], before["hooks"]["Stop"]);
}

TEST(WithBgprofHooksTest, UnexpectedShapesAreErrors) {
  for (const char* text :
       {R"([])", R"("settings")", R"({"hooks": []})", R"({"hooks": "none"})", R"({"hooks": 1})",
        R"({"hooks": {"PreToolUse": {}}})", R"({"hooks": {"PostToolUse": "bgprof"}})",
        R"({"hooks": {"PostToolUseFailure": 3}})"}) {
    absl::StatusOr<json> result = WithBgprofHooks(json::parse(text), kPath);
    EXPECT_FALSE(result.ok()) << text;
    if (!result.ok()) {
      EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument) << text;
    }
  }
}

TEST(WithBgprofHooksTest, OddShapesOutsideItsEventsAreLeftAlone) {
  const json before = json::parse(R"json({"hooks": {
    "Stop": "not an array",
    "PreToolUse": ["not a group", {"matcher": "Bash"}, {"matcher": "Bash", "hooks": "x"}]
  }})json");
  const json after = Install(before);
  EXPECT_EQ(after["hooks"]["Stop"], "not an array");
  ASSERT_EQ(after["hooks"]["PreToolUse"].size(), 4u);
  EXPECT_EQ(after["hooks"]["PreToolUse"][0], "not a group");
  EXPECT_EQ(after["hooks"]["PreToolUse"][2], before["hooks"]["PreToolUse"][2]);
  EXPECT_EQ(after["hooks"]["PreToolUse"][3]["hooks"][0], BgprofEntry(kCommand, 5));
}

TEST(WithoutBgprofHooksTest, RemovesOnlyBgprofEntries) {
  const json installed = Install(UserSettings());
  EXPECT_EQ(Uninstall(installed), UserSettings());
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
