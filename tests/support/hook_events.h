// Hook events shaped like the ones Claude Code sends (see ../shared/claude-code-hooks.md §6),
// for tests that feed them to the real binary.
#ifndef BGPROF_TESTS_SUPPORT_HOOK_EVENTS_H_
#define BGPROF_TESTS_SUPPORT_HOOK_EVENTS_H_

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace bgprof::testing {

nlohmann::json BaseEvent(const std::string& event_name, const std::string& cwd);

std::string PreToolUse(const std::string& command, const std::string& cwd,
                       const std::string& tool_use_id = "toolu_pre", bool background = false);

// A foreground Bash call that finished; without `duration_ms` it looks like a pre-2.1.119 client.
std::string PostToolUse(const std::string& command, const std::string& cwd,
                        std::optional<int> duration_ms, const std::string& tool_use_id = "toolu_1");

std::string PostToolUseFailure(const std::string& command, const std::string& cwd, int duration_ms,
                               const std::string& error = "Exit code 1");

}  // namespace bgprof::testing

#endif  // BGPROF_TESTS_SUPPORT_HOOK_EVENTS_H_
