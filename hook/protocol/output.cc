#include "hook/protocol/output.h"

#include <nlohmann/json.hpp>

namespace bgprof {

std::string PreToolUseContext(std::string_view text) {
  nlohmann::json output = {
      {"hookSpecificOutput",
       {{"hookEventName", "PreToolUse"}, {"additionalContext", std::string(text)}}}};
  // Commands are not always valid UTF-8; replacing bad bytes beats throwing in a hook.
  return output.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace bgprof
