// bgprof's entries in a Claude Code settings.json. The edits are pure functions on the parsed
// document so that they are easy to test; reading, backing up and writing the file is the
// install command's job.
#ifndef BGPROF_HOOK_PROTOCOL_SETTINGS_H_
#define BGPROF_HOOK_PROTOCOL_SETTINGS_H_

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "absl/status/statusor.h"

namespace bgprof {

// One matcher group bgprof writes: {"matcher": matcher, "hooks": [{"type": "command",
// "command": <HookCommandFor(path)>, "timeout": timeout_s}]}.
struct HookRegistration {
  std::string_view event;
  std::string_view matcher;  // empty: the group has no "matcher" key (events without matchers)
  int timeout_s;
};

// Every group `bgprof install` writes, in the order it adds them to a settings.json.
std::span<const HookRegistration> BgprofRegistrations();

// The shell command a hook entry runs: the quoted program path followed by "hook".
std::string HookCommandFor(std::string_view program_path);

// Whether a hook entry's command runs bgprof's hook (any install location).
bool IsBgprofHookCommand(std::string_view command);

// A bgprof hook entry found in a settings.json, as `bgprof doctor` reports it.
struct BgprofHookEntry {
  std::string event;
  std::optional<std::string> matcher;  // nullopt: its group has no "matcher" key
  std::string command;
};

// Every bgprof entry of `settings`, in the document's order; parts of an unexpected shape are
// skipped rather than failed on (Claude Code skips them too).
std::vector<BgprofHookEntry> BgprofHookEntries(const nlohmann::ordered_json& settings);

// The program a hook command starts: its first shell word, unquoted, with a leading `~` and
// `$HOME` / `${HOME}` (outside single quotes) replaced by `home`. nullopt when the word holds
// other expansions or the quotes do not close, as then only a shell could tell.
std::optional<std::string> HookProgramOf(std::string_view command, std::string_view home);

// `settings` with bgprof's hook entries for `program_path` (one per BgprofRegistrations()),
// keeping everything else in its order. An entry of an earlier install is updated where it is:
// a group holding only bgprof's entries gets the wanted matcher, while from a group shared with
// other hooks under another matcher the entry moves to a new group at the end. Duplicates, and
// bgprof's entries under events no longer registered, are removed. Installing twice gives the
// same document. Fails when the parts it must edit have an unexpected shape (e.g. "hooks" is not
// an object, or a registered event is not an array).
absl::StatusOr<nlohmann::ordered_json> WithBgprofHooks(nlohmann::ordered_json settings,
                                                       std::string_view program_path);

// `settings` without bgprof's hook entries; matcher groups and event lists left empty by the
// removal are dropped, everything else is kept.
absl::StatusOr<nlohmann::ordered_json> WithoutBgprofHooks(nlohmann::ordered_json settings);

}  // namespace bgprof

#endif  // BGPROF_HOOK_PROTOCOL_SETTINGS_H_
