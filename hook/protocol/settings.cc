#include "hook/protocol/settings.h"

#include <array>
#include <optional>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace bgprof {
namespace {

// Ordered so that a user's settings.json keeps its key order through an install.
using json = nlohmann::ordered_json;

// Timeouts are explicit and small: the default hook timeout is 600 s on newer clients. Matchers
// list names with "|", which every client version reads as exact names (TaskOutput and
// BashOutput poll background shells, TaskStop and KillShell end them, Read polls their output
// file on clients without a poll tool; the edit tools change files, after which a build is no
// longer a no-op).
constexpr std::array kRegistrations = {
    HookRegistration{"SessionStart", "startup|resume|clear|compact", 5},
    HookRegistration{"UserPromptSubmit", "", 5},
    HookRegistration{"PreToolUse", "Bash", 5},
    HookRegistration{"PostToolUse",
                     "Bash|TaskOutput|BashOutput|TaskStop|KillShell|Read|Edit|Write|MultiEdit|"
                     "NotebookEdit",
                     5},
    HookRegistration{"PostToolUseFailure", "Bash|TaskOutput|BashOutput|TaskStop|KillShell|Read", 5},
    HookRegistration{"Stop", "", 5},
    HookRegistration{"SessionEnd", "", 5},
};

bool IsShellSafe(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         std::string_view("_./+-@%:,").find(c) != std::string_view::npos;
}

std::string ShellQuote(std::string_view text) {
  bool safe = !text.empty();
  for (char c : text) safe = safe && IsShellSafe(c);
  if (safe) return std::string(text);
  std::string quoted = "'";
  for (char c : text) {
    if (c == '\'') {
      quoted += "'\\''";
    } else {
      quoted += c;
    }
  }
  return quoted + "'";
}

bool IsBgprofEntry(const json& entry) {
  if (!entry.is_object()) return false;
  auto command = entry.find("command");
  return command != entry.end() && command->is_string() &&
         IsBgprofHookCommand(command->get<std::string>());
}

const json* HooksArray(const json& group) {
  if (!group.is_object()) return nullptr;
  auto hooks = group.find("hooks");
  return (hooks != group.end() && hooks->is_array()) ? &*hooks : nullptr;
}

json* HooksArray(json& group) { return const_cast<json*>(HooksArray(std::as_const(group))); }

bool HasMatcher(const json& group, const HookRegistration& registration) {
  auto matcher = group.find("matcher");
  if (registration.matcher.empty()) return matcher == group.end();
  return matcher != group.end() && matcher->is_string() &&
         matcher->get<std::string>() == registration.matcher;
}

bool HoldsOnlyBgprof(const json& group) {
  const json* hooks = HooksArray(group);
  if (hooks == nullptr || hooks->empty()) return false;
  for (const json& entry : *hooks) {
    if (!IsBgprofEntry(entry)) return false;
  }
  return true;
}

bool HoldsBgprof(const json& group) {
  const json* hooks = HooksArray(group);
  if (hooks == nullptr) return false;
  for (const json& entry : *hooks) {
    if (IsBgprofEntry(entry)) return true;
  }
  return false;
}

// The group whose (first) bgprof entry a reinstall updates, so that it stays where the user
// last saw it: one that already has the wanted matcher, else one holding only bgprof's entries,
// whose matcher can then be changed without touching anyone else's hooks.
std::optional<size_t> GroupToKeep(const json& groups, const HookRegistration& registration) {
  for (size_t i = 0; i < groups.size(); ++i) {
    if (HoldsBgprof(groups[i]) && HasMatcher(groups[i], registration)) return i;
  }
  for (size_t i = 0; i < groups.size(); ++i) {
    if (HoldsOnlyBgprof(groups[i])) return i;
  }
  return std::nullopt;
}

// Removes bgprof's entries from one event's matcher groups, except the first one in group
// `keep`, and drops the groups this empties (groups that were empty already stay). Returns the
// kept group, or null.
json* PruneBgprofEntries(json& groups, std::optional<size_t> keep) {
  std::optional<size_t> kept;  // index in the pruned list
  json pruned = json::array();
  for (size_t i = 0; i < groups.size(); ++i) {
    json& group = groups[i];
    json* hooks = HooksArray(group);
    if (hooks == nullptr) {
      pruned.push_back(std::move(group));
      continue;
    }
    bool may_keep = keep == i;
    json entries = json::array();
    bool removed = false;
    for (json& entry : *hooks) {
      if (IsBgprofEntry(entry)) {
        if (!may_keep) {
          removed = true;
          continue;
        }
        may_keep = false;
      }
      entries.push_back(std::move(entry));
    }
    if (removed && entries.empty()) continue;
    *hooks = std::move(entries);
    pruned.push_back(std::move(group));
    if (keep == i) kept = pruned.size() - 1;
  }
  groups = std::move(pruned);
  return kept.has_value() ? &groups[*kept] : nullptr;
}

// Gives `group` the registration's matcher, first among its keys as bgprof writes it, or no
// matcher at all; its other keys keep their order.
void SetMatcher(json& group, const HookRegistration& registration) {
  if (registration.matcher.empty()) {
    group.erase("matcher");
    return;
  }
  if (auto matcher = group.find("matcher"); matcher != group.end()) {
    *matcher = registration.matcher;
    return;
  }
  json rebuilt = {{"matcher", registration.matcher}};
  for (auto& [key, value] : group.items()) rebuilt[key] = std::move(value);
  group = std::move(rebuilt);
}

json NewGroup(const HookRegistration& registration, json entry) {
  json group = json::object();
  if (!registration.matcher.empty()) group["matcher"] = registration.matcher;
  group["hooks"] = json::array({std::move(entry)});
  return group;
}

// Leaves one bgprof entry, `wanted`, under `groups` (one event's list) in the wanted group.
void RegisterIn(json& groups, const HookRegistration& registration, const json& wanted) {
  const std::optional<size_t> keep = GroupToKeep(groups, registration);
  json* group = PruneBgprofEntries(groups, keep);
  if (group == nullptr) {
    groups.push_back(NewGroup(registration, wanted));
    return;
  }
  if (!HasMatcher(*group, registration)) SetMatcher(*group, registration);
  for (json& entry : (*group)["hooks"]) {
    if (IsBgprofEntry(entry)) entry = wanted;
  }
}

bool IsRegistered(std::string_view event) {
  for (const HookRegistration& registration : kRegistrations) {
    if (event == registration.event) return true;
  }
  return false;
}

absl::StatusOr<json*> HooksObject(json& settings, bool create) {
  if (!settings.is_object()) return absl::InvalidArgumentError("settings is not a JSON object");
  auto hooks = settings.find("hooks");
  if (hooks == settings.end()) {
    if (!create) return nullptr;
    settings["hooks"] = json::object();
    return &settings["hooks"];
  }
  if (!hooks->is_object()) return absl::InvalidArgumentError("\"hooks\" is not a JSON object");
  return &*hooks;
}

// Reads `$HOME` or `${HOME}` at `at` (on the '$'), moving past it; false for any other
// expansion.
bool ReadHome(std::string_view text, size_t& at) {
  const std::string_view rest = text.substr(at);
  if (rest.starts_with("${HOME}")) {
    at += 7;
    return true;
  }
  // "$HOMEDIR" is another variable.
  const auto in_name = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  };
  if (rest.starts_with("$HOME") && (rest.size() == 5 || !in_name(rest[5]))) {
    at += 5;
    return true;
  }
  return false;
}

}  // namespace

std::span<const HookRegistration> BgprofRegistrations() { return kRegistrations; }

std::string HookCommandFor(std::string_view program_path) {
  return ShellQuote(program_path) + " hook";
}

bool IsBgprofHookCommand(std::string_view command) {
  for (size_t at = command.find("bgprof"); at != std::string_view::npos;
       at = command.find("bgprof", at + 1)) {
    if (at > 0 && std::string_view("/'\" \t").find(command[at - 1]) == std::string_view::npos) {
      continue;  // "bgprof" ends another program's name, as in "mybgprof"
    }
    std::string_view rest = command.substr(at + 6);
    if (!rest.empty() && (rest.front() == '\'' || rest.front() == '"')) rest.remove_prefix(1);
    if (rest.starts_with(" hook") && (rest.size() == 5 || rest[5] == ' ')) return true;
  }
  return false;
}

absl::StatusOr<json> WithBgprofHooks(json settings, std::string_view program_path) {
  absl::StatusOr<json*> hooks = HooksObject(settings, /*create=*/true);
  if (!hooks.ok()) return hooks.status();
  std::vector<std::string> emptied;  // events only an older bgprof registered
  for (auto& [event, groups] : (*hooks)->items()) {
    if (IsRegistered(event) || !groups.is_array() || groups.empty()) continue;
    PruneBgprofEntries(groups, std::nullopt);
    if (groups.empty()) emptied.push_back(event);
  }
  for (const std::string& event : emptied) (*hooks)->erase(event);
  const std::string command = HookCommandFor(program_path);
  for (const HookRegistration& registration : kRegistrations) {
    json& groups = (**hooks)[std::string(registration.event)];
    if (groups.is_null()) groups = json::array();
    if (!groups.is_array()) {
      return absl::InvalidArgumentError(
          absl::StrCat("\"hooks.", std::string(registration.event), "\" is not a JSON array"));
    }
    RegisterIn(groups, registration,
               {{"type", "command"}, {"command", command}, {"timeout", registration.timeout_s}});
  }
  return settings;
}

absl::StatusOr<json> WithoutBgprofHooks(json settings) {
  absl::StatusOr<json*> hooks = HooksObject(settings, /*create=*/false);
  if (!hooks.ok()) return hooks.status();
  if (*hooks == nullptr) return settings;
  std::vector<std::string> emptied;
  for (auto& [event, groups] : (*hooks)->items()) {
    if (!groups.is_array() || groups.empty()) continue;
    PruneBgprofEntries(groups, std::nullopt);
    if (groups.empty()) emptied.push_back(event);
  }
  for (const std::string& event : emptied) (*hooks)->erase(event);
  if ((*hooks)->empty() && !emptied.empty()) settings.erase("hooks");
  return settings;
}

std::vector<BgprofHookEntry> BgprofHookEntries(const json& settings) {
  std::vector<BgprofHookEntry> found;
  if (!settings.is_object()) return found;
  auto hooks = settings.find("hooks");
  if (hooks == settings.end() || !hooks->is_object()) return found;
  for (const auto& [event, groups] : hooks->items()) {
    if (!groups.is_array()) continue;
    for (const json& group : groups) {
      const json* entries = HooksArray(group);
      if (entries == nullptr) continue;
      std::optional<std::string> matcher;
      if (auto it = group.find("matcher"); it != group.end() && it->is_string()) {
        matcher = it->get<std::string>();
      }
      for (const json& entry : *entries) {
        if (!IsBgprofEntry(entry)) continue;
        found.push_back(
            {.event = event, .matcher = matcher, .command = entry["command"].get<std::string>()});
      }
    }
  }
  return found;
}

std::optional<std::string> HookProgramOf(std::string_view command, std::string_view home) {
  size_t at = command.find_first_not_of(" \t");
  if (at == std::string_view::npos) return std::nullopt;
  std::string word;
  if (command[at] == '~') {
    // "~alex/..." names another user's home: only a shell could tell where.
    if (at + 1 < command.size() &&
        std::string_view("/ \t").find(command[at + 1]) == std::string_view::npos) {
      return std::nullopt;
    }
    word = home;
    ++at;
  }
  while (at < command.size()) {
    const char c = command[at];
    if (c == ' ' || c == '\t' || std::string_view(";&|<>()\n").find(c) != std::string_view::npos) {
      break;
    }
    if (std::string_view("`*?[").find(c) != std::string_view::npos) return std::nullopt;
    if (c == '\'') {
      const size_t close = command.find('\'', at + 1);
      if (close == std::string_view::npos) return std::nullopt;
      word.append(command.substr(at + 1, close - at - 1));
      at = close + 1;
    } else if (c == '"') {
      for (++at;; ++at) {
        if (at >= command.size() || command[at] == '`') return std::nullopt;
        if (command[at] == '"') break;
        if (command[at] == '$') {
          if (!ReadHome(command, at)) return std::nullopt;
          word.append(home);
          --at;  // the loop steps past the expansion's last character
        } else if (command[at] == '\\' && at + 1 < command.size() &&
                   std::string_view("\"\\$`").find(command[at + 1]) != std::string_view::npos) {
          word += command[++at];
        } else {
          word += command[at];
        }
      }
      ++at;
    } else if (c == '$') {
      if (!ReadHome(command, at)) return std::nullopt;
      word.append(home);
    } else if (c == '\\') {
      if (at + 1 >= command.size()) return std::nullopt;
      word += command[at + 1];
      at += 2;
    } else {
      word += c;
      ++at;
    }
  }
  if (word.empty()) return std::nullopt;
  return word;
}

}  // namespace bgprof
