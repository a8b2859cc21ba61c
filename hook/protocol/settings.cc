#include "hook/protocol/settings.h"

#include <array>
#include <optional>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace bgprof {
namespace {

// Ordered so that a user's settings.json keeps its key order through an install.
using json = nlohmann::ordered_json;

struct Registration {
  const char* event;
  const char* matcher;
  int timeout_s;  // explicit and small: the default hook timeout is 600 s on newer clients
};

constexpr std::array kRegistrations = {
    Registration{"PreToolUse", "Bash", 5},
    Registration{"PostToolUse", "Bash", 10},
    Registration{"PostToolUseFailure", "Bash", 10},
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

std::string MatcherOf(const json& group) {
  auto matcher = group.find("matcher");
  return (matcher != group.end() && matcher->is_string()) ? matcher->get<std::string>() : "";
}

json* HooksArray(json& group) {
  if (!group.is_object()) return nullptr;
  auto hooks = group.find("hooks");
  return (hooks != group.end() && hooks->is_array()) ? &*hooks : nullptr;
}

// Removes bgprof's entries from one event's matcher groups and drops the groups this empties.
// With `keep_matcher`, the first bgprof entry of a group with that matcher stays where it is and
// is returned, so that a reinstall updates it in place instead of moving it.
json* PruneBgprofEntries(json& groups, const char* keep_matcher) {
  std::optional<size_t> kept_group;  // index in the pruned list
  json pruned = json::array();
  for (json& group : groups) {
    json* hooks = HooksArray(group);
    if (hooks == nullptr) {
      pruned.push_back(std::move(group));
      continue;
    }
    const bool may_keep = keep_matcher != nullptr && MatcherOf(group) == keep_matcher;
    json entries = json::array();
    bool removed = false;
    bool keeps = false;
    for (json& entry : *hooks) {
      if (IsBgprofEntry(entry)) {
        if (!may_keep || kept_group.has_value() || keeps) {
          removed = true;
          continue;
        }
        keeps = true;
      }
      entries.push_back(std::move(entry));
    }
    if (removed && entries.empty()) continue;
    *hooks = std::move(entries);
    pruned.push_back(std::move(group));
    if (keeps) kept_group = pruned.size() - 1;
  }
  groups = std::move(pruned);
  if (!kept_group.has_value()) return nullptr;
  for (json& entry : groups[*kept_group]["hooks"]) {
    if (IsBgprofEntry(entry)) return &entry;
  }
  return nullptr;
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

}  // namespace

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
  const std::string command = HookCommandFor(program_path);
  std::vector<std::string> emptied;  // events only an older bgprof registered
  for (auto& [event, groups] : (*hooks)->items()) {
    bool registered = false;
    for (const Registration& registration : kRegistrations) {
      registered |= event == registration.event;
    }
    if (registered || !groups.is_array() || groups.empty()) continue;
    PruneBgprofEntries(groups, nullptr);
    if (groups.empty()) emptied.push_back(event);
  }
  for (const std::string& event : emptied) (*hooks)->erase(event);
  for (const Registration& registration : kRegistrations) {
    json& groups = (**hooks)[registration.event];
    if (groups.is_null()) groups = json::array();
    if (!groups.is_array()) {
      return absl::InvalidArgumentError(
          absl::StrCat("\"hooks.", registration.event, "\" is not a JSON array"));
    }
    const json wanted = {
        {"type", "command"}, {"command", command}, {"timeout", registration.timeout_s}};
    if (json* entry = PruneBgprofEntries(groups, registration.matcher)) {
      *entry = wanted;
    } else {
      groups.push_back({{"matcher", registration.matcher}, {"hooks", json::array({wanted})}});
    }
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
    PruneBgprofEntries(groups, nullptr);
    if (groups.empty()) emptied.push_back(event);
  }
  for (const std::string& event : emptied) (*hooks)->erase(event);
  if ((*hooks)->empty() && !emptied.empty()) settings.erase("hooks");
  return settings;
}

}  // namespace bgprof
